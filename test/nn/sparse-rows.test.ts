/**
 * sparseRows on images small enough to write out: exactly the inked pixels, scaled by 1/255, in
 * arrays of exactly that length, with 16-bit indices while an image has at most 65,536 pixels.
 */
import { describe, expect, it } from 'vitest';
import { INPUT_SCALE, sparseRows, type LabelledImages } from '../../src/nn/index.ts';
import { softmax } from '../../src/nn/reference.ts';

const images = (count: number, rows: number, cols: number, inked: [number, number][]): LabelledImages => {
  const pixels = new Uint8Array(count * rows * cols);
  for (const [k, v] of inked) pixels[k] = v;
  return { count, rows, cols, pixels, labels: new Uint8Array(count) };
};

describe('sparseRows', () => {
  it('two 1×3 images: the inked pixels of each, their positions and values / 255', () => {
    const rows = sparseRows(images(2, 1, 3, [[1, 255], [3, 51], [5, 102]]));
    expect(Array.from(rows.rowStart)).toEqual([0, 1, 3]);
    expect(rows.indices).toBeInstanceOf(Uint16Array);
    expect(Array.from(rows.indices)).toEqual([1, 0, 2]);
    expect(Array.from(rows.values)).toEqual([1, Math.fround(51 * INPUT_SCALE), Math.fround(102 * INPUT_SCALE)]);
    expect(rows.values).toHaveLength(3);
  });

  it('reads only `count` images of the pixel array, and a blank set has empty arrays', () => {
    const set = images(2, 1, 2, [[0, 9], [3, 9]]);
    expect(sparseRows({ ...set, count: 1 }).values).toHaveLength(1);
    const blank = sparseRows(images(3, 2, 2, []));
    expect(Array.from(blank.rowStart)).toEqual([0, 0, 0, 0]);
    expect(blank.indices).toHaveLength(0);
    expect(blank.values).toHaveLength(0);
  });

  it('16-bit indices up to 65,536 pixels an image, 32-bit beyond', () => {
    const at = sparseRows(images(1, 256, 256, [[65535, 1]]));
    expect(at.indices).toBeInstanceOf(Uint16Array);
    expect(Array.from(at.indices)).toEqual([65535]);
    const beyond = sparseRows(images(1, 1, 65537, [[65536, 1]]));
    expect(beyond.indices).toBeInstanceOf(Uint32Array);
    expect(Array.from(beyond.indices)).toEqual([65536]);
  });
});

describe('reference softmax subtracts the largest logit, wherever it is', () => {
  it('a huge first logit does not overflow', () => {
    const p = new Float64Array(3);
    softmax(Float64Array.of(1000, 0, 999), p);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(p[1]).toBe(0);
    expect(p[2]).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), 12);
  });
});
