/**
 * `train()`, the whole-run loop: where a cancelled run says it stopped, the pause gate, how often it
 * hands control back (on a clock the test controls: every batch takes 10 ms), the trained weights
 * and biases written back, and the session freed however the run ends.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/load-node.ts';
import { createNetwork, createTrainer, train, tsBackend, type KernelBackend, type TrainOptions } from '../../src/nn/index.ts';

const digits = takeFirst(loadMnist('train'), 60);
const net = () => createNetwork({ sizes: [784, 6, 10], activation: 'relu', seed: 4 });
const base: TrainOptions = { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 10, epochs: 2, shuffleSeed: 4 };

/** The TS backend, counting open sessions; each forward-backward moves `clock` by 10 ms. */
function counting(clock?: { now: number }) {
  const sessions = { open: 0 };
  const backend: KernelBackend = {
    name: 'ts',
    createSession(...args) {
      const session = tsBackend.createSession(...args);
      sessions.open++;
      return {
        ...session,
        forwardBackward: (rows, count) => (clock && (clock.now += 10), session.forwardBackward(rows, count)),
        dispose: () => (sessions.open--, session.dispose()),
      };
    },
  };
  return { backend, sessions };
}

afterEach(() => vi.restoreAllMocks());

describe('train(): the loop around the trainer', () => {
  it('writes the trained weights and biases back, as stepping the trainer gives them, and frees its session', async () => {
    const { backend, sessions } = counting();
    const target = net();
    expect(await train(target, digits, { ...base, backend })).toMatchObject({ status: 'completed' });
    const trainer = createTrainer(net(), digits, base);
    while (['batch', 'epoch'].includes(trainer.step().kind));
    const expected = trainer.snapshot();
    target.layers.forEach((layer, l) => {
      expect(Array.from(layer.W)).toEqual(Array.from(expected.layers[l].W));
      expect(Array.from(layer.b)).toEqual(Array.from(expected.layers[l].b));
    });
    expect(target.layers[1].b.some((v) => v !== 0)).toBe(true); // biases start at 0: they did move
    expect(sessions.open).toBe(0);
  });

  it('cancelled before the first batch: stopped at epoch 1, batch 0, nothing trained, session freed', async () => {
    const { backend, sessions } = counting();
    const target = net();
    const before = Array.from(target.layers[0].W);
    expect(await train(target, digits, { ...base, backend, signal: { aborted: true } })).toEqual({ status: 'cancelled', epochs: [], epoch: 1, batch: 0 });
    expect(Array.from(target.layers[0].W)).toEqual(before);
    expect(sessions.open).toBe(0);
  });

  it('cancelled right after an epoch: stopped at the next epoch\'s batch 0', async () => {
    const signal = { aborted: false };
    const result = await train(net(), digits, { ...base, signal, onEpoch: () => (signal.aborted = true) });
    expect(result).toMatchObject({ status: 'cancelled', epoch: 2, batch: 0 });
    expect(result.epochs.map((e) => e.epoch)).toEqual([1]);
  });

  it('a diverged run frees its session too', async () => {
    const { backend, sessions } = counting();
    const result = await train(net(), digits, { ...base, optimizer: { name: 'sgd', learningRate: 100 }, backend });
    expect(result.status).toBe('diverged');
    expect(sessions.open).toBe(0);
  });

  it('the gate holds training until its promise resolves', async () => {
    let open: () => void = () => {};
    let asked = 0;
    const batches: number[] = [];
    const running = train(net(), digits, {
      ...base,
      epochs: 1,
      onBatch: (p) => batches.push(p.batch),
      gate: () => (++asked === 3 ? new Promise<void>((resolve) => (open = resolve)) : undefined),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([0, 1]); // held before the third batch
    open();
    expect(await running).toMatchObject({ status: 'completed' });
    expect(batches).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('with no gate and yieldEveryMs 0 it never hands control back: even a microtask queued first sees the run end', async () => {
    const signal = { aborted: false };
    queueMicrotask(() => (signal.aborted = true));
    setTimeout(() => (signal.aborted = true), 0);
    expect(await train(net(), digits, { ...base, signal })).toMatchObject({ status: 'completed' });
    expect(await train(net(), digits, { ...base, signal: { aborted: false }, yieldEveryMs: 0 })).toMatchObject({ status: 'completed' });
  });

  it.each([
    [30, 3], // after batches 1–3 (30 ms), not before
    [25, 3],
    [10, 1],
  ])('yieldEveryMs %i hands control back once that much time has passed: a timer set first stops it after %i batches', async (every, trained) => {
    const clock = { now: 1000 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const { backend } = counting(clock);
    const signal = { aborted: false };
    setTimeout(() => (signal.aborted = true), 0);
    expect(await train(net(), digits, { ...base, backend, signal, yieldEveryMs: every })).toMatchObject({ status: 'cancelled', epoch: 1, batch: trained });
  });
});
