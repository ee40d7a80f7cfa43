/**
 * What the learner is told, pinned to what the network computed: each step's equation with
 * numbers (every factor and total against the core's arrays, recomputed here independently),
 * the narration's numbers, one notation everywhere, and the arrays the widgets are handed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass, type Activation, type Pass } from '../../src/nn/index.ts';
import {
  STEP_KINDS, buildSteps, narrate, numberedEquation, prose, quantityValues, texNumber, type Step,
} from '../../src/explain/index.ts';
import { createSession } from '../../src/state/session.ts';
import { quantityView } from '../../src/state/views.ts';
import { loadSample } from '../../src/data/load-node.ts';
import { digit } from '../nn/helpers.ts';

const ACTIVATIONS: Activation[] = ['relu', 'sigmoid', 'tanh'];

function passFor(activation: Activation, sizes = [784, 12, 7, 10]): Pass {
  const net = createNetwork({ sizes, activation, seed: 5 });
  const { x, y } = digit(3);
  return createPass(net, x, y, 0.5);
}

/** f′ written out independently of the core. */
const slope = (kind: Activation, z: number, a: number) => (kind === 'relu' ? (z > 0 ? 1 : 0) : kind === 'sigmoid' ? a * (1 - a) : 1 - a * a);
const close = (a: number, b: number, tol = 1e-5) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

/** Some entries of a step's output to explain: the first, the last and one in the middle. */
function entries(pass: Pass, step: Step): { row: number; col: number | null }[] {
  const q = quantityValues(pass, step.output)!;
  const rows = q.shape[0];
  const cols = q.shape[1];
  const picks = [0, Math.floor(rows / 2), rows - 1];
  return picks.map((row, k) => ({ row, col: cols === undefined ? null : [0, 350, cols - 1][k] % cols }));
}

describe('the steps a learner walks', () => {
  it('lists forward, backward and update steps in order, titled by their equations', () => {
    const steps = buildSteps({ sizes: [784, 128, 10], activation: 'relu' });
    expect(steps.map((s) => s.title)).toEqual([
      'forward: z⁽¹⁾ = W⁽¹⁾x + b⁽¹⁾',
      'forward: a⁽¹⁾ = ReLU(z⁽¹⁾)',
      'forward: z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾',
      'forward: p = softmax(z⁽²⁾)',
      'forward: L = −log pᵧ',
      'backward: ∂L/∂z⁽²⁾ = p − onehot(y)',
      'backward: ∂L/∂W⁽²⁾ = ∂L/∂z⁽²⁾ · a⁽¹⁾ᵀ',
      'backward: ∂L/∂b⁽²⁾ = ∂L/∂z⁽²⁾',
      'backward: ∂L/∂a⁽¹⁾ = W⁽²⁾ᵀ · ∂L/∂z⁽²⁾',
      'backward: ∂L/∂z⁽¹⁾ = ∂L/∂a⁽¹⁾ ⊙ ReLU′(z⁽¹⁾)',
      'backward: ∂L/∂W⁽¹⁾ = ∂L/∂z⁽¹⁾ · xᵀ',
      'backward: ∂L/∂b⁽¹⁾ = ∂L/∂z⁽¹⁾',
      'update: W⁽ˡ⁾ ← W⁽ˡ⁾ − η · ∂L/∂W⁽ˡ⁾, b⁽ˡ⁾ ← b⁽ˡ⁾ − η · ∂L/∂b⁽ˡ⁾',
    ]);
  });

  it('one superscript convention: every symbol of a title is in its TeX equation, with (l) superscripts only', () => {
    const SUP: Record<string, string> = { '¹': '1', '²': '2', '³': '3', 'ˡ': 'l' };
    for (const activation of ACTIVATIONS) {
      for (const step of buildSteps({ sizes: [784, 8, 6, 10], activation })) {
        expect(step.equation, step.title).not.toMatch(/\^\{\[/);
        for (const [, symbol, layer] of step.title.matchAll(/([Wbza])⁽([¹²³ˡ])⁾/g)) {
          expect(step.equation, `${step.title} ↔ ${step.equation}`).toContain(`${symbol}^{(${SUP[layer]})}`);
        }
        if (step.kind === 'linear' && step.layer === 1) expect(step.equation).toMatch(/W\^\{\(1\)\} x \+/);
      }
    }
  });

  it('every step kind has a "// step: <kind>" marker in the reference kernels, and only known kinds are marked', () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/nn/reference.ts'), 'utf8');
    const marked = [...source.matchAll(/^\s*\/\/ step: ([a-z-]+)\s*$/gm)].map((m) => m[1]);
    for (const kind of STEP_KINDS) expect(marked, `no marker for ${kind}`).toContain(kind);
    for (const kind of marked) expect(STEP_KINDS as readonly string[]).toContain(kind);
  });

  it('src/explain imports no DOM, d3 or Astro, and only src/nn of the project', () => {
    const dir = join(import.meta.dirname, '../../src/explain');
    for (const file of ['index.ts', 'notation.ts', 'steps.ts', 'equations.ts', 'narration.ts']) {
      const source = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [, spec] of source.matchAll(/from\s+'([^']+)'/g)) expect(spec, `${file} imports ${spec}`).toMatch(/^(\.\/[a-z-]+\.ts|\.\.\/nn\/[a-z-]+\.ts)$/);
      expect(source, file).not.toMatch(/\bdocument\.|\bwindow\./);
    }
  });
});

describe.each(ACTIVATIONS)('equations with numbers equal the core’s numbers (%s)', (activation) => {
  const pass = passFor(activation);
  const { net, trace, gradients } = pass;
  const steps = buildSteps(net);
  const inputOf = (l: number) => (l === 1 ? trace.input : trace.layers[l - 2].a);

  it.each(steps.map((s) => [s.title, s] as const))('%s', (_, step) => {
    for (const entry of entries(pass, step)) {
      const eq = numberedEquation(pass, step, entry);
      const l = step.layer ?? net.layers.length;
      const j = entry.row;
      const layer = net.layers[l - 1];
      // The total is the core's own number, and it is what the TeX ends with.
      expect(eq.tex).toContain(texNumber(eq.total));
      switch (step.kind) {
        case 'linear': {
          expect(eq.total).toBe(trace.layers[l - 1].z[j]);
          eq.terms.forEach(([w, x], i) => { expect(w).toBe(layer.W[j * layer.inSize + i]); expect(x).toBe(inputOf(l)[i]); });
          close(eq.terms.reduce((s, [w, x]) => s + w * x, 0) + eq.numbers.b, eq.total);
          break;
        }
        case 'activation': {
          expect(eq.total).toBe(trace.layers[l - 1].a[j]);
          const z = trace.layers[l - 1].z[j];
          close(activation === 'relu' ? Math.max(0, z) : activation === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : Math.tanh(z), eq.total);
          break;
        }
        case 'softmax': {
          const z = Array.from(trace.layers[l - 1].z);
          const max = z.reduce((m, v) => (v > m ? v : m), -Infinity);
          expect(eq.lists.logits).toEqual(z);
          expect(eq.numbers.max).toBe(max);
          expect(eq.numbers.exponent).toBe(z[j] - max);
          eq.lists.exps.forEach((e, k) => close(e, Math.exp(z[k] - max), 1e-12));
          close(eq.numbers.sum, eq.lists.exps.reduce((a, b) => a + b, 0), 1e-12);
          expect(eq.total).toBe(trace.probabilities[j]);
          close(Math.exp(eq.numbers.exponent) / eq.numbers.sum, eq.total);
          expect(eq.tex).toContain(texNumber(eq.numbers.sum));
          break;
        }
        case 'loss':
          expect(eq.total).toBe(trace.loss);
          expect(eq.numbers.py).toBe(trace.probabilities[trace.label]);
          close(-Math.log(eq.numbers.py), eq.total);
          break;
        case 'output-error':
          expect(eq.total).toBe(gradients.layers[l - 1].dLdz[j]);
          expect(eq.numbers.p).toBe(trace.probabilities[j]);
          expect(eq.numbers.onehot).toBe(j === trace.label ? 1 : 0);
          close(eq.numbers.p - eq.numbers.onehot, eq.total);
          break;
        case 'weight-gradient': {
          const i = entry.col!;
          expect(eq.terms).toEqual([[gradients.layers[l - 1].dLdz[j], inputOf(l)[i]]]);
          expect(eq.total).toBe(gradients.layers[l - 1].dLdW[j * layer.inSize + i]);
          close(eq.terms[0][0] * eq.terms[0][1], eq.total);
          break;
        }
        case 'bias-gradient':
          expect(eq.total).toBe(gradients.layers[l - 1].dLdb[j]);
          expect(eq.numbers.dLdz).toBe(gradients.layers[l - 1].dLdz[j]);
          break;
        case 'input-gradient': {
          const above = net.layers[l];
          expect(eq.total).toBe(gradients.layers[l - 1].dLda![j]);
          expect(eq.terms).toHaveLength(above.outSize);
          eq.terms.forEach(([w, g], o) => { expect(w).toBe(above.W[o * above.inSize + j]); expect(g).toBe(gradients.layers[l].dLdz[o]); });
          close(eq.terms.reduce((s, [w, g]) => s + w * g, 0), eq.total);
          break;
        }
        case 'activation-gradient': {
          const { z, a } = trace.layers[l - 1];
          expect(eq.total).toBe(gradients.layers[l - 1].dLdz[j]);
          expect(eq.numbers.dLda).toBe(gradients.layers[l - 1].dLda![j]);
          close(eq.numbers.fPrime, slope(activation, z[j], a[j]), 1e-12);
          close(eq.numbers.dLda * eq.numbers.fPrime, eq.total);
          break;
        }
        case 'update': {
          const k = j * layer.inSize + entry.col!;
          expect(eq.numbers.W).toBe(layer.W[k]);
          expect(eq.numbers.dLdW).toBe(gradients.layers[l - 1].dLdW[k]);
          expect(eq.numbers.eta).toBe(pass.learningRate);
          close(eq.numbers.delta, -pass.learningRate * eq.numbers.dLdW, 1e-12);
          expect(eq.total).toBe(pass.updated.layers[l - 1].W[k]);
          close(eq.numbers.W + eq.numbers.delta, eq.total);
          break;
        }
      }
      // The narration quotes the same result, in two or three sentences.
      const text = narrate(pass, step, entry);
      expect(text).toContain(prose(eq.total));
      const sentences = text.split(/(?<=[.:])\s+(?=[A-Z∂])/).filter((s) => s.trim());
      expect(sentences.length, text).toBeLessThanOrEqual(4);
    }
  });

  it('the update explains the layer of the entry asked for', () => {
    const update = steps.find((s) => s.kind === 'update')!;
    const eq = numberedEquation(pass, update, { row: 4, col: 5, layer: 2 });
    expect(eq.total).toBe(pass.updated.layers[1].W[4 * 12 + 5]);
  });
});

describe('narration names the chain-rule factor of each backward step', () => {
  const pass = passFor('relu', [784, 16, 10]);
  const steps = buildSteps(pass.net);
  const at = (kind: string) => steps.find((s) => s.kind === kind)!;
  it.each([
    ['weight-gradient', /∂z⁽²⁾₃\/∂W⁽²⁾₃,₅.*the second factor is just the input a⁽¹⁾₅/],
    ['bias-gradient', /∂z⁽²⁾₃\/∂b⁽²⁾₃ = 1/],
    ['input-gradient', /chain-rule factor ∂z⁽²⁾ₒ\/∂a⁽¹⁾₃/],
    ['activation-gradient', /chain-rule factor is the slope ReLU′\(z⁽¹⁾₃\)/],
    ['output-error', /p₃ − onehot\(y\)₃/],
  ])('%s', (kind, pattern) => {
    const step = at(kind);
    expect(narrate(pass, step, { row: 3, col: step.output.name === 'dLdW' ? 5 : null })).toMatch(pattern);
  });
});

describe.each(ACTIVATIONS)('the values a widget is given are the pass’s own arrays (%s)', (activation) => {
  const session = createSession(`arrays-${activation}`, { activation, hidden: [9, 7] });
  session.setSample(loadSample());
  const state = () => session.store.get();
  it.each(state().steps.map((s) => [s.title, s.index] as const))('%s', (_, index) => {
    session.goTo(index);
    const { pass, steps } = state();
    const step = steps[index];
    const l = (step.layer ?? 1) - 1;
    const g = pass!.gradients.layers[l];
    const expected = {
      linear: pass!.trace.layers[l].z,
      activation: pass!.trace.layers[l].a,
      softmax: pass!.trace.probabilities,
      'output-error': g.dLdz,
      'weight-gradient': g.dLdW,
      'bias-gradient': g.dLdb,
      'input-gradient': g.dLda,
      'activation-gradient': g.dLdz,
      update: pass!.updated.layers[l].W,
      loss: null,
    }[step.kind];
    const view = quantityView(state())!;
    if (expected === null) expect(Array.from(view.values)).toEqual([pass!.trace.loss]);
    else expect(view.values, `${step.title} shows another array`).toBe(expected);
  });
});
