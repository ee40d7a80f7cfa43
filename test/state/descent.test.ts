/** One step of gradient descent: the curve over η, the verdict, and more steps on one digit. */
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { evaluate, forward, sgdUpdate } from '../../src/nn/index.ts';
import { lessonPass } from '../../src/state/prerender.ts';
import { descentCurve, descentVerdict, etaGrid, flatNote, iterate, restartNote, largestDifference, MAX_ETA, MIN_ETA, parseEta, startIteration, stepAt, type IterationPoint } from '../../src/state/descent.ts';
import { createPass } from '../../src/nn/index.ts';

const sample = loadSample();
const pass = lessonPass({ hidden: [16], seed: 1, digit: 0, learningRate: 0.1 });

describe('descent view data', () => {
  it('η runs over six decades, 1e-4 to 100, evenly on a log scale', () => {
    const grid = etaGrid();
    expect(grid[0]).toBe(MIN_ETA);
    expect(grid.at(-1)).toBe(MAX_ETA);
    expect(grid).toHaveLength(25);
    expect(grid[4]).toBeCloseTo(1e-3, 12);
  });

  it('each point is one SGD step by the core: this digit’s loss and the sample’s mean loss after it', () => {
    const point = stepAt(pass, sample, 0.1);
    const updated = sgdUpdate(pass.net, pass.gradients, 0.1);
    expect(point.digit).toBe(forward(updated, pass.trace.input, pass.trace.label).loss);
    expect(point.mean).toBe(evaluate(updated, sample).loss);
    expect(point.digit).toBeCloseTo(pass.after.loss, 6);
  });

  it('for this digit the loss keeps falling as η grows; the mean over the 100 digits falls, then rises', () => {
    const curve = descentCurve(pass, sample);
    expect(curve.points.every((p) => p.digit < curve.before.digit)).toBe(true);
    const large = curve.points.find((p) => p.eta === 100)!;
    expect(large.digit).toBeLessThan(0.01);
    expect(large.mean).toBeGreaterThan(curve.before.mean);
    const small = curve.points.find((p) => p.eta === 1e-4)!;
    expect(small.mean).toBeLessThanOrEqual(curve.before.mean);
  });

  it('the verdict is good only when the mean loss did not rise, and says what rose', () => {
    expect(descentVerdict(0.1, { before: 2.09, after: 0.4 }, { before: 2.3753, after: 2.3842 })).toMatchObject({ good: false, text: expect.stringMatching(/2\.375 to 2\.384: it rose.*at the expense of the others/) });
    expect(descentVerdict(0.01, { before: 2.09, after: 1.9 }, { before: 2.38, after: 2.37 })).toMatchObject({ good: true });
    expect(descentVerdict(10, { before: 2.09, after: 2.5 }, { before: 2.38, after: 9 })).toMatchObject({ good: false, text: expect.stringMatching(/up, not down/) });
    // A loss driven to almost nothing keeps its size; a loss prints as everywhere on the page, 4 figures (2.095, not 2.0945).
    expect(descentVerdict(30, { before: 2.0945, after: 3.14e-7 }, { before: 2.3753, after: 4598.6 }).text).toContain('from 2.095 to 3.14e−7');
    expect(descentVerdict(30, { before: 2.0945, after: 3.14e-7 }, { before: 2.3753, after: 4598.6 }).text).toContain('went from 2.375 to 4599');
  });

  it('refuses an η outside 1e-4 … 100 or not a number, naming the range', () => {
    expect(parseEta('0.5')).toEqual({ eta: 0.5 });
    expect(parseEta('1e-3')).toEqual({ eta: 0.001 });
    for (const bad of ['0', '-1', 'abc', '1000', '0.00001', '', 'Infinity', '1,5']) {
      expect(parseEta(bad)).toEqual({ error: expect.stringMatching(/from 0\.0001 to 100/) });
    }
  });

  it('more steps on the same digit: each is a full pass by the core, and this digit’s loss falls step after step', () => {
    let it0 = startIteration(pass, sample);
    expect(it0.points).toEqual([{ step: 0, digit: pass.trace.loss, mean: evaluate(pass.net, sample).loss, pLabel: pass.trace.probabilities[pass.trace.label], largestChange: null }]);
    it0 = iterate(it0, pass.trace.input, pass.trace.label, sample, 1);
    expect(it0.points[1].digit).toBeCloseTo(pass.after.loss, 6);
    const it10 = iterate(it0, pass.trace.input, pass.trace.label, sample, 10);
    expect(it10.points).toHaveLength(12);
    for (let k = 1; k < it10.points.length; k++) expect(it10.points[k].digit).toBeLessThan(it10.points[k - 1].digit);
  });
});

describe('descent: the edges of η and of the verdict', () => {
  it('etaGrid spaces any number of points evenly in log η, rounded to six figures', () => {
    expect(etaGrid(7)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100]);
    expect(etaGrid(2)).toEqual([1e-4, 100]);
    // Four points per decade: 10^(−4 + 1/4) = 1.77828e-4 to six figures.
    expect(etaGrid()[1]).toBe(0.000177828);
  });

  it('parseEta takes the ends of the range, a leading + or dot, an exponent either case, and trims', () => {
    expect(parseEta('1e-4')).toEqual({ eta: 1e-4 });
    expect(parseEta('100')).toEqual({ eta: 100 });
    expect(parseEta('+5')).toEqual({ eta: 5 });
    expect(parseEta('.5')).toEqual({ eta: 0.5 });
    expect(parseEta('5.')).toEqual({ eta: 5 });
    expect(parseEta('1E1')).toEqual({ eta: 10 });
    expect(parseEta('2e+1')).toEqual({ eta: 20 });
    expect(parseEta('12.5')).toEqual({ eta: 12.5 });
    expect(parseEta('.25')).toEqual({ eta: 0.25 });
    expect(parseEta('5e-01')).toEqual({ eta: 0.5 });
    expect(parseEta('  0.25 ')).toEqual({ eta: 0.25 });
    for (const bad of ['100.01', '0.000099', 'x1', '1x', '1e', '0x10', '1..2']) expect(parseEta(bad)).toHaveProperty('error');
  });

  it('the refusal quotes at most 24 characters of what was typed', () => {
    const typed = 'y'.repeat(30);
    expect(parseEta(typed)).toEqual({ error: `“${'y'.repeat(24)}” is not a learning rate here: type a number from 0.0001 to 100 (for example 0.1). Still using the last valid η.` });
  });

  it('without the sample, a step that lowered this digit’s loss is good and says only that', () => {
    expect(descentVerdict(0.1, { before: 2, after: 1.5 }, null)).toEqual({ good: true, text: 'One step with η = 0.1 took this digit\'s loss from 2 to 1.5.' });
  });

  it('a loss that did not move is not a fall; a mean that did not move did not rise', () => {
    expect(descentVerdict(1e-4, { before: 2, after: 2 }, null).good).toBe(false);
    expect(descentVerdict(1e-4, { before: 2, after: 1.9999 }, { before: 2.3, after: 2.3 })).toEqual({
      good: true,
      text: 'One step with η = 0.0001 took this digit\'s loss from 2 to 1.9999, and the mean loss over the 100 sample digits went from 2.3 to 2.3: the step helped this digit without hurting the others on average.',
    });
  });

  it('four significant figures (the narration\'s), more only where four would print two different losses alike; below 10⁻³ scientific with a true minus; zero is 0', () => {
    const text = (after: number) => descentVerdict(1, { before: 1, after }, null).text;
    expect(text(0)).toContain('from 1 to 0.');
    expect(text(0.0012345)).toContain('to 0.001234.');
    expect(text(0.001)).toContain('to 0.001.');
    expect(text(0.0004)).toContain('to 4e−4.');
    expect(text(0.00012346)).toContain('to 1.235e−4.');
    // 2.09452 and 2.09451 are both 2.095 (and 2.0945) with fewer figures: six tell them apart.
    expect(descentVerdict(1e-4, { before: 2.09452, after: 2.09451 }, null).text).toContain('from 2.09452 to 2.09451');
    // 1.9999 is 2.000 to four figures, so 2 would read "from 2 to 2": five figures.
    expect(descentVerdict(1e-4, { before: 2, after: 1.9999 }, null).text).toContain('from 2 to 1.9999');
  });

  it('zero more steps leave the iteration as it was; the steps are numbered on', () => {
    const start = startIteration(pass, sample);
    const same = iterate(start, pass.trace.input, pass.trace.label, sample, 0);
    expect(same.points).toEqual(start.points);
    expect(same.net).toBe(start.net);
    expect(same.eta).toBe(0.1);
    const two = iterate(start, pass.trace.input, pass.trace.label, sample, 2);
    expect(two.points.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(two.points[2].mean).toBe(evaluate(two.net, sample).loss);
    // The start is not changed in place.
    expect(start.points).toHaveLength(1);
  });

  it('a new η that dropped steps says how many and at which η; the note survives further steps; none when nothing was dropped', () => {
    const fresh = startIteration({ ...pass, learningRate: 3 }, sample);
    expect(restartNote(fresh)).toBeNull();
    expect(restartNote({ ...fresh, restartedFrom: { eta: 0.001, steps: 0 } })).toBeNull();
    const restarted = { ...fresh, restartedFrom: { eta: 0.001, steps: 11 } };
    expect(restartNote(restarted)).toBe('Changing η from 0.001 to 3 started these steps over from the starting weights: the 11 steps taken with η = 0.001 are no longer shown.');
    expect(restartNote({ ...fresh, restartedFrom: { eta: 0.1, steps: 1 } })).toBe('Changing η from 0.1 to 3 started these steps over from the starting weights: the 1 step taken with η = 0.1 is no longer shown.');
    const on = iterate(restarted, pass.trace.input, pass.trace.label, sample, 1);
    expect(on.restartedFrom).toEqual({ eta: 0.001, steps: 11 });
    expect(iterate(fresh, pass.trace.input, pass.trace.label, sample, 1).restartedFrom).toBeUndefined();
  });

  it('a step’s largest change is the largest |θ after − θ before| over every weight and bias', () => {
    const one = createPass(pass.net, pass.trace.input, pass.trace.label, 0.1);
    let largest = 0;
    one.net.layers.forEach((layer, l) => {
      layer.W.forEach((w, k) => { largest = Math.max(largest, Math.abs(one.updated.layers[l].W[k] - w)); });
      layer.b.forEach((b, k) => { largest = Math.max(largest, Math.abs(one.updated.layers[l].b[k] - b)); });
    });
    expect(largest).toBeGreaterThan(0);
    expect(largestDifference(one.net, one.updated)).toBe(largest);
    expect(largestDifference(one.net, one.net)).toBe(0);
    const it2 = iterate(startIteration(pass, sample), pass.trace.input, pass.trace.label, sample, 1);
    expect(it2.points[1].largestChange).toBe(largestDifference(pass.net, it2.net));
    expect(it2.points[1].pLabel).toBe(forward(it2.net, pass.trace.input, pass.trace.label).probabilities[pass.trace.label]);
  });

  const point = (step: number, digit: number, mean: number, pLabel: number, largestChange: number | null): IterationPoint => ({ step, digit, mean, pLabel, largestChange });
  it('flat curve at large η: says the digit is memorised, with the last step’s numbers', () => {
    const points = [point(0, 2.0945, 2.3753, 0.123, null), point(1, 1.4e-12, 15.324, 1, 0.83), point(2, 1.4e-12, 15.3241, 1, 2.1e-12)];
    const text = flatNote(points, 1, 7)!;
    expect(text).toContain("this digit's loss is 1.4e−12, at its floor of 0");
    expect(text).toContain('p(7) rounds to exactly 1 in float32');
    expect(text).toContain('moved no weight or bias by more than 2.1e−12 (η = 1)');
    expect(text).toContain('stays where the first step left it (15.32)');
    // p just below 1 is printed, and a step that changed nothing says so.
    const exact = flatNote([...points.slice(0, 2), point(2, 0, 15.324, 0.99999988, 0), point(3, 0, 15.324, 0.99999988, 0)], 10, 3)!;
    expect(exact).toContain('p(3) = 0.99999988');
    expect(exact).toContain('changed no weight at all');
    expect(exact).toContain('where the first steps left it');
  });

  it('flat curve at tiny η: says each step is too small to see; no note while a loss still visibly moves', () => {
    const tiny = [point(0, 2.0945, 2.3753, 0.12, null), point(1, 2.0941, 2.3753, 0.12, 1e-5), point(2, 2.0937, 2.3752, 0.12, 1e-5)];
    expect(flatNote(tiny, 0.0001, 7)).toBe("Why the curves look flat: each step with η = 0.0001 is tiny. The last one changed this digit's loss by 0.0004 (to 2.094) and moved no weight or bias by more than 1.0e−5. A larger η takes bigger steps.");
    expect(flatNote(tiny.slice(0, 2), 0.0001, 7)).toBeNull(); // one step: nothing to call flat yet
    expect(flatNote([tiny[0], tiny[1], point(2, 2.09, 2.3753, 0.12, 1e-3)], 0.01, 7)).toBeNull(); // the digit's loss moved 0.0041
    expect(flatNote([tiny[0], tiny[1], point(2, 2.0937, 2.38, 0.12, 1e-3)], 0.01, 7)).toBeNull(); // the mean moved 0.0047
  });

  it('on the lesson’s digit, η = 1 memorises it in one step, and the next step’s note says so from the core’s numbers', () => {
    const start = startIteration({ ...pass, learningRate: 1 }, sample);
    const two = iterate(start, pass.trace.input, pass.trace.label, sample, 2);
    const text = flatNote(two.points, 1, pass.trace.label);
    expect(two.points[2].digit).toBeLessThan(1e-3);
    expect(text).toMatch(/at its floor of 0/);
    expect(text).toContain(`p(${pass.trace.label})`);
  });
});
