/**
 * Loads the MNIST assets in the browser: `fetch` with byte progress, gzip via
 * `DecompressionStream`, then the same strict IDX parser as Node. The only `fetch` in the project.
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

/** Decompresses gzip bytes with the platform's DecompressionStream. */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches one file, reporting progress, and returns its bytes uncompressed. A server may already
 * have removed the gzip layer (Content-Encoding), so the magic bytes decide, not the file name.
 */
export async function fetchBytes(url: string, onProgress?: ProgressCallback, expectedTotal = 0, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new Error(`Could not download ${url}: ${(error as Error).message}. Check your connection and reload.`);
  }
  if (!response.ok) throw new Error(`Could not download ${url}: the server answered ${response.status} ${response.statusText}.`);
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
  return isGzip(bytes) ? gunzip(bytes) : bytes;
}

/** Reads the manifest (asset sizes); undefined if it cannot be had (progress then shows bytes only). */
export async function fetchManifest(baseUrl = dataBaseUrl()): Promise<AssetManifest | undefined> {
  try {
    const response = await fetch(`${baseUrl}${MANIFEST_FILE}`);
    return response.ok ? ((await response.json()) as AssetManifest) : undefined;
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
  options: { baseUrl?: string; onProgress?: ProgressCallback; signal?: AbortSignal } = {},
): Promise<Dataset> {
  const baseUrl = options.baseUrl ?? dataBaseUrl();
  const files = ASSET_FILES[name];
  const manifest = await fetchManifest(baseUrl);
  const sizeOf = (file: string): number => manifest?.files[file]?.bytes ?? 0;
  const progress = { images: { loaded: 0, total: sizeOf(files.images) }, labels: { loaded: 0, total: sizeOf(files.labels) } };
  const report = (): void =>
    options.onProgress?.({
      loaded: progress.images.loaded + progress.labels.loaded,
      total: progress.images.total + progress.labels.total,
    });
  const [images, labels] = await Promise.all([
    fetchBytes(`${baseUrl}${files.images}`, (p) => ((progress.images = p), report()), sizeOf(files.images), options.signal),
    fetchBytes(`${baseUrl}${files.labels}`, (p) => ((progress.labels = p), report()), sizeOf(files.labels), options.signal),
  ]);
  return datasetFromIdx(images, labels, files.images, files.labels);
}
