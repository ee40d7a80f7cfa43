/**
 * The network diagram's view data, step by step, on the hand-worked pass of tiny-pass.ts: which
 * quantity colours each column and in what role, what each layer's edges show, when the loss, the
 * guess and the input light up, the readouts under hover, and the derived numbers (ΔW, Δb, the
 * root-mean-square row sizes of a wide layer) against values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { createNetwork, createPass } from '../../src/nn/index.ts';
import { diagramView, EDGE_LIMIT, type DiagramView } from '../../src/state/diagram-view.ts';
import { ETA, S, expectClose, tinyPass, tinyState } from './tiny-pass.ts';

const view = (index: number, extra = {}): DiagramView => diagramView(tinyState(index, extra))!;
/** Each column as "name/role", or "-" when nothing is shown. */
const columns = (v: DiagramView) => v.columns.map((c) => (c.shown ? `${c.shown.name}/${c.shown.role}` : '-'));
const edges = (v: DiagramView) => v.edges.map((e) => `${e.name}/${e.role}`);

describe('the diagram at each step of the tiny pass', () => {
  it('colours each column by what the step writes, reads, or (else) the latest of its phase', () => {
    const expected: [string, string[]][] = [
      ['linear:1', ['z/output', '-', '-']],
      ['activation:1', ['a/output', '-', '-']],
      ['linear:2', ['a/input', 'z/output', '-']],
      ['activation:2', ['a/earlier', 'a/output', '-']],
      ['linear:3', ['a/earlier', 'a/input', 'z/output']],
      ['softmax:3', ['a/earlier', 'a/earlier', 'p/output']],
      ['loss:null', ['a/earlier', 'a/earlier', 'p/input']],
      // Backward: a forward value is not a gradient, so the hidden columns wait.
      ['output-error:3', ['-', '-', 'dLdz/output']],
      ['weight-gradient:3', ['-', 'a/input', 'dLdz/input']],
      ['bias-gradient:3', ['-', '-', 'dLdb/output']],
      ['input-gradient:2', ['-', 'dLda/output', 'dLdz/input']],
      // ∂L/∂b³ repeats ∂L/∂z³: the earlier output column shows ∂L/∂z³.
      ['activation-gradient:2', ['-', 'dLdz/output', 'dLdz/earlier']],
      ['weight-gradient:2', ['a/input', 'dLdz/input', 'dLdz/earlier']],
      ['bias-gradient:2', ['-', 'dLdb/output', 'dLdz/earlier']],
      ['input-gradient:1', ['dLda/output', 'dLdz/input', 'dLdz/earlier']],
      ['activation-gradient:1', ['dLdz/output', 'dLdz/earlier', 'dLdz/earlier']],
      ['weight-gradient:1', ['dLdz/input', 'dLdz/earlier', 'dLdz/earlier']],
      ['bias-gradient:1', ['dLdb/output', 'dLdz/earlier', 'dLdz/earlier']],
      ['update:1', ['db/output', 'db/output', 'db/output']],
    ];
    const steps = tinyState().steps;
    expect(steps.map((s) => `${s.kind}:${s.layer}`)).toEqual(expected.map(([k]) => k));
    expected.forEach(([step, cols], k) => expect(columns(view(k)), step).toEqual(cols));
  });

  it('shows each quantity’s own numbers, worked out by hand', () => {
    const s = S;
    const cases: [number, number, string, number[]][] = [
      [0, 0, 'z⁽¹⁾', [0.5, -1]],
      [1, 0, 'a⁽¹⁾', [0.5, 0]],
      [2, 1, 'z⁽²⁾', [1, -0.25]],
      [3, 1, 'a⁽²⁾', [1, 0]],
      [4, 2, 'z⁽³⁾', [1, -1]],
      [5, 2, 'p', [s, 1 - s]],
      [7, 2, '∂L/∂z⁽³⁾', [s, -s]],
      [9, 2, '∂L/∂b⁽³⁾', [s, -s]],
      [10, 1, '∂L/∂a⁽²⁾', [2 * s, 2 * s]],
      [11, 1, '∂L/∂z⁽²⁾', [2 * s, 0]],
      [13, 1, '∂L/∂b⁽²⁾', [2 * s, 0]],
      [14, 0, '∂L/∂a⁽¹⁾', [4 * s, 2 * s]],
      [15, 0, '∂L/∂z⁽¹⁾', [4 * s, 0]],
      [17, 0, '∂L/∂b⁽¹⁾', [4 * s, 0]],
      // Δb = −η·∂L/∂b, the update's new b minus the old.
      [18, 0, 'Δb⁽¹⁾', [-ETA * 4 * s, 0]],
      [18, 1, 'Δb⁽²⁾', [-ETA * 2 * s, 0]],
      [18, 2, 'Δb⁽³⁾', [-ETA * s, ETA * s]],
    ];
    for (const [step, column, label, values] of cases) {
      const shown = view(step).columns[column].shown!;
      expect(shown.label, `step ${step}`).toBe(label);
      expectClose(shown.values, values, `step ${step} ${label}`);
    }
  });

  it('edges: faint weights, lit when read, ∂L/∂W on their own gradient step, ΔW on the update', () => {
    const expected: string[][] = [
      ['W/input', 'W/faint', 'W/faint'], // linear:1
      ['W/faint', 'W/faint', 'W/faint'], // activation:1
      ['W/faint', 'W/input', 'W/faint'], // linear:2
      ['W/faint', 'W/faint', 'W/faint'],
      ['W/faint', 'W/faint', 'W/input'], // linear:3
    ];
    expected.forEach((e, k) => expect(edges(view(k)), `step ${k}`).toEqual(e));
    expect(edges(view(8))).toEqual(['W/faint', 'W/faint', 'dLdW/output']); // weight-gradient:3
    expect(edges(view(10))).toEqual(['W/faint', 'W/faint', 'W/input']); // input-gradient:2 reads W³
    expect(edges(view(12))).toEqual(['W/faint', 'dLdW/output', 'W/faint']);
    expect(edges(view(14))).toEqual(['W/faint', 'W/input', 'W/faint']); // input-gradient:1 reads W²
    expect(edges(view(16))).toEqual(['dLdW/output', 'W/faint', 'W/faint']);
    expect(edges(view(18))).toEqual(['dW/output', 'dW/output', 'dW/output']);
  });

  it('edge numbers: the weights, their gradient and ΔW = −η·∂L/∂W; the first layer as row sizes (root mean square)', () => {
    const s = S;
    const w = view(0).edges;
    expect(w.map((e) => [e.label, e.inSize, e.outSize])).toEqual([['W⁽¹⁾', 4, 2], ['W⁽²⁾', 2, 2], ['W⁽³⁾', 2, 2]]);
    // W¹ rows [1, −1, 1, −1] and [3, 0, 4, 0]: √(4/4) = 1 and √(25/4) = 2.5.
    expect(w[0].values).toBeNull();
    expectClose(w[0].rowSizes, [1, 2.5], 'W¹ row sizes');
    expect(w[1].rowSizes).toBeNull();
    expectClose(w[1].values, [2, 1, -1, 3], 'W²');
    expectClose(w[2].values, [1, 2, -1, 0], 'W³');
    expectClose(view(8).edges[2].values, [s, 0, -s, 0], '∂L/∂W³');
    expectClose(view(12).edges[1].values, [s, 0, 0, 0], '∂L/∂W²');
    // ∂L/∂W¹ row 0 = 4s·x = [4s, 2s, 0, 4s]: √((16 + 4 + 0 + 16)s²/4) = 3s; row 1 is 0.
    expectClose(view(16).edges[0].rowSizes, [3 * s, 0], '∂L/∂W¹ row sizes');
    const update = view(18).edges;
    expectClose(update[0].rowSizes, [ETA * 3 * s, 0], 'ΔW¹ row sizes');
    expectClose(update[1].values, [-ETA * s, 0, 0, 0], 'ΔW²');
    expectClose(update[2].values, [-ETA * s, 0, ETA * s, 0], 'ΔW³');
    expect(update.map((e) => e.label)).toEqual(['ΔW⁽¹⁾', 'ΔW⁽²⁾', 'ΔW⁽³⁾']);
  });

  it('the loss, the guess and the input appear when computed and light up when used', () => {
    const loss = Math.log(1 + Math.exp(2));
    for (let k = 0; k <= 5; k++) expect(view(k).loss, `step ${k}`).toBeNull();
    expect(view(6).loss!.role).toBe('output');
    expect(view(6).loss!.value).toBeCloseTo(loss, 12);
    for (const k of [7, 12, 18]) expect(view(k).loss, `step ${k}`).toEqual({ value: view(6).loss!.value, role: 'earlier' });
    for (let k = 0; k <= 4; k++) expect(view(k).predicted, `step ${k}`).toBeNull();
    for (const k of [5, 6, 18]) expect(view(k).predicted, `step ${k}`).toBe(0);
    expect(view(0).label).toBe(1);
    expect(Array.from(view(0).input)).toEqual([1, 0.5, 0, 1]);
    // x is read by linear:1 and weight-gradient:1 only.
    const roles = Array.from({ length: 19 }, (_, k) => view(k).inputRole);
    expect(roles.flatMap((role, k) => (role === 'input' ? [k] : []))).toEqual([0, 16]);
    expect(roles.filter((role) => role === 'earlier')).toHaveLength(17);
  });

  it('names what the step writes and reads', () => {
    expect([view(0).produces, view(0).reads]).toEqual(['z⁽¹⁾', ['W⁽¹⁾', 'x', 'b⁽¹⁾']]);
    expect([view(5).produces, view(5).reads]).toEqual(['p', ['z⁽³⁾']]);
    expect([view(6).produces, view(6).reads]).toEqual(['L', ['p', 'y']]);
    expect([view(14).produces, view(14).reads]).toEqual(['∂L/∂a⁽¹⁾', ['W⁽²⁾', '∂L/∂z⁽²⁾']]);
    const update = view(18);
    expect(update.produces).toBe('the new weights and biases (ΔW⁽ˡ⁾ = −η·∂L/∂W⁽ˡ⁾, Δb⁽ˡ⁾ = −η·∂L/∂b⁽ˡ⁾ for every layer l)');
    expect(update.reads).toEqual(['W⁽ˡ⁾, b⁽ˡ⁾, ∂L/∂W⁽ˡ⁾ and ∂L/∂b⁽ˡ⁾ of every layer', 'η']);
    expect([update.kind, update.phase, view(7).kind, view(7).phase]).toEqual(['update', 'update', 'output-error', 'backward']);
  });

  it('readouts: every number computed so far for a unit (∂L/∂b left out: it repeats ∂L/∂z), b before and after on the update', () => {
    const s = S;
    const at3 = view(3).columns;
    expect(at3.map((c) => [c.title, c.size])).toEqual([['layer 1', 2], ['layer 2', 2], ['output', 2]]);
    expect(at3[0].readouts).toEqual([
      { name: 'hidden layer 1, unit 0', numbers: [{ label: 'z⁽¹⁾', value: 0.5 }, { label: 'a⁽¹⁾', value: 0.5 }] },
      { name: 'hidden layer 1, unit 1', numbers: [{ label: 'z⁽¹⁾', value: -1 }, { label: 'a⁽¹⁾', value: 0 }] },
    ]);
    expect(at3[2].readouts).toEqual([{ name: 'output unit 0 (digit 0)', numbers: [] }, { name: 'output unit 1 (digit 1)', numbers: [] }]);
    const at13 = view(13).columns[1].readouts[0];
    expect(at13.name).toBe('hidden layer 2, unit 0');
    expect(at13.numbers.map((n) => n.label)).toEqual(['z⁽²⁾', 'a⁽²⁾', '∂L/∂a⁽²⁾', '∂L/∂z⁽²⁾']);
    expectClose(at13.numbers.map((n) => n.value), [1, 1, 2 * s, 2 * s]);
    const out = view(18).columns[2].readouts[1];
    expect(out.name).toBe('output unit 1 (digit 1)');
    expect(out.numbers.map((n) => n.label)).toEqual(['z⁽³⁾', 'p', '∂L/∂z⁽³⁾', 'b⁽³⁾ before', 'b⁽³⁾ after']);
    expectClose(out.numbers.map((n) => n.value), [-1, 1 - s, -s, 0, ETA * s]);
    const hidden = view(18).columns[0].readouts[0].numbers.slice(-2);
    expect(hidden.map((n) => n.label)).toEqual(['b⁽¹⁾ before', 'b⁽¹⁾ after']);
    expectClose(hidden.map((n) => n.value), [1, 1 - ETA * 4 * s]);
  });

  it('a selected first-layer unit brings its incoming weights as an image; a deeper unit does not', () => {
    expect(view(0).selected).toBeNull();
    expect(view(0).selectedWeightsImage).toBeNull();
    const one = view(0, { selection: { layer: 1, row: 1, col: null } });
    expect(one.selected).toEqual({ layer: 1, unit: 1 });
    expect(one.selectedWeightsImage).toEqual([3, 0, 4, 0]);
    expect(view(0, { selection: { layer: 1, row: 0, col: null } }).selectedWeightsImage).toEqual([1, -1, 1, -1]);
    const two = view(0, { selection: { layer: 2, row: 0, col: null } });
    expect(two.selected).toEqual({ layer: 2, unit: 0 });
    expect(two.selectedWeightsImage).toBeNull();
  });

  it('no pass yet: no diagram', () => {
    expect(diagramView(tinyState(0, { pass: null }, tinyPass()))).toBeNull();
  });
});

describe('edge bundles drawn weight by weight up to EDGE_LIMIT weights', () => {
  it.each([
    [40, 100, false], // exactly 4000 weights: still edge by edge
    [50, 100, true], // 5000: one line per unit
    [100, 41, true], // 4100
  ])('a second layer of %i → %i units: wide %s', (inner, outer, wide) => {
    expect(EDGE_LIMIT).toBe(4000);
    const net = createNetwork({ sizes: [3, inner, outer, 2], activation: 'relu', seed: 2 });
    const pass = createPass(net, [0.2, 0.4, 0.6], 0, 0.1);
    const e = diagramView(tinyState(0, {}, pass))!.edges[1];
    expect(e.values === null).toBe(wide);
    expect(e.rowSizes === null).toBe(!wide);
    // Layer 1 (3 × inner) is small, yet drawn as row sizes: it is the pixels' layer.
    expect(diagramView(tinyState(0, {}, pass))!.edges[0].values).toBeNull();
  });
});
