/**
 * Imported weights are untrusted: a file may be truncated, huge, full of NaN or shaped for some
 * other network. Each must be refused with a WeightsError that says what is wrong, quickly and
 * before anything big is allocated.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createNetwork, MAX_PARAMETERS, weightsFromJson, weightsToJson, WeightsError, type WeightsDocument } from '../../src/nn/index.ts';

const small = weightsToJson(createNetwork({ sizes: [784, 3, 10], activation: 'relu', seed: 2 }));
const text = JSON.stringify(small);

const refuses = (input: unknown, message: RegExp): void => {
  const started = performance.now();
  expect(() => weightsFromJson(input)).toThrow(message);
  expect(performance.now() - started).toBeLessThan(500);
};

describe('importing weights', () => {
  it('round-trips a document written by the site', () => {
    const back = weightsFromJson(text);
    expect(back.sizes).toEqual([784, 3, 10]);
    expect(Array.from(back.layers[1].W)).toEqual(small.layers[1].weights.flat());
  });

  it('refuses the 150-byte file that claims a huge network, at once', () => {
    const huge = { format: 'stepwise-weights', version: 1, network: { sizes: [1e6, 4096, 10], activation: 'relu', seed: 1, init: 'he' }, layers: [] };
    refuses(huge, /input layer has 1000000 units, but MNIST digits have 784 pixels/);
    refuses({ ...huge, network: { ...huge.network, sizes: [784, 4096, 4096, 10] } }, /parameters, more than the 4000000/);
    refuses({ ...huge, network: { ...huge.network, sizes: [784, 8, 8, 8, 8, 8, 10] } }, /5 hidden layers; this site reads 0 to 4/);
    refuses({ ...huge, network: { ...huge.network, sizes: [784, 8, 11] } }, /output layer has 11 units, but there are 10 digit classes/);
    refuses({ ...huge, network: { ...huge.network, sizes: [784, 2.5, 10] } }, /layer size 2.5 must be a whole number/);
    refuses({ ...huge, network: { ...huge.network, sizes: 'big' } }, /network.sizes should be a list/);
  });

  it('the parameter bound is the one documented', () => {
    // 784·h + h + 10·h + 10 parameters: the widest single hidden layer that fits.
    const widest = Math.floor((MAX_PARAMETERS - 10) / 795);
    expect(widest).toBeGreaterThan(4096); // so MAX_UNITS, not the bound, limits one hidden layer
  });

  it.each([
    ['a truncated file', text.slice(0, Math.floor(text.length / 2)), /not valid JSON/],
    ['an empty file', '', /not valid JSON/],
    ['a JSON array', '[1,2,3]', /not a JSON object/],
    ['null', 'null', /not a JSON object/],
  ])('refuses %s with a clear message', (_name, input, message) => refuses(input, message));

  it('refuses NaN, Infinity, strings and missing rows', () => {
    const nan = structuredClone(small) as WeightsDocument;
    (nan.layers[0].weights[1] as unknown[])[5] = 'NaN';
    refuses(nan, /layer 1 weights row 1\[5\] is "NaN", not a finite number/);
    refuses(text.replace('"biases":[0,0,0]', '"biases":[0,1e999,0]'), /layer 1 biases\[1\] is Infinity \(out of range\), not a finite number/);
    const rowless = structuredClone(small) as WeightsDocument;
    rowless.layers[1].weights.pop();
    refuses(rowless, /layer 2 weights should have 10 rows, found 9/);
    const shortBias = structuredClone(small) as WeightsDocument;
    shortBias.layers[0].biases.pop();
    refuses(shortBias, /layer 1 biases should have 3 numbers, found 2/);
  });

  test.prop([fc.integer({ min: 0, max: text.length - 1 })], { numRuns: 60 })('any truncation is refused with a WeightsError', (cut) => {
    expect(() => weightsFromJson(text.slice(0, cut))).toThrow(WeightsError);
  });

  test.prop([fc.array(fc.integer({ min: -5, max: 1e7 }), { maxLength: 9 }), fc.constantFrom('relu', 'sigmoid', 'x')], { numRuns: 200 })(
    'any claimed shape either loads or is refused quickly, never allocating first',
    (sizes, activation) => {
      const doc = { format: 'stepwise-weights', version: 1, network: { sizes, activation, seed: 1, init: 'he' }, layers: [] };
      const started = performance.now();
      expect(() => weightsFromJson(doc)).toThrow(WeightsError);
      // Generous for a loaded machine: allocating first took minutes (issue 8), refusing takes microseconds.
      expect(performance.now() - started).toBeLessThan(500);
    },
  );

  test.prop([fc.jsonValue()], { numRuns: 200 })('arbitrary JSON never escapes as anything but a WeightsError', (value) => {
    expect(() => weightsFromJson(JSON.stringify(value))).toThrow(WeightsError);
  });

  test.prop([fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 9 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, null, '1', true)], { numRuns: 60 })(
    'a single bad number anywhere is named',
    (layer, index, bad) => {
      const doc = structuredClone(small) as WeightsDocument;
      if (layer < 2) (doc.layers[layer].weights[index % doc.layers[layer].weights.length] as unknown[])[0] = bad;
      else (doc.layers[1].biases as unknown[])[index] = bad;
      expect(() => weightsFromJson(doc)).toThrow(/not a finite number/);
    },
  );
});
