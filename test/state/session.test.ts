import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createSession } from '../../src/state/session.ts';
import { readUrlState, writeUrlState } from '../../src/state/url.ts';

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

  it('changing the digit mid-way recomputes the pass and starts again from step 1', () => {
    const session = ready();
    session.goTo(7);
    const before = session.store.get().pass!;
    session.setDigit(1);
    const after = session.store.get();
    expect(after.stepIndex).toBe(0);
    expect(after.pass!.trace.label).toBe(2);
    expect(after.pass!.trace.loss).not.toBe(before.trace.loss);
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
    expect(() => session.setLearningRate(-1)).toThrow(/above 0/);
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
  it('reads valid values', () => {
    expect(readUrlState('?digit=12&seed=3&lr=0.05')).toEqual({ state: { digit: 12, seed: 3, lr: 0.05 }, notes: [] });
  });
  it.each([
    ['?digit=100', /digit \(0–99\) "100"/],
    ['?digit=-1', /digit/],
    ['?digit=abc', /digit/],
    ['?seed=1.5', /seed/],
    ['?lr=0', /learning rate/],
    ['?lr=NaN', /learning rate/],
    ['?lr=1e9', /learning rate/],
    ['?lr=-0.1', /learning rate/],
  ])('falls back with a note for %s', (search, note) => {
    const { state, notes } = readUrlState(search);
    expect(state).toEqual({});
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(note);
    expect(notes[0]).toMatch(/default is used/);
  });
  it('writes values and keeps unrelated parameters', () => {
    expect(writeUrlState('?x=1', { digit: 3, seed: 2, lr: 0.1 })).toBe('?x=1&digit=3&seed=2&lr=0.1');
  });
});
