/**
 * The seeded generator against an outside reference: mulberry32 and Box–Muller re-implemented in
 * Python (32-bit arithmetic by masking) gave the values below. Shuffling against a generator whose
 * choices are fixed by hand.
 */
import { describe, expect, it } from 'vitest';
import { createRng, shuffleInPlace, type Rng } from '../../src/nn/index.ts';

describe('mulberry32, as computed outside JavaScript', () => {
  it.each([
    [1, [0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741]],
    [42, [0.6011037519201636, 0.44829055899754167, 0.8524657934904099, 0.6697340414393693]],
  ])('seed %i', (seed, expected) => {
    const rng = createRng(seed);
    expect([rng.next(), rng.next(), rng.next(), rng.next()]).toEqual(expected);
  });

  it('int(n) is ⌊next() · n⌋', () => {
    const rng = createRng(1);
    expect(Array.from({ length: 8 }, () => rng.int(10))).toEqual([6, 0, 5, 9, 9, 2, 6, 7]);
  });

  it('seeds are taken as unsigned 32-bit integers', () => {
    expect(createRng(2 ** 32 + 1).next()).toBe(createRng(1).next());
    expect(createRng(-1).next()).toBe(createRng(0xffffffff).next());
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed must be a finite number, got NaN/);
    expect(() => createRng(Number.POSITIVE_INFINITY)).toThrow(/got Infinity/);
  });
});

describe('Box–Muller normals: r = √(−2 ln(1 − u₁)), θ = 2π u₂, then r cos θ and r sin θ', () => {
  it.each([
    [1, [1.4043387784152637, 0.024141617523036025, 1.2157546192705377]],
    [42, [-1.2848381576290195, 0.43278026787558976, -0.9453528099747296]],
  ])('seed %i: the pair from u₁, u₂, then the first of the next pair', (seed, expected) => {
    const rng = createRng(seed);
    const normals = [rng.normal(), rng.normal(), rng.normal()];
    normals.forEach((value, k) => expect(value).toBeCloseTo(expected[k], 12));
  });
});

describe('Fisher–Yates shuffle', () => {
  /** A generator whose int() answers are given in advance; records what it was asked. */
  function scripted(answers: number[]): Rng & { asked: number[] } {
    const asked: number[] = [];
    return {
      asked,
      next: () => 0,
      normal: () => 0,
      int: (n) => {
        asked.push(n);
        return answers[asked.length - 1];
      },
    };
  }

  it.each([
    // From the back: swap position i with the drawn j ∈ [0, i].
    // [0,1,2,3] → j=0 at i=3: [3,1,2,0] → j=0 at i=2: [2,1,3,0] → j=0 at i=1: [1,2,3,0]
    [[0, 0, 0], [1, 2, 3, 0]],
    // j = i every time: nothing moves
    [[3, 2, 1], [0, 1, 2, 3]],
    // [0,1,2,3] → j=1 at i=3: [0,3,2,1] → j=2 at i=2: same → j=0 at i=1: [3,0,2,1]
    [[1, 2, 0], [3, 0, 2, 1]],
  ])('draws %j give %j', (answers, expected) => {
    const rng = scripted(answers);
    const order = [0, 1, 2, 3];
    shuffleInPlace(order, rng);
    expect(order).toEqual(expected);
    expect(rng.asked).toEqual([4, 3, 2]);
  });

  it('shuffles a typed array in place, keeping every element once', () => {
    const order = Uint32Array.from({ length: 50 }, (_, k) => k);
    shuffleInPlace(order, createRng(3));
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, k) => k));
    expect(Array.from(order)).not.toEqual(Array.from({ length: 50 }, (_, k) => k));
  });

  it('leaves an empty or one-element order alone without drawing', () => {
    const rng = scripted([]);
    shuffleInPlace([], rng);
    shuffleInPlace([7], rng);
    expect(rng.asked).toEqual([]);
  });
});
