/**
 * Loads the MNIST assets in the browser: `fetch` with byte progress, gzip via
 * `DecompressionStream`, then the same strict IDX parser as Node. The only `fetch` in the project.
 * Downloaded files are kept in Cache Storage (when the browser offers it), so a second visit reads
 * them from disk instead of the network.
 */
import { datasetFromIdx, type Dataset } from './dataset.ts';
import { ASSET_FILES, MANIFEST_FILE, type AssetManifest, type AssetName } from './sources.ts';

/** Bytes received so far and the expected total (0 when the server does not say). */
export interface LoadProgress {
  loaded: number;
  total: number;
}

export type ProgressCallback = (progress: LoadProgress) => void;

/** Where the assets are served from; `import.meta.env.BASE_URL` + `data/` on the site. */
export function dataBaseUrl(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base.endsWith('/') ? base : `${base}/`}data/`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip bytes with the platform's DecompressionStream; a corrupt file gets a clear error. */
export async function gunzip(bytes: Uint8Array, what = 'the file'): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`Could not decompress ${what}: it arrived damaged (${(error as Error).message}). Try again.`);
  }
}

/** Name of the Cache Storage bucket; the manifest's source stamp is appended so new data replaces old. */
export const DATA_CACHE = 'stepwise-data';

/** The open cache for this data version, or null where Cache Storage is missing or refused. */
async function openCache(stamp: string | undefined): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null;
  try {
    const name = `${DATA_CACHE}-${stamp ?? 'unversioned'}`;
    // Older versions of the data are dropped so they do not hold disk space forever.
    for (const key of await caches.keys()) if (key.startsWith(`${DATA_CACHE}-`) && key !== name) await caches.delete(key);
    return await caches.open(name);
  } catch {
    return null;
  }
}

/**
 * Fetches one file, reporting progress, and returns its bytes uncompressed. A server may already
 * have removed the gzip layer (Content-Encoding), so the magic bytes decide, not the file name.
 */
export async function fetchBytes(url: string, onProgress?: ProgressCallback, expectedTotal = 0, signal?: AbortSignal, cache: Cache | null = null): Promise<Uint8Array> {
  const file = url.slice(url.lastIndexOf('/') + 1);
  let response: Response | undefined;
  let cached = false;
  try {
    response = (await cache?.match(url)) ?? undefined;
    cached = response !== undefined;
  } catch {
    response = undefined;
  }
  if (!response) {
    try {
      response = await fetch(url, { signal });
    } catch (error) {
      throw new Error(`Could not download ${url}: ${(error as Error).message}. Check your connection and try again.`);
    }
  }
  if (!response.ok) throw new Error(`Could not download ${url}: the server answered ${response.status} ${response.statusText}. Try again.`);
  const header = Number(response.headers.get('content-length'));
  const total = response.headers.get('content-encoding') ? expectedTotal : header || expectedTotal;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress?.({ loaded, total: Math.max(total, loaded) });
    }
  } else {
    const whole = new Uint8Array(await response.arrayBuffer());
    chunks.push(whole);
    loaded = whole.length;
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  onProgress?.({ loaded, total: loaded });
  // A cut-off gzip file can leave the browser's decompressor waiting forever: compare with the
  // manifest's size first (only while the bytes are still the gzip file the manifest describes).
  if (isGzip(bytes) && expectedTotal > 0 && loaded !== expectedTotal) {
    throw new Error(`Could not use ${file}: it arrived damaged (${loaded} of ${expectedTotal} bytes). Try again.`);
  }
  const plain = isGzip(bytes) ? await gunzip(bytes, file) : bytes;
  // Kept only once it decompressed, so a damaged download is never cached.
  if (cache && !cached) await cache.put(url, new Response(bytes as BlobPart)).catch(() => undefined);
  return plain;
}

/** Reads the manifest (asset sizes); undefined if it cannot be had (progress then shows bytes only). */
export async function fetchManifest(baseUrl = dataBaseUrl()): Promise<AssetManifest | undefined> {
  try {
    const response = await fetch(`${baseUrl}${MANIFEST_FILE}`);
    if (!response.ok) return undefined;
    const manifest = (await response.json()) as Partial<AssetManifest> | null;
    // A manifest of another shape is ignored (progress then shows bytes only), never trusted.
    if (!manifest || typeof manifest !== 'object') return undefined;
    const files = manifest.files && typeof manifest.files === 'object' ? manifest.files : {};
    return { version: Number(manifest.version) || 0, files, sourceStamp: typeof manifest.sourceStamp === 'string' ? manifest.sourceStamp : '' };
  } catch {
    return undefined;
  }
}

/**
 * Loads `train`, `test` or the 100-digit `sample` as a Dataset. Progress counts the bytes of the
 * image and label files together.
 */
export async function loadDataset(
  name: AssetName,
  options: { baseUrl?: string; onProgress?: ProgressCallback; signal?: AbortSignal; cache?: boolean } = {},
): Promise<Dataset> {
  const baseUrl = options.baseUrl ?? dataBaseUrl();
  const files = ASSET_FILES[name];
  const manifest = await fetchManifest(baseUrl);
  const sizeOf = (file: string): number => {
    const bytes = manifest?.files[file]?.bytes;
    return typeof bytes === 'number' && Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  };
  const cache = options.cache ? await openCache(manifest?.sourceStamp || undefined) : null;
  const progress = { images: { loaded: 0, total: sizeOf(files.images) }, labels: { loaded: 0, total: sizeOf(files.labels) } };
  const report = (): void =>
    options.onProgress?.({
      loaded: progress.images.loaded + progress.labels.loaded,
      total: progress.images.total + progress.labels.total,
    });
  const [images, labels] = await Promise.all([
    fetchBytes(`${baseUrl}${files.images}`, (p) => ((progress.images = p), report()), sizeOf(files.images), options.signal, cache),
    fetchBytes(`${baseUrl}${files.labels}`, (p) => ((progress.labels = p), report()), sizeOf(files.labels), options.signal, cache),
  ]);
  return datasetFromIdx(images, labels, files.images, files.labels);
}
