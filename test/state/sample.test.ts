/**
 * The page's shared sample store (sampleState): one download per page, its progress, the digits
 * when they arrive, or the download's error message. The download is scripted (load-browser mocked).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../src/data/dataset.ts';
import type { LoadProgress } from '../../src/data/load-browser.ts';

const loads: { name: string; onProgress?: (p: LoadProgress) => void; finish: (set: Dataset) => void; fail: (error: Error) => void }[] = [];
vi.mock('../../src/data/load-browser.ts', () => ({
  loadDataset: (name: string, options: { onProgress?: (p: LoadProgress) => void }) =>
    new Promise((resolve, reject) => loads.push({ name, onProgress: options.onProgress, finish: resolve, fail: reject })),
}));

const fresh = async () => {
  vi.resetModules();
  return (await import('../../src/state/sample.ts')).sampleState;
};
const settle = () => new Promise((done) => setTimeout(done, 0));

beforeEach(() => {
  loads.length = 0;
});

describe('sampleState', () => {
  it('starts one download of the sample for the whole page, says how far it is, then holds the digits', async () => {
    const sampleState = await fresh();
    const store = sampleState();
    expect(store.get()).toEqual({ status: 'loading', loaded: 0, total: 0 });
    expect(sampleState()).toBe(store);
    expect(loads.map((l) => l.name)).toEqual(['sample']);
    loads[0].onProgress!({ loaded: 300, total: 1200 });
    expect(store.get()).toEqual({ status: 'loading', loaded: 300, total: 1200 });
    const sample = { count: 1, rows: 28, cols: 28, pixels: new Uint8Array(784), labels: Uint8Array.of(3) };
    loads[0].finish(sample);
    await settle();
    expect(store.get()).toEqual({ status: 'ready', sample });
  });

  it('a failed download leaves its message for the widgets to show', async () => {
    const store = (await fresh())();
    loads[0].fail(new Error('Could not download /data/sample: offline'));
    await settle();
    expect(store.get()).toEqual({ status: 'error', message: 'Could not download /data/sample: offline' });
  });
});
