/**
 * The learner's trained network (src/state/trained.ts) beyond drawing.test.ts: the tab's copy of
 * the weights at its limits (shapes, lengths, padding, the parameter cap, base64 in chunks), which
 * source wins in `findTrained`, and the page's store: following the lab's history, keeping the
 * network when nothing changed, a file the learner chose, forgetting it, and storage that is full
 * or disabled. Module state is fresh in every test (`vi.resetModules`). Values written by hand.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNetwork, weightsToJson, WeightsError, type Network } from '../../src/nn/index.ts';
import type { RunRecord, RunStore } from '../../src/state/run-store.ts';
import type { RunSource, TrainedNetwork } from '../../src/state/trained.ts';

type Trained = typeof import('../../src/state/trained.ts');

/** A sessionStorage stand-in; `full` makes setItem throw as a full storage does. */
class FakeStorage {
  items = new Map<string, string>();
  full = false;
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** trained.ts as a fresh page loads it, at `search`, with this tab storage. */
async function page(search: string, storage: FakeStorage | 'disabled' | null): Promise<Trained> {
  vi.resetModules();
  globalThis.indexedDB = new IDBFactory();
  vi.stubGlobal('location', { search });
  if (storage === 'disabled') {
    Object.defineProperty(globalThis, 'sessionStorage', {
      configurable: true,
      get() {
        throw new Error('SecurityError');
      },
    });
  } else vi.stubGlobal('sessionStorage', storage ?? undefined);
  return import('../../src/state/trained.ts');
}

afterEach(() => {
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  vi.unstubAllGlobals();
});

const net = (sizes: number[], seed = 1): Network => createNetwork({ sizes, activation: 'relu', seed });
const settle = async () => {
  for (let k = 0; k < 5; k++) await new Promise((resolve) => setTimeout(resolve, 0));
};
const run = (n: Network, source: string, id: string): TrainedNetwork => ({ net: n, source, ref: { kind: 'run', id } });

describe('the tab’s copy of the weights', () => {
  it('round-trips every parameter bit for bit, also past 32 KiB (base64 in chunks), with no hidden layer, and with layers of 1 and 4096 units', async () => {
    const { storeWeights, restoreWeights } = await page('', null);
    for (const sizes of [[784, 16, 10], [784, 10], [784, 1, 4096, 10], [784, 1, 1, 1, 1, 10]]) {
      const original = net(sizes, 7);
      const stored = storeWeights(original, 'weights file “x”');
      expect(stored).toMatchObject({ v: 1, source: 'weights file “x”', sizes, activation: 'relu', seed: 7, init: 'he' });
      const count = original.layers.reduce((n, l) => n + l.W.length + l.b.length, 0);
      expect(stored.params).toHaveLength(4 * Math.ceil((4 * count) / 3));
      const back = restoreWeights(JSON.parse(JSON.stringify(stored)));
      expect(back.source).toBe('weights file “x”');
      expect(back.net.sizes).toEqual(sizes);
      back.net.layers.forEach((layer, l) => {
        expect(Array.from(layer.W)).toEqual(Array.from(original.layers[l].W));
        expect(Array.from(layer.b)).toEqual(Array.from(original.layers[l].b));
      });
    }
  });

  it('stores W then b of each layer as little-endian float32', async () => {
    const { storeWeights } = await page('', null);
    const n = net([784, 1, 10]);
    n.layers[0].W.fill(0);
    n.layers[0].W[0] = 1; // 0x3f800000 → bytes 00 00 80 3f
    n.layers[0].b[0] = -2; // 0xc0000000 → bytes 00 00 00 c0
    const bytes = Uint8Array.from(atob(storeWeights(n, 's').params), (c) => c.charCodeAt(0));
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 0x80, 0x3f]);
    expect(Array.from(bytes.subarray(784 * 4, 785 * 4))).toEqual([0, 0, 0, 0xc0]);
    expect(bytes).toHaveLength((785 + 2 * 10) * 4);
  });

  it('refuses a damaged record, impossible sizes and a wrong length, each with its reason', async () => {
    const { storeWeights, restoreWeights } = await page('', null);
    const good = storeWeights(net([784, 1, 10]), 's');
    const damaged = 'the saved copy of the weights is damaged';
    for (const bad of [null, 'text', { ...good, v: 2 }, { ...good, sizes: '784,1,10' }, { ...good, params: 5 }, { ...good, source: null }]) {
      expect(() => restoreWeights(bad)).toThrow(new WeightsError(damaged));
    }
    const impossible = 'the saved copy of the weights has impossible sizes';
    for (const sizes of [[784], [784, 1, 1, 1, 1, 1, 10], [784, 1.5, 10], [784, 0, 10], [784, 1, 4097, 10]]) {
      expect(() => restoreWeights({ ...good, sizes })).toThrow(new WeightsError(impossible));
    }
    const wrong = 'the saved copy of the weights has the wrong length';
    // 805 parameters are 3220 bytes: 4296 base64 characters, the last four "AA==".
    expect(good.params).toHaveLength(4296);
    expect(() => restoreWeights({ ...good, params: good.params.slice(4) })).toThrow(new WeightsError(wrong));
    // Not base64 at all (atob would throw its own error): refused by the length first.
    expect(() => restoreWeights({ ...good, params: 'AAAAA' })).toThrow(new WeightsError(wrong));
    // The right number of characters but no padding: 3222 bytes, not 3220.
    expect(() => restoreWeights({ ...good, params: 'A'.repeat(4296) })).toThrow(new WeightsError(wrong));
  });

  it('reads up to 4,000,000 parameters and no more', async () => {
    const { restoreWeights } = await page('', null);
    // 785·3239 + 3240·194 + 195·4043 + 4044·10 = 4,000,000 parameters: 16,000,000 bytes.
    const sizes = [784, 3239, 194, 4043, 10];
    const params = `${'A'.repeat(21_333_334)}==`;
    const back = restoreWeights({ v: 1, source: 's', sizes, activation: 'relu', seed: 1, init: 'he', params });
    expect(back.net.sizes).toEqual(sizes);
    // 785·3001 + 3002·235 + 236·3816 + 3817·10 = 4,000,001 parameters: refused before decoding.
    const over = [784, 3001, 235, 3816, 10];
    expect(() => restoreWeights({ v: 1, source: 's', sizes: over, activation: 'relu', seed: 1, init: 'he', params: `${'A'.repeat(21_333_338)}A=` })).toThrow(
      new WeightsError('the saved copy of the weights has the wrong length'),
    );
  });

  it('a network that does not read digits is refused with its sizes', async () => {
    const { checkDigitNetwork, networkFromWeightsText } = await page('', null);
    expect(() => checkDigitNetwork({ ...net([784, 2, 10]), sizes: [784, 2, 9] })).toThrow(
      new WeightsError('the network has sizes [784, 2, 9], but a digit network reads 784 pixels and gives 10 classes'),
    );
    expect(() => checkDigitNetwork({ ...net([784, 2, 10]), sizes: [100, 2, 10] })).toThrow(/sizes \[100, 2, 10\]/);
    expect(networkFromWeightsText(JSON.stringify(weightsToJson(net([784, 3, 10])))).sizes).toEqual([784, 3, 10]);
  });
});

describe('runs of the lab as a source', () => {
  const summary = (id: string, name: string, finalAccuracy: number | null, hasWeights: boolean): RunRecord =>
    ({ id, name, finalAccuracy, net: null, hasWeights }) as unknown as RunRecord;

  it('latest fetches the newest run that has weights; list names every such run', async () => {
    const { runStoreSource } = await page('', null);
    const full = net([784, 2, 10]);
    const got: string[] = [];
    const store = {
      list: async () => ({ runs: [summary('d', 'blew up', null, false), summary('b', 'n'.repeat(70), 0.9768, true), summary('a', 'first', null, true)], notes: [] }),
      get: async (id: string) => (got.push(id), { ...summary(id, id === 'b' ? 'n'.repeat(70) : 'first', id === 'b' ? 0.9768 : null, false), net: full }),
      subscribe: (l: () => void) => (l(), () => undefined),
    } as unknown as RunStore;
    const source = runStoreSource(store);
    expect(await source.latest()).toEqual({ net: full, source: `run “${'n'.repeat(60)}” of the lab, 97.7 % test accuracy`, ref: { kind: 'run', id: 'b' } });
    expect(got).toEqual(['b']);
    expect(await source.list!()).toEqual([
      { id: 'b', label: `run “${'n'.repeat(60)}”, 97.7 %` },
      { id: 'a', label: 'run “first”' },
    ]);
    expect(await source.byId('a')).toEqual({ net: full, source: 'run “first” of the lab', ref: { kind: 'run', id: 'a' } });
    let heard = 0;
    source.subscribe!(() => heard++);
    expect(heard).toBe(1);
  });

  it('a listed run that carries its weights is used as it is; no run with weights is none', async () => {
    const { runStoreSource } = await page('', null);
    const full = net([784, 2, 10]);
    const get = vi.fn();
    const withNet = runStoreSource({ list: async () => ({ runs: [{ ...summary('a', 'a', 0.5, false), net: full }], notes: [] }), get } as unknown as RunStore);
    expect((await withNet.latest())!.net).toBe(full);
    expect(get).not.toHaveBeenCalled();
    expect(await withNet.list!()).toEqual([{ id: 'a', label: 'run “a”, 50.0 %' }]);
    const none = runStoreSource({ list: async () => ({ runs: [summary('d', 'd', null, false)], notes: [] }), get } as unknown as RunStore);
    expect(await none.latest()).toBeNull();
    expect(await none.list!()).toEqual([]);
  });

  it('trainedRuns: none in Node; the registered source; the IndexedDB history where there is IndexedDB, made once', async () => {
    let trained = await page('', null);
    vi.stubGlobal('indexedDB', undefined);
    expect(trained.trainedRuns()).toBeNull();
    const source: RunSource = { latest: async () => null, byId: async () => null };
    trained.registerRunSource(source);
    expect(trained.trainedRuns()).toBe(source);
    trained.registerRunSource(null);
    expect(trained.trainedRuns()).toBeNull();
    trained = await page('', null);
    const made = trained.trainedRuns();
    expect(made).not.toBeNull();
    expect(typeof made!.latest).toBe('function');
    expect(trained.trainedRuns()).toBe(made);
  });

  it('weightsParam names each kind of reference', async () => {
    const { weightsParam } = await page('', null);
    expect(weightsParam({ kind: 'run', id: 'run-5-1' })).toBe('run:run-5-1');
    expect(weightsParam({ kind: 'file' })).toBe('file');
    expect(weightsParam({ kind: 'builtin' })).toBe('builtin');
  });
});

describe('findTrained: which weights a page uses', () => {
  it('weights=run:<id> asks for that run only (the id cut at 116 characters, the note at 40)', async () => {
    const { findTrained } = await page('', null);
    const asked: string[] = [];
    const found = run(net([784, 2, 10]), 'run “a” of the lab', 'a');
    const source: RunSource = { latest: async () => found, byId: async (id) => (asked.push(id), id === 'a' ? found : null) };
    expect(await findTrained('?weights=run:a', null, source)).toEqual({ status: 'ready', trained: found });
    const long = 'x'.repeat(200);
    const missing = await findTrained(`?weights=run:${long}`, null, source);
    expect(asked.at(-1)).toBe('x'.repeat(116));
    expect(missing).toEqual({
      status: 'none',
      missing: `The link names a run of the lab (${'x'.repeat(40)}) that is not in this browser’s run history: runs are kept only in the browser that trained them.`,
    });
    expect(await findTrained('?weights=builtin', null, null)).toEqual({ status: 'none' });
    expect(await findTrained('?weights=run:a', null, null)).toMatchObject({ status: 'none', missing: expect.stringContaining('(a)') });
  });

  it('weights=builtin uses the built-in copy, else the tab’s file; weights=none uses nothing', async () => {
    const { findTrained, storeWeights, SESSION_BUILTIN_KEY, SESSION_WEIGHTS_KEY } = await page('', null);
    const storage = new FakeStorage();
    storage.items.set(SESSION_WEIGHTS_KEY, JSON.stringify(storeWeights(net([784, 2, 10]), 'weights file “f.json”')));
    const latest = run(net([784, 3, 10]), 'run “r”', 'r');
    const source: RunSource = { latest: async () => latest, byId: async () => null };
    expect(await findTrained('?weights=builtin', storage, source)).toMatchObject({ status: 'ready', trained: { source: 'weights file “f.json”', ref: { kind: 'file' } } });
    storage.items.set(SESSION_BUILTIN_KEY, JSON.stringify(storeWeights(net([784, 4, 10]), 'the site’s network')));
    const builtin = await findTrained('?weights=builtin', storage, source);
    expect(builtin).toMatchObject({ status: 'ready', trained: { source: 'the site’s network', ref: { kind: 'builtin' } } });
    expect(builtin.status === 'ready' && builtin.trained.net.sizes).toEqual([784, 4, 10]);
    // No address: the tab's file comes before the lab's runs.
    expect(await findTrained('', storage, source)).toMatchObject({ status: 'ready', trained: { ref: { kind: 'file' } } });
    expect(await findTrained('?weights=none', storage, source)).toEqual({ status: 'none' });
    expect(await findTrained('', new FakeStorage(), source)).toEqual({ status: 'ready', trained: latest });
    expect(await findTrained('?weights=none', new FakeStorage(), source)).toEqual({ status: 'none' });
    expect(await findTrained('', new FakeStorage(), { latest: async () => null, byId: async () => null })).toEqual({ status: 'none' });
    storage.items.set(SESSION_BUILTIN_KEY, 'not json');
    expect(await findTrained('?weights=builtin', storage, source)).toMatchObject({ status: 'error', message: expect.stringMatching(/^The saved weights could not be used: /) });
  });
});

describe('the page’s trained network', () => {
  it('starts looking, then shows the tab’s file; one store per page', async () => {
    const trained = await page('', new FakeStorage());
    const storage = globalThis.sessionStorage as unknown as FakeStorage;
    storage.items.set(trained.SESSION_WEIGHTS_KEY, JSON.stringify(trained.storeWeights(net([784, 2, 10]), 'weights file “a”')));
    const state = trained.trainedState();
    expect(state.get()).toEqual({ status: 'looking' });
    expect(trained.trainedState()).toBe(state);
    await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: 'weights file “a”', ref: { kind: 'file' } } });
  });

  it('with storage disabled by the browser it finds nothing, and forgetting still works', async () => {
    const trained = await page('', 'disabled');
    const state = trained.trainedState();
    await settle();
    expect(state.get()).toEqual({ status: 'none' });
    trained.keepBuiltIn({ any: 1 });
    trained.forgetWeights();
    expect(state.get()).toEqual({ status: 'none' });
  });

  it('follows the lab’s history: a new run becomes the network; the same run again, or nothing again, changes nothing', async () => {
    const trained = await page('', new FakeStorage());
    let latest: TrainedNetwork | null = run(net([784, 2, 10]), 'run “a”', 'a');
    let listener: () => void = () => undefined;
    trained.registerRunSource({ latest: async () => latest, byId: async () => null, subscribe: (l) => ((listener = l), () => undefined) });
    const state = trained.trainedState();
    await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { ref: { id: 'a' } } });
    const seen: string[] = [];
    state.subscribe((s) => seen.push(s.status === 'ready' ? s.trained.source : s.status));
    seen.length = 0;
    latest = run(net([784, 2, 10], 2), 'run “a”', 'a'); // the same run, read again
    listener();
    await settle();
    expect(seen).toEqual([]);
    latest = run(net([784, 2, 10]), 'run “b”', 'b');
    listener();
    await settle();
    expect(seen).toEqual(['run “b”']);
    latest = run(net([784, 2, 10]), 'run “b renamed”', 'b');
    listener();
    await settle();
    expect(seen).toEqual(['run “b”', 'run “b renamed”']);
    latest = null;
    listener();
    await settle();
    listener();
    await settle();
    expect(seen).toEqual(['run “b”', 'run “b renamed”', 'none']);
  });

  it('a change heard before the first look has finished does not overtake it', async () => {
    const trained = await page('', new FakeStorage());
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    let listener: () => void = () => undefined;
    trained.registerRunSource({
      latest: async () => (++calls === 1 ? (await first, run(net([784, 2, 10]), 'run “first”', 'a')) : run(net([784, 2, 10]), 'run “second”', 'b')),
      byId: async () => null,
      subscribe: (l) => ((listener = l), () => undefined),
    });
    const state = trained.trainedState();
    listener();
    await settle();
    expect(state.get()).toEqual({ status: 'looking' });
    release();
    await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: 'run “first”' } });
  });

  it('a page whose address names its weights does not follow the history', async () => {
    const trained = await page('?weights=none', new FakeStorage());
    const subscribe = vi.fn(() => () => undefined);
    trained.registerRunSource({ latest: async () => null, byId: async () => null, subscribe });
    trained.trainedState();
    expect(subscribe).not.toHaveBeenCalled();
    const other = await page('', new FakeStorage());
    const followed = vi.fn(() => () => undefined);
    other.registerRunSource({ latest: async () => null, byId: async () => null, subscribe: followed });
    other.trainedState();
    expect(followed).toHaveBeenCalledTimes(1);
  });

  it('a weights file the learner chose is used and kept for the tab (name cut at 60); a bad one is refused with the reason', async () => {
    const trained = await page('', new FakeStorage());
    const storage = globalThis.sessionStorage as unknown as FakeStorage;
    const text = JSON.stringify(weightsToJson(net([784, 2, 10])));
    const name = `${'f'.repeat(70)}.json`;
    expect(trained.useWeightsText(text, name)).toBeNull();
    const state = trained.trainedState();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: `weights file “${'f'.repeat(60)}”`, ref: { kind: 'file' } } });
    const kept = trained.restoreWeights(JSON.parse(storage.getItem(trained.SESSION_WEIGHTS_KEY)!));
    expect(kept.source).toBe(`weights file “${'f'.repeat(60)}”`);
    expect(trained.useWeightsText('{', 'bad.json')).toMatch(/not valid JSON/);
    expect(trained.useWeightsText(JSON.stringify(weightsToJson({ ...net([784, 2, 10]) })).replace('"sizes":[784,2,10]', '"sizes":[784,2,9]'), 'x')).toMatch(/./);
    expect(state.get()).toMatchObject({ status: 'ready', trained: { ref: { kind: 'file' } } });
    trained.forgetWeights();
    expect(storage.getItem(trained.SESSION_WEIGHTS_KEY)).toBeNull();
    expect(state.get()).toEqual({ status: 'none' });
  });

  it('a full storage: the chosen file still works on this page; the built-in copy is simply not kept', async () => {
    const trained = await page('', new FakeStorage());
    const storage = globalThis.sessionStorage as unknown as FakeStorage;
    trained.keepBuiltIn({ v: 1 });
    expect(storage.getItem(trained.SESSION_BUILTIN_KEY)).toBe('{"v":1}');
    storage.full = true;
    expect(trained.useWeightsText(JSON.stringify(weightsToJson(net([784, 2, 10]))), 'a.json')).toBeNull();
    expect(trained.trainedState().get()).toMatchObject({ status: 'ready', trained: { source: 'weights file “a.json”' } });
    expect(storage.getItem(trained.SESSION_WEIGHTS_KEY)).toBeNull();
    expect(() => trained.keepBuiltIn({ v: 2 })).not.toThrow();
    expect(storage.getItem(trained.SESSION_BUILTIN_KEY)).toBe('{"v":1}');
  });

  it('without a weights reference the page finds the lab’s newest run in this browser’s IndexedDB history', async () => {
    const trained = await page('', new FakeStorage());
    const { openRunStore } = await import('../../src/state/run-store.ts');
    await openRunStore().put({
      id: 'r1',
      name: 'kept run',
      createdAt: 1,
      status: 'completed',
      config: { hidden: [2], activation: 'relu', seed: 1, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 8, epochs: 1, schedule: 'constant', trainSize: 100 },
      backend: 'ts',
      curves: { batches: { samplesSeen: [], loss: [] }, epochs: [], changes: [], diverged: null },
      finalAccuracy: 0.5,
      evaluation: null,
      net: net([784, 2, 10]),
      trainSeconds: 0,
    });
    const state = trained.trainedState();
    for (let k = 0; k < 40 && state.get().status === 'looking'; k++) await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: 'run “kept run” of the lab, 50.0 % test accuracy', ref: { kind: 'run', id: 'r1' } } });
  });

  it('a page with no address (no location) looks as if it had an empty one', async () => {
    const trained = await page('', new FakeStorage());
    vi.stubGlobal('location', undefined);
    trained.registerRunSource({ latest: async () => run(net([784, 2, 10]), 'run “a”', 'a'), byId: async () => null });
    const state = trained.trainedState();
    await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: 'run “a”' } });
  });

  it('a file chosen while the first look is under way is kept when the look ends', async () => {
    const trained = await page('', new FakeStorage());
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    trained.registerRunSource({ latest: async () => (await slow, run(net([784, 2, 10]), 'run “late”', 'a')), byId: async () => null });
    const state = trained.trainedState();
    expect(trained.useWeightsText(JSON.stringify(weightsToJson(net([784, 2, 10]))), 'mine.json')).toBeNull();
    release();
    await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: 'weights file “mine.json”' } });
  });

  it('a run source that cannot tell about changes is read once and not followed', async () => {
    const trained = await page('', new FakeStorage());
    trained.registerRunSource({ latest: async () => null, byId: async () => null });
    expect(() => trained.trainedState()).not.toThrow();
    await settle();
    expect(trained.trainedState().get()).toEqual({ status: 'none' });
  });

  it('from no network to the first run kept: the page takes it', async () => {
    const trained = await page('', new FakeStorage());
    let latest: TrainedNetwork | null = null;
    let listener: () => void = () => undefined;
    trained.registerRunSource({ latest: async () => latest, byId: async () => null, subscribe: (l) => ((listener = l), () => undefined) });
    const state = trained.trainedState();
    await settle();
    expect(state.get()).toEqual({ status: 'none' });
    latest = run(net([784, 2, 10]), 'run “first”', 'a');
    listener();
    await settle();
    expect(state.get()).toMatchObject({ status: 'ready', trained: { source: 'run “first”' } });
  });

  it('the tab keeps the file under stepwise.weights.v1 and the built-in network under stepwise.builtin.v1 (keys every page reads)', async () => {
    const trained = await page('', new FakeStorage());
    const storage = globalThis.sessionStorage as unknown as FakeStorage;
    trained.useWeightsText(JSON.stringify(weightsToJson(net([784, 2, 10]))), 'a.json');
    trained.keepBuiltIn({ v: 1 });
    expect([...storage.items.keys()].sort()).toEqual(['stepwise.builtin.v1', 'stepwise.weights.v1']);
  });
});

describe('sameWeights', () => {
  it('two files or two built-ins under the same name are the same; different kinds never are', async () => {
    const { sameWeights } = await page('', null);
    const n = net([784, 2, 10]);
    expect(sameWeights({ net: n, source: 's', ref: { kind: 'file' } }, { net: n, source: 's', ref: { kind: 'file' } })).toBe(true);
    expect(sameWeights({ net: n, source: 's', ref: { kind: 'builtin' } }, { net: n, source: 's', ref: { kind: 'builtin' } })).toBe(true);
    expect(sameWeights({ net: n, source: 's', ref: { kind: 'file' } }, { net: n, source: 's', ref: { kind: 'builtin' } })).toBe(false);
    expect(sameWeights({ net: n, source: 's', ref: { kind: 'builtin' } }, { net: n, source: 's', ref: { kind: 'run', id: 'x' } })).toBe(false);
  });
});
