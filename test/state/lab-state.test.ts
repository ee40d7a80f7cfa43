/**
 * The lab's state without a worker: `reduceLab` event by event (what each message changes, and
 * that a message about another run changes nothing), `recordOf` (the history record of an ended
 * run), and `createLab` over a scripted client (the phases its commands set, the commands it
 * sends, how it files an ended run, and what it says when saving fails). Values written by hand.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork } from '../../src/nn/index.ts';
import { createLab, INITIAL_LAB, recordOf, reduceLab, uniqueName, type LabState, type LiveRun } from '../../src/state/lab.ts';
import { LAB_DEFAULTS } from '../../src/state/lab-url.ts';
import { memoryBackend, openRunStore, type RunRecord, type RunStore } from '../../src/state/run-store.ts';
import type { ClientEvent, TrainingClient } from '../../src/train/client.ts';
import type { LabEvaluation, RunConfig } from '../../src/train/protocol.ts';

const config: RunConfig = { hidden: [4], activation: 'relu', seed: 2, optimizer: { name: 'sgd', learningRate: 0.5 }, batchSize: 10, epochs: 2, schedule: 'constant', trainSize: 100 };
const evaluation = (accuracy: number): LabEvaluation => ({
  accuracy,
  loss: 1,
  confusion: [[1]],
  perClassAccuracy: [1],
  misclassified: [4],
  predicted: [7],
  confidence: [0.6],
  deadFraction: [0],
});
const net = () => createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 2 });
const epochResult = { epoch: 1, loss: 0.7, trainAccuracy: 0.6, testAccuracy: 0.65, seconds: 1, samplesPerSecond: 100 };

const started = (runId = 3, arithmetic?: string): ClientEvent => ({ type: 'started', runId, backend: 'ts', batchesPerEpoch: 10, trainCount: 100, config, ...(arithmetic ? { arithmetic } : {}) });
const progress = (runId: number, samplesSeen: number, samplesPerSecond: number, extra: Partial<Extract<ClientEvent, { type: 'progress' }>> = {}): ClientEvent => ({
  type: 'progress',
  runId,
  epoch: 1,
  batch: samplesSeen / 10 - 1,
  batchesPerEpoch: 10,
  loss: 2,
  accuracy: 0.25,
  samplesSeen,
  samplesPerSecond,
  learningRate: 0.25,
  points: { samplesSeen: [samplesSeen - 10, samplesSeen], loss: [2.2, 2] },
  gradientNorms: [0.5, 0.25],
  ...extra,
});
const done = (runId: number, status: 'completed' | 'stopped' = 'completed'): Extract<ClientEvent, { type: 'done' }> => ({
  type: 'done',
  runId,
  status,
  epochs: [],
  changes: [{ epoch: 1, batch: 2, samplesSeen: 30, learningRate: 0.25 }],
  net: net(),
  evaluation: evaluation(0.8),
  samplesSeen: 200,
});
const diverged = (runId: number, loss = Number.POSITIVE_INFINITY): Extract<ClientEvent, { type: 'diverged' }> => ({
  type: 'diverged',
  runId,
  epoch: 2,
  batch: 3,
  loss,
  samplesSeen: 130,
  reason: 'the loss is not a number',
  suggestion: 'try η 0.05',
  learningRate: 0.5,
  epochs: [],
  changes: [],
});

const running = (): LabState => reduceLab({ ...INITIAL_LAB, phase: 'starting' }, started());

describe('reduceLab', () => {
  it('loading: idle becomes loading with the bytes so far; any other phase stays', () => {
    expect(reduceLab(INITIAL_LAB, { type: 'loading', loaded: 3, total: 9 })).toEqual({ ...INITIAL_LAB, phase: 'loading', loading: { loaded: 3, total: 9 } });
    expect(reduceLab({ ...INITIAL_LAB, phase: 'ready' }, { type: 'loading', loaded: 9, total: 9 }).phase).toBe('ready');
  });

  it('ready: from idle or loading the lab is ready; a run in progress keeps its phase; the arithmetic only when told', () => {
    const ready = { type: 'ready', backend: 'wasm', arithmetic: 'WebAssembly SIMD', trainCount: 1, testCount: 1 } as const;
    expect(reduceLab({ ...INITIAL_LAB, message: 'old' }, ready)).toEqual({ ...INITIAL_LAB, phase: 'ready', backend: 'wasm', arithmetic: 'WebAssembly SIMD', message: null });
    expect(reduceLab({ ...INITIAL_LAB, phase: 'loading' }, ready).phase).toBe('ready');
    expect(reduceLab({ ...INITIAL_LAB, phase: 'running' }, ready).phase).toBe('running');
    expect(reduceLab({ ...INITIAL_LAB, phase: 'starting' }, ready).phase).toBe('starting');
    const silent = reduceLab({ ...INITIAL_LAB, arithmetic: 'kept' }, { type: 'ready', backend: 'ts', trainCount: 1, testCount: 1 });
    expect(silent.arithmetic).toBe('kept');
  });

  it('started: a fresh run at epoch 1 with the configured η', () => {
    const s = reduceLab({ ...INITIAL_LAB, phase: 'starting', message: 'old' }, started(3, 'TypeScript'));
    expect(s).toEqual({
      phase: 'running',
      loading: null,
      backend: 'ts',
      arithmetic: 'TypeScript',
      message: null,
      run: {
        runId: 3, config, backend: 'ts', batchesPerEpoch: 10, trainCount: 100, epoch: 1, batch: 0, samplesSeen: 0, samplesPerSecond: 0, learningRate: 0.5, accuracy: 0,
        loss: { samplesSeen: [], loss: [] }, epochs: [], changes: [], gradientNorms: [], normHistory: [], firstLayer: null, evaluation: null, diverged: null, trainSeconds: 0,
      },
    });
    expect('arithmetic' in reduceLab(INITIAL_LAB, started(3))).toBe(false);
  });

  it('progress: appends the points and the norms, adds the time the new samples took, keeps the last first-layer image', () => {
    const image = new Float32Array([1, 2]);
    let s = reduceLab(running(), progress(3, 20, 40, { firstLayer: image }));
    expect(s.run).toMatchObject({ epoch: 1, batch: 1, samplesSeen: 20, samplesPerSecond: 40, learningRate: 0.25, accuracy: 0.25, gradientNorms: [0.5, 0.25], firstLayer: image });
    expect(s.run!.loss).toEqual({ samplesSeen: [10, 20], loss: [2.2, 2] });
    expect(s.run!.trainSeconds).toBe(0.5); // 20 samples at 40/s
    s = reduceLab(s, progress(3, 40, 10, { gradientNorms: [0.125, 0.5] }));
    expect(s.run!.loss).toEqual({ samplesSeen: [10, 20, 30, 40], loss: [2.2, 2, 2.2, 2] });
    expect(s.run!.normHistory).toEqual([{ samplesSeen: 20, norms: [0.5, 0.25] }, { samplesSeen: 40, norms: [0.125, 0.5] }]);
    expect(s.run!.firstLayer).toBe(image);
    expect(s.run!.trainSeconds).toBe(2.5); // + 20 samples at 10/s
    // No speed measured yet: no time added.
    expect(reduceLab(s, progress(3, 50, 0)).run!.trainSeconds).toBe(2.5);
  });

  it('epoch, evaluation, learning-rate, paused and resumed change the current run', () => {
    let s = reduceLab(running(), { type: 'epoch', runId: 3, result: epochResult, evaluation: evaluation(0.65), gradientNorms: [1, 2], samplesSeen: 100 });
    expect(s.run!.epochs).toEqual([{ ...epochResult, samplesSeen: 100 }]);
    expect(s.run!.evaluation).toEqual(evaluation(0.65));
    expect(s.run!.gradientNorms).toEqual([1, 2]);
    s = reduceLab(s, { type: 'epoch', runId: 3, result: { ...epochResult, epoch: 2 }, evaluation: evaluation(0.7), gradientNorms: [3, 4], samplesSeen: 200 });
    expect(s.run!.epochs.map((e) => [e.epoch, e.samplesSeen])).toEqual([[1, 100], [2, 200]]);
    s = reduceLab(s, { type: 'evaluation', runId: 3, evaluation: evaluation(0.75) });
    expect(s.run!.evaluation!.accuracy).toBe(0.75);
    const change = { epoch: 2, batch: 1, samplesSeen: 120, learningRate: 0.1 };
    s = reduceLab(s, { type: 'learning-rate', runId: 3, change });
    s = reduceLab(s, { type: 'learning-rate', runId: 3, change: { ...change, samplesSeen: 130 } });
    expect(s.run!.changes.map((c) => c.samplesSeen)).toEqual([120, 130]);
    s = reduceLab(s, { type: 'paused', runId: 3 });
    expect(s.phase).toBe('paused');
    s = reduceLab(s, { type: 'resumed', runId: 3 });
    expect(s.phase).toBe('running');
  });

  it('a message about another run, or with no run at all, changes nothing', () => {
    const events: ClientEvent[] = [
      progress(9, 20, 40),
      { type: 'epoch', runId: 9, result: epochResult, evaluation: evaluation(0.5), gradientNorms: [], samplesSeen: 100 },
      { type: 'evaluation', runId: 9, evaluation: evaluation(0.5) },
      { type: 'learning-rate', runId: 9, change: { epoch: 1, batch: 1, samplesSeen: 1, learningRate: 1 } },
      { type: 'paused', runId: 9 },
      { type: 'resumed', runId: 9 },
      done(9),
      diverged(9),
      { type: 'weights', runId: 3, net: net() },
    ];
    const s = running();
    for (const event of events) {
      expect(reduceLab(s, event)).toBe(s);
      expect(reduceLab(INITIAL_LAB, { ...event, runId: 3 } as ClientEvent)).toBe(INITIAL_LAB);
    }
    const paused = { ...s, phase: 'paused' as const };
    expect(reduceLab(paused, { type: 'resumed', runId: 9 })).toBe(paused);
  });

  it('done: finished or stopped, with the final evaluation, changes, samples and the first layer of the final weights', () => {
    const event = done(3);
    const s = reduceLab(running(), event);
    expect(s.phase).toBe('finished');
    expect(s.run).toMatchObject({ evaluation: evaluation(0.8), changes: event.changes, samplesSeen: 200 });
    expect(s.run!.firstLayer).toBe(event.net.layers[0].W);
    expect(reduceLab(running(), done(3, 'stopped')).phase).toBe('stopped');
  });

  it('diverged: where and why, with the changes so far', () => {
    const event = { ...diverged(3), changes: [{ epoch: 1, batch: 1, samplesSeen: 10, learningRate: 0.5 }] };
    const s = reduceLab(running(), event);
    expect(s.phase).toBe('diverged');
    expect(s.run!.diverged).toEqual({ epoch: 2, batch: 3, samplesSeen: 130, loss: Number.POSITIVE_INFINITY, reason: 'the loss is not a number', suggestion: 'try η 0.05', learningRate: 0.5 });
    expect(s.run!.changes).toEqual(event.changes);
  });

  it('errors: a failed load, a refused command during a run (the run goes on), and an error that ends a run', () => {
    expect(reduceLab(running(), { type: 'error', runId: null, message: 'no data' })).toMatchObject({ phase: 'load-failed', message: 'no data' });
    const s = running();
    expect(reduceLab(s, { type: 'error', runId: 3, message: 'η refused' })).toEqual({ ...s, message: 'η refused' });
    const paused = { ...s, phase: 'paused' as const };
    expect(reduceLab(paused, { type: 'error', runId: 3, message: 'η refused' })).toEqual({ ...paused, message: 'η refused' });
    expect(reduceLab({ ...s, phase: 'starting' }, { type: 'error', runId: 3, message: 'bad' })).toMatchObject({ phase: 'error', message: 'bad' });
    expect(reduceLab(s, { type: 'error', runId: 4, message: 'other' })).toMatchObject({ phase: 'error', message: 'other' });
    expect(reduceLab(INITIAL_LAB, { type: 'error', runId: 4, message: 'none' })).toMatchObject({ phase: 'error', message: 'none' });
    expect(reduceLab(s, { type: 'crashed', message: 'worker died' })).toEqual({ ...s, phase: 'crashed', message: 'worker died' });
  });
});

describe('recordOf', () => {
  const live = (overrides: Partial<LiveRun> = {}): LiveRun => ({ ...running().run!, trainSeconds: 4.5, ...overrides });

  it('a finished run: its id, name, date, final evaluation and weights', () => {
    const event = done(3);
    const points = 4001;
    const run = live({ loss: { samplesSeen: Array.from({ length: points }, (_, k) => k), loss: Array.from({ length: points }, () => 1) }, epochs: [{ ...epochResult, samplesSeen: 100 }] });
    const r = recordOf(run, event, 5000);
    expect(r.id).toMatch(/^run-5000-\d+$/);
    expect(r).toMatchObject({ name: 'SGD η 0.5, 4 relu, batch 10, 2 epochs', createdAt: 5000, status: 'completed', config, backend: 'ts', finalAccuracy: 0.8, trainSeconds: 4.5 });
    expect(r.evaluation).toBe(event.evaluation);
    expect(r.net).toBe(event.net);
    expect(r.curves.changes).toBe(event.changes);
    expect(r.curves.epochs).toEqual([{ ...epochResult, samplesSeen: 100 }]);
    expect(r.curves.diverged).toBeNull();
    // Thinned to the store's 4000 points, first and last kept.
    expect(r.curves.batches.samplesSeen).toHaveLength(4000);
    expect(r.curves.batches.samplesSeen.at(-1)).toBe(4000);
    expect(recordOf(run, done(3, 'stopped'), 1).status).toBe('stopped');
  });

  it('a diverged run: no weights, the evaluation it had, the last epoch\'s test accuracy, an infinite loss kept as -1', () => {
    const s = reduceLab(reduceLab(running(), { type: 'epoch', runId: 3, result: epochResult, evaluation: evaluation(0.65), gradientNorms: [], samplesSeen: 100 }), diverged(3));
    const r = recordOf({ ...s.run!, loss: { samplesSeen: [10], loss: [2] } }, diverged(3), 7);
    expect(r).toMatchObject({ status: 'diverged', net: null, finalAccuracy: 0.65, evaluation: evaluation(0.65), createdAt: 7 });
    expect(r.curves.diverged).toEqual({ samplesSeen: 130, loss: -1, reason: 'the loss is not a number', suggestion: 'try η 0.05' });
    expect(r.curves.batches).toEqual({ samplesSeen: [10], loss: [2] });
    const finite = reduceLab(running(), diverged(3, 1e9));
    expect(recordOf(finite.run!, diverged(3, 1e9), 8).curves.diverged!.loss).toBe(1e9);
    // Diverged before any epoch: no accuracy, no evaluation.
    expect(recordOf(finite.run!, diverged(3), 8)).toMatchObject({ finalAccuracy: null, evaluation: null });
    // An epoch without a test accuracy: none.
    const { testAccuracy: _, ...noTest } = epochResult;
    expect(recordOf({ ...finite.run!, epochs: [{ ...noTest, samplesSeen: 100 }] }, diverged(3), 8).finalAccuracy).toBeNull();
  });

  it('uniqueName counts up until a name is free', () => {
    expect(uniqueName('a', ['a', 'a #2', 'a #3', 'b'])).toBe('a #4');
    expect(uniqueName('a', ['a #2'])).toBe('a');
  });
});

/** A client whose events the test sends, recording the commands it is given. */
function scriptedClient() {
  const calls: string[] = [];
  let listener: ((event: ClientEvent) => void) | null = null;
  const client: TrainingClient = {
    init: () => void calls.push('init'),
    start: (c) => (calls.push(`start ${c.optimizer.name} ${c.optimizer.learningRate}`), 3),
    pause: () => void calls.push('pause'),
    resume: () => void calls.push('resume'),
    stop: () => void calls.push('stop'),
    setLearningRate: (lr) => void calls.push(`lr ${lr}`),
    evaluate: () => void calls.push('evaluate'),
    exportWeights: () => void calls.push('export'),
    runId: () => 3,
    restart: () => void calls.push('restart'),
    subscribe(l) {
      listener = l;
      return () => (listener = null);
    },
    dispose: () => void calls.push('dispose'),
  };
  return { client, calls, send: (event: ClientEvent) => listener?.(event) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLab', () => {
  it('the first train initialises the worker once; phases follow the commands; commands go to the client', () => {
    const { client, calls, send } = scriptedClient();
    const lab = createLab(client, null);
    expect(lab.state.get()).toEqual(INITIAL_LAB);
    lab.train(LAB_DEFAULTS);
    expect(calls).toEqual(['init', 'start adam 0.001']);
    expect(lab.state.get().phase).toBe('loading');
    send({ type: 'ready', backend: 'ts', trainCount: 1, testCount: 1 });
    send(started());
    lab.train({ ...LAB_DEFAULTS, learningRate: 0.01 });
    expect(calls.slice(2)).toEqual(['start adam 0.01']);
    expect(lab.state.get().phase).toBe('starting');
    lab.pause();
    lab.resume();
    lab.setLearningRate(0.2);
    lab.stop();
    expect(calls.slice(3)).toEqual(['pause', 'resume', 'lr 0.2', 'stop']);
  });

  it('train from a failed load or while loading shows loading again; the message is cleared', () => {
    for (const phase of ['load-failed', 'loading', 'idle'] as const) {
      const { client, send } = scriptedClient();
      const lab = createLab(client, null);
      send({ type: 'loading', loaded: 1, total: 2 });
      lab.state.set({ ...lab.state.get(), phase, message: 'old' });
      lab.train(LAB_DEFAULTS);
      expect(lab.state.get()).toMatchObject({ phase: 'loading', message: null });
    }
    for (const phase of ['ready', 'finished', 'error', 'crashed'] as const) {
      const { client } = scriptedClient();
      const lab = createLab(client, null);
      lab.state.set({ ...lab.state.get(), phase });
      lab.train(LAB_DEFAULTS);
      expect(lab.state.get().phase).toBe('starting');
    }
  });

  it('retry starts the run asked for, or only loads when none was; restart starts over and initialises again', () => {
    const first = scriptedClient();
    const idle = createLab(first.client, null);
    first.send({ type: 'loading', loaded: 1, total: 2 });
    first.send({ type: 'error', runId: null, message: 'offline' });
    idle.retry();
    expect(first.calls).toEqual(['init']);
    expect(idle.state.get()).toMatchObject({ phase: 'loading', message: null, loading: null });

    const second = scriptedClient();
    const lab = createLab(second.client, null);
    lab.train({ ...LAB_DEFAULTS, optimizer: 'sgd', learningRate: 0.1 });
    second.send({ type: 'error', runId: null, message: 'offline' });
    lab.retry();
    expect(second.calls).toEqual(['init', 'start sgd 0.1', 'start sgd 0.1']);
    lab.restart();
    expect(second.calls.at(-1)).toBe('restart');
    expect(lab.state.get()).toEqual(INITIAL_LAB);
    lab.train(LAB_DEFAULTS);
    expect(second.calls.slice(-2)).toEqual(['init', 'start adam 0.001']);
  });

  it('files an ended run in the history under a name no other run has, then marks it as saved', async () => {
    const { client, send } = scriptedClient();
    const store = openRunStore(memoryBackend());
    const lab = createLab(client, store);
    send(started());
    send(done(3));
    await settle();
    await settle();
    const first = (await store.list()).runs;
    expect(first.map((r) => r.name)).toEqual(['SGD η 0.5, 4 relu, batch 10, 2 epochs']);
    expect(lab.state.get().run!.recordId).toBe(first[0].id);
    send(started(4));
    send(diverged(4));
    await settle();
    await settle();
    const runs = (await store.list()).runs;
    expect(runs.map((r) => [r.name, r.status]).sort((a, b) => a[1].localeCompare(b[1]))).toEqual([
      ['SGD η 0.5, 4 relu, batch 10, 2 epochs', 'completed'],
      ['SGD η 0.5, 4 relu, batch 10, 2 epochs #2', 'diverged'],
    ]);
    expect(lab.state.get().run!.recordId).toBe(runs.find((r) => r.status === 'diverged')!.id);
    expect(lab.saveNotes.get()).toEqual([]);
  });

  it('does not file a run it is not following, nor mark a newer run with an older run\'s record', async () => {
    const { client, send } = scriptedClient();
    const puts: RunRecord[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = { ...openRunStore(memoryBackend()), list: async () => ({ runs: [], notes: [] }), put: async (r: RunRecord) => (puts.push(r), gate) } as RunStore;
    const lab = createLab(client, store);
    send(started(3));
    send(done(9));
    await settle();
    expect(puts).toHaveLength(0);
    send(done(3));
    await settle();
    expect(puts).toHaveLength(1);
    // A new run starts before the save finishes: the record belongs to the old run.
    send(started(4));
    release();
    await settle();
    await settle();
    expect(lab.state.get().run!.runId).toBe(4);
    expect(lab.state.get().run!.recordId).toBeUndefined();
  });

  it('a save that fails is said in a note, one per failure; without a store nothing is saved', async () => {
    const { client, send } = scriptedClient();
    const store = { ...openRunStore(memoryBackend()), put: () => Promise.reject(new Error('the disk is full')) } as RunStore;
    const lab = createLab(client, store);
    send(started());
    send(done(3));
    await settle();
    await settle();
    send(started(3));
    send(done(3, 'stopped'));
    await settle();
    await settle();
    expect(lab.saveNotes.get()).toEqual(['This run could not be saved in the history: the disk is full', 'This run could not be saved in the history: the disk is full']);
    expect(lab.state.get().run!.recordId).toBeUndefined();

    const bare = scriptedClient();
    const unsaved = createLab(bare.client, null);
    bare.send(started());
    expect(() => bare.send(done(3))).not.toThrow();
    expect(unsaved.state.get().phase).toBe('finished');
    await settle();
    expect(unsaved.saveNotes.get()).toEqual([]);
  });

  it('a restart while a run is being saved: the run is still saved, quietly, and the lab stays reset', async () => {
    const { client, send } = scriptedClient();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const puts: RunRecord[] = [];
    const store = { ...openRunStore(memoryBackend()), list: async () => ({ runs: [], notes: [] }), put: async (r: RunRecord) => (puts.push(r), gate) } as RunStore;
    const lab = createLab(client, store);
    send(started());
    send(done(3));
    await settle();
    lab.restart();
    release();
    await settle();
    expect(puts).toHaveLength(1);
    expect(lab.state.get()).toEqual(INITIAL_LAB);
    expect(lab.saveNotes.get()).toEqual([]);
  });

  it('an ended run the lab never saw start is not filed', async () => {
    const { client, send } = scriptedClient();
    const puts: RunRecord[] = [];
    const store = { ...openRunStore(memoryBackend()), put: async (r: RunRecord) => void puts.push(r) } as RunStore;
    const lab = createLab(client, store);
    expect(() => send(done(3))).not.toThrow();
    expect(() => send(diverged(3))).not.toThrow();
    await settle();
    expect(puts).toEqual([]);
    expect(lab.state.get()).toEqual(INITIAL_LAB);
  });
});
