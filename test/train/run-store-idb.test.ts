/**
 * The run history's IndexedDB backend (the one the page uses), on fake-indexeddb's in-memory
 * IndexedDB: summaries without weights in `runs`, the weights in their own `weights` store keyed by
 * run id, a diverged run's stale weights removed, delete clearing both, and the move of version 1
 * databases (weights inside each run) to version 2. Each test gets a fresh, empty IndexedDB.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/nn/index.ts';
import { describeConfig, indexedDbBackend, openRunStore, type RunRecord } from '../../src/state/run-store.ts';
import type { RunConfig } from '../../src/train/protocol.ts';

const config: RunConfig = { hidden: [4], activation: 'relu', seed: 5, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 32, epochs: 1, schedule: 'constant', trainSize: 60000 };

function record(id: string, createdAt: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    name: describeConfig(config),
    createdAt,
    status: 'completed',
    config,
    backend: 'wasm',
    curves: { batches: { samplesSeen: [32, 64], loss: [2.3, 2.1] }, epochs: [], changes: [], diverged: null },
    finalAccuracy: 0.5,
    evaluation: null,
    net: createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 5 }),
    trainSeconds: 1.5,
    ...overrides,
  };
}

/** Opens the page's database the way another connection would, to read what the backend wrote. */
async function raw(): Promise<{ runs: unknown[]; weightKeys: IDBValidKey[]; weights: unknown[]; version: number; stores: string[] }> {
  const db = await openDB('stepwise-lab');
  const result = {
    runs: await db.getAll('runs'),
    weightKeys: await db.getAllKeys('weights'),
    weights: await db.getAll('weights'),
    version: db.version,
    stores: [...db.objectStoreNames].sort(),
  };
  db.close();
  return result;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('the IndexedDB run backend', () => {
  it('creates version 2 with a runs and a weights store, keeps summaries without weights and the weights by id', async () => {
    const backend = indexedDbBackend();
    const a = record('a', 10);
    await backend.put(a);
    const stored = await raw();
    expect(stored.version).toBe(2);
    expect(stored.stores).toEqual(['runs', 'weights']);
    const { net, ...rest } = a;
    expect(stored.runs).toEqual([{ ...rest, net: null, hasWeights: true }]);
    expect(stored.weightKeys).toEqual(['a']);
    expect(stored.weights).toEqual([net]);
    // getAll is the summaries as stored; get puts the weights back and drops the flag.
    expect(await backend.getAll()).toEqual([{ ...rest, net: null, hasWeights: true }]);
    const back = (await backend.get('a')) as RunRecord;
    expect(back).toEqual(a);
    expect('hasWeights' in back).toBe(false);
    expect(back.net!.layers[0].W).toBeInstanceOf(Float32Array);
    expect(Array.from(back.net!.layers[1].b)).toEqual(Array.from(a.net!.layers[1].b));
  });

  it('a run without weights stores none, and replacing a run by a diverged one removes its old weights', async () => {
    const backend = indexedDbBackend();
    await backend.put(record('d', 1, { status: 'diverged', net: null }));
    let stored = await raw();
    expect(stored.weightKeys).toEqual([]);
    expect(stored.runs).toEqual([expect.objectContaining({ id: 'd', net: null, hasWeights: false })]);
    expect(await backend.get('d')).toEqual({ ...record('d', 1, { status: 'diverged' }), net: null });

    await backend.put(record('x', 2));
    expect((await raw()).weightKeys).toEqual(['x']);
    await backend.put(record('x', 2, { status: 'diverged', net: null }));
    stored = await raw();
    expect(stored.weightKeys).toEqual([]);
    expect((await backend.get('x')) as RunRecord).toMatchObject({ id: 'x', status: 'diverged', net: null });
  });

  it('get: a missing run is undefined; a summary whose weights went missing has net null', async () => {
    const backend = indexedDbBackend();
    expect(await backend.get('nope')).toBeUndefined();
    await backend.put(record('w', 3));
    const db = await openDB('stepwise-lab');
    await db.delete('weights', 'w');
    db.close();
    expect(((await backend.get('w')) as RunRecord).net).toBeNull();
  });

  it('delete removes the run and its weights, and leaves the others', async () => {
    const backend = indexedDbBackend();
    await backend.put(record('a', 1));
    await backend.put(record('b', 2));
    await backend.delete('a');
    const stored = await raw();
    expect(stored.runs.map((r) => (r as RunRecord).id)).toEqual(['b']);
    expect(stored.weightKeys).toEqual(['b']);
    expect(await backend.get('a')).toBeUndefined();
  });

  it('moves a version 1 database (weights inside each run) to version 2, leaving records it cannot read alone', async () => {
    const net = createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 5 });
    const v1 = await openDB('stepwise-lab', 1, { upgrade: (db) => void db.createObjectStore('runs', { keyPath: 'id' }) });
    await v1.put('runs', record('with', 1));
    await v1.put('runs', record('without', 2, { net: null, status: 'diverged' }));
    // Already in the new form (hasWeights set): untouched, even though net is null.
    await v1.put('runs', { ...record('moved', 3), net: null, hasWeights: true });
    // Not a run (a number id): untouched, weights and all.
    await v1.put('runs', { id: 7, net: { sizes: [1] } });
    v1.close();

    const backend = indexedDbBackend();
    const summaries = (await backend.getAll()) as Record<string, unknown>[];
    const byId = new Map(summaries.map((s) => [s.id, s]));
    expect(byId.get('with')).toMatchObject({ net: null, hasWeights: true });
    expect(byId.get('without')).toMatchObject({ net: null, hasWeights: false });
    expect(byId.get('moved')).toMatchObject({ net: null, hasWeights: true });
    expect(byId.get(7)).toEqual({ id: 7, net: { sizes: [1] } });
    const stored = await raw();
    expect(stored.version).toBe(2);
    expect(stored.weightKeys).toEqual(['with']);
    expect(stored.weights).toEqual([net]);
    expect(await backend.get('with')).toEqual(record('with', 1));
    expect(await backend.get('without')).toEqual(record('without', 2, { net: null, status: 'diverged' }));
    // A number id is not a string key: get by its string finds nothing.
    expect(await backend.get('7')).toBeUndefined();
  });

  it('a version 1 run that was never moved still reads its weights from inside the run', async () => {
    // Written as version 2 by hand: a summary without the flag still carrying its net.
    const db = await openDB('stepwise-lab', 2, {
      upgrade(database) {
        database.createObjectStore('runs', { keyPath: 'id' });
        database.createObjectStore('weights');
      },
    });
    await db.put('runs', record('old', 1));
    db.close();
    expect(await indexedDbBackend().get('old')).toEqual(record('old', 1));
  });

  it('serves the run store end to end: list without weights, get with them, rename, remove', async () => {
    const store = openRunStore(indexedDbBackend());
    await store.put(record('a', 1));
    await store.put(record('b', 2, { status: 'stopped' }));
    const { runs, notes } = await store.list();
    expect(notes).toEqual([]);
    expect(runs.map((r) => [r.id, r.net, r.hasWeights])).toEqual([['b', null, true], ['a', null, true]]);
    await store.rename('a', 'mine');
    expect(await store.get('a')).toEqual({ ...record('a', 1), name: 'mine' });
    await store.remove('b');
    expect((await store.list()).runs.map((r) => r.id)).toEqual(['a']);
    expect((await raw()).weightKeys).toEqual(['a']);
  });

  it('opens the database once for all its calls', async () => {
    const backend = indexedDbBackend();
    let opened = 0;
    const factory = globalThis.indexedDB;
    const open = factory.open.bind(factory);
    factory.open = (...args: Parameters<IDBFactory['open']>) => {
      opened++;
      return open(...args);
    };
    await backend.put(record('a', 1));
    await backend.getAll();
    await backend.get('a');
    await backend.delete('a');
    expect(opened).toBe(1);
  });
});
