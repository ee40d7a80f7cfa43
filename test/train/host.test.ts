/**
 * The worker module run in-process: the trainer's state machine driven by protocol messages
 * (start → pause → resume → stop, reset mid-epoch, a second start while one is paused, the
 * learning rate changed mid-run), throttled progress that still carries every batch's loss,
 * per-epoch evaluations, loading progress and failures.
 */
import { describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import { tsBackend, type KernelBackend } from '../../src/nn/index.ts';
import { createTrainingHost, type HostOptions } from '../../src/train/host.ts';
import type { FromWorker, RunConfig } from '../../src/train/protocol.ts';

const train = takeFirst(loadMnist('train'), 3000);
const test = loadSample();
const config: RunConfig = { hidden: [16], activation: 'relu', seed: 1, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 30, epochs: 2, schedule: 'constant', trainSize: 3000 };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A host whose backend counts open sessions, and the messages it posted. */
function harness(overrides: Partial<HostOptions> = {}) {
  const messages: FromWorker[] = [];
  const sessions = { open: 0 };
  const counting: KernelBackend = {
    name: 'ts',
    createSession(...args) {
      const session = tsBackend.createSession(...args);
      sessions.open++;
      return { ...session, dispose: () => (sessions.open--, session.dispose()) };
    },
  };
  const host = createTrainingHost({
    post: (m) => messages.push(m),
    loadData: async (_base, onProgress) => (onProgress(5, 10), onProgress(10, 10), { train, test }),
    loadBackend: async () => counting,
    yieldThen: (next) => setTimeout(next, 0),
    ...overrides,
  });
  const until = async (what: (m: FromWorker) => boolean, timeout = 50_000): Promise<FromWorker> => {
    const started = Date.now();
    for (;;) {
      const found = messages.find(what);
      if (found) return found;
      if (Date.now() - started > timeout) throw new Error(`timed out; last messages: ${messages.slice(-3).map((m) => m.type).join(', ')}`);
      await sleep(2);
    }
  };
  return { host, messages, sessions, until, types: () => messages.map((m) => m.type) };
}

describe('the training worker module', () => {
  it('init reports loading progress then ready with the backend and set sizes', async () => {
    const { host, messages } = harness();
    await host.receive({ type: 'init', baseUrl: '/data/', backend: 'auto' });
    expect(messages).toEqual([
      { type: 'loading', loaded: 5, total: 10 },
      { type: 'loading', loaded: 10, total: 10 },
      { type: 'ready', backend: 'ts', arithmetic: 'TypeScript', trainCount: 3000, testCount: 100 },
    ]);
  });

  it('a failed download is an error without a run, and the next init tries again', async () => {
    let attempts = 0;
    const { host, messages } = harness({
      loadData: async () => {
        if (++attempts === 1) throw new Error('Could not download train-images.idx.gzip: the server answered 500');
        return { train, test };
      },
    });
    await host.receive({ type: 'init', baseUrl: '/', backend: 'auto' });
    expect(messages.at(-1)).toEqual({ type: 'error', runId: null, message: 'Could not download train-images.idx.gzip: the server answered 500' });
    await host.receive({ type: 'init', baseUrl: '/', backend: 'auto' });
    expect(messages.at(-1)).toMatchObject({ type: 'ready' });
    expect(attempts).toBe(2);
  });

  it('trains to the end: throttled progress carrying every batch, an evaluation per epoch, done with weights', async () => {
    const { host, messages, sessions, until } = harness({ progressEveryMs: 50 });
    await host.receive({ type: 'start', runId: 1, config });
    const done = await until((m) => m.type === 'done');
    const progress = messages.filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress');
    // 100 batches per epoch, 2 epochs: every batch's loss arrives exactly once, in order.
    const xs = progress.flatMap((m) => m.points.samplesSeen);
    expect(xs).toEqual(Array.from({ length: 200 }, (_, k) => (k + 1) * 30));
    expect(progress.length).toBeLessThan(200);
    for (let k = 1; k < progress.length; k++) expect(progress[k].samplesSeen).toBeGreaterThan(progress[k - 1].samplesSeen);
    expect(progress[0].firstLayer).toBeInstanceOf(Float32Array);
    expect(progress[0].firstLayer!.length).toBe(16 * 784);
    const epochs = messages.filter((m) => m.type === 'epoch');
    expect(epochs).toHaveLength(2);
    if (epochs[1].type === 'epoch') {
      const e = epochs[1].evaluation;
      expect(e.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
      expect(e.misclassified).toHaveLength(100 - e.confusion.reduce((sum, row, c) => sum + row[c], 0));
      expect(e.predicted.every((p, k) => p !== test.labels[e.misclassified[k]])).toBe(true);
      expect(e.confidence.every((p) => p > 0.1 && p <= 1)).toBe(true);
      expect(epochs[1].gradientNorms).toHaveLength(2);
      expect(epochs[1].result.testAccuracy).toBe(e.accuracy);
    }
    expect(done).toMatchObject({ type: 'done', runId: 1, status: 'completed', samplesSeen: 6000 });
    if (done.type === 'done') {
      expect(done.net.sizes).toEqual([784, 16, 10]);
      expect(done.evaluation.accuracy).toBeGreaterThan(0.7);
      expect(done.epochs).toHaveLength(2);
    }
    expect(sessions.open).toBe(0);
  });

  it('start → pause → resume → stop: nothing trains while paused, and stop reports and frees the run', async () => {
    const { host, messages, sessions, until, types } = harness({ progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 7, config: { ...config, epochs: 50 } });
    await until((m) => m.type === 'progress');
    await host.receive({ type: 'pause', runId: 7 });
    await sleep(30);
    const frozen = messages.length;
    await sleep(100);
    expect(messages.length).toBe(frozen);
    await host.receive({ type: 'stop', runId: 6 }); // about an ended run: ignored
    await host.receive({ type: 'pause', runId: 7 }); // already paused: no second message
    expect(types().filter((t) => t === 'paused')).toHaveLength(1);
    await host.receive({ type: 'resume', runId: 7 });
    await until((m) => m.type === 'progress' && messages.indexOf(m) > frozen + 1);
    await host.receive({ type: 'stop', runId: 7 });
    expect(messages.at(-1)).toMatchObject({ type: 'done', runId: 7, status: 'stopped' });
    const after = messages.length;
    await sleep(50);
    expect(messages.length).toBe(after);
    expect(sessions.open).toBe(0);
  });

  it('a second start while one is paused ends the first cleanly before the second begins', async () => {
    const { host, messages, sessions, until, types } = harness({ progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 1, config: { ...config, epochs: 50 } });
    await until((m) => m.type === 'progress');
    await host.receive({ type: 'pause', runId: 1 });
    await host.receive({ type: 'start', runId: 2, config: { ...config, epochs: 1 } });
    const first = messages.findIndex((m) => m.type === 'done' && m.runId === 1);
    const second = messages.findIndex((m) => m.type === 'started' && m.runId === 2);
    expect(first).toBeGreaterThan(-1);
    expect(first).toBeLessThan(second);
    expect(messages[first]).toMatchObject({ status: 'stopped' });
    await until((m) => m.type === 'done' && m.runId === 2);
    expect(messages.slice(first + 1).some((m) => 'runId' in m && m.runId === 1)).toBe(false);
    expect(types().filter((t) => t === 'done')).toHaveLength(2);
    expect(sessions.open).toBe(0);
  });

  it('reset mid-epoch (stop, then start) begins again at epoch 1, batch 0 from the same weights', async () => {
    const { host, messages, until } = harness({ progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 1, config });
    await until((m) => m.type === 'progress' && m.batch > 5);
    await host.receive({ type: 'stop', runId: 1 });
    await host.receive({ type: 'start', runId: 2, config });
    const firstOf = (runId: number) => messages.find((m) => m.type === 'progress' && m.runId === runId) as Extract<FromWorker, { type: 'progress' }>;
    await until((m) => m.type === 'progress' && m.runId === 2);
    expect(firstOf(2).epoch).toBe(1);
    expect(firstOf(2).points.samplesSeen[0]).toBe(30);
    expect(firstOf(2).points.loss[0]).toBe(firstOf(1).points.loss[0]);
    await host.receive({ type: 'stop', runId: 2 });
  });

  it('a learning rate changed mid-run takes effect at the next batch and is recorded', async () => {
    const { host, messages, until } = harness({ progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 3, config: { ...config, epochs: 5 } });
    await until((m) => m.type === 'progress');
    await host.receive({ type: 'set-learning-rate', runId: 3, learningRate: 0.02 });
    const change = await until((m) => m.type === 'learning-rate');
    const at = messages.indexOf(change);
    await until((m, k = messages.indexOf(m)) => m.type === 'progress' && k > at);
    const later = messages.slice(at).find((m) => m.type === 'progress');
    expect(later).toMatchObject({ learningRate: 0.02 });
    await host.receive({ type: 'set-learning-rate', runId: 3, learningRate: -1 });
    expect(messages.at(-1)).toMatchObject({ type: 'error', runId: 3 });
    expect((messages.at(-1) as { message: string }).message).toMatch(/greater than 0/);
    await host.receive({ type: 'stop', runId: 3 });
    const done = messages.at(-1);
    expect(done).toMatchObject({ type: 'done' });
    if (done?.type === 'done') expect(done.changes).toEqual([expect.objectContaining({ learningRate: 0.02 })]);
  });

  it('evaluate and export answer for the current run only', async () => {
    const { host, messages, until } = harness({ progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 4, config: { ...config, epochs: 5 } });
    await until((m) => m.type === 'progress');
    await host.receive({ type: 'pause', runId: 4 });
    await host.receive({ type: 'evaluate', runId: 4 });
    expect(messages.at(-1)).toMatchObject({ type: 'evaluation', runId: 4 });
    await host.receive({ type: 'export-weights', runId: 4 });
    const weights = messages.at(-1);
    expect(weights?.type === 'weights' && weights.net.layers[1].W.length).toBe(160);
    const count = messages.length;
    await host.receive({ type: 'export-weights', runId: 99 });
    expect(messages.length).toBe(count);
    await host.receive({ type: 'stop', runId: 4 });
  });

  it('settings that cannot train are an error for that run; a huge learning rate diverges with an explanation', async () => {
    const { host, messages, until, sessions } = harness();
    await host.receive({ type: 'start', runId: 2, config: { ...config, batchSize: 0 } });
    expect(messages.at(-1)).toMatchObject({ type: 'error', runId: 2 });
    expect((messages.at(-1) as { message: string }).message).toMatch(/batch size/);
    await host.receive({ type: 'start', runId: 3, config: { ...config, trainSize: 0 } });
    expect((messages.at(-1) as { message: string }).message).toMatch(/training digits must be a whole number from 1 to 3000/);
    await host.receive({ type: 'start', runId: 4, config: { ...config, optimizer: { name: 'sgd', learningRate: 60 } } });
    const diverged = await until((m) => m.type === 'diverged');
    expect(diverged).toMatchObject({ runId: 4, learningRate: 60 });
    if (diverged.type === 'diverged') {
      expect(diverged.suggestion).toMatch(/try 6/);
      // Every batch trained before the blow-up reached the page (the curve ends where it blew up).
      const points = messages.slice(0, messages.indexOf(diverged)).flatMap((m) => (m.type === 'progress' && m.runId === 4 ? m.points.samplesSeen : []));
      expect(diverged.epoch).toBe(1);
      expect(points).toHaveLength(diverged.batch);
      expect(diverged.samplesSeen).toBe(diverged.batch * 30);
    }
    expect(sessions.open).toBe(0);
  });
  it('trains on the first trainSize digits: from 1 to the whole set, and refuses one more', async () => {
    const { host, messages, until } = harness();
    await host.receive({ type: 'start', runId: 5, config: { ...config, trainSize: 1, batchSize: 1, epochs: 1 } });
    expect(messages.at(-1)).toMatchObject({ type: 'started', runId: 5, trainCount: 1, batchesPerEpoch: 1 });
    const done = await until((m) => m.type === 'done' && m.runId === 5);
    expect(done).toMatchObject({ status: 'completed', samplesSeen: 1 });
    await host.receive({ type: 'start', runId: 6, config: { ...config, trainSize: 10, batchSize: 10, epochs: 1 } });
    expect(messages.at(-1)).toMatchObject({ type: 'started', runId: 6, trainCount: 10, batchesPerEpoch: 1 });
    expect(await until((m) => m.type === 'done' && m.runId === 6)).toMatchObject({ samplesSeen: 10 });
    await host.receive({ type: 'start', runId: 7, config: { ...config, trainSize: 3001 } });
    expect(messages.at(-1)).toEqual({ type: 'error', runId: 7, message: 'the number of training digits must be a whole number from 1 to 3000 (got 3001)' });
    await host.receive({ type: 'start', runId: 8, config: { ...config, trainSize: 2.5 } });
    expect(messages.at(-1)).toMatchObject({ type: 'error', runId: 8 });
  });

  it('a start whose data cannot load is an error without a run', async () => {
    const { host, messages } = harness({ loadData: async () => { throw new Error('offline'); } });
    await host.receive({ type: 'start', runId: 9, config });
    expect(messages).toEqual([{ type: 'error', runId: null, message: 'offline' }]);
  });

  it('a backend that fails mid-run is an error for that run, and the run is freed', async () => {
    const failing: KernelBackend = {
      name: 'ts',
      createSession(...args) {
        const session = tsBackend.createSession(...args);
        return { ...session, forwardBackward: () => { throw new Error('out of memory'); } };
      },
    };
    const { host, messages, until } = harness({ loadBackend: async () => failing });
    await host.receive({ type: 'start', runId: 10, config });
    expect(await until((m) => m.type === 'error')).toEqual({ type: 'error', runId: 10, message: 'out of memory' });
    // The run is over: messages about it are ignored.
    const count = messages.length;
    await host.receive({ type: 'evaluate', runId: 10 });
    expect(messages).toHaveLength(count);
  });

  it('two starts sent while the data loads: the first run is reported stopped when the second begins', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((done) => (release = done));
    const { host, messages, until } = harness({ loadData: async () => (await gate, { train, test }) });
    const first = host.receive({ type: 'start', runId: 11, config });
    const second = host.receive({ type: 'start', runId: 12, config: { ...config, epochs: 1, trainSize: 30 } });
    release();
    await Promise.all([first, second]);
    expect(await until((m) => m.type === 'done' && m.runId === 11)).toMatchObject({ status: 'stopped' });
    expect(await until((m) => m.type === 'done' && m.runId === 12)).toMatchObject({ status: 'completed' });
    expect(messages.filter((m) => m.type === 'started').map((m) => m.type === 'started' && m.runId)).toEqual([11, 12]);
  });
});
