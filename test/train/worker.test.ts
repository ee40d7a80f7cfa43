/**
 * The worker shell (src/train/worker.ts) in Node: `self` is a stand-in, the downloads are scripted.
 * Its own logic is the loading progress of the two sets together (their sum, at most one message
 * per 100 ms, always a last one), and one failed download ending the other so no progress trails
 * the error.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import type { LoadProgress } from '../../src/data/load-browser.ts';
import { tsBackend } from '../../src/nn/index.ts';
import type { FromWorker, ToWorker } from '../../src/train/protocol.ts';

interface Download {
  name: string;
  options: { baseUrl?: string; cache?: boolean; signal?: AbortSignal; onProgress?: (p: LoadProgress) => void };
  finish: () => void;
  fail: (error: Error) => void;
}
const downloads: Download[] = [];
const train = takeFirst(loadMnist('train'), 60);
const test = loadSample();

vi.mock('../../src/data/load-browser.ts', () => ({
  loadDataset: (name: string, options: Download['options']) =>
    new Promise((resolve, reject) => downloads.push({ name, options, finish: () => resolve(name === 'train' ? train : test), fail: reject })),
}));
vi.mock('../../src/data/kernels-browser.ts', () => ({ loadKernelBackend: async () => tsBackend }));

const clock = { now: 1000 };
let posted: { message: FromWorker; transfer: unknown }[] = [];
let scope: { postMessage: (m: FromWorker, t: unknown) => void; onmessage: ((e: { data: ToWorker }) => void) | null };

beforeEach(async () => {
  downloads.length = 0;
  posted = [];
  clock.now = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
  scope = { postMessage: (message, transfer) => posted.push({ message, transfer }), onmessage: null };
  vi.stubGlobal('self', scope);
  vi.resetModules();
  await import('../../src/train/worker.ts');
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const find = (name: string) => downloads.find((d) => d.name === name)!;

describe('the training worker shell', () => {
  it('downloads both sets from the base URL into the cache, reports their summed progress at most every 100 ms (a total once both sizes are known), then ready', async () => {
    scope.onmessage!({ data: { type: 'init', baseUrl: '/stepwise/data/', backend: 'auto' } });
    await settle();
    expect(downloads.map((d) => [d.name, d.options.baseUrl, d.options.cache])).toEqual([['train', '/stepwise/data/', true], ['test', '/stepwise/data/', true]]);
    find('test').options.onProgress!({ loaded: 5, total: 50 }); // t = 1000: the first report, before train has said anything
    clock.now = 1060;
    find('train').options.onProgress!({ loaded: 10, total: 100 }); // 60 ms later: held back
    clock.now = 1100;
    find('train').options.onProgress!({ loaded: 40, total: 100 }); // 100 ms after the last report
    clock.now = 1150;
    find('test').options.onProgress!({ loaded: 50, total: 50 }); // held back, but the last report follows
    find('train').options.onProgress!({ loaded: 100, total: 100 });
    find('train').finish();
    find('test').finish();
    await settle();
    await settle();
    expect(posted.map((p) => p.message)).toEqual([
      // Only the test set's size is known yet: no total (it would grow from 50 to 150).
      { type: 'loading', loaded: 5, total: 0 },
      { type: 'loading', loaded: 45, total: 150 },
      { type: 'loading', loaded: 150, total: 150 },
      { type: 'ready', backend: 'ts', arithmetic: 'TypeScript', trainCount: 60, testCount: 100 },
    ]);
    // Messages with nothing to hand over go with an empty transfer list.
    expect(posted.map((p) => p.transfer)).toEqual([[], [], [], []]);
  });

  it("progress from the training set first: its bytes count at once, and no total until the test set's size is known too", async () => {
    scope.onmessage!({ data: { type: 'init', baseUrl: '/', backend: 'auto' } });
    await settle();
    find('train').options.onProgress!({ loaded: 10, total: 100 });
    clock.now = 1200;
    find('test').options.onProgress!({ loaded: 0, total: 0 }); // a response without a size: still no total
    clock.now = 1400;
    find('test').options.onProgress!({ loaded: 3, total: 50 });
    expect(posted.map((p) => p.message)).toEqual([
      { type: 'loading', loaded: 10, total: 0 },
      { type: 'loading', loaded: 10, total: 0 },
      { type: 'loading', loaded: 13, total: 150 },
    ]);
  });

  it('one failed download aborts the other, whose later progress is dropped; the error is the last word', async () => {
    scope.onmessage!({ data: { type: 'init', baseUrl: '/', backend: 'auto' } });
    await settle();
    const other = find('test');
    find('train').fail(new Error('Could not download train-images.idx.gzip: the server answered 500'));
    await settle();
    expect(other.options.signal!.aborted).toBe(true);
    clock.now = 5000;
    other.options.onProgress!({ loaded: 20, total: 50 });
    other.fail(new Error('aborted'));
    await settle();
    await settle();
    expect(posted.map((p) => p.message)).toEqual([{ type: 'error', runId: null, message: 'Could not download train-images.idx.gzip: the server answered 500' }]);
  });
});
