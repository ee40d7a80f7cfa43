/**
 * The page side: the client over an in-process worker (the real host module), the lab state it
 * reduces to, and the run history it fills. A crashed worker is reported and restartable; a
 * message from a replaced worker is ignored.
 */
import { describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import { tsBackend } from '../../src/nn/index.ts';
import { createLab, INITIAL_LAB, reduceLab } from '../../src/state/lab.ts';
import { LAB_DEFAULTS } from '../../src/state/lab-url.ts';
import { memoryBackend, openRunStore } from '../../src/state/run-store.ts';
import { createTrainingClient, type WorkerLike } from '../../src/train/client.ts';
import { createTrainingHost } from '../../src/train/host.ts';
import type { FromWorker, ToWorker } from '../../src/train/protocol.ts';

const data = { train: takeFirst(loadMnist('train'), 2000), test: loadSample() };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A Worker stand-in that runs the real host module in this process. */
function inProcessWorker(log: { created: number; terminated: number; workers: FakeWorker[] }): () => WorkerLike {
  return () => {
    const worker = new FakeWorker();
    log.created++;
    log.workers.push(worker);
    worker.terminate = () => {
      worker.dead = true;
      log.terminated++;
    };
    return worker;
  };
}

class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: FromWorker }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  dead = false;
  private host = createTrainingHost({
    post: (message) => {
      if (!this.dead) setTimeout(() => this.onmessage?.({ data: structuredClone(message) }), 0);
    },
    loadData: async (_b, progress) => (progress(1, 2), progress(2, 2), data),
    loadBackend: async () => tsBackend,
    yieldThen: (next) => setTimeout(next, 0),
  });
  postMessage(message: ToWorker): void {
    if (!this.dead) void this.host.receive(structuredClone(message));
  }
  terminate(): void {}
}

const until = async (what: () => boolean, timeout = 50_000): Promise<void> => {
  const started = Date.now();
  while (!what()) {
    if (Date.now() - started > timeout) throw new Error('timed out');
    await sleep(5);
  }
};

describe('the lab over the worker client', () => {
  it('loads, trains, shows progress, and files the finished run in the history with its weights', async () => {
    const log = { created: 0, terminated: 0, workers: [] as FakeWorker[] };
    const client = createTrainingClient({ createWorker: inProcessWorker(log), baseUrl: '/data/' });
    const store = openRunStore(memoryBackend());
    const lab = createLab(client, store);
    const phases: string[] = [];
    lab.state.subscribe((s) => phases.at(-1) !== s.phase && phases.push(s.phase));
    lab.train({ ...LAB_DEFAULTS, hidden: [8], epochs: 2, trainSize: 2000, batchSize: 50 });
    await until(() => lab.state.get().phase === 'finished');
    await until(() => lab.state.get().run?.recordId !== undefined);
    expect(phases).toEqual(['idle', 'loading', 'ready', 'running', 'finished']);
    const run = lab.state.get().run!;
    expect(run.loss.loss).toHaveLength(80);
    expect(run.epochs.map((e) => e.samplesSeen)).toEqual([2000, 4000]);
    expect(run.evaluation?.confusion.flat().reduce((a, b) => a + b)).toBe(100);
    const { runs } = await store.list();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: run.recordId, status: 'completed', finalAccuracy: run.evaluation!.accuracy });
    // The history lists runs without their weights; get(id) brings them.
    expect(runs[0]).toMatchObject({ net: null, hasWeights: true });
    expect((await store.get(runs[0].id))!.net!.sizes).toEqual([784, 8, 10]);
    expect(runs[0].curves.batches.samplesSeen).toHaveLength(80);
    client.dispose();
  });

  it('a crashed worker is reported; restart brings a fresh one that trains, and the old one is ignored', async () => {
    const log = { created: 0, terminated: 0, workers: [] as FakeWorker[] };
    const client = createTrainingClient({ createWorker: inProcessWorker(log), baseUrl: '/data/' });
    const lab = createLab(client, null);
    lab.train({ ...LAB_DEFAULTS, hidden: [8], epochs: 20, trainSize: 2000, batchSize: 50 });
    await until(() => lab.state.get().phase === 'running');
    const old = log.workers[0];
    old.onerror?.({ message: 'out of memory' });
    expect(lab.state.get()).toMatchObject({ phase: 'crashed', message: 'The training worker stopped unexpectedly (out of memory).' });
    expect(log.terminated).toBe(1);
    lab.restart();
    expect(log.created).toBe(2);
    expect(lab.state.get().phase).toBe('idle');
    old.onmessage?.({ data: { type: 'paused', runId: 1 } }); // a late message from the dead worker
    expect(lab.state.get().phase).toBe('idle');
    lab.train({ ...LAB_DEFAULTS, hidden: [8], epochs: 1, trainSize: 2000, batchSize: 50 });
    await until(() => lab.state.get().phase === 'finished');
    client.dispose();
  });

  it('pausing holds the run, a new learning rate is marked, stop files a stopped run', async () => {
    const log = { created: 0, terminated: 0, workers: [] as FakeWorker[] };
    const client = createTrainingClient({ createWorker: inProcessWorker(log), baseUrl: '/data/' });
    const store = openRunStore(memoryBackend());
    const lab = createLab(client, store);
    lab.train({ ...LAB_DEFAULTS, hidden: [8], epochs: 50, trainSize: 2000, batchSize: 50 });
    await until(() => (lab.state.get().run?.samplesSeen ?? 0) > 0);
    lab.pause();
    await until(() => lab.state.get().phase === 'paused');
    lab.setLearningRate(0.0005);
    await until(() => (lab.state.get().run?.changes.length ?? 0) === 1);
    expect(lab.state.get().run!.changes[0].learningRate).toBe(0.0005);
    lab.resume();
    await until(() => lab.state.get().phase === 'running');
    lab.stop();
    await until(() => lab.state.get().phase === 'stopped');
    await until(() => lab.state.get().run?.recordId !== undefined);
    const [record] = (await store.list()).runs;
    expect(record.status).toBe('stopped');
    expect(record.curves.changes).toEqual([expect.objectContaining({ learningRate: 0.0005 })]);
    client.dispose();
  });

  it('a download failure is shown and not hidden by progress that trails it', () => {
    let s = reduceLab(INITIAL_LAB, { type: 'loading', loaded: 5, total: 10 });
    expect(s.phase).toBe('loading');
    s = reduceLab(s, { type: 'error', runId: null, message: 'Could not use train-labels.idx.gzip: it arrived damaged' });
    s = reduceLab(s, { type: 'loading', loaded: 7, total: 10 });
    expect(s).toMatchObject({ phase: 'load-failed', message: 'Could not use train-labels.idx.gzip: it arrived damaged' });
  });
});
