/**
 * On a phone the equation panel shows each equation with numbers broken into more lines (one
 * "= …" a line, one product of a sum a line, lists three numbers a line), so that none scrolls
 * sideways. The narrow form must say exactly what the wide one says: the same numbers, in order.
 */
import { describe, expect, it } from 'vitest';
import { buildSteps, numberedEquation, substitutedEquation, texNumber } from '../../src/explain/index.ts';
import { lessonPass } from '../../src/state/prerender.ts';

const pass = lessonPass({ hidden: [16], seed: 1, digit: 0, learningRate: 0.1 });
const steps = buildSteps(pass.net);
const numbersOf = (tex: string): string[] => [...(tex.match(/-?\d+(\.\d+)?/g) ?? [])];
const lines = (tex: string) => tex.split('\\\\').length;
const entryFor = (kind: string) => ({ row: 7, col: kind === 'weight-gradient' || kind === 'update' ? 8 : null });

describe('equations with numbers, narrow (a phone)', () => {
  it.each(steps.map((s) => [`${s.kind}:${s.layer}`, s] as const))('%s: the same numbers in the same order, on more lines', (_, step) => {
    const eq = numberedEquation(pass, step, entryFor(step.kind));
    expect(eq.narrowTex).toMatch(/^\\begin\{(aligned|gathered)\}.*\\end\{(aligned|gathered)\}$/);
    if (step.kind === 'activation-gradient' || step.kind === 'update') {
      // These name a symbol once more on a phone (∂L/∂z on the numbers' line; W + ΔW before the
      // numbers): the wide form's numbers, in order, plus that symbol's layer and indices.
      const narrow = numbersOf(eq.narrowTex);
      let k = 0;
      for (const n of numbersOf(eq.tex)) k = narrow.indexOf(n, k) + 1 || Number.NaN;
      expect(k, eq.narrowTex).not.toBeNaN();
      expect(narrow.length).toBe(numbersOf(eq.tex).length + (step.kind === 'update' ? 6 : 2));
      expect(eq.narrowTex).not.toContain('\\quad');
      // The update takes two more lines; the activation gradient keeps its three, unindented.
      expect(lines(eq.narrowTex)).toBe(lines(eq.tex) + (step.kind === 'update' ? 3 : 0));
    } else {
      expect(numbersOf(eq.narrowTex)).toEqual(numbersOf(eq.tex));
      expect(lines(eq.narrowTex)).toBeGreaterThan(lines(eq.tex));
    }
    expect(substitutedEquation(pass, step, entryFor(step.kind), true)).toBe(eq.narrowTex);
    expect(substitutedEquation(pass, step, entryFor(step.kind))).toBe(eq.tex);
  });

  it('a chain: the symbols on the first line, then the numbers and the result', () => {
    const step = steps.find((s) => s.kind === 'output-error')!;
    const p = pass.trace.probabilities[7];
    const total = pass.gradients.layers[1].dLdz[7];
    expect(numberedEquation(pass, step, { row: 7, col: null }).narrowTex).toBe(
      `\\begin{aligned} \\frac{\\partial L}{\\partial z^{(2)}_{7}} &= p_{7} - \\operatorname{onehot}(y)_{7} \\\\ &= ${texNumber(p)} - ${pass.trace.label === 7 ? 1 : 0} = ${texNumber(total)} \\end{aligned}`,
    );
  });

  it('softmax: ten logits on four lines of 3, 3, 3 and 1', () => {
    const step = steps.find((s) => s.kind === 'softmax')!;
    const narrow = numberedEquation(pass, step, { row: 7, col: null }).narrowTex;
    const logits = narrow.slice(narrow.indexOf('\\begin{array}'), narrow.indexOf('\\end{array}'));
    expect(logits.split('\\\\').map((line) => numbersOf(line).length)).toEqual([3, 3, 3, 1]);
  });
});
