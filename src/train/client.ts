/**
 * The page's side of the training worker: sends typed commands, hands every worker message to
 * its listeners, and turns a crashed worker into a `crashed` event (the lab offers a restart)
 * instead of a silent or frozen page. Run ids are the client's, so a message from a run the page
 * has moved on from is recognisable.
 */
import type { BackendChoice } from '../nn/backends/backend.ts';
import type { FromWorker, RunConfig, ToWorker } from './protocol.ts';

/** What the client needs of a Worker (a real one in the page, an in-process fake in tests). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?: () => void }) => void) | null;
  onmessageerror?: ((event: unknown) => void) | null;
}

/** Everything a listener hears: the worker's messages, plus the client's own `crashed`. */
export type ClientEvent = FromWorker | { type: 'crashed'; message: string };

export interface TrainingClient {
  /** Loads data and backend in the worker (again after a failure: the Retry button). */
  init(): void;
  /** Starts a run (ending any current one) and returns its id. */
  start(config: RunConfig): number;
  pause(): void;
  resume(): void;
  stop(): void;
  setLearningRate(learningRate: number): void;
  evaluate(): void;
  exportWeights(): void;
  /** The id of the run the page is following, or null. */
  runId(): number | null;
  /** Replaces the worker with a fresh one (after a crash); the data must be initialised again. */
  restart(): void;
  subscribe(listener: (event: ClientEvent) => void): () => void;
  dispose(): void;
}

export interface ClientOptions {
  createWorker: () => WorkerLike;
  baseUrl: string;
  backend?: BackendChoice;
}

export function createTrainingClient(options: ClientOptions): TrainingClient {
  const listeners = new Set<(event: ClientEvent) => void>();
  let worker: WorkerLike | null = null;
  let nextRunId = 1;
  let current: number | null = null;
  const emit = (event: ClientEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  const connect = (): WorkerLike => {
    const w = options.createWorker();
    w.onmessage = (event) => {
      if (w !== worker) return;
      const message = event.data;
      if ((message.type === 'done' || message.type === 'diverged') && message.runId === current) current = null;
      if (message.type === 'error' && message.runId !== null && message.runId === current) current = null;
      emit(message);
    };
    w.onerror = (event) => {
      event.preventDefault?.();
      if (w !== worker) return;
      crash(`The training worker stopped unexpectedly${event.message ? ` (${event.message})` : ''}.`);
    };
    w.onmessageerror = () => {
      if (w === worker) crash('The training worker sent a message the page could not read.');
    };
    return w;
  };

  const crash = (message: string): void => {
    worker?.terminate();
    worker = null;
    current = null;
    emit({ type: 'crashed', message });
  };

  const send = (message: ToWorker): void => {
    if (!worker) {
      // A worker that could not start at all said why before anyone listened (the client is made
      // before the page subscribes): say it again rather than a bare "not running".
      emit({ type: 'crashed', message: bootError ?? 'The training worker is not running: restart it.' });
      return;
    }
    try {
      worker.postMessage(message);
    } catch (error) {
      crash(`Could not talk to the training worker (${(error as Error).message}).`);
    }
  };

  const onCurrent = (make: (runId: number) => ToWorker): void => {
    if (current !== null) send(make(current));
  };

  let bootError: string | null = null;
  const boot = (): void => {
    try {
      worker = connect();
      bootError = null;
    } catch (error) {
      worker = null;
      bootError = `This browser could not start the training worker (${(error as Error).message}).`;
      emit({ type: 'crashed', message: bootError });
    }
  };
  boot();

  return {
    init: () => send({ type: 'init', baseUrl: options.baseUrl, backend: options.backend ?? 'auto' }),
    start(config) {
      const runId = nextRunId++;
      current = runId;
      send({ type: 'start', runId, config });
      return runId;
    },
    pause: () => onCurrent((runId) => ({ type: 'pause', runId })),
    resume: () => onCurrent((runId) => ({ type: 'resume', runId })),
    stop: () => onCurrent((runId) => ({ type: 'stop', runId })),
    setLearningRate: (learningRate) => onCurrent((runId) => ({ type: 'set-learning-rate', runId, learningRate })),
    evaluate: () => onCurrent((runId) => ({ type: 'evaluate', runId })),
    exportWeights: () => onCurrent((runId) => ({ type: 'export-weights', runId })),
    runId: () => current,
    restart() {
      worker?.terminate();
      worker = null;
      current = null;
      boot();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      worker?.terminate();
      worker = null;
      listeners.clear();
    },
  };
}

/** The real worker, bundled by Vite from `worker.ts`. */
export function browserWorker(): WorkerLike {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'stepwise-training' }) as unknown as WorkerLike;
}
