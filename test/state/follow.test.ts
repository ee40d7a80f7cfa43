/**
 * The step-through follows one unit (review B3) and opens the update on a weight that moves
 * (review K3), on the lesson's own pass (test digit #0, seed 1, 16 hidden units).
 */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { findStep } from '../../src/explain/index.ts';
import { createSession } from '../../src/state/session.ts';

function lessonSession() {
  const session = createSession('follow');
  session.setSample(loadSample());
  return session;
}

describe('the unit the step-through follows', () => {
  it('is the same hidden unit on every step that explains layer 1, forward and backward', () => {
    const session = lessonSession();
    const { steps, pass } = session.store.get();
    const z = Array.from(pass!.trace.layers[0].z);
    const mostActive = z.indexOf(Math.max(...z));
    const rows: Record<string, number> = {};
    for (const address of ['linear:1', 'activation:1', 'input-gradient:1', 'activation-gradient:1', 'weight-gradient:1', 'bias-gradient:1', 'update']) {
      session.goTo(findStep(steps, address));
      const focus = session.store.get().focus!;
      expect(focus.layer).toBe(1);
      rows[address] = focus.row;
    }
    expect(new Set(Object.values(rows))).toEqual(new Set([mostActive]));
  });

  it('selecting an output at the update opens a weight whose change is not zero: the largest gradient of that row', () => {
    const session = lessonSession();
    const { steps, pass } = session.store.get();
    session.goTo(findStep(steps, 'update'));
    for (let unit = 0; unit < 10; unit++) {
      session.selectUnit({ layer: 2, unit });
      const focus = session.store.get().focus!;
      const { dLdW } = pass!.gradients.layers[1];
      const row = Array.from(dLdW.subarray(unit * 16, unit * 16 + 16), Math.abs);
      expect(focus.layer).toBe(2);
      expect(focus.row).toBe(unit);
      expect(focus.col).toBe(row.indexOf(Math.max(...row)));
      const change = pass!.updated.layers[1].W[unit * 16 + focus.col!] - pass!.net.layers[1].W[unit * 16 + focus.col!];
      expect(Math.abs(change)).toBeGreaterThan(0);
    }
  });
});
