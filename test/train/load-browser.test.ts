/**
 * The browser loader behind "data on demand": a manifest without `files` (or not JSON at all) only
 * costs the percentage, a damaged download says so, and Cache Storage spares a second download.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_DATA_DIR } from '../../src/data/build-assets.ts';
import { loadDataset } from '../../src/data/load-browser.ts';
import { ASSET_FILES } from '../../src/data/sources.ts';

const served = new Map<string, Uint8Array | string>();
const requests: string[] = [];
const realFetch = globalThis.fetch;

/** A Cache Storage in memory: enough of the API for the loader. */
function fakeCaches(): CacheStorage {
  const buckets = new Map<string, Map<string, ArrayBuffer>>();
  const open = async (name: string): Promise<Cache> => {
    const bucket = buckets.get(name) ?? new Map<string, ArrayBuffer>();
    buckets.set(name, bucket);
    return {
      match: async (url: string) => (bucket.has(url) ? new Response(bucket.get(url)!.slice(0)) : undefined),
      put: async (url: string, response: Response) => void bucket.set(url, await response.arrayBuffer()),
    } as unknown as Cache;
  };
  return { open, keys: async () => [...buckets.keys()], delete: async (name: string) => buckets.delete(name) } as unknown as CacheStorage;
}

beforeEach(() => {
  served.clear();
  requests.length = 0;
  for (const name of [ASSET_FILES.sample.images, ASSET_FILES.sample.labels]) served.set(`/data/${name}`, readFileSync(join(PUBLIC_DATA_DIR, name)));
  globalThis.fetch = (async (url: string) => {
    requests.push(url);
    const body = served.get(url);
    if (body === undefined) return new Response('missing', { status: 404, statusText: 'Not Found' });
    return new Response(typeof body === 'string' ? body : new Uint8Array(body));
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  delete (globalThis as { caches?: CacheStorage }).caches;
});

describe('loading MNIST in the browser', () => {
  it.each([
    ['has no files', JSON.stringify({ version: 1, sourceStamp: 'x' })],
    ['is not an object', '42'],
    ['is not JSON', '{oops'],
    ['has files of the wrong type', JSON.stringify({ files: { 'sample-images.idx.gzip': { bytes: 'many' } } })],
  ])('loads when the manifest %s (progress in bytes only)', async (_name, manifest) => {
    served.set('/data/manifest.json', manifest);
    const seen: { loaded: number; total: number }[] = [];
    const set = await loadDataset('sample', { baseUrl: '/data/', onProgress: (p) => seen.push(p) });
    expect(set.count).toBe(100);
    for (const p of seen) expect(Number.isFinite(p.loaded) && Number.isFinite(p.total)).toBe(true);
  });

  it('a damaged gzip file is reported as a damaged download, not a crash of the parser', async () => {
    const good = served.get(`/data/${ASSET_FILES.sample.images}`) as Uint8Array;
    served.set(`/data/${ASSET_FILES.sample.images}`, good.slice(0, 300));
    await expect(loadDataset('sample', { baseUrl: '/data/' })).rejects.toThrow(/Could not decompress sample-images.idx.gzip: it arrived damaged/);
  });

  it('a cut-off file is caught by its size in the manifest before decompressing (a browser may wait forever on it)', async () => {
    const good = served.get(`/data/${ASSET_FILES.sample.images}`) as Uint8Array;
    served.set('/data/manifest.json', JSON.stringify({ version: 1, sourceStamp: 'x', files: { [ASSET_FILES.sample.images]: { bytes: good.length, rawBytes: 0 } } }));
    served.set(`/data/${ASSET_FILES.sample.images}`, good.slice(0, 1000));
    await expect(loadDataset('sample', { baseUrl: '/data/' })).rejects.toThrow(`Could not use sample-images.idx.gzip: it arrived damaged (1000 of ${good.length} bytes)`);
  });

  it('a second load is read from Cache Storage; a damaged file is never cached', async () => {
    (globalThis as { caches?: CacheStorage }).caches = fakeCaches();
    served.set('/data/manifest.json', JSON.stringify({ version: 1, files: {}, sourceStamp: 'v1' }));
    const good = served.get(`/data/${ASSET_FILES.sample.images}`) as Uint8Array;
    served.set(`/data/${ASSET_FILES.sample.images}`, good.slice(0, 300));
    await expect(loadDataset('sample', { baseUrl: '/data/', cache: true })).rejects.toThrow(/damaged/);
    served.set(`/data/${ASSET_FILES.sample.images}`, good);
    requests.length = 0;
    expect((await loadDataset('sample', { baseUrl: '/data/', cache: true })).count).toBe(100);
    // The damaged images are fetched again; the good labels of the failed load may already be kept
    // (its download runs on while the images fail), so only the images are certain to be re-fetched.
    expect(requests).toContain(`/data/${ASSET_FILES.sample.images}`);
    requests.length = 0;
    expect((await loadDataset('sample', { baseUrl: '/data/', cache: true })).labels[0]).toBe(7);
    expect(requests.filter((u) => u.endsWith('.gzip'))).toEqual([]);
  });
});
