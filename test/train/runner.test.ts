import { describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import type { FromWorker, RunConfig } from '../../src/train/protocol.ts';
import { createRunner } from '../../src/train/runner.ts';

const data = async () => ({ train: takeFirst(loadMnist('train'), 3000), test: loadSample() });
const config: RunConfig = { hidden: [16], activation: 'relu', seed: 1, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 30, epochs: 2, schedule: 'constant' };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('the training run behind the worker', () => {
  it('reports throttled progress, each epoch, then done', async () => {
    const messages: FromWorker[] = [];
    const runner = createRunner({ data, post: (m) => messages.push(m), progressEveryMs: 1e9 });
    await runner.receive({ type: 'start', runId: 1, config });
    const progress = messages.filter((m) => m.type === 'progress');
    // With a huge throttle only the very first batch and each epoch's last batch get through.
    expect(progress.map((m) => m.type === 'progress' && `${m.epoch}:${m.batch}`)).toEqual(['1:0', '1:99', '2:99']);
    expect(messages.filter((m) => m.type === 'epoch')).toHaveLength(2);
    const done = messages.at(-1)!;
    expect(done).toMatchObject({ type: 'done', runId: 1, status: 'completed' });
    if (done.type === 'done') expect(done.epochs[1].testAccuracy).toBeGreaterThan(0.7);
  });

  it('pauses between batches, resumes, and stops when told; ignores messages for other runs', async () => {
    const messages: FromWorker[] = [];
    const runner = createRunner({ data, post: (m) => messages.push(m), progressEveryMs: 0 });
    const running = runner.receive({ type: 'start', runId: 7, config: { ...config, epochs: 50 } });
    while (!messages.some((m) => m.type === 'progress')) await sleep(5);
    await runner.receive({ type: 'pause', runId: 7 });
    await sleep(50);
    const frozen = messages.length;
    await sleep(150);
    expect(messages.length).toBe(frozen);
    await runner.receive({ type: 'stop', runId: 6 }); // stale: ignored
    await runner.receive({ type: 'resume', runId: 7 });
    await sleep(100);
    expect(messages.length).toBeGreaterThan(frozen + 1);
    await runner.receive({ type: 'stop', runId: 7 });
    await running;
    expect(messages.map((m) => m.type)).toContain('paused');
    expect(messages.map((m) => m.type)).toContain('resumed');
    expect(messages.at(-1)).toMatchObject({ type: 'done', runId: 7, status: 'cancelled' });
  });

  it('turns absurd settings into an error message and divergence into a diverged message', async () => {
    const messages: FromWorker[] = [];
    const runner = createRunner({ data, post: (m) => messages.push(m) });
    await runner.receive({ type: 'start', runId: 2, config: { ...config, batchSize: 0 } });
    expect(messages.at(-1)).toMatchObject({ type: 'error', runId: 2 });
    expect((messages.at(-1) as { message: string }).message).toMatch(/batch size/);
    await runner.receive({ type: 'start', runId: 3, config: { ...config, optimizer: { name: 'sgd', learningRate: 60 } } });
    expect(messages.at(-1)).toMatchObject({ type: 'diverged', runId: 3 });
  });
});
