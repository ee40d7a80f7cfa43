import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createSession } from '../../src/state/session.ts';
import { readUrlState, writeUrlState } from '../../src/state/url.ts';
import { createNetwork } from '../../src/nn/index.ts';

function ready(config = {}) {
  const session = createSession('test', config);
  session.setSample(loadSample());
  return session;
}

describe('session transitions', () => {
  it('computes the pass once the digits arrive, starting at step 1', () => {
    const session = createSession('t');
    expect(session.store.get().pass).toBeNull();
    session.setSample(loadSample());
    const state = session.store.get();
    expect(state.pass?.trace.label).toBe(7);
    expect(state.stepIndex).toBe(0);
    expect(state.steps).toHaveLength(13);
  });

  it('stepping forward past the end stays on the last step, and back before the start stays on the first', () => {
    const session = ready();
    for (let k = 0; k < 30; k++) session.next();
    expect(session.store.get().stepIndex).toBe(12);
    for (let k = 0; k < 30; k++) session.previous();
    expect(session.store.get().stepIndex).toBe(0);
    session.goTo(99);
    expect(session.store.get().stepIndex).toBe(12);
    session.goTo(-5);
    expect(session.store.get().stepIndex).toBe(0);
  });

  it('changing the digit mid-way recomputes the pass and keeps the learner on the same step', () => {
    const session = ready();
    session.goTo(7);
    const before = session.store.get().pass!;
    session.setDigit(1);
    const after = session.store.get();
    expect(after.stepIndex).toBe(7);
    expect(after.pass!.trace.label).toBe(2);
    expect(after.pass!.trace.loss).not.toBe(before.trace.loss);
    session.setSeed(4);
    expect(session.store.get().stepIndex).toBe(7);
  });

  it('changing the seed draws new weights; the same seed gives the same pass', () => {
    const session = ready();
    const first = session.store.get().pass!.trace.loss;
    session.setSeed(2);
    expect(session.store.get().pass!.trace.loss).not.toBe(first);
    session.setSeed(1);
    expect(session.store.get().pass!.trace.loss).toBe(first);
  });

  it('changing the learning rate keeps the step and changes only the update', () => {
    const session = ready();
    session.goTo(12);
    const loss = session.store.get().pass!.trace.loss;
    session.setLearningRate(5);
    const state = session.store.get();
    expect(state.stepIndex).toBe(12);
    expect(state.pass!.trace.loss).toBe(loss);
    expect(state.pass!.learningRate).toBe(5);
  });

  it('rejects impossible values without changing the state', () => {
    const session = ready();
    const before = session.store.get();
    expect(() => session.setDigit(100)).toThrow(/sample digits 0–99/);
    expect(() => session.setLearningRate(Number.NaN)).toThrow(/learning rate NaN/);
    expect(() => session.setLearningRate(-1)).toThrow(/from 0.0001 to 100/);
    expect(() => session.setSeed(1.5)).toThrow(/whole number/);
    expect(session.store.get()).toBe(before);
  });

  it('play from the last step starts over; reaching the end stops playing; reset goes back and stops', () => {
    const session = ready();
    session.last();
    session.play();
    expect(session.store.get()).toMatchObject({ stepIndex: 0, playing: true });
    session.goTo(12);
    expect(session.store.get().playing).toBe(false);
    session.play();
    session.goTo(5);
    session.reset();
    expect(session.store.get()).toMatchObject({ stepIndex: 0, playing: false });
  });

  it('a starting step chosen before the digits load is kept', () => {
    const session = createSession('early');
    session.goTo(12);
    session.setSample(loadSample());
    expect(session.store.get().stepIndex).toBe(12);
  });
});

describe('URL state', () => {
  it('reads valid values under the session name only', () => {
    expect(readUrlState('?a.digit=12&a.seed=3&a.lr=0.05&a.step=weight-gradient:1&a.sel=1:3,120&b.digit=5&digit=7', 'a')).toEqual({
      state: { digit: 12, seed: 3, lr: 0.05, step: 'weight-gradient:1', sel: { layer: 1, row: 3, col: 120 } },
      notes: ['The link\'s "digit" is not read: this stepper\'s settings begin with its name, as in "a.digit".'],
    });
    expect(readUrlState('?a.digit=12&b.digit=5', 'b').state).toEqual({ digit: 5 });
  });
  it.each([
    ['?s.digit=100', /^The link sets the digit to "100", but it must be a whole number from 0 to 99, so the default is used\.$/],
    ['?s.digit=-1', /digit/],
    ['?s.digit=abc', /digit/],
    ['?s.seed=1.5', /seed/],
    ['?s.lr=0', /learning rate/],
    ['?s.lr=NaN', /learning rate/],
    ['?s.lr=1e9', /learning rate/],
    ['?s.lr=-0.1', /learning rate/],
    ['?s.step=7', /step/],
    ['?s.sel=1-3', /the selection to "1-3", but it must be layer:unit or layer:row,column/],
  ])('falls back with a note for %s', (search, note) => {
    const { state, notes } = readUrlState(search, 's');
    expect(state).toEqual({});
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(note);
    expect(notes[0]).toMatch(/default is used/);
  });
  it('writes one session’s values and keeps every other parameter, other sessions’ included', () => {
    expect(writeUrlState('?x=1&b.digit=9', 'a', { digit: 3, seed: 2, lr: 0.1, step: 'loss', sel: { layer: 2, row: 7, col: null } }))
      .toBe('?x=1&b.digit=9&a.digit=3&a.seed=2&a.lr=0.1&a.step=loss&a.sel=2%3A7');
    expect(writeUrlState('?a.step=loss&a.digit=2', 'a', { digit: 2 })).toBe('?a.digit=2');
  });
});

describe('steps by address and ranges', () => {
  it('goToStep finds a step by kind and layer; a range limits the walk and the counter', () => {
    const session = createSession('r', {}, { from: 'linear', to: 'loss' });
    session.setSample(loadSample());
    const state = () => session.store.get();
    expect(state().range).toEqual({ from: 0, to: 4 });
    session.last();
    expect(state().steps[state().stepIndex].kind).toBe('loss');
    session.next();
    expect(state().stepIndex).toBe(4);
    expect(session.goToStep('weight-gradient:1')).toBe(false);
    expect(session.goToStep('softmax')).toBe(true);
    expect(state().steps[state().stepIndex].kind).toBe('softmax');
    session.setRange({ from: 'backward', to: 'backward' });
    expect(state().range).toEqual({ from: 5, to: 11 });
    expect(state().stepIndex).toBe(5);
  });

  it('a range naming a step the network lacks falls back with a note', () => {
    const session = createSession('bad', {}, { from: 'input-gradient:7' });
    expect(session.store.get().range.from).toBe(0);
    expect(session.store.get().notes[0]).toMatch(/input-gradient:7/);
  });
});

describe('one selection across widgets', () => {
  it('a unit of layer 1 is the entry of every layer-1 vector, the row of layer-1 matrices and the column of layer-2 matrices', () => {
    const session = ready();
    session.select({ layer: 1, row: 3, col: null });
    const at = (address: string) => {
      session.goToStep(address);
      return session.store.get().focus!;
    };
    expect(at('linear:1')).toMatchObject({ layer: 1, row: 3, col: null, index: 3 });
    expect(at('activation-gradient:1')).toMatchObject({ row: 3, col: null });
    const dLdW1 = session.store.get().pass!.gradients.layers[0].dLdW;
    const w1 = at('weight-gradient:1');
    expect(w1).toMatchObject({ layer: 1, row: 3 });
    // Its column is the largest gradient in row 3.
    const row = Array.from(dLdW1.subarray(3 * 784, 4 * 784)).map(Math.abs);
    expect(w1.col).toBe(row.indexOf(Math.max(...row)));
    const w2 = at('weight-gradient:2');
    expect(w2).toMatchObject({ layer: 2, col: 3 });
    expect(session.store.get().selectedUnit).toEqual({ layer: 1, unit: 3 });
  });

  it('an entry picks itself; the update shows the layer of the selection', () => {
    const session = ready();
    session.select({ layer: 2, row: 4, col: 9 });
    session.goToStep('update');
    expect(session.store.get().focus).toMatchObject({ layer: 2, row: 4, col: 9, index: 4 * 16 + 9 });
    session.goToStep('linear:1');
    // Nothing to say about layer 1's z: the step's own default (its most active unit).
    const z = Array.from(session.store.get().pass!.trace.layers[0].z);
    expect(session.store.get().focus!.row).toBe(z.indexOf(Math.max(...z)));
  });

  it('selectElement (a flat index of the current output) becomes the selection; impossible selections throw', () => {
    const session = ready();
    session.goToStep('weight-gradient:1');
    session.selectElement(2 * 784 + 100);
    expect(session.store.get().selection).toEqual({ layer: 1, row: 2, col: 100 });
    expect(() => session.select({ layer: 1, row: 16, col: null })).toThrow(/no unit or entry/);
    session.reset();
    expect(session.store.get().selection).toBeNull();
  });
});

describe('other sources of weights and digits', () => {
  it('setNetwork takes a run’s weights and keeps the step; setSeed goes back to seeded weights', () => {
    const session = ready();
    session.goToStep('softmax');
    const net = createNetwork({ sizes: [784, 8, 10], activation: 'tanh', seed: 9 });
    session.setNetwork(net, 'run 1, epoch 2');
    const state = session.store.get();
    expect(state.pass!.net).toBe(net);
    expect(state.weightsSource).toBe('run 1, epoch 2');
    expect(state.steps[state.stepIndex].kind).toBe('softmax');
    expect(() => session.setNetwork(createNetwork({ sizes: [10, 10], activation: 'relu', seed: 1 }), 'x')).toThrow(/784 pixels in/);
    session.setSeed(1);
    expect(session.store.get().weightsSource).toBeNull();
    expect(session.store.get().pass!.net).not.toBe(net);
  });

  it('setInput with a label walks the whole pass; without one it stops at the probabilities', () => {
    const session = ready();
    const pixels = new Float32Array(784).fill(0.5);
    session.setInput(pixels, 3, 'test digit #1234');
    expect(session.store.get().pass!.trace.label).toBe(3);
    expect(session.store.get().range.to).toBe(12);
    session.setInput(pixels, null, 'your drawing');
    const state = session.store.get();
    expect(state.labelKnown).toBe(false);
    expect(state.steps[state.range.to].kind).toBe('softmax');
    expect(() => session.setInput(new Float32Array(783), 1, 'x')).toThrow(/784 pixels/);
    expect(() => session.setInput(new Float32Array(784).fill(2), 1, 'x')).toThrow(/from 0 \(blank\) to 1/);
    session.setDigit(0);
    expect(session.store.get()).toMatchObject({ inputSource: null, labelKnown: true });
  });
});
