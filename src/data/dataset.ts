/**
 * The MNIST data set type shared by the browser loader, the Node loader, the trainer and the CLI.
 *
 * Pixels stay bytes (a quarter of the memory of Float32): the pixel value the network sees is
 * `pixels[i] / 255`, in [0, 1]. `pixelValue` and `imageAsFloats` apply that scaling in one place.
 */
import { IdxError, parseImages, parseLabels } from './idx.ts';

/** Which MNIST split a digit comes from. */
export type SetName = 'train' | 'test';

export interface Dataset {
  /** Number of digits. */
  count: number;
  /** Image height and width in pixels (28 × 28 for MNIST). */
  rows: number;
  cols: number;
  /** Pixels as bytes, shape [count, rows * cols], row-major. Network input = byte / 255. */
  pixels: Uint8Array;
  /** Labels 0–9, shape [count]. */
  labels: Uint8Array;
}

/** The scale from a stored byte to the network's input in [0, 1]. */
export const PIXEL_SCALE = 1 / 255;

/** Builds a Dataset from the bytes of an IDX image file and an IDX label file, checking they agree. */
export function datasetFromIdx(imageBytes: Uint8Array, labelBytes: Uint8Array, imageFile: string, labelFile: string): Dataset {
  const images = parseImages(imageBytes, imageFile);
  const labels = parseLabels(labelBytes, labelFile);
  if (labels.length !== images.count) {
    throw new IdxError(labelFile, `has ${labels.length} labels but ${imageFile} has ${images.count} images`);
  }
  return { count: images.count, rows: images.rows, cols: images.cols, pixels: images.pixels, labels };
}

/** One image as Float32 inputs in [0, 1], length rows * cols. */
export function imageAsFloats(set: Dataset, index: number): Float32Array {
  checkIndex(set, index);
  const size = set.rows * set.cols;
  const out = new Float32Array(size);
  const offset = index * size;
  for (let i = 0; i < size; i++) out[i] = set.pixels[offset + i] * PIXEL_SCALE;
  return out;
}

/** Throws a learner-readable error when `index` is not a digit of `set`. */
export function checkIndex(set: Dataset, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= set.count) {
    throw new RangeError(`digit index ${index} is out of range: this set has digits 0 to ${set.count - 1}`);
  }
}

/** The first `count` digits of a set, sharing no memory with it. */
export function takeFirst(set: Dataset, count: number): Dataset {
  const n = Math.min(count, set.count);
  const size = set.rows * set.cols;
  return {
    count: n,
    rows: set.rows,
    cols: set.cols,
    pixels: set.pixels.slice(0, n * size),
    labels: set.labels.slice(0, n),
  };
}
