// @vitest-environment jsdom
/**
 * The update step's quantity view says how big the step is, truthfully (review, 2026-12-06): with
 * an inactive hidden unit selected every ΔW of its row is 0, and the note said "The largest change
 * is 1" (the colour scale's fallback extent); with η = 100 it said W after "looks almost like" W
 * before although the change was as large as the largest weight.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createSession, type Session } from '../../src/state/session.ts';
import { quantityView } from '../../src/state/views.ts';
import { renderQuantity, updateSize } from '../../src/widgets/QuantityView/render.ts';

let session: Session;
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
  session = createSession('update-note');
  session.setSample(loadSample());
});

const noteAt = (selection: Parameters<Session['select']>[0]) => {
  session.goToStep('update');
  session.select(selection);
  const root = document.createElement('div');
  renderQuantity(root, quantityView(session.store.get())!);
  return {
    note: root.querySelector('p.sw-update-note')!.textContent!,
    legends: [...root.querySelectorAll('.sw-legend-slot')].map((l) => l.textContent!),
  };
};

describe('the update note', () => {
  it('an inactive hidden unit: no weight changes, and no invented "largest change"', () => {
    const pass = session.store.get().pass!;
    // Unit 0 of layer 1 is inactive on the default digit (z = −0.05399 ≤ 0): its ∂L/∂z is 0, so all 784 ΔW are 0.
    expect(pass.trace.layers[0].z[0]).toBeLessThan(0);
    const { note, legends } = noteAt({ layer: 1, row: 0, col: 355 });
    expect(note).toContain('Every ∂L/∂W here is 0, so no weight changes');
    expect(note).not.toContain('largest change is 1');
    expect(legends.some((l) => l.includes('every entry here is 0'))).toBe(true);
  });

  it('an active unit at the default η = 0.1: a small change, W after looks like W before', () => {
    const { note, legends } = noteAt({ layer: 2, row: 7, col: 8 });
    // Layer 2: the largest |ΔW| is 0.1 · |∂L/∂z⁽²⁾₇ · a⁽¹⁾₈| = 0.1 · 0.4647 (the narration's own numbers).
    expect(note).toContain('The largest change is 0.04647');
    expect(note).toContain('W after looks almost like W before');
    expect(legends.some((l) => l.includes('every entry here is 0'))).toBe(false);
  });

  it('η = 100: the change is as large as the weights, and the note does not call the two alike', () => {
    session.setLearningRate(100);
    try {
      const { note } = noteAt({ layer: 2, row: 7, col: 8 });
      expect(note).toContain('The largest change is 46.47');
      expect(note).not.toContain('looks almost like');
      expect(note).toContain('differs visibly');
    } finally {
      session.setLearningRate(0.1);
    }
  });

  it('the threshold: under a quarter of the largest weight is "almost like"', () => {
    expect(updateSize(0, 0.3)).toMatch(/^Every ∂L\/∂W here is 0/);
    expect(updateSize(0.02, 0.1653)).toContain('looks almost like');
    expect(updateSize(0.05, 0.2)).toContain('differs visibly');
  });
});
