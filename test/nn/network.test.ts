/**
 * The network's shape, initialisation and copies, pinned to numbers worked out outside the code:
 * the normals of seed 1 (mulberry32 + Box–Muller in Python, see rng.test.ts) times the He or
 * Xavier standard deviation, rounded to float32.
 */
import { describe, expect, it } from 'vitest';
import { cloneNetwork, createNetwork, createRng, MAX_UNITS, parameterCount, validateConfig } from '../../src/nn/index.ts';

// The first six standard normals of seed 1.
const normals = [1.4043387784152637, 0.024141617523036025, 1.2157546192705377, -0.14543594087912323, -0.5103768768108126, 2.5782384300467514];

describe('initial weights: seeded normals times the initialisation’s standard deviation', () => {
  it.each([
    // sizes [2, 3]: He std = √(2 / in) = 1; Xavier std = √(2 / (in + out)) = √(2/5)
    ['relu', undefined, 1],
    ['relu', 'xavier', Math.sqrt(2 / 5)],
    ['tanh', undefined, Math.sqrt(2 / 5)],
    ['sigmoid', undefined, Math.sqrt(2 / 5)],
    ['sigmoid', 'he', 1],
  ] as const)('%s with init %s: std %s', (activation, init, std) => {
    const net = createNetwork({ sizes: [2, 3], activation, seed: 1, init });
    expect(net.init).toBe(std === 1 ? 'he' : 'xavier');
    expect(Array.from(net.layers[0].W)).toEqual(normals.map((n) => Math.fround(n * std)));
    expect(Array.from(net.layers[0].b)).toEqual([0, 0, 0]);
  });

  it('He for a wider input: std √(2/8) = ½ for sizes [8, 1]', () => {
    const W = createNetwork({ sizes: [8, 1], activation: 'relu', seed: 1 }).layers[0].W;
    expect(Array.from(W.subarray(0, 3))).toEqual(normals.slice(0, 3).map((n) => Math.fround(n / 2)));
  });

  it('layers draw from one stream, in order: layer 2 continues where layer 1 stopped', () => {
    // sizes [1, 2, 2]: layer 1 takes normals 0–1 (std √2), layer 2 normals 2–5 (std √(2/2) = 1).
    const net = createNetwork({ sizes: [1, 2, 2], activation: 'relu', seed: 1 });
    expect(Array.from(net.layers[0].W)).toEqual(normals.slice(0, 2).map((n) => Math.fround(n * Math.SQRT2)));
    expect(Array.from(net.layers[1].W)).toEqual(normals.slice(2, 6).map((n) => Math.fround(n)));
  });

  it('a float64 network holds the same float32-rounded weights', () => {
    const net = createNetwork({ sizes: [2, 3], activation: 'relu', seed: 1 }, { precision: 'float64' });
    expect(net.precision).toBe('float64');
    expect(net.layers[0].W).toBeInstanceOf(Float64Array);
    expect(Array.from(net.layers[0].W)).toEqual(normals.map((n) => Math.fround(n)));
  });

  it('a passed generator replaces the seed’s', () => {
    const rng = createRng(1);
    rng.normal();
    rng.normal();
    const net = createNetwork({ sizes: [2, 2], activation: 'relu', seed: 99 }, { rng });
    expect(Array.from(net.layers[0].W)).toEqual(normals.slice(2, 6).map((n) => Math.fround(n)));
    expect(net.seed).toBe(99);
  });

  it('records its description', () => {
    const net = createNetwork({ sizes: [4, 3, 2], activation: 'tanh', seed: 5 });
    expect(net).toMatchObject({ sizes: [4, 3, 2], activation: 'tanh', seed: 5, init: 'xavier', precision: 'float32' });
    expect(net.layers.map((l) => [l.inSize, l.outSize, l.W.length, l.b.length])).toEqual([[4, 3, 12, 3], [3, 2, 6, 2]]);
    expect(net.layers[0].W).toBeInstanceOf(Float32Array);
  });
});

describe('parameter count: Σ (in · out + out)', () => {
  it.each([
    [[784, 128, 10], 784 * 128 + 128 + 128 * 10 + 10], // 101,770
    [[784, 10], 7850],
    [[2, 3, 4, 5], 9 + 16 + 25],
  ])('%j has %i', (sizes, count) => {
    expect(parameterCount(createNetwork({ sizes, activation: 'relu', seed: 1 }))).toBe(count);
  });
});

describe('cloneNetwork: a copy that shares nothing', () => {
  it('equal numbers, separate arrays, same precision', () => {
    const net = createNetwork({ sizes: [3, 2, 2], activation: 'sigmoid', seed: 2 }, { precision: 'float64' });
    net.layers[1].b.set([0.5, -0.5]);
    const copy = cloneNetwork(net);
    expect(copy).toEqual(net);
    expect(copy.layers[0].W).toBeInstanceOf(Float64Array);
    copy.layers[0].W[0] += 1;
    copy.layers[1].b[1] = 9;
    copy.sizes[0] = 7;
    expect(net.layers[0].W[0]).toBe(copy.layers[0].W[0] - 1);
    expect(net.layers[1].b[1]).toBe(-0.5);
    expect(net.sizes[0]).toBe(3);
  });
});

describe('validateConfig at its edges', () => {
  const config = (sizes: number[], extra: object = {}) => ({ sizes, activation: 'relu' as const, seed: 1, ...extra });
  it.each([
    ['the largest layer', config([784, MAX_UNITS, 10])],
    ['a wide input (the limit is on units, not pixels)', config([MAX_UNITS + 1, 10])],
    ['one unit', config([1, 1])],
    ['the largest seed', config([2, 2], { seed: 0xffffffff })],
    ['seed 0', config([2, 2], { seed: 0 })],
    ['an explicit init', config([2, 2], { init: 'xavier' })],
  ])('accepts %s', (_name, value) => {
    expect(() => validateConfig(value)).not.toThrow();
  });

  it.each([
    ['a layer one unit too large', config([784, MAX_UNITS + 1]), `layer size ${MAX_UNITS + 1} is too large: at most 4096 units per layer`],
    ['a seed past 32 bits', config([2, 2], { seed: 2 ** 32 }), 'seed 4294967296 must be a whole number from 0 to 4294967295'],
    ['a fractional seed', config([2, 2], { seed: 1.5 }), 'seed 1.5 must be a whole number'],
    ['an unknown init', config([2, 2], { init: 'lecun' }), 'unknown initialisation "lecun": use he or xavier'],
    ['sizes that are not a list', config('784' as never), 'layer sizes are empty'],
    ['an input of 0 pixels', config([0, 10]), 'layer size 0 must be a whole number of units, at least 1'],
    ['a single size', config([784]), 'layer sizes [784] need at least an input and an output size'],
    ['no sizes', config([]), 'layer sizes are empty: give at least an input and an output size, e.g. [784, 128, 10]'],
  ])('refuses %s', (_name, value, message) => {
    expect(() => validateConfig(value as never)).toThrow(message);
  });

  it('createNetwork checks its configuration first', () => {
    expect(() => createNetwork(config([784, 0, 10]))).toThrow('layer size 0 must be a whole number of units, at least 1');
    expect(() => createNetwork({ sizes: [2, 2], activation: 'gelu' as never, seed: 1 })).toThrow(/unknown activation/);
  });
});
