/**
 * The worker's whole job, with no Worker API in sight so it runs (and is tested) in Node too:
 * it takes `ToWorker` messages and posts `FromWorker` messages. It owns one trainer at a time and
 * advances it in time slices (`sliceMs` of `step()` calls, then a yield so messages get in), so
 * pause, stop and a new learning rate take effect between batches. Progress is throttled to one
 * message per `progressEveryMs`; the per-batch losses in between travel with it.
 */
import { describeBackend, type BackendChoice, type KernelBackend } from '../nn/backends/backend.ts';
import type { LabelledImages } from '../nn/batch.ts';
import { createNetwork, type Network } from '../nn/network.ts';
import { createTrainer, type EpochResult, type Trainer } from '../nn/trainer.ts';
import type { Evaluation } from '../nn/evaluate.ts';
import { MNIST_CLASSES } from '../nn/serialize.ts';
import type { BatchPoints, FromWorker, LabEvaluation, RunConfig, ToWorker } from './protocol.ts';

export interface TrainingData {
  train: LabelledImages;
  test: LabelledImages;
}

export interface HostOptions {
  post: (message: FromWorker, transfer?: Transferable[]) => void;
  /** Loads the data once (the worker fetches it; tests pass it in). Progress in bytes. */
  loadData: (baseUrl: string, onProgress: (loaded: number, total: number) => void) => Promise<TrainingData>;
  loadBackend: (choice: BackendChoice) => Promise<KernelBackend>;
  /** Time given to training before yielding to messages (default 15 ms). */
  sliceMs?: number;
  /** Least time between two progress messages (default 100 ms: at most ~10 a second). */
  progressEveryMs?: number;
  /** Least time between two first-layer weight images (default 500 ms). */
  weightsEveryMs?: number;
  /** Hands control back to the event loop and calls `next` soon after (default: a MessageChannel hop). */
  yieldThen?: (next: () => void) => void;
}

interface Run {
  runId: number;
  config: RunConfig;
  trainer: Trainer;
  paused: boolean;
  /** A tick is scheduled: never two loops for one run. */
  scheduled: boolean;
  lastProgress: number;
  lastWeights: number;
  /** Samples and running time at the previous progress message, for samples/s. */
  lastSamples: number;
  runningMs: number;
  runningAtLastProgress: number;
  samplesSeen: number;
  epochCorrect: number;
  epochSamples: number;
  points: BatchPoints;
  trainCount: number;
  epochs: EpochResult[];
  /** The latest trained batch (what the next progress message reports). */
  last: { epoch: number; batch: number; batchesPerEpoch: number; loss: number; learningRate: number } | null;
}

/** Reduces the core's evaluation to what the lab shows and keeps (mistakes only, not all predictions). */
export function labEvaluation(e: Evaluation): LabEvaluation {
  return {
    accuracy: e.accuracy,
    loss: e.loss,
    confusion: e.confusion,
    perClassAccuracy: e.perClassAccuracy,
    misclassified: e.misclassified,
    predicted: e.misclassified.map((k) => e.predictions[k]),
    confidence: e.misclassified.map((k) => e.confidence[k]),
    deadFraction: e.deadFraction,
  };
}

/** The default yield: a MessageChannel hop (setTimeout(0) is clamped to 4 ms after a few nestings). */
function channelYield(): (next: () => void) => void {
  let pending: (() => void) | null = null;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    const run = pending;
    pending = null;
    run?.();
  };
  // In Node an open port would keep the process alive.
  (channel.port1 as { unref?: () => void }).unref?.();
  return (next) => {
    pending = next;
    channel.port2.postMessage(null);
  };
}

/** The first `count` digits of a set, as views (no copy). */
function firstDigits(set: LabelledImages, count: number): LabelledImages {
  if (count >= set.count) return set;
  const size = set.rows * set.cols;
  return { ...set, count, pixels: set.pixels.subarray(0, count * size), labels: set.labels.subarray(0, count) };
}

export function createTrainingHost(options: HostOptions): { receive(message: ToWorker): Promise<void> } {
  const sliceMs = options.sliceMs ?? 15;
  const progressEvery = options.progressEveryMs ?? 100;
  const weightsEvery = options.weightsEveryMs ?? 500;
  const yieldThen = options.yieldThen ?? channelYield();
  const post = options.post;
  let data: Promise<TrainingData> | null = null;
  let backend: Promise<KernelBackend> | null = null;
  let backendChoice: BackendChoice = 'auto';
  let baseUrl = '';
  let current: Run | null = null;
  /** The loaded data, once `prepare` has succeeded. */
  let dataNow: TrainingData | null = null;

  /** Data and backend, loaded once; a failure is forgotten so the next `init` or `start` retries. */
  const prepare = async (): Promise<{ set: TrainingData; kernels: KernelBackend }> => {
    data ??= options.loadData(baseUrl, (loaded, total) => post({ type: 'loading', loaded, total }));
    backend ??= options.loadBackend(backendChoice);
    try {
      return { set: await data, kernels: await backend };
    } catch (error) {
      data = null;
      backend = null;
      throw error;
    }
  };

  /** Posts the batches trained since the last progress message, if any. */
  const flushPending = (run: Run): void => {
    if (run.last && run.points.loss.length > 0) flushProgress(run, run.last, performance.now());
  };

  const finish = (run: Run, requested: 'completed' | 'stopped'): void => {
    // A stop that arrives after the last epoch was trained (while its test pass ran) stops nothing:
    // the run is complete (review: a run that trained all 5 epochs was filed as "Stopped").
    const status = run.epochs.length >= run.config.epochs ? 'completed' : requested;
    flushPending(run);
    const net = run.trainer.snapshot();
    const evaluation = labEvaluation(run.trainer.evaluate(dataNow!.test));
    const epochs = [...run.epochs];
    post({ type: 'done', runId: run.runId, status, epochs, changes: [...run.trainer.changes()], net, evaluation, samplesSeen: run.samplesSeen });
    end(run);
  };

  const end = (run: Run): void => {
    run.trainer.dispose();
    if (current === run) current = null;
  };


  const flushProgress = (run: Run, last: { epoch: number; batch: number; batchesPerEpoch: number; loss: number; learningRate: number }, now: number): void => {
    const ran = run.runningMs - run.runningAtLastProgress;
    const samples = run.samplesSeen - run.lastSamples;
    const message: Extract<FromWorker, { type: 'progress' }> = {
      type: 'progress',
      runId: run.runId,
      ...last,
      accuracy: run.epochSamples > 0 ? run.epochCorrect / run.epochSamples : 0,
      samplesSeen: run.samplesSeen,
      samplesPerSecond: ran > 0 ? (samples * 1000) / ran : 0,
      points: run.points,
      gradientNorms: run.trainer.gradientNorms(),
    };
    const transfer: Transferable[] = [];
    if (now - run.lastWeights >= weightsEvery) {
      run.lastWeights = now;
      const W = run.trainer.snapshot().layers[0].W;
      message.firstLayer = W instanceof Float32Array ? W : Float32Array.from(W);
      transfer.push(message.firstLayer.buffer);
    }
    post(message, transfer);
    run.points = { samplesSeen: [], loss: [] };
    run.lastProgress = now;
    run.lastSamples = run.samplesSeen;
    run.runningAtLastProgress = run.runningMs;
  };

  /** One time slice of training for `run`, then (unless it ended or paused) the next slice. */
  const tick = (run: Run): void => {
    run.scheduled = false;
    if (current !== run || run.paused) return;
    const sliceStart = performance.now();
    try {
      for (;;) {
        const result = run.trainer.step();
        if (result.kind === 'batch') {
          run.samplesSeen = result.samplesSeen;
          const size = Math.min(run.config.batchSize, run.trainCount - result.batch * run.config.batchSize);
          run.epochCorrect += Math.round(result.accuracy * size);
          run.epochSamples += size;
          run.points.samplesSeen.push(result.samplesSeen);
          run.points.loss.push(result.loss);
          run.last = result;
        } else if (result.kind === 'epoch') {
          run.runningMs += performance.now() - sliceStart;
          flushPending(run);
          const evaluation = run.trainer.evaluate(dataNow!.test);
          result.result.testAccuracy = evaluation.accuracy;
          result.result.testLoss = evaluation.loss;
          run.epochs.push(result.result);
          post({ type: 'epoch', runId: run.runId, result: result.result, evaluation: labEvaluation(evaluation), gradientNorms: run.trainer.gradientNorms(), samplesSeen: run.samplesSeen });
          run.epochCorrect = 0;
          run.epochSamples = 0;
          break; // an epoch's evaluation took a while: let messages in before going on
        } else if (result.kind === 'diverged') {
          flushPending(run); // the curve keeps every batch up to the one that blew up
          post({
            type: 'diverged',
            runId: run.runId,
            epoch: result.epoch,
            batch: result.batch,
            loss: result.loss,
            samplesSeen: run.samplesSeen,
            reason: result.reason,
            suggestion: result.suggestion,
            learningRate: run.trainer.learningRate(),
            epochs: [...run.epochs],
            changes: [...run.trainer.changes()],
          });
          end(run);
          return;
        } else {
          finish(run, 'completed');
          return;
        }
        if (performance.now() - sliceStart >= sliceMs) {
          run.runningMs += performance.now() - sliceStart;
          break;
        }
      }
      const now = performance.now();
      if (run.last && run.points.loss.length > 0 && now - run.lastProgress >= progressEvery) flushProgress(run, run.last, now);
    } catch (error) {
      post({ type: 'error', runId: run.runId, message: (error as Error).message });
      end(run);
      return;
    }
    schedule(run);
  };

  const schedule = (run: Run): void => {
    if (run.scheduled) return;
    run.scheduled = true;
    yieldThen(() => tick(run));
  };

  const start = async (runId: number, config: RunConfig): Promise<void> => {
    // A run already going (or paused) ends cleanly first: it is reported stopped and its buffers freed.
    if (current) finish(current, 'stopped');
    let prepared: Awaited<ReturnType<typeof prepare>>;
    try {
      prepared = await prepare();
    } catch (error) {
      post({ type: 'error', runId: null, message: (error as Error).message });
      return;
    }
    dataNow = prepared.set;
    if (current) finish(current, 'stopped'); // another start won the race while data loaded
    try {
      if (!Number.isInteger(config.trainSize) || config.trainSize < 1 || config.trainSize > prepared.set.train.count) {
        throw new RangeError(`the number of training digits must be a whole number from 1 to ${prepared.set.train.count} (got ${config.trainSize})`);
      }
      const trainSet = firstDigits(prepared.set.train, config.trainSize);
      const net: Network = createNetwork({ sizes: [trainSet.rows * trainSet.cols, ...config.hidden, MNIST_CLASSES], activation: config.activation, seed: config.seed });
      const trainer = createTrainer(net, trainSet, {
        optimizer: config.optimizer,
        batchSize: config.batchSize,
        epochs: config.epochs,
        shuffleSeed: config.seed,
        schedule: config.schedule,
        backend: prepared.kernels,
      });
      const run: Run = {
        runId, config, trainer, paused: false, scheduled: false,
        lastProgress: -Infinity, lastWeights: -Infinity, lastSamples: 0, runningMs: 0, runningAtLastProgress: 0,
        samplesSeen: 0, epochCorrect: 0, epochSamples: 0, points: { samplesSeen: [], loss: [] },
        trainCount: trainSet.count, epochs: [], last: null,
      };
      current = run;
      post({ type: 'started', runId, backend: trainer.backendName, arithmetic: trainer.arithmetic, batchesPerEpoch: trainer.batchesPerEpoch, trainCount: trainSet.count, config });
      schedule(run);
    } catch (error) {
      post({ type: 'error', runId, message: (error as Error).message });
    }
  };

  return {
    async receive(message) {
      if (message.type === 'init') {
        baseUrl = message.baseUrl;
        backendChoice = message.backend;
        try {
          const { set, kernels } = await prepare();
          dataNow = set;
          post({ type: 'ready', backend: kernels.name, arithmetic: describeBackend(kernels), trainCount: set.train.count, testCount: set.test.count });
        } catch (error) {
          post({ type: 'error', runId: null, message: (error as Error).message });
        }
        return;
      }
      if (message.type === 'start') return start(message.runId, message.config);
      const run = current;
      if (!run || run.runId !== message.runId) return; // about a run that has ended: nothing to do
      try {
        if (message.type === 'stop') finish(run, 'stopped');
        else if (message.type === 'pause' && !run.paused) {
          run.paused = true;
          post({ type: 'paused', runId: run.runId });
        } else if (message.type === 'resume' && run.paused) {
          run.paused = false;
          post({ type: 'resumed', runId: run.runId });
          schedule(run);
        } else if (message.type === 'set-learning-rate') {
          run.trainer.setLearningRate(message.learningRate);
          post({ type: 'learning-rate', runId: run.runId, change: run.trainer.changes().at(-1)! });
        } else if (message.type === 'evaluate') {
          post({ type: 'evaluation', runId: run.runId, evaluation: labEvaluation(run.trainer.evaluate(dataNow!.test)) });
        } else if (message.type === 'export-weights') {
          post({ type: 'weights', runId: run.runId, net: run.trainer.snapshot() });
        }
      } catch (error) {
        post({ type: 'error', runId: run.runId, message: (error as Error).message });
      }
    },
  };
}
