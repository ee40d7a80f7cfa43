/**
 * The run history: a round trip keeps every number (weights bit for bit), rename and delete work,
 * export → import reproduces the runs, and damaged records or files are skipped with a note,
 * never a crash.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createNetwork, weightsFromJson } from '../../src/nn/index.ts';
import { describeConfig, memoryBackend, openRunStore, runMetricsCsv, thinCurve, validateRunRecord, type RunRecord } from '../../src/state/run-store.ts';
import type { RunConfig } from '../../src/train/protocol.ts';

const config: RunConfig = { hidden: [8], activation: 'relu', seed: 3, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 64, epochs: 2, schedule: 'constant', trainSize: 60000 };

function record(id: string, createdAt: number, overrides: Partial<RunRecord> = {}): RunRecord {
  const confusion = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 90 : r === 4 && c === 9 ? 10 : 0)));
  return {
    id,
    name: describeConfig(config),
    createdAt,
    status: 'completed',
    config,
    backend: 'ts',
    curves: {
      batches: { samplesSeen: [64, 128, 192], loss: [2.3, 1.9, 1.4] },
      epochs: [{ epoch: 1, loss: 0.5, trainAccuracy: 0.85, testAccuracy: 0.9, testLoss: 0.4, seconds: 2, samplesPerSecond: 30000, samplesSeen: 60000 }],
      changes: [{ epoch: 1, batch: 2, samplesSeen: 128, learningRate: 0.05 }],
      diverged: null,
    },
    finalAccuracy: 0.9,
    evaluation: { accuracy: 0.9, loss: 0.4, confusion, perClassAccuracy: confusion.map((row, c) => row[c] / 90), misclassified: [3, 17], predicted: [9, 9], confidence: [0.8, 0.55], deadFraction: [0.25] },
    net: createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 3 }),
    trainSeconds: 2,
    ...overrides,
  };
}

describe('the run store', () => {
  it('round-trips a run exactly and lists newest first', async () => {
    const store = openRunStore(memoryBackend());
    const a = record('a', 1000);
    await store.put(a);
    await store.put(record('b', 2000));
    const { runs, notes } = await store.list();
    expect(notes).toEqual([]);
    expect(runs.map((r) => r.id)).toEqual(['b', 'a']);
    const back = await store.get('a');
    expect(back).toEqual(a);
    expect(back!.net!.layers[0].W).toBeInstanceOf(Float32Array);
    expect(Array.from(back!.net!.layers[0].W)).toEqual(Array.from(a.net!.layers[0].W));
  });

  it('renames (trimmed, never empty) and deletes; listeners hear each change', async () => {
    const store = openRunStore(memoryBackend());
    let heard = 0;
    store.subscribe(() => heard++);
    await store.put(record('a', 1));
    await store.rename('a', '  η 0.1 baseline  ');
    await store.rename('a', '   ');
    expect((await store.get('a'))!.name).toBe('η 0.1 baseline');
    await store.remove('a');
    expect(await store.get('a')).toBeNull();
    expect(heard).toBe(3);
  });

  it('a damaged record is skipped with a note naming it; the others still load', async () => {
    const broken = { ...record('bad', 5), name: 'broken one', curves: { ...record('bad', 5).curves, batches: { samplesSeen: [1, 2], loss: [1] } } };
    const nan = record('nan', 6);
    nan.net!.layers[1].b[2] = Number.NaN;
    const backend = memoryBackend([record('good', 1), broken, nan, 'just a string', null]);
    const { runs, notes } = await openRunStore(backend).list();
    // The list carries no weights, so the run with damaged weights is listed; get() refuses it.
    expect(runs.map((r) => r.id)).toEqual(['nan', 'good']);
    expect(runs.every((r) => r.net === null && r.hasWeights === true)).toBe(true);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/"broken one"\) is damaged and was skipped: its loss curve is damaged/);
    expect(await openRunStore(backend).get('bad')).toBeNull();
    expect(await openRunStore(backend).get('nan')).toBeNull();
    expect(await openRunStore(backend).get('good')).toMatchObject({ id: 'good' });
  });

  it('a store that cannot be read says so instead of throwing', async () => {
    const store = openRunStore({ ...memoryBackend(), getAll: () => Promise.reject(new Error('blocked')) });
    expect(await store.list()).toEqual({ runs: [], notes: [expect.stringMatching(/could not be read \(blocked\)/)] });
  });

  it('export then import reproduces the runs; the weights inside load as a weights file', async () => {
    const from = openRunStore(memoryBackend());
    await from.put(record('a', 1));
    await from.put(record('d', 2, { status: 'diverged', net: null, finalAccuracy: null, evaluation: null }));
    const text = await from.exportJson();
    const doc = JSON.parse(text);
    expect(doc.format).toBe('stepwise-runs');
    expect(weightsFromJson(doc.runs[1].weights).sizes).toEqual([784, 8, 10]);
    const to = openRunStore(memoryBackend());
    expect(await to.importJson(text)).toEqual({ imported: 2, notes: [] });
    expect((await to.list()).runs).toEqual((await from.list()).runs);
    expect(JSON.parse(await from.exportJson(['a'])).runs).toHaveLength(1);
  });

  it('import skips damaged runs with a note and refuses a file that is not a history', async () => {
    const from = openRunStore(memoryBackend());
    await from.put(record('a', 1));
    await from.put(record('b', 2));
    const doc = JSON.parse(await from.exportJson());
    doc.runs[0].weights.network.sizes = [784, 8, 11];
    doc.runs.push(42);
    const to = openRunStore(memoryBackend());
    const result = await to.importJson(JSON.stringify(doc));
    expect(result.imported).toBe(1);
    expect(result.notes[0]).toMatch(/was skipped: These weights cannot be loaded: the output layer has 11 units/);
    expect(result.notes[1]).toMatch(/was skipped: it is not an object/);
    await expect(to.importJson('{')).rejects.toThrow(/not valid JSON/);
    await expect(to.importJson('{"format":"stepwise-weights"}')).rejects.toThrow(/not an exported run history/);
  });

  test.prop([fc.jsonValue()], { numRuns: 150 })('importing arbitrary JSON never crashes: it imports nothing or refuses with a RangeError', async (value) => {
    const to = openRunStore(memoryBackend());
    try {
      const result = await to.importJson(JSON.stringify({ format: 'stepwise-runs', version: 1, runs: [value] }));
      expect(result.imported).toBe(0);
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
    }
  });

  it('validation accepts exactly what the store writes', () => {
    expect(() => validateRunRecord(record('x', 1))).not.toThrow();
    expect(() => validateRunRecord({ ...record('x', 1), status: 'weird' })).toThrow(/status "weird" is unknown/);
  });

  it('thins long curves evenly, keeping the first and the last point', () => {
    const n = 10_001;
    const thin = thinCurve({ samplesSeen: Array.from({ length: n }, (_, k) => k), loss: Array.from({ length: n }, (_, k) => k / 2) }, 5);
    expect(thin.samplesSeen).toEqual([0, 2500, 5000, 7500, 10000]);
    expect(thin.loss).toEqual([0, 1250, 2500, 3750, 5000]);
  });

  it('writes per-epoch metrics as CSV', () => {
    expect(runMetricsCsv(record('a', 1))).toBe(
      'epoch,samples_seen,train_loss,train_accuracy,test_loss,test_accuracy,seconds,samples_per_second\n1,60000,0.5,0.85,0.4,0.9,2,30000\n',
    );
  });
});
