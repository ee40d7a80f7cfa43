/**
 * The training host driven one time slice at a time (its `yieldThen` queued by the test), so what
 * reaches the page between two slices is exact: the batches trained since the last progress message
 * are posted before a stop's `done` and before a `diverged`; the first-layer image travels as a
 * transfer; a smaller training set is exactly its first digits. And the default yield (a
 * MessageChannel hop, with or without Node's `unref`) drives a run to the end.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import { createNetwork, createTrainer, tsBackend, type KernelBackend } from '../../src/nn/index.ts';
import { createTrainingHost, type HostOptions } from '../../src/train/host.ts';
import type { FromWorker, RunConfig } from '../../src/train/protocol.ts';

const train = takeFirst(loadMnist('train'), 300);
const test = loadSample();
const config: RunConfig = { hidden: [8], activation: 'relu', seed: 3, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 30, epochs: 1, schedule: 'constant', trainSize: 300 };
type Progress = Extract<FromWorker, { type: 'progress' }>;

/** A host whose slices run only when the test says so. */
function stepped(overrides: Partial<HostOptions> = {}) {
  const messages: FromWorker[] = [];
  const transfers: (Transferable[] | undefined)[] = [];
  const queue: (() => void)[] = [];
  const host = createTrainingHost({
    post: (m, transfer) => (messages.push(m), transfers.push(transfer)),
    loadData: async () => ({ train, test }),
    loadBackend: async () => tsBackend,
    yieldThen: (next) => queue.push(next),
    ...overrides,
  });
  const slice = (times = 1) => {
    for (let k = 0; k < times; k++) queue.shift()!();
  };
  const progress = () => messages.filter((m): m is Progress => m.type === 'progress');
  return { host, messages, transfers, slice, progress, queue };
}

describe('the training host, one slice at a time', () => {
  it('stop posts the batches trained since the last progress message before done', async () => {
    // sliceMs 0: one batch per slice. A long progress interval: only the first slice reports.
    const { host, messages, slice, progress } = stepped({ sliceMs: 0, progressEveryMs: 1e9 });
    await host.receive({ type: 'start', runId: 1, config });
    slice(3);
    expect(progress().map((m) => m.points.samplesSeen)).toEqual([[30]]);
    await host.receive({ type: 'stop', runId: 1 });
    expect(progress().map((m) => m.points.samplesSeen)).toEqual([[30], [60, 90]]);
    expect(progress()[1]).toMatchObject({ epoch: 1, batch: 2, samplesSeen: 90 });
    expect(messages.at(-1)).toMatchObject({ type: 'done', status: 'stopped', samplesSeen: 90 });
  });

  it('a divergence posts the batches trained before the one that blew up, then diverged', async () => {
    // At η = 10 this network's loss explodes on the third batch (batch 2); one long slice trains all three.
    const { host, messages, slice, progress } = stepped({ sliceMs: 1e9, progressEveryMs: 1e9 });
    await host.receive({ type: 'start', runId: 2, config: { ...config, hidden: [16], seed: 1, optimizer: { name: 'sgd', learningRate: 10 }, trainSize: 300 } });
    slice();
    const diverged = messages.at(-1);
    expect(diverged).toMatchObject({ type: 'diverged', runId: 2, epoch: 1 });
    const batch = diverged?.type === 'diverged' ? diverged.batch : -1;
    expect(batch).toBeGreaterThan(0);
    expect(progress().flatMap((m) => m.points.samplesSeen)).toEqual(Array.from({ length: batch }, (_, k) => (k + 1) * 30));
  });

  it('a divergence after a finished epoch and a rate change carries both', async () => {
    const { host, messages, slice, queue, progress } = stepped({ sliceMs: 1e9, progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 5, config: { ...config, hidden: [16], seed: 1, epochs: 3 } });
    slice(); // one long slice: the whole of epoch 1, then a yield after its evaluation
    expect(messages.filter((m) => m.type === 'epoch')).toHaveLength(1);
    await host.receive({ type: 'set-learning-rate', runId: 5, learningRate: 60 });
    while (queue.length > 0) slice();
    const diverged = messages.at(-1);
    expect(diverged).toMatchObject({ type: 'diverged', epoch: 2, learningRate: 60 });
    if (diverged?.type !== 'diverged') throw new Error('no divergence');
    expect(diverged.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(diverged.changes).toEqual([{ epoch: 2, batch: 0, samplesSeen: 300, learningRate: 60 }]);
    // Progress is sent even at the shortest interval only when batches were trained since the last one.
    expect(progress().every((m) => m.points.loss.length > 0)).toBe(true);
  });

  it('a pause while paused and a resume while running say nothing; pause and resume before the next slice keep one loop', async () => {
    const { host, messages, slice, queue } = stepped({ sliceMs: 0, progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 6, config });
    await host.receive({ type: 'resume', runId: 6 }); // running: nothing to resume
    await host.receive({ type: 'pause', runId: 6 });
    await host.receive({ type: 'pause', runId: 6 });
    await host.receive({ type: 'resume', runId: 6 });
    expect(messages.map((m) => m.type)).toEqual(['started', 'paused', 'resumed']);
    // The slice scheduled at the start is still waiting: the resume must not queue a second loop.
    expect(queue).toHaveLength(1);
    slice();
    expect(queue).toHaveLength(1);
    await host.receive({ type: 'stop', runId: 6 });
  });

  it('a start without init loads from the page\'s own base with the automatic backend choice', async () => {
    const calls: string[] = [];
    const { host, messages } = stepped({
      loadData: async (base) => (calls.push(`data ${JSON.stringify(base)}`), { train, test }),
      loadBackend: async (choice) => (calls.push(`backend ${choice}`), tsBackend),
    });
    await host.receive({ type: 'start', runId: 7, config });
    expect(calls).toEqual(['data ""', 'backend auto']);
    expect(messages.at(-1)).toMatchObject({ type: 'started', runId: 7 });
    await host.receive({ type: 'stop', runId: 7 });
  });

  it('the first-layer weights image is handed over as a transfer, not copied', async () => {
    const { host, messages, transfers, slice } = stepped({ sliceMs: 0, progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 3, config });
    slice();
    const k = messages.findIndex((m) => m.type === 'progress');
    const image = (messages[k] as Progress).firstLayer!;
    expect(image.length).toBe(8 * 784);
    expect(transfers[k]).toEqual([image.buffer]);
    await host.receive({ type: 'stop', runId: 3 });
  });

  it('a smaller training set is its first trainSize digits: the same weights as a trainer given exactly those', async () => {
    const { host, messages, slice, queue } = stepped({ sliceMs: 1e9 });
    const small = { ...config, trainSize: 20, batchSize: 5, epochs: 2 };
    await host.receive({ type: 'start', runId: 4, config: small });
    while (queue.length > 0) slice();
    const done = messages.at(-1);
    expect(done).toMatchObject({ type: 'done', status: 'completed', samplesSeen: 40 });

    const net = createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 3 });
    const trainer = createTrainer(net, takeFirst(train, 20), { optimizer: small.optimizer, batchSize: 5, epochs: 2, shuffleSeed: 3, schedule: 'constant', backend: tsBackend });
    while (['batch', 'epoch'].includes(trainer.step().kind));
    const expected = trainer.snapshot();
    if (done?.type !== 'done') throw new Error('no done message');
    for (const l of [0, 1]) {
      expect(Array.from(done.net.layers[l].W)).toEqual(Array.from(expected.layers[l].W));
      expect(Array.from(done.net.layers[l].b)).toEqual(Array.from(expected.layers[l].b));
    }
  });
});

describe('progress on a clock the test controls (every batch takes 10 ms)', () => {
  afterEach(() => vi.restoreAllMocks());

  /** performance.now() moves only when a batch trains: 10 ms per forward-backward. */
  function clocked(overrides: Partial<HostOptions>) {
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const timed: KernelBackend = {
      name: 'ts',
      createSession(...args) {
        const session = tsBackend.createSession(...args);
        return { ...session, forwardBackward: (rows, count) => ((clock.now += 10), session.forwardBackward(rows, count)) };
      },
    };
    return { clock, ...stepped({ loadBackend: async () => timed, ...overrides }) };
  }

  it('slices of 25 ms, progress and first-layer images every 30 ms: rates, running accuracy and images by hand', async () => {
    // 200 digits in batches of 30: six full batches and one of 20 per epoch.
    const run = { ...config, trainSize: 200, batchSize: 30, epochs: 2 };
    const { host, messages, transfers, slice, queue, progress } = clocked({ sliceMs: 25, progressEveryMs: 30, weightsEveryMs: 30 });
    await host.receive({ type: 'start', runId: 1, config: run });
    while (queue.length > 0) slice();

    // The same run stepped directly: each batch's correct count (accuracy × size is a whole number).
    const trainer = createTrainer(createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 3 }), takeFirst(train, 200), {
      optimizer: run.optimizer, batchSize: 30, epochs: 2, shuffleSeed: 3, schedule: 'constant', backend: tsBackend,
    });
    const correct: number[] = [];
    for (let step = trainer.step(); step.kind === 'batch' || step.kind === 'epoch'; step = trainer.step()) {
      if (step.kind === 'batch') correct.push(Math.round(step.accuracy * Math.min(30, 200 - 30 * step.batch)));
    }
    const sum = (from: number, to: number) => correct.slice(from, to).reduce((a, b) => a + b, 0);

    // A slice trains batches until 25 ms have passed: three full batches (30 ms), or what is left
    // of the epoch (the batch of 20 then the epoch's end, 10 ms). Progress goes out at the end of a
    // slice when 30 ms have passed since the last one, and always at an epoch's end.
    // t = 30: batches 1–3, 90 digits in 30 ms; t = 60: 4–6; t = 70: 7 (20 digits, 10 ms), epoch 1 ends.
    // t = 100, 130, 140: the same in epoch 2. Images at 30, 60 (30 ms later), 100 and 130, not at 70 or 140.
    expect(progress().map((m) => ({ seen: m.points.samplesSeen, rate: m.samplesPerSecond, accuracy: m.accuracy, image: m.firstLayer !== undefined }))).toEqual([
      { seen: [30, 60, 90], rate: 3000, accuracy: sum(0, 3) / 90, image: true },
      { seen: [120, 150, 180], rate: 3000, accuracy: sum(0, 6) / 180, image: true },
      { seen: [200], rate: 2000, accuracy: sum(0, 7) / 200, image: false },
      { seen: [230, 260, 290], rate: 3000, accuracy: sum(7, 10) / 90, image: true },
      { seen: [320, 350, 380], rate: 3000, accuracy: sum(7, 13) / 180, image: true },
      { seen: [400], rate: 2000, accuracy: sum(7, 14) / 200, image: false },
    ]);
    // Only an image travels as a transfer.
    messages.forEach((m, k) => {
      if (m.type === 'progress') expect(transfers[k]).toEqual(m.firstLayer ? [m.firstLayer.buffer] : []);
    });
    // Each epoch message follows the progress that carries its last batch.
    const order = messages.filter((m) => m.type === 'progress' || m.type === 'epoch').map((m) => (m.type === 'epoch' ? 'epoch' : (m as Progress).samplesSeen));
    expect(order).toEqual([90, 180, 200, 'epoch', 290, 380, 400, 'epoch']);
    expect(messages.at(-1)).toMatchObject({ type: 'done', status: 'completed', samplesSeen: 400 });
  });

  it('progress with no time measured reports 0 digits a second, not Infinity', async () => {
    vi.spyOn(performance, 'now').mockReturnValue(5000); // a clock too coarse to see a batch
    const { host, slice, progress } = stepped({ sliceMs: 0, progressEveryMs: 0 });
    await host.receive({ type: 'start', runId: 2, config });
    slice(2);
    expect(progress().map((m) => [m.samplesSeen, m.samplesPerSecond])).toEqual([[30, 0], [60, 0]]);
    await host.receive({ type: 'stop', runId: 2 });
  });
});

describe('the default yield (a MessageChannel hop)', () => {
  afterEach(() => vi.unstubAllGlobals());

  const untilDone = async (messages: FromWorker[], runId: number) => {
    for (let waited = 0; !messages.some((m) => m.type === 'done' && m.runId === runId); waited += 5) {
      if (waited > 30_000) throw new Error(`run ${runId} did not finish: ${messages.map((m) => m.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('drives a run to the end, also when a second run starts before the first one\'s hop arrives', async () => {
    // The stale hop arrives after the last slice: it must find nothing to run and do nothing.
    const thrown: unknown[] = [];
    const collect = (error: unknown) => thrown.push(error);
    process.on('uncaughtException', collect);
    const messages: FromWorker[] = [];
    const host = createTrainingHost({ post: (m) => messages.push(m), loadData: async () => ({ train, test }), loadBackend: async () => tsBackend, sliceMs: 0 });
    await host.receive({ type: 'init', baseUrl: '/', backend: 'auto' });
    await host.receive({ type: 'start', runId: 1, config: { ...config, trainSize: 60 } });
    // Run 1's first hop is in flight; run 2 replaces it, and the stale hop finds nothing to run.
    await host.receive({ type: 'start', runId: 2, config: { ...config, trainSize: 90 } });
    await untilDone(messages, 2);
    expect(messages.find((m) => m.type === 'done' && m.runId === 1)).toMatchObject({ status: 'stopped', samplesSeen: 0 });
    expect(messages.find((m) => m.type === 'done' && m.runId === 2)).toMatchObject({ status: 'completed', samplesSeen: 90 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('uncaughtException', collect);
    expect(thrown).toEqual([]);
  });

  it('works with a browser\'s ports, which have no unref', async () => {
    class BrowserChannel {
      port1: { onmessage: ((event: unknown) => void) | null } = { onmessage: null };
      port2 = { postMessage: () => setTimeout(() => this.port1.onmessage?.({ data: null }), 0) };
    }
    vi.stubGlobal('MessageChannel', BrowserChannel);
    const messages: FromWorker[] = [];
    const host = createTrainingHost({ post: (m) => messages.push(m), loadData: async () => ({ train, test }), loadBackend: async () => tsBackend });
    await host.receive({ type: 'start', runId: 5, config: { ...config, trainSize: 60 } });
    await untilDone(messages, 5);
    expect(messages.at(-1)).toMatchObject({ type: 'done', status: 'completed', samplesSeen: 60 });
  });
});
