/**
 * The drawing preprocessing, pinned with hand-computed images: crop to the ink, scale to fit
 * 20 × 20 keeping the aspect ratio (area averaging), centre of mass to (14, 14).
 */
import { describe, expect, it } from 'vitest';
import { fc, test as property } from '@fast-check/vitest';
import { decodeDigit, DrawingError, encodeDigit, inkFromAlpha, prepareDrawing, type Drawing } from '../../src/data/draw.ts';

/** A width × height drawing with the rectangles [row, col, w, h] (or single cells) painted with `ink`. */
function drawing(width: number, height: number, blocks: [number, number, number, number, number?][]): Drawing {
  const ink = new Float32Array(width * height);
  for (const [row, col, w, h, value = 1] of blocks) {
    for (let r = row; r < row + h; r++) for (let c = col; c < col + w; c++) ink[r * width + c] = value;
  }
  return { width, height, ink };
}

/** The 28 × 28 bytes as a set of "row,col=byte" for the nonzero pixels. */
function inked(pixels: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  pixels.forEach((p, k) => p > 0 && out.set(`${Math.floor(k / 28)},${k % 28}`, p));
  return out;
}

/** The expected set for rectangles [row, col, w, h, byte] in the 28 × 28 field. */
function expected(blocks: [number, number, number, number, number][]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [row, col, w, h, byte] of blocks) for (let r = row; r < row + h; r++) for (let c = col; c < col + w; c++) out.set(`${r},${c}`, byte);
  return out;
}

describe('prepareDrawing: a known stroke gives a known centred image', () => {
  it('a 10 × 20 bar keeps its size (scale 1) and lands with its centre on (14, 14)', () => {
    // Rows 30–49, columns 40–49 of a 100 × 100 canvas. Longer side 20 → scale 1; its centre of
    // mass (10, 5) moves by (4, 9): rows 4–23, columns 9–18.
    const digit = prepareDrawing(drawing(100, 100, [[30, 40, 10, 20]]));
    expect(digit.box).toEqual({ row: 30, col: 40, width: 10, height: 20 });
    expect(digit.scale).toBe(1);
    expect(digit.scaled).toEqual({ width: 10, height: 20 });
    expect(digit.offset).toEqual({ row: 4, col: 9 });
    expect(inked(digit.pixels)).toEqual(expected([[4, 9, 10, 20, 255]]));
    expect(digit.centre).toEqual({ row: 14, col: 14 });
    expect(digit.clamped).toBe(false);
  });

  it('a 4 × 30 bar shrinks by 2/3: the partly covered third column is 2/3 grey (byte 170)', () => {
    // Scale 20/30. Output column 2 covers drawing x ∈ [3, 4.5): one inked pixel of 1.5 → 1.5/2.25.
    // Centre of mass: columns (0.5·1 + 1.5·1 + 2.5·⅔) / (8/3) = 1.375 → shift round(12.625) = 13.
    const digit = prepareDrawing(drawing(50, 40, [[5, 7, 4, 30]]));
    expect(digit.scale).toBeCloseTo(2 / 3, 12);
    expect(digit.scaled).toEqual({ width: 3, height: 20 });
    expect(digit.offset).toEqual({ row: 4, col: 13 });
    expect(inked(digit.pixels)).toEqual(expected([[4, 13, 2, 20, 255], [4, 15, 1, 20, 170]]));
    // (13.5·255 + 14.5·255 + 15.5·170) / 680 = 14.375
    expect(digit.centre.col).toBeCloseTo(14.375, 5);
    expect(digit.centre.row).toBeCloseTo(14, 5);
  });

  it('keeps the aspect ratio: a 60 × 15 block becomes 20 × 5, not 20 × 20', () => {
    const digit = prepareDrawing(drawing(80, 40, [[10, 5, 60, 15]]));
    expect(digit.scaled).toEqual({ width: 20, height: 5 });
    // Centre row 2.5 → shift round(11.5) = 12: rows 12–16, half a pixel below the middle at most.
    expect(inked(digit.pixels)).toEqual(expected([[12, 4, 20, 5, 255]]));
    expect(Math.abs(digit.centre.row - 14)).toBeLessThanOrEqual(0.5);
    expect(digit.centre.col).toBeCloseTo(14, 5);
  });

  it('averages areas when it shrinks: a 40 × 40 checkerboard becomes a flat half-grey 20 × 20 (byte 128)', () => {
    const board = drawing(40, 40, []);
    for (let r = 0; r < 40; r++) for (let c = 0; c < 40; c++) (board.ink as Float32Array)[r * 40 + c] = (r + c) % 2;
    const digit = prepareDrawing(board);
    expect(inked(digit.pixels)).toEqual(expected([[4, 4, 20, 20, 128]]));
  });

  it('scales a small drawing up: a 2 × 4 bar of a 28 × 28 grid becomes 10 × 20', () => {
    const digit = prepareDrawing(drawing(28, 28, [[3, 3, 2, 4]]));
    expect(digit.scale).toBe(5);
    expect(inked(digit.pixels)).toEqual(expected([[4, 9, 10, 20, 255]]));
  });

  it('keeps grey levels: ink 0.4 stays byte 102', () => {
    const digit = prepareDrawing(drawing(30, 30, [[0, 0, 20, 20, 0.4]]));
    expect(new Set(inked(digit.pixels).values())).toEqual(new Set([102]));
  });

  it('limits the shift when centring would push ink off the field, and says so', () => {
    // A full right column and a faint left dot: the centre of mass is near the right edge, so
    // centring wants to move the 20-wide digit 5 pixels left of the field's edge.
    const digit = prepareDrawing(drawing(20, 20, [[0, 19, 1, 20], [10, 0, 1, 1, 0.01]]));
    expect(digit.clamped).toBe(true);
    expect(digit.offset.col).toBe(0);
    expect(digit.pixels[10 * 28 + 19]).toBe(255);
    expect(digit.pixels.reduce((s, p) => s + p, 0)).toBe(20 * 255 + 3);
  });
});

describe('prepareDrawing refuses what is not a drawing, with a message', () => {
  it('refuses an empty drawing', () => {
    expect(() => prepareDrawing(drawing(280, 280, []))).toThrow(DrawingError);
    expect(() => prepareDrawing(drawing(280, 280, []))).toThrow(/empty: draw a digit first/);
  });
  it.each([
    ['a NaN value', { width: 2, height: 1, ink: [0, Number.NaN] }, /Ink value NaN at position 1/],
    ['a value above 1', { width: 2, height: 1, ink: [0, 1.5] }, /Ink value 1.5/],
    ['too few values', { width: 3, height: 3, ink: [1] }, /has 1 values but a 3 × 3 drawing needs 9/],
    ['a fractional width', { width: 2.5, height: 2, ink: [1, 1, 1, 1, 1] }, /width 2.5/],
    ['a huge height', { width: 1, height: 1e6, ink: [1] }, /height 1000000 must be/],
  ])('refuses %s', (_name, bad, message) => {
    expect(() => prepareDrawing(bad as Drawing)).toThrow(message);
  });
});

describe('prepareDrawing on any drawing (property)', () => {
  const strokes = fc.array(fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: 1, maxLength: 4 });
  property.prop([strokes], { numRuns: 300 })('fits 20 × 20, keeps the ratio, and centres within half a pixel unless clamped', (blocks) => {
    const d = drawing(100, 100, blocks.map(([r, c, w, h, v]) => [r, c, w, h, v]));
    const digit = prepareDrawing(d);
    expect(Math.max(digit.scaled.width, digit.scaled.height)).toBe(20);
    const ratio = digit.box.width / digit.box.height;
    // The shorter side is the longer one times the ratio, rounded up to whole pixels.
    if (ratio <= 1) expect(digit.scaled.width).toBe(Math.min(20, Math.ceil(20 * ratio - 1e-9)));
    else expect(digit.scaled.height).toBe(Math.min(20, Math.ceil(20 / ratio - 1e-9)));
    const box = inked(digit.pixels);
    for (const key of box.keys()) {
      const [r, c] = key.split(',').map(Number);
      expect(r - digit.offset.row).toBeLessThan(digit.scaled.height);
      expect(c - digit.offset.col).toBeLessThan(digit.scaled.width);
    }
    if (!digit.clamped) {
      expect(Math.abs(digit.centre.row - 14)).toBeLessThanOrEqual(0.5 + 1e-6);
      expect(Math.abs(digit.centre.col - 14)).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });
});

describe('canvas ink and the digit text for links', () => {
  it('reads ink from the alpha channel, whatever the stroke colour', () => {
    const rgba = Uint8ClampedArray.of(255, 255, 255, 0, 255, 255, 255, 255, 0, 0, 0, 51, 10, 20, 30, 0);
    expect(Array.from(inkFromAlpha(rgba, 2, 2).ink)).toEqual([0, 1, 0.2, 0].map((v) => Math.fround(v)));
    expect(() => inkFromAlpha(rgba, 3, 2)).toThrow(DrawingError);
  });

  it('round-trips a digit and its label (or none)', () => {
    const pixels = new Uint8Array(784).map((_, k) => (k * 37) % 256);
    const text = encodeDigit(pixels, 4);
    expect(text).toMatch(/^d1\.4\.[A-Za-z0-9_-]{1046}$/);
    expect(decodeDigit(text)).toEqual({ pixels, label: 4 });
    expect(decodeDigit(encodeDigit(pixels, null)).label).toBeNull();
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, -3)],
    ['an unknown version', (t: string) => t.replace('d1.', 'd2.')],
    ['a label of 12', (t: string) => t.replace('d1.4.', 'd1.12.')],
    ['a character outside base64url', (t: string) => `${t.slice(0, 20)}+${t.slice(21)}`],
    ['not text at all', () => 42 as unknown as string],
  ])('refuses %s', (_name, damage) => {
    const text = encodeDigit(new Uint8Array(784).fill(9), 4);
    expect(() => decodeDigit(damage(text))).toThrow(/damaged/);
  });

  it('refuses an all-paper digit from a link', () => {
    expect(() => decodeDigit(encodeDigit(new Uint8Array(784), null))).toThrow(/empty/);
  });
});
