/**
 * The run history's edges: the settings' one-line description (the default name of every run and
 * the chart legend), the id counter, the change broadcast to other stores (another tab) and its
 * absence, the notes naming a damaged record, rename's length cap, export skipping a run that
 * cannot be read, and import's refusals and its single change notice. Expectations written by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNetwork } from '../../src/nn/index.ts';
import { describeConfig, memoryBackend, newRunId, openRunStore, runMetricsCsv, thinCurve, validateRunRecord, type RunRecord } from '../../src/state/run-store.ts';
import type { RunConfig } from '../../src/train/protocol.ts';

const config: RunConfig = { hidden: [8], activation: 'relu', seed: 3, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 64, epochs: 2, schedule: 'constant', trainSize: 60000 };

function record(id: string, createdAt: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    name: `run ${id}`,
    createdAt,
    status: 'completed',
    config,
    backend: 'ts',
    curves: { batches: { samplesSeen: [64], loss: [2.3] }, epochs: [], changes: [], diverged: null },
    finalAccuracy: 0.9,
    evaluation: null,
    net: createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 3 }),
    trainSeconds: 2,
    ...overrides,
  };
}

const withConfig = (c: Partial<RunConfig>, optimizer?: Partial<RunConfig['optimizer']>): RunConfig => ({ ...config, ...c, optimizer: { ...config.optimizer, ...optimizer } as RunConfig['optimizer'] });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('describeConfig', () => {
  it('names the optimizer, η, the hidden layers, activation, batch and epochs', () => {
    expect(describeConfig(withConfig({ hidden: [128], epochs: 3 }))).toBe('SGD η 0.1, 128 relu, batch 64, 3 epochs');
    expect(describeConfig(withConfig({ hidden: [256, 128], activation: 'sigmoid', batchSize: 32, epochs: 1 }, { name: 'adam', learningRate: 0.001 }))).toBe(
      'Adam η 0.001, 256-128 sigmoid, batch 32, 1 epoch',
    );
    expect(describeConfig(withConfig({ hidden: [], batchSize: 10 }, { name: 'momentum', learningRate: 0.05 }))).toBe('Momentum η 0.05, no hidden relu, batch 10, 2 epochs');
  });

  it('an optimizer it has no name for is shown as it is', () => {
    expect(describeConfig(withConfig({}, { name: 'rmsprop' as RunConfig['optimizer']['name'] }))).toBe('rmsprop η 0.1, 8 relu, batch 64, 2 epochs');
  });
});

describe('newRunId', () => {
  it('is run-<time>-<counter>, the counter counting up by one and wrapping below 1000', () => {
    const first = newRunId(1234);
    const match = /^run-1234-(\d+)$/.exec(first);
    expect(match).not.toBeNull();
    let previous = Number(match![1]);
    const seen = new Set<string>([first]);
    for (let k = 0; k < 999; k++) {
      const id = newRunId(1234);
      const counter = Number(/^run-1234-(\d+)$/.exec(id)![1]);
      expect(counter).toBe((previous + 1) % 1000);
      previous = counter;
      seen.add(id);
    }
    // 1000 ids in the same millisecond are all different; the next one repeats the first.
    expect(seen.size).toBe(1000);
    expect(newRunId(1234)).toBe(first);
  });
});

describe('thinCurve and the metrics CSV', () => {
  it('a curve that fits is copied whole, not stretched', () => {
    const points = { samplesSeen: [1, 2, 3], loss: [0.5, 0.4, 0.3] };
    const copy = thinCurve(points, 5);
    expect(copy).toEqual({ samplesSeen: [1, 2, 3], loss: [0.5, 0.4, 0.3] });
    expect(copy.samplesSeen).not.toBe(points.samplesSeen);
    expect(thinCurve(points, 3)).toEqual(points);
  });

  it('leaves a cell empty for a metric the epoch does not have or that is not finite', () => {
    const r = record('a', 1, {
      curves: { ...record('a', 1).curves, epochs: [{ epoch: 1, loss: Number.NaN, trainAccuracy: 0.5, seconds: Number.POSITIVE_INFINITY, samplesPerSecond: 10, samplesSeen: 64 }] },
    });
    expect(runMetricsCsv(r).split('\n')[1]).toBe('1,64,,0.5,,,,10');
  });
});

describe('validation messages', () => {
  it('every learning-rate change must be well formed, not just one', () => {
    const r = record('a', 1, { curves: { ...record('a', 1).curves, changes: [{ epoch: 1, batch: 1, samplesSeen: 64, learningRate: 0.05 }, { samplesSeen: 'x', learningRate: 0.05 } as never] } });
    expect(() => validateRunRecord(r)).toThrow(/^its learning-rate changes are damaged$/);
  });

  it('damaged weights are refused with the core\'s reason', () => {
    const r = record('a', 1);
    r.net!.layers[1].b[2] = Number.NaN;
    expect(() => validateRunRecord(r)).toThrow(/^its weights are damaged \(These weights cannot be loaded: layer 2 biases\[2\] is NaN, not a finite number\.\)$/);
  });

  it('the memory backend lists a run without weights as having none', async () => {
    const backend = memoryBackend([record('d', 1, { net: null, status: 'diverged' }), record('w', 2)]);
    expect((await backend.getAll()).map((r) => [(r as RunRecord).id, (r as RunRecord).hasWeights])).toEqual([['d', false], ['w', true]]);
  });
});

describe('the notes that name a damaged record', () => {
  it('quote its name (at most 60 characters), else its id (at most 60), else say "a record"', async () => {
    const long = 'n'.repeat(80);
    const longId = 'i'.repeat(150);
    const backend = memoryBackend([{ ...record('a', 1), name: long, status: 'bad' }, { id: longId }, { id: 'short', name: 7 }, 42]);
    const { runs, notes } = await openRunStore(backend).list();
    expect(runs).toEqual([]);
    expect(notes).toEqual([
      `A saved run ("${'n'.repeat(60)}") is damaged and was skipped: its status "bad" is unknown.`,
      `A saved run (${'i'.repeat(60)}) is damaged and was skipped: its id is missing.`,
      'A saved run (short) is damaged and was skipped: its name is missing or too long.',
      'A saved run (a record) is damaged and was skipped: it is not an object.',
    ]);
  });
});

describe('rename and export', () => {
  it('rename keeps at most 200 characters of the new name', async () => {
    const store = openRunStore(memoryBackend());
    await store.put(record('a', 1));
    await store.rename('a', `  ${'x'.repeat(250)}  `);
    expect((await store.get('a'))!.name).toBe('x'.repeat(200));
  });

  it('renaming a run that is not there changes nothing and tells no one', async () => {
    const backend = memoryBackend();
    const store = openRunStore(backend);
    const heard = vi.fn();
    store.subscribe(heard);
    await store.rename('ghost', 'name');
    expect(backend.records.size).toBe(0);
    expect(heard).not.toHaveBeenCalled();
  });

  it('export leaves out a listed run whose full record cannot be read', async () => {
    const broken = record('broken', 2);
    broken.net!.layers[0].W[0] = Number.POSITIVE_INFINITY;
    const store = openRunStore(memoryBackend([record('good', 1), broken]));
    expect((await store.list()).runs.map((r) => r.id)).toEqual(['broken', 'good']);
    const doc = JSON.parse(await store.exportJson());
    expect(doc.runs.map((r: { id: string }) => r.id)).toEqual(['good']);
  });
});

describe('import', () => {
  const history = (runs: unknown, version: unknown = 1) => JSON.stringify({ format: 'stepwise-runs', version, runs });

  it('refuses another version and a file without a list of runs, with the reason', async () => {
    const store = openRunStore(memoryBackend());
    await expect(store.importJson(history([], 2))).rejects.toThrow(new RangeError('This run history is version 2; this site reads version 1.'));
    await expect(store.importJson(JSON.stringify({ format: 'stepwise-runs', runs: [] }))).rejects.toThrow('This run history is version undefined; this site reads version 1.');
    await expect(store.importJson(JSON.stringify({ format: 'stepwise-runs', version: 1 }))).rejects.toThrow(new RangeError('This run history has no list of runs.'));
    await expect(store.importJson(history({ 0: 'a' }))).rejects.toThrow('This run history has no list of runs.');
  });

  it('a run with no weights field is imported without weights', async () => {
    const backend = memoryBackend();
    const store = openRunStore(backend);
    const { net: _, ...rest } = record('plain', 1, { status: 'stopped' });
    expect(await store.importJson(history([rest]))).toEqual({ imported: 1, notes: [] });
    expect(await store.get('plain')).toEqual(record('plain', 1, { status: 'stopped', net: null }));
  });

  it('tells listeners once when it imported something, and not at all when it imported nothing', async () => {
    const store = openRunStore(memoryBackend());
    const heard = vi.fn();
    store.subscribe(heard);
    const { net: _, ...a } = record('a', 1);
    const { net: __, ...b } = record('b', 2);
    await store.importJson(history([{ ...a, weights: null }, { ...b, weights: null }]));
    expect(heard).toHaveBeenCalledTimes(1);
    expect(await store.importJson(history([42]))).toEqual({ imported: 0, notes: ['A run in the file (a record) was skipped: it is not an object.'] });
    expect(await store.importJson(history([]))).toEqual({ imported: 0, notes: [] });
    expect(heard).toHaveBeenCalledTimes(1);
  });
});

describe('change notices', () => {
  it('a listener that unsubscribed hears nothing more', async () => {
    const store = openRunStore(memoryBackend());
    const heard = vi.fn();
    const stop = store.subscribe(heard);
    await store.put(record('a', 1));
    stop();
    await store.put(record('b', 2));
    await store.remove('a');
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('another store on the page (or another tab) hears a change through the broadcast channel', async () => {
    const backend = memoryBackend();
    const writer = openRunStore(backend);
    const reader = openRunStore(backend);
    const heard = new Promise<string>((resolve) => reader.subscribe(() => resolve('heard')));
    await writer.put(record('a', 1));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('silence'), 2000));
    expect(await Promise.race([heard, timeout])).toBe('heard');
  });

  it('without BroadcastChannel the store still works and tells its own listeners', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const store = openRunStore(memoryBackend());
    const heard = vi.fn();
    store.subscribe(heard);
    await store.put(record('a', 1));
    await store.rename('a', 'b');
    await store.remove('a');
    expect(heard).toHaveBeenCalledTimes(3);
  });
});
