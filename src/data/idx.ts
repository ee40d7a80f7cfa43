/**
 * A strict parser for the IDX format that MNIST ships in (http://yann.lecun.com/exdb/mnist/).
 *
 * Pure: no fs, no fetch, no DOM. It takes bytes and a name for error messages, and either returns
 * the whole array or throws an `IdxError` that names the file and what is wrong. It never returns
 * a partial data set: a short file is an error, not fewer digits.
 *
 * Layout: 4-byte magic (0x00 0x00 dtype ndims), then ndims big-endian uint32 dimensions, then the
 * data. MNIST uses dtype 0x08 (unsigned byte): magic 2049 for labels (1 dim), 2051 for images
 * (3 dims: count, rows, cols).
 */

/** Magic number of an IDX label file: unsigned bytes, one dimension. */
export const LABELS_MAGIC = 2049;
/** Magic number of an IDX image file: unsigned bytes, three dimensions [count, rows, cols]. */
export const IMAGES_MAGIC = 2051;
const UBYTE = 0x08;

/** Raised for any malformed IDX input; `file` is the name the caller gave. */
export class IdxError extends Error {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}. The MNIST files may be corrupt: reinstall them with \`npm install\`.`);
    this.name = 'IdxError';
    this.file = file;
  }
}

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** The dimensions from the header, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The data, row-major, length = product of `dims`. A view into the input, not a copy. */
  data: Uint8Array;
}

/** Parses one IDX unsigned-byte array with the expected magic number. */
export function parseIdx(bytes: Uint8Array, file: string, expectedMagic: number): IdxArray {
  if (bytes.length === 0) throw new IdxError(file, 'the file is empty');
  if (bytes.length < 4) throw new IdxError(file, `truncated header: ${bytes.length} bytes, need at least 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(file, `wrong magic number ${magic} (expected ${expectedMagic}); this is not an IDX file`);
  }
  if (bytes[2] !== UBYTE) {
    throw new IdxError(file, `wrong data type byte 0x${bytes[2].toString(16).padStart(2, '0')} (expected 0x08, unsigned byte)`);
  }
  if (magic !== expectedMagic) {
    throw new IdxError(file, `wrong magic number ${magic} (expected ${expectedMagic})`);
  }
  const ndims = bytes[3];
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    throw new IdxError(file, `truncated header: ${bytes.length} bytes, need ${headerLength} for ${ndims} dimensions`);
  }
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    count *= size;
  }
  const expectedLength = headerLength + count;
  if (bytes.length !== expectedLength) {
    throw new IdxError(
      file,
      `length ${bytes.length} bytes does not match dimensions [${dims.join(', ')}] (expected ${expectedLength})`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** Parses an IDX label file; every label must be a digit 0–9. */
export function parseLabels(bytes: Uint8Array, file: string): Uint8Array {
  const { dims, data } = parseIdx(bytes, file, LABELS_MAGIC);
  if (dims.length !== 1) throw new IdxError(file, `labels must have 1 dimension, found ${dims.length}`);
  for (let i = 0; i < data.length; i++) {
    if (data[i] > 9) throw new IdxError(file, `label ${data[i]} at index ${i} is out of range 0–9`);
  }
  return data;
}

/** Parsed IDX image file: `count` images of `rows` × `cols` unsigned bytes. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** Pixels, row-major per image, images back to back; 0 = background, 255 = ink. */
  pixels: Uint8Array;
}

/** Parses an IDX image file (3 dimensions). */
export function parseImages(bytes: Uint8Array, file: string): IdxImages {
  const { dims, data } = parseIdx(bytes, file, IMAGES_MAGIC);
  if (dims.length !== 3) throw new IdxError(file, `images must have 3 dimensions, found ${dims.length}`);
  const [count, rows, cols] = dims;
  return { count, rows, cols, pixels: data };
}

/** Encodes bytes as an IDX unsigned-byte file (used to write the compact sample and by tests). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const headerLength = 4 + 4 * dims.length;
  const out = new Uint8Array(headerLength + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, (UBYTE << 8) | dims.length, false);
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size, false));
  out.set(data, headerLength);
  return out;
}
