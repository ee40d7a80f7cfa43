/**
 * Labelled images as the trainer reads them, and their sparse form (the inked pixels only).
 */
import { compactRows, type SparseRows } from './backends/ts/kernels.ts';

export type { SparseRows } from './backends/ts/kernels.ts';

/**
 * Labelled images as the trainer reads them (structurally the same as src/data's Dataset).
 * The network's input for pixel byte v is v / 255.
 */
export interface LabelledImages {
  count: number;
  rows: number;
  cols: number;
  /** [count, rows * cols] bytes, row-major. */
  pixels: Uint8Array;
  /** [count] classes. */
  labels: Uint8Array;
}

/** The input scale: byte v becomes the input v / 255 in [0, 1]. */
export const INPUT_SCALE = 1 / 255;

/**
 * The images as sparse rows (nonzero pixels only, scaled to [0, 1]), computed afresh on every
 * call. Not cached: a cache keyed by the pixel array went stale when the pixels changed (a drawn
 * digit does), and a training session computes it once and keeps it for the run anyway.
 */
export function sparseRows(images: LabelledImages): SparseRows {
  const size = images.rows * images.cols;
  const { pixels } = images;
  const end = images.count * size;
  let nonzero = 0;
  for (let k = 0; k < end; k++) if (pixels[k] !== 0) nonzero++;
  const rows: SparseRows = {
    rowStart: new Uint32Array(images.count + 1),
    indices: size <= 65536 ? new Uint16Array(nonzero) : new Uint32Array(nonzero),
    values: new Float32Array(nonzero),
  };
  compactRows(pixels, images.count, size, rows, INPUT_SCALE);
  return rows;
}
