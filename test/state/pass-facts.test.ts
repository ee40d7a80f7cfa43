/**
 * The prose of a lesson follows the session's real pass: the facts a sentence quotes are the
 * pass's own numbers, and the digit and the network are named for what the session runs (a sample
 * digit, a drawing, a run's trained weights), never "test digit #0" and "untrained" regardless.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import type { Dataset } from '../../src/data/dataset.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { createNetwork } from '../../src/nn/index.ts';
import { createSession } from '../../src/state/session.ts';
import { factProse, fillFacts, sessionFacts } from '../../src/state/pass-facts.ts';
import { passFacts, startingFacts } from '../../src/state/prerender.ts';

let sample: Dataset;
beforeAll(() => {
  sample = loadSample();
});

describe('facts quoted in prose', () => {
  it('before anything changes, the page shows the build-time text of the starting pass', () => {
    const session = createSession('facts');
    session.setSample(sample);
    const live = sessionFacts(session.store.get())!;
    expect(live).toEqual(startingFacts());
    const f = passFacts();
    // The same numbers the build-time facts computed, rounded the way the prose prints them.
    expect(live.loss).toBe(f.loss.toFixed(3));
    expect(live.inactiveUnits).toBe(String(f.inactiveUnits));
    expect(live.parameters).toBe('12,730'); // 784·16 + 16 + 16·10 + 10
    expect(live.digit).toBe('test digit #0');
    expect(live.digitAndLabel).toBe('test digit #0, a 7');
    expect(live.network).toBe('the untrained network (random weights, seed 1)');
    expect(fillFacts('L = {loss}, {nothing}', live)).toBe(`L = ${f.loss.toFixed(3)}, {nothing}`);
  });

  it('another sample digit: its number, its label, its loss', () => {
    const session = createSession('facts-4');
    session.setSample(sample);
    session.setDigit(4);
    const live = sessionFacts(session.store.get())!;
    expect(live.digitAndLabel).toBe(`test digit #4, ${sample.labels[4] === 8 ? 'an' : 'a'} ${sample.labels[4]}`);
    expect(live.label).toBe(String(sample.labels[4]));
    expect(live.loss).toBe(String(Number(passFacts({ digit: 4 }).loss.toPrecision(4))));
    expect(live.loss).not.toBe(startingFacts().loss);
  });

  it('a run’s weights and a digit from the test set (the bridge): the prose names them, not "untrained"', () => {
    const session = createSession('facts-run');
    session.setSample(sample);
    const trained = createNetwork({ sizes: [784, 32, 10], activation: 'relu', seed: 99 });
    session.setNetwork(trained, 'run “fast” of the lab');
    session.setInput(imageAsFloats(sample, 9), sample.labels[9], 'test digit #1234');
    const live = sessionFacts(session.store.get())!;
    expect(live.network).toBe('the trained network (run “fast” of the lab)');
    expect(live.Network).toBe('The trained network (run “fast” of the lab)');
    expect(live.digit).toBe('test digit #1234');
    expect(live.hidden).toBe('32');
    expect(live.parameters).toBe('25,450'); // 784·32 + 32 + 32·10 + 10
    expect(live.loss).toBe(session.store.get().pass!.trace.loss.toFixed(3));
  });

  it('a loss that one big step drove below 0.001 keeps its size (4 figures, as the widgets print it)', () => {
    const session = createSession('facts-tiny');
    session.setSample(sample);
    session.setDigit(3);
    session.setLearningRate(0.1);
    const after = session.store.get().pass!.after.loss;
    const live = sessionFacts(session.store.get())!;
    if (after < 0.001) expect(live.lossAfter).toMatch(/^\d(\.\d{1,3})?e−\d+$/);
    else expect(live.lossAfter).toBe(String(Number(after.toPrecision(4))));
    expect(Number(live.lossAfter.replace('−', '-'))).toBeCloseTo(after, 6);
  });

  it('a drawing has no true label: the prose says the loss takes the network’s guess', () => {
    const session = createSession('facts-drawing');
    session.setSample(sample);
    session.setInput(imageAsFloats(sample, 0), null, 'your drawing');
    const live = sessionFacts(session.store.get())!;
    expect(live.digitAndLabel).toMatch(/^your drawing, which has no true label \(the loss takes the network's guess, an? \d/);
    expect(live.label).toBe(live.predicted);
  });
});

describe('a fact printed in prose', () => {
  it('writes a negative number with the minus sign the widgets use, and leaves everything else alone', () => {
    expect(factProse('-0.877')).toBe('−0.877');
    expect(factProse('-1.23e−5')).toBe('−1.23e−5');
    expect(factProse('2.095')).toBe('2.095');
    expect(factProse('12,730')).toBe('12,730');
    expect(factProse('test digit #4, a 4')).toBe('test digit #4, a 4');
    expect(factProse('-')).toBe('-');
    // Only a leading minus: a hyphen before a digit inside a name stays (the network fact names a
    // weights file or a run as the learner named it; mutation: the unanchored /-(?=\d)/).
    expect(factProse('the trained network (weights file “mnist-2.json”)')).toBe('the trained network (weights file “mnist-2.json”)');
    expect(factProse('-0.5 and -0.25')).toBe('−0.5 and -0.25');
  });
});
