/**
 * A drawn digit made into an MNIST digit, the way MNIST itself was made (LeCun et al.): the ink's
 * bounding box is cut out, scaled to fit a 20 × 20 box keeping its aspect ratio, anti-aliased by
 * area averaging, and placed in a 28 × 28 field so that its centre of mass sits at the middle.
 * Pure: no DOM, no canvas. The drawing arrives as ink values in [0, 1] (0 paper, 1 ink).
 *
 * Coordinates: pixel (row r, column c) covers the square [c, c + 1) × [r, r + 1), so its centre is
 * (r + ½, c + ½) and the middle of the 28 × 28 field is (14, 14).
 */
import { PIXEL_SCALE } from './dataset.ts';

/** Side of the MNIST field, pixels. */
export const FIELD = 28;
/** Side of the box the digit is scaled to fit, pixels (MNIST: 20 × 20 inside 28 × 28). */
export const FIT = 20;
/** The largest drawing accepted, per side: a canvas at 4× pixel density is well inside it. */
export const MAX_DRAWING_SIDE = 4096;

/** A drawing: ink values in [0, 1], row-major, shape [height, width]. */
export interface Drawing {
  width: number;
  height: number;
  ink: ArrayLike<number>;
}

/** What preprocessing did, for the learner to see, and the digit it made. */
export interface PreparedDigit {
  /** The 28 × 28 digit as MNIST stores it: bytes 0–255, row-major. */
  pixels: Uint8Array;
  /** The network's input: `pixels[i] / 255`, length 784. */
  input: Float32Array;
  /** The ink's bounding box in the drawing (first row and column, size in pixels). */
  box: { row: number; col: number; width: number; height: number };
  /** Drawing pixels per field pixel were multiplied by this (20 / the box's longer side). */
  scale: number;
  /** Size of the scaled digit in field pixels (the longer side is 20). */
  scaled: { width: number; height: number };
  /** Where the scaled digit's top-left corner was placed in the field. */
  offset: { row: number; col: number };
  /** Centre of mass of the final 28 × 28 digit, in field coordinates (middle = 14, 14). */
  centre: { row: number; col: number };
  /** True when centring would have pushed ink off the field, so the shift was limited. */
  clamped: boolean;
}

/** Raised when a drawing cannot become a digit; the message tells the learner what to do. */
export class DrawingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrawingError';
  }
}

/** Checks a drawing's shape and values; throws a DrawingError naming the problem. */
export function validateDrawing(drawing: Drawing): void {
  const { width, height, ink } = drawing;
  for (const [name, side] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(side) || side < 1 || side > MAX_DRAWING_SIDE) {
      throw new DrawingError(`The drawing's ${name} ${side} must be a whole number of pixels from 1 to ${MAX_DRAWING_SIDE}.`);
    }
  }
  if (!ink || ink.length !== width * height) {
    throw new DrawingError(`The drawing has ${ink?.length ?? 0} values but a ${width} × ${height} drawing needs ${width * height}.`);
  }
  for (let k = 0; k < ink.length; k++) {
    const v = ink[k];
    if (!(v >= 0 && v <= 1)) throw new DrawingError(`Ink value ${v} at position ${k} is not between 0 (paper) and 1 (ink).`);
  }
}

/** The bounding box of every pixel with any ink; null when there is none. */
export function inkBox(drawing: Drawing): PreparedDigit['box'] | null {
  const { width, height, ink } = drawing;
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (ink[r * width + c] > 0) {
        if (r < top) top = r;
        if (r > bottom) bottom = r;
        if (c < left) left = c;
        if (c > right) right = c;
      }
    }
  }
  return bottom < 0 ? null : { row: top, col: left, width: right - left + 1, height: bottom - top + 1 };
}

/** Overlap length of [a0, a1) and [b0, b1). */
const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Scales the box's ink by `scale` with area averaging: each output pixel is the mean ink over the
 * square of the drawing it covers (a pixel partly covered counts with the covered fraction), so
 * edges come out grey, as anti-aliasing should make them. Output shape [outHeight, outWidth].
 */
export function areaScale(drawing: Drawing, box: PreparedDigit['box'], scale: number, outWidth: number, outHeight: number): Float64Array {
  const out = new Float64Array(outWidth * outHeight);
  const step = 1 / scale; // drawing pixels per output pixel
  const area = step * step;
  for (let r = 0; r < outHeight; r++) {
    const y0 = r * step;
    const y1 = y0 + step;
    for (let c = 0; c < outWidth; c++) {
      const x0 = c * step;
      const x1 = x0 + step;
      let sum = 0;
      for (let sy = Math.floor(y0); sy < Math.min(box.height, Math.ceil(y1)); sy++) {
        const wy = overlap(y0, y1, sy, sy + 1);
        if (wy === 0) continue;
        const rowStart = (box.row + sy) * drawing.width + box.col;
        for (let sx = Math.floor(x0); sx < Math.min(box.width, Math.ceil(x1)); sx++) {
          sum += drawing.ink[rowStart + sx] * wy * overlap(x0, x1, sx, sx + 1);
        }
      }
      out[r * outWidth + c] = sum / area;
    }
  }
  return out;
}

/** Centre of mass (row, col) of ink values shaped [height, width], pixel centres at index + ½. */
export function centreOfMass(values: ArrayLike<number>, width: number, height: number): { row: number; col: number } {
  let mass = 0;
  let row = 0;
  let col = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = values[r * width + c];
      mass += v;
      row += v * (r + 0.5);
      col += v * (c + 0.5);
    }
  }
  return mass > 0 ? { row: row / mass, col: col / mass } : { row: height / 2, col: width / 2 };
}

/**
 * The drawing as an MNIST digit: crop to the ink, scale to fit 20 × 20 keeping the aspect ratio
 * (area averaging), then shift by whole pixels so the centre of mass is within half a pixel of
 * (14, 14). Throws a DrawingError for an empty drawing or bad values.
 */
export function prepareDrawing(drawing: Drawing): PreparedDigit {
  validateDrawing(drawing);
  const box = inkBox(drawing);
  if (!box) throw new DrawingError('The drawing is empty: draw a digit first (or pick a sample digit to start from).');
  const scale = FIT / Math.max(box.width, box.height);
  // The longer side becomes exactly 20; the shorter keeps the ratio, its last pixel partly covered.
  const scaled = {
    width: Math.min(FIT, Math.ceil(box.width * scale - 1e-9)),
    height: Math.min(FIT, Math.ceil(box.height * scale - 1e-9)),
  };
  const averaged = areaScale(drawing, box, scale, scaled.width, scaled.height);
  // Rounded to bytes before centring, so the centre measured is the one of the stored digit.
  const small = averaged.map((v) => Math.round(255 * Math.min(1, v)));
  const com = centreOfMass(small, scaled.width, scaled.height);
  const place = (centre: number, size: number) => {
    const wanted = Math.round(FIELD / 2 - centre);
    return { at: Math.max(0, Math.min(FIELD - size, wanted)), clamped: wanted < 0 || wanted > FIELD - size };
  };
  const rowPlace = place(com.row, scaled.height);
  const colPlace = place(com.col, scaled.width);
  const offset = { row: rowPlace.at, col: colPlace.at };
  const pixels = new Uint8Array(FIELD * FIELD);
  for (let r = 0; r < scaled.height; r++) {
    for (let c = 0; c < scaled.width; c++) {
      pixels[(r + offset.row) * FIELD + c + offset.col] = small[r * scaled.width + c];
    }
  }
  const input = new Float32Array(FIELD * FIELD);
  for (let k = 0; k < input.length; k++) input[k] = pixels[k] * PIXEL_SCALE;
  return {
    pixels,
    input,
    box,
    scale,
    scaled,
    offset,
    centre: centreOfMass(input, FIELD, FIELD),
    clamped: rowPlace.clamped || colPlace.clamped,
  };
}

/**
 * Ink from a canvas's RGBA bytes when strokes are drawn on a transparent canvas: the alpha channel
 * is the ink, whatever colour the strokes are painted in (dark mode paints them light).
 */
export function inkFromAlpha(rgba: ArrayLike<number>, width: number, height: number): Drawing {
  if (rgba.length !== 4 * width * height) throw new DrawingError(`The canvas has ${rgba.length} bytes but ${width} × ${height} RGBA needs ${4 * width * height}.`);
  const ink = new Float32Array(width * height);
  for (let k = 0; k < ink.length; k++) ink[k] = rgba[4 * k + 3] / 255;
  return { width, height, ink };
}

/** The text form of a digit for a link or sessionStorage: `d1.<label or x>.<784 bytes, base64url>`. */
export function encodeDigit(pixels: Uint8Array, label: number | null): string {
  if (pixels.length !== FIELD * FIELD) throw new DrawingError(`A digit has ${FIELD * FIELD} pixels, not ${pixels.length}.`);
  let binary = '';
  for (const byte of pixels) binary += String.fromCharCode(byte);
  const base64 = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `d1.${label === null ? 'x' : label}.${base64}`;
}

/** Length of the base64url text of 784 bytes, without padding. */
const ENCODED_LENGTH = Math.ceil((FIELD * FIELD * 4) / 3);

/** Reads `encodeDigit`'s text back; anything else (truncated, edited, too long) is refused with a message. */
export function decodeDigit(text: string): { pixels: Uint8Array; label: number | null } {
  const match = /^d1\.(x|[0-9])\.([A-Za-z0-9_-]+)$/.exec(typeof text === 'string' && text.length < 2000 ? text : '');
  if (!match || match[2].length !== ENCODED_LENGTH) throw new DrawingError('The drawn digit in this link is damaged, so it cannot be shown: draw it again.');
  const binary = atob(match[2].replace(/-/g, '+').replace(/_/g, '/'));
  const pixels = new Uint8Array(FIELD * FIELD);
  for (let k = 0; k < pixels.length; k++) pixels[k] = binary.charCodeAt(k);
  if (!pixels.some((p) => p > 0)) throw new DrawingError('The drawn digit in this link is empty: draw it again.');
  return { pixels, label: match[1] === 'x' ? null : Number(match[1]) };
}
