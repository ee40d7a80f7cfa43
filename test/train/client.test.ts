/**
 * The page's training client against a scripted worker: the exact commands it sends (for the run it
 * follows, and none without one), which worker messages end the followed run, and how a crashed,
 * unreadable, unreachable or unstartable worker becomes one `crashed` event with a reason.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserWorker, createTrainingClient, type ClientEvent, type WorkerLike } from '../../src/train/client.ts';
import type { FromWorker, RunConfig, ToWorker } from '../../src/train/protocol.ts';

const config: RunConfig = { hidden: [8], activation: 'relu', seed: 1, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 30, epochs: 1, schedule: 'constant', trainSize: 60 };

class ScriptedWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = 0;
  failPost: Error | null = null;
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  postMessage(message: ToWorker): void {
    if (this.failPost) throw this.failPost;
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated++;
  }
  say(message: FromWorker): void {
    this.onmessage?.({ data: message });
  }
}

function scripted(options: { backend?: 'auto' | 'ts' | 'wasm'; failOn?: number[] } = {}) {
  const workers: ScriptedWorker[] = [];
  const client = createTrainingClient({
    baseUrl: '/stepwise/data/',
    backend: options.backend,
    createWorker: () => {
      if (options.failOn?.includes(workers.length + 1)) {
        workers.push(new ScriptedWorker()); // counted, never connected
        throw new Error('Worker is not defined');
      }
      const worker = new ScriptedWorker();
      workers.push(worker);
      return worker;
    },
  });
  const events: ClientEvent[] = [];
  client.subscribe((event) => events.push(event));
  return { client, workers, events, worker: () => workers.at(-1)! };
}

describe('the training client', () => {
  it('init sends the base URL and the backend choice (automatic unless given)', () => {
    const auto = scripted();
    auto.client.init();
    expect(auto.worker().sent).toEqual([{ type: 'init', baseUrl: '/stepwise/data/', backend: 'auto' }]);
    const ts = scripted({ backend: 'ts' });
    ts.client.init();
    expect(ts.worker().sent).toEqual([{ type: 'init', baseUrl: '/stepwise/data/', backend: 'ts' }]);
  });

  it('numbers runs 1, 2, … and sends every command for the run it follows', () => {
    const { client, worker } = scripted();
    expect(client.runId()).toBeNull();
    expect(client.start(config)).toBe(1);
    expect(client.start({ ...config, epochs: 2 })).toBe(2);
    expect(client.runId()).toBe(2);
    client.pause();
    client.resume();
    client.setLearningRate(0.05);
    client.evaluate();
    client.exportWeights();
    client.stop();
    expect(worker().sent).toEqual([
      { type: 'start', runId: 1, config },
      { type: 'start', runId: 2, config: { ...config, epochs: 2 } },
      { type: 'pause', runId: 2 },
      { type: 'resume', runId: 2 },
      { type: 'set-learning-rate', runId: 2, learningRate: 0.05 },
      { type: 'evaluate', runId: 2 },
      { type: 'export-weights', runId: 2 },
      { type: 'stop', runId: 2 },
    ]);
  });

  it('without a run to follow, run commands send nothing', () => {
    const { client, worker } = scripted();
    client.pause();
    client.resume();
    client.stop();
    client.setLearningRate(0.05);
    client.evaluate();
    client.exportWeights();
    expect(worker().sent).toEqual([]);
  });

  it.each([
    ['done', { type: 'done', runId: 1 }],
    ['diverged', { type: 'diverged', runId: 1 }],
    ['an error of that run', { type: 'error', runId: 1, message: 'out of memory' }],
  ])('%s ends the run it follows, and is passed on', (_, message) => {
    const { client, events, worker } = scripted();
    client.start(config);
    worker().say(message as FromWorker);
    expect(client.runId()).toBeNull();
    expect(events).toEqual([message]);
    client.stop();
    expect(worker().sent).toHaveLength(1); // only the start
  });

  it.each([
    ['done of an earlier run', { type: 'done', runId: 1 }],
    ['diverged of an earlier run', { type: 'diverged', runId: 1 }],
    ['an error of an earlier run', { type: 'error', runId: 1, message: 'x' }],
    ['an error of no run (a failed download)', { type: 'error', runId: null, message: 'offline' }],
    ['progress', { type: 'progress', runId: 2 }],
    ['paused', { type: 'paused', runId: 2 }],
  ])('%s leaves the followed run alone, and is passed on', (_, message) => {
    const { client, events, worker } = scripted();
    client.start(config);
    client.start(config);
    worker().say(message as FromWorker);
    expect(client.runId()).toBe(2);
    expect(events).toEqual([message]);
  });

  it('every listener hears every message, also when one unsubscribes while hearing it; an unsubscribed one hears no more', () => {
    const { client, worker } = scripted();
    const heard: string[] = [];
    const off = client.subscribe(() => (heard.push('first'), off()));
    client.subscribe(() => heard.push('second'));
    worker().say({ type: 'paused', runId: 1 });
    worker().say({ type: 'resumed', runId: 1 });
    expect(heard).toEqual(['first', 'second', 'second']);
  });

  it('a worker error is one crash with its reason: the worker is ended, the run forgotten, the error handled', () => {
    const { client, events, worker } = scripted();
    client.start(config);
    let prevented = 0;
    worker().onerror!({ message: 'out of memory', preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
    expect(worker().terminated).toBe(1);
    expect(client.runId()).toBeNull();
    expect(events).toEqual([{ type: 'crashed', message: 'The training worker stopped unexpectedly (out of memory).' }]);
  });

  it('a worker error without a message says so without empty brackets', () => {
    const { events, worker } = scripted();
    worker().onerror!({});
    expect(events).toEqual([{ type: 'crashed', message: 'The training worker stopped unexpectedly.' }]);
  });

  it('an unreadable message is a crash', () => {
    const { events, worker, client } = scripted();
    client.start(config);
    worker().onmessageerror!({});
    expect(worker().terminated).toBe(1);
    expect(client.runId()).toBeNull();
    expect(events).toEqual([{ type: 'crashed', message: 'The training worker sent a message the page could not read.' }]);
  });

  it('after a crash, commands report that the worker is not running instead of vanishing', () => {
    const { client, events, worker } = scripted();
    worker().onerror!({ message: 'gone' });
    client.init();
    expect(events.at(-1)).toEqual({ type: 'crashed', message: 'The training worker is not running: restart it.' });
    expect(client.start(config)).toBe(1);
    expect(events).toHaveLength(3);
    expect(worker().sent).toEqual([]);
  });

  it('a worker that cannot be reached is a crash with the reason', () => {
    const { client, events, worker } = scripted();
    worker().failPost = new Error('DataCloneError');
    client.init();
    expect(events).toEqual([{ type: 'crashed', message: 'Could not talk to the training worker (DataCloneError).' }]);
    expect(worker().terminated).toBe(1);
    client.init();
    expect(events.at(-1)).toEqual({ type: 'crashed', message: 'The training worker is not running: restart it.' });
  });

  it('restart ends the old worker and follows a fresh one; the old one\'s messages, errors and bad messages are ignored', () => {
    const { client, events, workers } = scripted();
    client.start(config);
    const old = workers[0];
    client.restart();
    expect(old.terminated).toBe(1);
    expect(workers).toHaveLength(2);
    expect(client.runId()).toBeNull();
    let prevented = 0;
    old.say({ type: 'done', runId: 1 } as FromWorker);
    old.onerror!({ message: 'late', preventDefault: () => prevented++ });
    old.onmessageerror!({});
    expect(events).toEqual([]);
    expect(prevented).toBe(1); // handled, even though it is ignored
    expect(workers[1].terminated).toBe(0);
    client.init();
    expect(workers[1].sent).toEqual([{ type: 'init', baseUrl: '/stepwise/data/', backend: 'auto' }]);
  });

  it('a restart whose worker cannot be created is a crash with the browser\'s reason', () => {
    const { client, events, workers } = scripted({ failOn: [2] });
    client.restart();
    expect(events).toEqual([{ type: 'crashed', message: 'This browser could not start the training worker (Worker is not defined).' }]);
    client.init();
    // Asked again, it gives the same reason (not a bare "not running").
    expect(events.at(-1)).toEqual({ type: 'crashed', message: 'This browser could not start the training worker (Worker is not defined).' });
    client.restart();
    expect(workers).toHaveLength(3);
    client.init();
    expect(workers[2].sent).toEqual([{ type: 'init', baseUrl: '/stepwise/data/', backend: 'auto' }]);
  });

  it('a worker that cannot start on first load: the reason reaches a listener that subscribes later, at its first request', () => {
    const client = createTrainingClient({ baseUrl: '/d/', createWorker: () => { throw new Error('blocked by the content policy'); } });
    const events: ClientEvent[] = [];
    client.subscribe((event) => events.push(event)); // after the failed boot, as the lab does
    expect(events).toEqual([]);
    client.init();
    expect(events).toEqual([{ type: 'crashed', message: 'This browser could not start the training worker (blocked by the content policy).' }]);
  });

  it('after a worker crashed while running, a request says it is not running', () => {
    const { client, events, worker } = scripted();
    worker().onerror!({});
    client.init();
    expect(events.at(-1)).toEqual({ type: 'crashed', message: 'The training worker is not running: restart it.' });
  });

  it('dispose after a crash (no worker left) is quiet', () => {
    const { client, worker } = scripted();
    worker().onerror!({});
    expect(() => client.dispose()).not.toThrow();
    expect(worker().terminated).toBe(1);
  });

  it('dispose ends the worker and silences every listener', () => {
    const { client, events, worker } = scripted();
    const w = worker();
    client.dispose();
    expect(w.terminated).toBe(1);
    client.init();
    w.say({ type: 'paused', runId: 1 });
    expect(events).toEqual([]);
    expect(w.sent).toEqual([]);
  });
});

describe('the browser worker', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is a module worker built from worker.ts, named for the browser\'s task list', () => {
    const made: { url: string; options: unknown }[] = [];
    vi.stubGlobal('Worker', class {
      constructor(url: URL, options: unknown) {
        made.push({ url: String(url), options });
      }
    });
    browserWorker();
    expect(made).toHaveLength(1);
    expect(made[0].url).toMatch(/\/src\/train\/worker\.ts$/);
    expect(made[0].options).toEqual({ type: 'module', name: 'stepwise-training' });
  });
});
