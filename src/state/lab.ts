/**
 * The lab's state: what the training worker has told the page, reduced into one value the lab's
 * views render (`reduceLab` is pure and tested), plus the controller that sends the learner's
 * commands and files every ended run in the run store.
 */
import type { BackendName } from '../nn/backends/backend.ts';
import type { EpochResult, LearningRateChange } from '../nn/trainer.ts';
import type { ClientEvent, TrainingClient } from '../train/client.ts';
import type { BatchPoints, LabEvaluation, RunConfig } from '../train/protocol.ts';
import { describeConfig, newRunId, thinCurve, type RunRecord, type RunStore } from './run-store.ts';
import { createStore, type Store } from './store.ts';
import { toRunConfig, type LabSettings } from './lab-url.ts';

export type LabPhase = 'idle' | 'loading' | 'ready' | 'starting' | 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'error' | 'load-failed' | 'crashed';

/** The run the lab is showing (live, or the last one that ended). */
export interface LiveRun {
  runId: number;
  config: RunConfig;
  backend: BackendName;
  batchesPerEpoch: number;
  trainCount: number;
  epoch: number;
  batch: number;
  samplesSeen: number;
  samplesPerSecond: number;
  learningRate: number;
  /** Running accuracy of the current epoch's batches. */
  accuracy: number;
  loss: BatchPoints;
  epochs: (EpochResult & { samplesSeen: number })[];
  changes: LearningRateChange[];
  gradientNorms: number[];
  /** Gradient norms per layer over time (one entry per progress message). */
  normHistory: { samplesSeen: number; norms: number[] }[];
  firstLayer: Float32Array | null;
  evaluation: LabEvaluation | null;
  diverged: { epoch: number; batch: number; samplesSeen: number; loss: number; reason: string; suggestion: string; learningRate: number } | null;
  /** Training time so far (s), from samples and speed. */
  trainSeconds: number;
  /** The history record this run was saved as, once it ended and was saved. */
  recordId?: string;
}

export interface LabState {
  phase: LabPhase;
  loading: { loaded: number; total: number } | null;
  /** The backend the worker loaded ('ts' or 'wasm'), once known. */
  backend: BackendName | null;
  /** The arithmetic in words ('WebAssembly relaxed SIMD', …), once the worker says it. */
  arithmetic?: string;
  /** What went wrong, in words for the learner (error, load-failed, crashed). */
  message: string | null;
  run: LiveRun | null;
}

export const INITIAL_LAB: LabState = { phase: 'idle', loading: null, backend: null, message: null, run: null };

/** The next state after one event from the worker (pure). */
export function reduceLab(state: LabState, event: ClientEvent): LabState {
  const run = state.run;
  const mine = (runId: number | null): boolean => run !== null && runId === run.runId;
  switch (event.type) {
    case 'loading':
      // Progress that trails a failure (the other file was still arriving) must not hide the failure.
      return { ...state, phase: state.phase === 'idle' ? 'loading' : state.phase, loading: { loaded: event.loaded, total: event.total } };
    case 'ready':
      return { ...state, phase: state.phase === 'loading' || state.phase === 'idle' ? 'ready' : state.phase, backend: event.backend, ...(event.arithmetic ? { arithmetic: event.arithmetic } : {}), message: null };
    case 'started':
      return {
        ...state,
        phase: 'running',
        backend: event.backend,
        ...(event.arithmetic ? { arithmetic: event.arithmetic } : {}),
        message: null,
        run: {
          runId: event.runId, config: event.config, backend: event.backend, batchesPerEpoch: event.batchesPerEpoch, trainCount: event.trainCount,
          epoch: 1, batch: 0, samplesSeen: 0, samplesPerSecond: 0, learningRate: event.config.optimizer.learningRate, accuracy: 0,
          loss: { samplesSeen: [], loss: [] }, epochs: [], changes: [], gradientNorms: [], normHistory: [], firstLayer: null,
          evaluation: null, diverged: null, trainSeconds: 0,
        },
      };
    case 'progress': {
      if (!run || !mine(event.runId)) return state;
      const samples = event.samplesSeen - run.samplesSeen;
      return {
        ...state,
        run: {
          ...run,
          epoch: event.epoch,
          batch: event.batch,
          samplesSeen: event.samplesSeen,
          samplesPerSecond: event.samplesPerSecond,
          learningRate: event.learningRate,
          accuracy: event.accuracy,
          loss: { samplesSeen: run.loss.samplesSeen.concat(event.points.samplesSeen), loss: run.loss.loss.concat(event.points.loss) },
          gradientNorms: event.gradientNorms,
          normHistory: [...run.normHistory, { samplesSeen: event.samplesSeen, norms: event.gradientNorms }],
          firstLayer: event.firstLayer ?? run.firstLayer,
          trainSeconds: run.trainSeconds + (event.samplesPerSecond > 0 ? samples / event.samplesPerSecond : 0),
        },
      };
    }
    case 'epoch':
      if (!run || !mine(event.runId)) return state;
      return { ...state, run: { ...run, epochs: [...run.epochs, { ...event.result, samplesSeen: event.samplesSeen }], evaluation: event.evaluation, gradientNorms: event.gradientNorms } };
    case 'evaluation':
      return run && mine(event.runId) ? { ...state, run: { ...run, evaluation: event.evaluation } } : state;
    case 'learning-rate':
      return run && mine(event.runId) ? { ...state, run: { ...run, changes: [...run.changes, event.change] } } : state;
    case 'paused':
      return run && mine(event.runId) ? { ...state, phase: 'paused' } : state;
    case 'resumed':
      return run && mine(event.runId) ? { ...state, phase: 'running' } : state;
    case 'done':
      if (!run || !mine(event.runId)) return state;
      return {
        ...state,
        phase: event.status === 'completed' ? 'finished' : 'stopped',
        run: { ...run, evaluation: event.evaluation, changes: event.changes, samplesSeen: event.samplesSeen, firstLayer: event.net.layers[0].W as Float32Array },
      };
    case 'diverged':
      if (!run || !mine(event.runId)) return state;
      return {
        ...state,
        phase: 'diverged',
        run: { ...run, diverged: { epoch: event.epoch, batch: event.batch, samplesSeen: event.samplesSeen, loss: event.loss, reason: event.reason, suggestion: event.suggestion, learningRate: event.learningRate }, changes: event.changes },
      };
    case 'error':
      if (event.runId === null) return { ...state, phase: 'load-failed', message: event.message };
      // An error about a run that is not the current one (e.g. a refused learning rate) keeps the run going.
      if (run && mine(event.runId) && (state.phase === 'running' || state.phase === 'paused')) return { ...state, message: event.message };
      return { ...state, phase: 'error', message: event.message };
    case 'crashed':
      return { ...state, phase: 'crashed', message: event.message };
    default:
      return state;
  }
}

/** `name`, or `name #2`, `name #3`, … : the first that no run in `taken` has. */
export function uniqueName(name: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let k = 2; ; k++) if (!used.has(`${name} #${k}`)) return `${name} #${k}`;
}

/** The history record of a run that ended (weights only when it did not diverge). */
export function recordOf(run: LiveRun, ended: Extract<ClientEvent, { type: 'done' | 'diverged' }>, now = Date.now()): RunRecord {
  const done = ended.type === 'done' ? ended : null;
  return {
    id: newRunId(now),
    name: describeConfig(run.config),
    createdAt: now,
    status: done ? done.status : 'diverged',
    config: run.config,
    backend: run.backend,
    curves: {
      batches: thinCurve(run.loss),
      epochs: run.epochs,
      changes: ended.changes,
      diverged: run.diverged && { samplesSeen: run.diverged.samplesSeen, loss: Number.isFinite(run.diverged.loss) ? run.diverged.loss : -1, reason: run.diverged.reason, suggestion: run.diverged.suggestion },
    },
    finalAccuracy: done ? done.evaluation.accuracy : (run.epochs.at(-1)?.testAccuracy ?? null),
    evaluation: done ? done.evaluation : run.evaluation,
    net: done ? done.net : null,
    trainSeconds: run.trainSeconds,
  };
}

export interface Lab {
  state: Store<LabState>;
  /** Loads the data if needed and starts a run with these settings (ending any current run). */
  train(settings: LabSettings): void;
  pause(): void;
  resume(): void;
  stop(): void;
  setLearningRate(learningRate: number): void;
  /** After a failed download: try again. */
  retry(): void;
  /** After a crash: a fresh worker. */
  restart(): void;
  /** Notes for the learner from saving runs (a full disk, a blocked database). */
  saveNotes: Store<string[]>;
}

export function createLab(client: TrainingClient, store: RunStore | null): Lab {
  const state = createStore<LabState>(INITIAL_LAB);
  const saveNotes = createStore<string[]>([]);
  client.subscribe((event) => {
    const before = state.get();
    const next = reduceLab(before, event);
    state.set(next);
    if ((event.type === 'done' || event.type === 'diverged') && next.run && next.run.runId === event.runId && store) {
      const record = recordOf(next.run, event);
      // Two runs with the same settings get "#2", "#3", … so the history and the legend tell them apart.
      store
        .list()
        .then(({ runs }) => store.put({ ...record, name: uniqueName(record.name, runs.map((r) => r.name)) }))
        .then(() => {
          const now = state.get();
          if (now.run?.runId === event.runId) state.set({ ...now, run: { ...now.run, recordId: record.id } });
        })
        .catch((error: Error) => saveNotes.set([...saveNotes.get(), `This run could not be saved in the history: ${error.message}`]));
    }
  });
  let initialised = false;
  let last: LabSettings | null = null;
  return {
    state,
    saveNotes,
    train(settings) {
      if (!initialised) {
        initialised = true;
        client.init();
      }
      last = settings;
      const phase = state.get().phase;
      state.set({ ...state.get(), phase: phase === 'idle' || phase === 'load-failed' || phase === 'loading' ? 'loading' : 'starting', message: null });
      client.start(toRunConfig(settings));
    },
    pause: () => client.pause(),
    resume: () => client.resume(),
    stop: () => client.stop(),
    setLearningRate: (lr) => client.setLearningRate(lr),
    retry() {
      state.set({ ...state.get(), phase: 'loading', message: null, loading: null });
      // Retrying the download of a run the learner asked for starts that run once the data is in.
      if (last) client.start(toRunConfig(last));
      else client.init();
    },
    restart() {
      client.restart();
      initialised = false;
      state.set({ ...INITIAL_LAB });
    },
  };
}
