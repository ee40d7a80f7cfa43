import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAssets, PUBLIC_DATA_DIR } from '../../src/data/build-assets.ts';
import { datasetFromIdx } from '../../src/data/dataset.ts';
import { fetchBytes, loadDataset } from '../../src/data/load-browser.ts';
import { ASSET_FILES } from '../../src/data/sources.ts';
import { mnistSourceDir } from '../../src/data/load-node.ts';

describe('generated assets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-assets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a corrupt source file stops the build with its name and the fix, and writes nothing', () => {
    const sources = join(dir, 'sources');
    const out = join(dir, 'out');
    mkdirSync(sources);
    for (const file of readdirSync(mnistSourceDir())) copyFileSync(join(mnistSourceDir(), file), join(sources, file));
    const corrupt = readFileSync(join(sources, 't10k-labels-idx1-ubyte'));
    corrupt[500] ^= 1; // one flipped bit
    writeFileSync(join(sources, 't10k-labels-idx1-ubyte'), corrupt);
    expect(() => buildAssets(out, true, sources)).toThrow(/t10k-labels-idx1-ubyte: SHA-256 [0-9a-f]{64} does not match .* run `npm install`/);
    expect(existsSync(out)).toBe(false);
  });

  it('the build step is skipped when up to date', () => {
    // public/data was built by `pretest`; a second run must not rewrite it.
    expect(buildAssets(PUBLIC_DATA_DIR).skipped).toBe(true);
  });

  it('the sample asset holds the first 100 test digits and is a few kB', () => {
    const images = gunzipSync(readFileSync(join(PUBLIC_DATA_DIR, ASSET_FILES.sample.images)));
    const labels = gunzipSync(readFileSync(join(PUBLIC_DATA_DIR, ASSET_FILES.sample.labels)));
    const sample = datasetFromIdx(images, labels, 'sample images', 'sample labels');
    expect(sample.count).toBe(100);
    expect(Array.from(sample.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(readFileSync(join(PUBLIC_DATA_DIR, ASSET_FILES.sample.images)).length).toBeLessThan(20_000);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('the browser loader reads the assets through fetch, with or without the gzip layer, and reports progress', async () => {
    const served = new Map<string, Uint8Array>();
    for (const name of [ASSET_FILES.sample.images, ASSET_FILES.sample.labels]) served.set(`/data/${name}`, readFileSync(join(PUBLIC_DATA_DIR, name)));
    served.set('/data/manifest.json', readFileSync(join(PUBLIC_DATA_DIR, 'manifest.json')));
    const realFetch = globalThis.fetch;
    let decodeOnServer = false;
    globalThis.fetch = (async (url: string) => {
      const body = served.get(url);
      if (!body) return new Response('missing', { status: 404, statusText: 'Not Found' });
      // Like Vite's dev server with Content-Encoding: gzip, the body may arrive already decompressed.
      const bytes = decodeOnServer && url.endsWith('.gzip') ? gunzipSync(body) : body;
      return new Response(new Uint8Array(bytes), { headers: { 'content-length': String(body.length) } });
    }) as typeof fetch;
    try {
      const seen: number[] = [];
      const sample = await loadDataset('sample', { baseUrl: '/data/', onProgress: (p) => seen.push(p.loaded / p.total) });
      expect(sample.count).toBe(100);
      expect(seen.at(-1)).toBe(1);
      decodeOnServer = true;
      expect((await loadDataset('sample', { baseUrl: '/data/' })).labels[0]).toBe(7);
      await expect(fetchBytes('/data/nothing')).rejects.toThrow(/Could not download \/data\/nothing: the server answered 404/);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
