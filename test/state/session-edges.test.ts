/**
 * The session at its edges: the limits of every setter, what survives a recomputation (step,
 * selection, playing), ranges given backwards or unknown, and the derived fields. The default
 * network is [784, 16, 10]: steps 0–4 forward (linear:1 … loss), 5–11 backward, 12 the update.
 */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { imageAsFloats, takeFirst } from '../../src/data/dataset.ts';
import { createNetwork, evaluate, forward, predicted } from '../../src/nn/index.ts';
import { createSession, stateAtStep } from '../../src/state/session.ts';

function ready(config = {}, range = {}) {
  const session = createSession('edges', config, range);
  session.setSample(loadSample());
  return session;
}

describe('session setters at their limits', () => {
  it('accepts digit 99, seed 2³² − 1 and η = 100; refuses one past each', () => {
    const session = ready();
    session.setDigit(99);
    expect(session.store.get().config.digit).toBe(99);
    expect(session.store.get().pass!.trace.label).toBe(loadSample().labels[99]);
    session.setSeed(0xffffffff);
    expect(session.store.get().config.seed).toBe(0xffffffff);
    session.setLearningRate(100);
    expect(session.store.get().pass!.learningRate).toBe(100);
    expect(() => session.setDigit(-1)).toThrow('digit -1 is not one of the sample digits 0–99');
    expect(() => session.setDigit(2.5)).toThrow(RangeError);
    expect(() => session.setSeed(-1)).toThrow('seed -1 must be a whole number from 0 to 4294967295');
    expect(() => session.setSeed(2 ** 32)).toThrow(RangeError);
    expect(() => session.setLearningRate(100.5)).toThrow('learning rate 100.5 must be a number from 0.0001 to 100');
    expect(() => session.setLearningRate(0)).toThrow(RangeError);
    expect(() => session.setLearningRate(Infinity)).toThrow(RangeError);
  });

  it('setInput takes pixels of exactly 0 and 1 and labels 0 and 9; refuses NaN pixels and labels outside 0–9', () => {
    const session = ready();
    const pixels = new Float32Array(784);
    pixels[0] = 1;
    session.setInput(pixels, 0, 'a');
    expect(session.store.get().pass!.trace.label).toBe(0);
    session.setInput(pixels, 9, 'b');
    expect(session.store.get()).toMatchObject({ inputSource: 'b', labelKnown: true });
    expect(session.store.get().pass!.trace.label).toBe(9);
    const nan = new Float32Array(784);
    nan[5] = Number.NaN;
    expect(() => session.setInput(nan, 1, 'x')).toThrow('pixel 5 is NaN; pixels must be numbers from 0 (blank) to 1 (ink)');
    const negative = new Float64Array(784);
    negative[783] = -0.01;
    expect(() => session.setInput(negative, 1, 'x')).toThrow(/pixel 783 is -0\.01/);
    expect(() => session.setInput(pixels, 10, 'x')).toThrow('label 10 is not a digit 0–9 (use null if unknown)');
    expect(() => session.setInput(pixels, -1, 'x')).toThrow(RangeError);
    expect(() => session.setInput(pixels, 1.5, 'x')).toThrow(RangeError);
    expect(() => session.setInput(null as never, 1, 'x')).toThrow('a digit has 784 pixels (28 × 28), not 0');
    // The input is copied: changing the caller's array later changes nothing.
    const before = session.store.get().pass!.trace.input[0];
    pixels[0] = 0;
    session.setLearningRate(0.2);
    expect(session.store.get().pass!.trace.input[0]).toBe(before);
  });

  it('an input without a label is walked with the network’s own guess as the class', () => {
    const session = ready();
    const pixels = imageAsFloats(loadSample(), 3);
    session.setInput(pixels, null, 'your drawing');
    const { pass } = session.store.get();
    expect(pass!.trace.label).toBe(predicted(forward(pass!.net, pixels, 0)));
    expect(session.store.get().inputSource).toBe('your drawing');
  });

  it('setNetwork refuses weights whose layers do not match their sizes, and a missing network', () => {
    const session = ready();
    const net = createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed: 1 });
    expect(() => session.setNetwork({ ...net, layers: net.layers.slice(0, 1) }, 'x')).toThrow(/784 pixels in and 10 classes out/);
    expect(() => session.setNetwork(createNetwork({ sizes: [784, 4, 9], activation: 'relu', seed: 1 }), 'x'))
      .toThrow('these weights map 784 inputs to 9 outputs; the step-through needs 784 pixels in and 10 classes out');
    expect(() => session.setNetwork(null as never, 'x')).toThrow(/map undefined inputs/);
    session.setNetwork(net, 'run 3');
    expect(session.store.get().config).toMatchObject({ hidden: [4], activation: 'relu' });
    expect(session.store.get().inputSource).toBeNull();
  });

  it('setDigit keeps a run’s weights but drops a custom input; setSeed keeps a custom input but drops the run’s weights', () => {
    const session = ready();
    const net = createNetwork({ sizes: [784, 4, 10], activation: 'tanh', seed: 3 });
    session.setNetwork(net, 'run 1');
    session.setInput(new Float32Array(784).fill(0.25), 2, 'grey');
    session.setDigit(5);
    expect(session.store.get()).toMatchObject({ weightsSource: 'run 1', inputSource: null });
    expect(session.store.get().pass!.net).toBe(net);
    session.setInput(new Float32Array(784).fill(0.25), 2, 'grey');
    session.setSeed(2);
    expect(session.store.get()).toMatchObject({ weightsSource: null, inputSource: 'grey' });
    expect(session.store.get().pass!.trace.input[0]).toBeCloseTo(0.25, 7);
    session.setLearningRate(0.5);
    expect(session.store.get()).toMatchObject({ weightsSource: null, inputSource: 'grey' });
  });
});

describe('what the session derives', () => {
  it('the sample loss is the mean over the 100 digits before and after this digit’s step', () => {
    const session = ready();
    const { pass, sampleLoss } = session.store.get();
    expect(sampleLoss).toEqual({ before: evaluate(pass!.net, loadSample()).loss, after: evaluate(pass!.updated, loadSample()).loss });
  });

  it('before the digits load there is no pass, and setters only change the configuration', () => {
    const session = createSession('early', { digit: 4 });
    session.setDigit(7);
    session.setLearningRate(0.3);
    expect(session.store.get()).toMatchObject({ pass: null, sampleLoss: null, focus: null, element: 0, config: { digit: 7, learningRate: 0.3 } });
    session.select({ layer: 1, row: 99, col: null });
    session.selectElement(3);
    expect(session.store.get().selection).toEqual({ layer: 1, row: 99, col: null });
    session.setSample(loadSample());
    // A selection the network cannot hold is dropped once the pass exists.
    expect(session.store.get().selection).toBeNull();
    expect(session.store.get().pass!.trace.label).toBe(loadSample().labels[7]);
  });

  it('goTo truncates a fractional index; pause stops playing; play elsewhere keeps the step', () => {
    const session = ready();
    session.goTo(2.9);
    expect(session.store.get().stepIndex).toBe(2);
    session.play();
    expect(session.store.get()).toMatchObject({ stepIndex: 2, playing: true });
    session.next();
    expect(session.store.get()).toMatchObject({ stepIndex: 3, playing: true });
    session.pause();
    expect(session.store.get().playing).toBe(false);
    session.first();
    expect(session.store.get().stepIndex).toBe(0);
  });

  it('a recomputation keeps playing unless it lands on the last step', () => {
    const session = ready();
    session.goTo(3);
    session.play();
    session.setSeed(2);
    expect(session.store.get().playing).toBe(true);
    session.setRange({ to: 'softmax' });
    expect(session.store.get().stepIndex).toBe(3);
    session.setSeed(3);
    expect(session.store.get().playing).toBe(false);
  });

  it('a selection that still fits survives a new digit; one that no longer fits is dropped', () => {
    const session = ready();
    session.select({ layer: 1, row: 15, col: null });
    session.setDigit(2);
    expect(session.store.get().selection).toEqual({ layer: 1, row: 15, col: null });
    session.setNetwork(createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 1 }), 'small');
    expect(session.store.get().selection).toBeNull();
  });

  it('selectUnit selects a unit and clears; selectedUnit follows units of layer ≥ 1 only', () => {
    const session = ready();
    session.selectUnit({ layer: 2, unit: 7 });
    expect(session.store.get()).toMatchObject({ selection: { layer: 2, row: 7, col: null }, selectedUnit: { layer: 2, unit: 7 } });
    session.select({ layer: 0, row: 300, col: null });
    expect(session.store.get().selectedUnit).toBeNull();
    session.selectUnit(null);
    expect(session.store.get()).toMatchObject({ selection: null, selectedUnit: null });
  });

  it('the update step shows the selection’s layer; selecting an entry there stays in that layer', () => {
    const session = ready();
    session.goToStep('update');
    // No selection: layer 1, the entry of largest |∂L/∂W⁽¹⁾|.
    expect(session.store.get().focus!.layer).toBe(1);
    session.select({ layer: 2, row: 1, col: null });
    expect(session.store.get().focus).toMatchObject({ layer: 2, row: 1 });
    session.selectElement(3 * 16 + 5);
    expect(session.store.get().selection).toEqual({ layer: 2, row: 3, col: 5 });
    expect(session.store.get().element).toBe(3 * 16 + 5);
    // A pixel says nothing about the update's layer-0 matrix (there is none): layer 1's column.
    session.select({ layer: 0, row: 400, col: null });
    expect(session.store.get().focus).toMatchObject({ layer: 1, col: 400 });
  });

  it('selectElement on the loss (a scalar) selects nothing', () => {
    const session = ready();
    session.goToStep('loss');
    session.selectElement(0);
    expect(session.store.get().selection).toBeNull();
  });

  it('stateAtStep derives another step’s focus without moving the session', () => {
    const session = ready();
    session.select({ layer: 1, row: 4, col: null });
    const state = session.store.get();
    const at10 = stateAtStep(state, 10);
    expect(at10.stepIndex).toBe(10);
    expect(at10.focus).toMatchObject({ layer: 1, row: 4 });
    expect(at10.element).toBe(at10.focus!.index);
    expect(session.store.get()).toBe(state);
  });
});

describe('ranges', () => {
  it('a range given backwards is turned round; an unknown end falls back to the last step with a note', () => {
    const session = ready({}, { from: 'loss', to: 'linear:1' });
    expect(session.store.get().range).toEqual({ from: 0, to: 4 });
    session.setRange({ to: 'nonsense' });
    expect(session.store.get().range).toEqual({ from: 0, to: 12 });
    expect(session.store.get().notes.at(-1)).toBe('This stepper ends at "nonsense", which is not a step of this network, so it goes to the last step.');
    session.setRange({ from: 'nope' });
    expect(session.store.get().notes.at(-1)).toBe('This stepper starts at "nope", which is not a step of this network, so it starts at the first step.');
  });

  it('"to" takes the last match of an address, "from" the first', () => {
    const session = ready({}, { from: 'backward', to: 'backward' });
    expect(session.store.get().range).toEqual({ from: 5, to: 11 });
    session.setRange({ from: 'weight-gradient', to: 'weight-gradient' });
    expect(session.store.get().range).toEqual({ from: 6, to: 10 });
  });

  it('setRange moves the step into the new range', () => {
    const session = ready();
    session.goTo(12);
    session.setRange({ to: 'softmax' });
    expect(session.store.get()).toMatchObject({ stepIndex: 3, range: { from: 0, to: 3 } });
    session.setRange({ from: 'loss' });
    expect(session.store.get()).toMatchObject({ stepIndex: 4, range: { from: 4, to: 12 } });
  });

  it('goToStep refuses a step before the range or unknown', () => {
    const session = ready({}, { from: 'loss' });
    expect(session.goToStep('linear:1')).toBe(false);
    expect(session.goToStep('nope')).toBe(false);
    expect(session.goToStep('update')).toBe(true);
    expect(session.store.get().stepIndex).toBe(12);
  });

  it('addNotes appends, and adding none leaves the state as it was', () => {
    const session = ready();
    const state = session.store.get();
    session.addNotes([]);
    expect(session.store.get()).toBe(state);
    session.addNotes(['one', 'two']);
    expect(session.store.get().notes).toEqual([...state.notes, 'one', 'two']);
  });
});

describe('session: start, failures and moving between networks', () => {
  it('a new session walks every step from the first, not playing, with no notes and no error', () => {
    const session = createSession('fresh', {}, { from: 'linear:1' });
    expect(session.store.get()).toMatchObject({ range: { from: 0, to: 12 }, stepIndex: 0, playing: false, labelKnown: true, error: null, notes: [] });
  });

  it('before the digits load, a setter leaves no error; a custom input is walked at once, without a sample loss', () => {
    const session = createSession('custom');
    session.setLearningRate(0.2);
    expect(session.store.get().error).toBeNull();
    session.setInput(new Float32Array(784).fill(0.5), 4, 'grey');
    const state = session.store.get();
    expect(state.pass!.trace.label).toBe(4);
    expect(state.pass!.learningRate).toBe(0.2);
    expect(state.sampleLoss).toBeNull();
    expect(state.error).toBeNull();
  });

  it('a pass that cannot be computed is reported, stops playing, and keeps the new configuration', () => {
    const session = createSession('short', { digit: 50 });
    session.play();
    session.setSample(takeFirst(loadSample(), 5));
    const state = session.store.get();
    expect(state.error).toMatch(/50/);
    expect(state).toMatchObject({ pass: null, playing: false, config: { digit: 50 } });
  });

  it('the refusal of an impossible selection names it and the network', () => {
    const session = ready();
    expect(() => session.select({ layer: 2, row: 10, col: null })).toThrow('there is no unit or entry {"layer":2,"row":10,"col":null} in a 784-16-10 network');
  });

  it('seed 0 is a seed', () => {
    const session = ready();
    session.setSeed(0);
    expect(session.store.get().config.seed).toBe(0);
  });

  it('a new network keeps the learner on the same step by address; a step it lacks keeps the position', () => {
    const session = ready();
    session.goToStep('update');
    session.setNetwork(createNetwork({ sizes: [784, 8, 6, 10], activation: 'relu', seed: 1 }), 'deep');
    let state = session.store.get();
    expect(state.steps[state.stepIndex].kind).toBe('update');
    expect(state.stepIndex).toBe(state.steps.length - 1);
    session.goToStep('activation-gradient:2');
    const index = session.store.get().stepIndex;
    session.setNetwork(createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 1 }), 'shallow');
    state = session.store.get();
    expect(index).toBe(11);
    // [784, 16, 10] has no activation-gradient:2: the learner stays at the same position.
    expect(state.steps).toHaveLength(13);
    expect(state.stepIndex).toBe(11);
  });
});
