/**
 * View data for the quantity view: one vector or matrix of the pass, with what a learner needs
 * to read it — what its rows and columns are, which entry the page's selection points at, which
 * scale fits it (sequential for probabilities, diverging around zero for signed numbers), and for
 * the update step W before, the change ΔW = −η·∂L/∂W and W after. Numbers are the pass's arrays
 * (ΔW is the update's new W minus the old one, as the core applied it).
 */
import { quantitySymbol, quantityTex, quantityValues, type QuantityName, type QuantityRef } from '../explain/index.ts';
import { focusOf, quantityLayer } from './selection.ts';
import type { SessionState } from './session.ts';

/** How the quantity is drawn. */
export type QuantityKind = 'number' | 'bars' | 'image' | 'heatmap' | 'grid' | 'images' | 'update';

/** Matrices up to this many entries are drawn cell by cell with labels; larger ones on canvas. */
export const GRID_LIMIT = 1024;
/** Vectors up to this long are drawn as labelled bars. */
export const BAR_LIMIT = 32;

export interface QuantityView {
  name: QuantityName;
  /** Plain symbol, e.g. "∂L/∂W⁽¹⁾". */
  label: string;
  /** Plain-language name, e.g. "weight gradient of layer 1". */
  title: string;
  tex: string;
  /** The selection layer of the quantity (0 for x, L for p; null for a single number). */
  layer: number | null;
  shape: number[];
  values: ArrayLike<number>;
  kind: QuantityKind;
  scale: 'sequential' | 'diverging';
  /** The entry the page's selection points at (the one the equation explains), if any. */
  focus: { row: number; col: number | null; index: number } | null;
  /** What a row (or a vector's entry) is, and what a column is: "hidden unit", "digit", "pixel". */
  rowName: string;
  colName: string | null;
  /** The true digit, when rows (or entries) are the ten digits. */
  trueClass: number | null;
  /** For the update: W before, ΔW and W after for one layer (and the selected row of a 784-column W). */
  update: {
    layer: number;
    eta: number;
    shape: number[];
    before: ArrayLike<number>;
    delta: number[];
    after: ArrayLike<number>;
  } | null;
}

const PLAIN: Partial<Record<QuantityName, string>> = {
  x: 'the input pixels', y: 'the label as a one-hot vector', W: 'weights', b: 'biases', z: 'weighted sums', a: 'activations',
  p: 'probabilities', L: 'the loss', dLdz: 'gradient of the loss with respect to z', dLda: 'gradient of the loss with respect to a',
  dLdW: 'weight gradient', dLdb: 'bias gradient', eta: 'the learning rate', Wnew: 'one gradient-descent step on the weights', bnew: 'one gradient-descent step on the biases',
};

/**
 * Plain symbol of a quantity, e.g. `∂L/∂W⁽²⁾`, `W⁽¹⁾`, `p`, from the notation table. The update's
 * new W and b are named W and b: the view shows them before, changed and after.
 */
export function symbolOf(ref: QuantityRef): string {
  if (ref.name === 'Wnew') return quantitySymbol({ name: 'W', layer: ref.layer });
  if (ref.name === 'bnew') return quantitySymbol({ name: 'b', layer: ref.layer });
  return quantitySymbol(ref);
}

/** The quantity the current step produces (or `ref`), ready to draw. */
export function quantityView(state: SessionState, ref?: QuantityRef): QuantityView | null {
  const { pass } = state;
  if (!pass) return null;
  const step = state.steps[state.stepIndex];
  const L = pass.net.layers.length;
  let target = ref ?? step.output;
  // The update changes every layer; the view shows the layer of the selection (layer 1 by default).
  if (!ref && step.kind === 'update') target = { ...target, layer: state.focus?.layer && state.focus.layer >= 1 ? state.focus.layer : 1 };
  const q = quantityValues(pass, target);
  if (!q) return null;
  const layer = quantityLayer(pass, target);
  const isMatrix = q.shape.length === 2;
  const n = q.values.length;

  // Where the selection lands: the step's own focus for its output, else the selection itself.
  let focus: QuantityView['focus'] = null;
  const own = !ref || (ref.name === step.output.name && ref.layer === step.output.layer);
  const f = own ? state.focus : focusOf(pass, target, state.selection);
  if (f && f.layer === layer && f.shape.length === q.shape.length) focus = { row: f.row, col: f.col, index: f.index };
  else if (isMatrix && state.focus && state.focus.layer === layer && state.focus.col === null) {
    // A unit chosen on this layer (e.g. the step's most active unit): its row, read at its largest
    // entry, as a unit picked in the diagram is (review: it read pixel 0, a blank corner).
    // (A matrix always belongs to a layer, and a unit of its own layer always lands in it.)
    focus = { row: state.focus.row, col: null, index: focusOf(pass, target, { layer: layer!, row: state.focus.row, col: null })!.index };
  }

  const name = target.name;
  let kind: QuantityKind;
  if (name === 'Wnew') kind = 'update';
  else if (n === 1) kind = 'number';
  else if (!isMatrix && n === 784) kind = 'image';
  else if (!isMatrix) kind = n <= BAR_LIMIT ? 'bars' : 'heatmap';
  else if (q.shape[1] === 784) kind = 'images';
  else kind = n <= GRID_LIMIT ? 'grid' : 'heatmap';

  const unitName = (l: number | null) => (l === 0 ? 'pixel' : l === L ? 'digit' : `unit of layer ${l}`);
  const rowName = unitName(layer);
  const colName = isMatrix && layer !== null ? unitName(layer - 1) : null;
  let update: QuantityView['update'] = null;
  if (kind === 'update') {
    const l = (target.layer ?? 1) - 1;
    const before = pass.net.layers[l].W;
    const after = pass.updated.layers[l].W;
    update = { layer: l + 1, eta: pass.learningRate, shape: q.shape, before, after, delta: Array.from(after, (w, k) => w - before[k]) };
  }
  return {
    name,
    label: symbolOf(target),
    title: `${PLAIN[name] ?? name}${target.layer !== undefined && !['Wnew', 'bnew'].includes(name) ? ` of layer ${target.layer}` : ''}`,
    tex: quantityTex(target),
    layer,
    shape: q.shape,
    values: q.values,
    kind,
    scale: name === 'p' || name === 'x' || name === 'y' ? 'sequential' : 'diverging',
    focus,
    rowName,
    colName,
    trueClass: layer === L || name === 'p' || name === 'y' ? pass.trace.label : null,
    update,
  };
}
