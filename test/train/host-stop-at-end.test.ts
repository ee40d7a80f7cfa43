/**
 * A stop pressed after the last batch of the last epoch (while that epoch's test pass runs, before
 * the host's next slice finds the trainer finished) files the run as completed, not stopped; a stop
 * one batch earlier still stops it.
 */
import { describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist, loadSample } from '../../src/data/load-node.ts';
import { tsBackend } from '../../src/nn/index.ts';
import { createTrainingHost } from '../../src/train/host.ts';
import type { FromWorker, RunConfig } from '../../src/train/protocol.ts';

const train = takeFirst(loadMnist('train'), 120);
const test = loadSample();
const config: RunConfig = { hidden: [8], activation: 'relu', seed: 3, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 30, epochs: 2, schedule: 'constant', trainSize: 120 };

function stepped() {
  const messages: FromWorker[] = [];
  const queue: (() => void)[] = [];
  const host = createTrainingHost({ post: (m) => messages.push(m), loadData: async () => ({ train, test }), loadBackend: async () => tsBackend, yieldThen: (next) => queue.push(next), sliceMs: 0, progressEveryMs: 1e9 });
  return { host, messages, slice: () => queue.shift()!() };
}

describe('stop at the end of a run', () => {
  it('after the last epoch (its evaluation posted) a stop files the run as completed with every epoch', async () => {
    const { host, messages, slice } = stepped();
    await host.receive({ type: 'start', runId: 1, config });
    // 4 batches an epoch, one a slice; the slice that ends an epoch also evaluates it.
    while (messages.filter((m) => m.type === 'epoch').length < 2) slice();
    await host.receive({ type: 'stop', runId: 1 });
    const done = messages.at(-1);
    expect(done).toMatchObject({ type: 'done', status: 'completed', samplesSeen: 240 });
    if (done?.type === 'done') expect(done.epochs.map((e) => e.epoch)).toEqual([1, 2]);
  });

  it('one batch before the end a stop still stops', async () => {
    const { host, messages, slice } = stepped();
    await host.receive({ type: 'start', runId: 2, config });
    while (messages.filter((m) => m.type === 'epoch').length < 1) slice();
    for (let k = 0; k < 3; k++) slice(); // 3 of epoch 2's 4 batches
    await host.receive({ type: 'stop', runId: 2 });
    expect(messages.at(-1)).toMatchObject({ type: 'done', status: 'stopped', samplesSeen: 210 });
  });
});
