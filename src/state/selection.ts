/**
 * One selection per session: what the learner picked in any widget (a unit of the diagram, a bar,
 * a heatmap cell, a pixel, the equation panel's row and column), and how every quantity on the
 * page follows it. Pure functions of the pass; no DOM.
 *
 * Layers are numbered as in the lessons: 0 is the input x (the pixels), 1 … L the layers'
 * outputs (L is the output layer: its z are the logits, its a the probabilities p). A matrix of
 * layer l (W⁽ˡ⁾, ∂L/∂W⁽ˡ⁾) has one row per unit of layer l and one column per unit of layer l − 1.
 */
import type { Pass } from '../nn/index.ts';
import { quantityValues, type QuantityRef } from '../explain/index.ts';

/**
 * What the learner picked. `col === null`: unit `row` of layer `layer` (a pixel when layer is 0).
 * `col` a number: the entry (row, col) of layer `layer`'s matrix, i.e. the weight from unit
 * `col` of layer − 1 to unit `row` of layer `layer`.
 */
export interface Selection {
  layer: number;
  row: number;
  col: number | null;
}

/** Where a selection lands in one quantity: its row (unit) and column, and the flat index. */
export interface Focus {
  /** The quantity's layer (0 for x, L for p; null for scalars such as the loss). */
  layer: number | null;
  /** Row of a matrix, or the entry of a vector. */
  row: number;
  /** Column of a matrix; null for vectors. */
  col: number | null;
  /** Flat (row-major) index into the quantity's values. */
  index: number;
  /** Rows and columns of the quantity ([n] for a vector, [rows, cols] for a matrix). */
  shape: number[];
}

/** The layer a quantity belongs to, as in `Selection` (x is 0, p is L), or null for scalars. */
export function quantityLayer(pass: Pass, ref: QuantityRef): number | null {
  if (ref.name === 'x') return 0;
  if (ref.name === 'p' || ref.name === 'y') return pass.net.layers.length;
  if (ref.name === 'L' || ref.name === 'eta') return null;
  return ref.layer ?? null;
}

const clamp = (value: number, size: number) => Math.max(0, Math.min(size - 1, Math.trunc(value)));

/** Index of the entry of largest magnitude among `count` entries read by `at`. */
function largest(count: number, at: (k: number) => number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (Math.abs(at(k)) > Math.abs(at(best))) best = k;
  return best;
}

/**
 * Where `selection` lands in the quantity `ref`, or null if it says nothing about it (another
 * layer). A unit of layer l picks row l of a layer-l matrix (and its largest entry in that row),
 * a unit of layer l − 1 picks the column (and its largest entry); an entry picks itself.
 */
export function focusOf(pass: Pass, ref: QuantityRef, selection: Selection | null): Focus | null {
  const q = quantityValues(pass, ref);
  const layer = quantityLayer(pass, ref);
  if (!q || layer === null) return q ? { layer: null, row: 0, col: null, index: 0, shape: q.shape } : null;
  if (!selection) return null;
  const { values, shape } = q;
  if (shape.length === 1) {
    if (selection.layer !== layer) return null;
    const row = clamp(selection.row, shape[0]);
    return { layer, row, col: null, index: row, shape };
  }
  const [rows, cols] = shape;
  // The update's new W: a unit opens on the weight that changes most (largest gradient), not on
  // the largest weight, which may not move at all (its input was 0).
  const pick = ref.name === 'Wnew' ? quantityValues(pass, { name: 'dLdW', layer: ref.layer })?.values ?? values : values;
  // A weight matrix: a unit opens on the weight that adds most to its sum z, |W·input| (the term the
  // narration and the lesson name), not the largest weight, which may multiply a blank pixel (review).
  const input = ref.name === 'W' && ref.layer !== undefined ? (ref.layer === 1 ? pass.trace.input : pass.trace.layers[ref.layer - 2].a) : null;
  let row: number;
  let col: number;
  if (selection.layer === layer && selection.col !== null) {
    row = clamp(selection.row, rows);
    col = clamp(selection.col, cols);
  } else if (selection.layer === layer) {
    row = clamp(selection.row, rows);
    col = largest(cols, (c) => pick[row * cols + c] * (input ? input[c] : 1));
  } else if (selection.layer === layer - 1) {
    col = clamp(selection.row, cols);
    row = largest(rows, (r) => pick[r * cols + col]);
  } else {
    return null;
  }
  return { layer, row, col, index: row * cols + col, shape };
}

/** The focus of a flat index into `ref` (for a step's default entry). */
export function focusAt(pass: Pass, ref: QuantityRef, index: number): Focus | null {
  const q = quantityValues(pass, ref);
  if (!q) return null;
  const layer = quantityLayer(pass, ref);
  const k = clamp(index, q.values.length);
  if (q.shape.length === 1) return { layer, row: k, col: null, index: k, shape: q.shape };
  const cols = q.shape[1];
  return { layer, row: Math.floor(k / cols), col: k % cols, index: k, shape: q.shape };
}

/** The selection that picks exactly `focus` (what the equation panel's controls set). */
export function selectionOf(focus: Focus): Selection | null {
  return focus.layer === null ? null : { layer: focus.layer, row: focus.row, col: focus.col };
}

/** `"1:3"` for unit 3 of layer 1, `"2:4,7"` for entry (4, 7) of layer 2's matrix: the URL form. */
export function formatSelection(selection: Selection): string {
  return `${selection.layer}:${selection.row}${selection.col === null ? '' : `,${selection.col}`}`;
}

/** Reads `formatSelection`'s form; undefined if malformed (range is checked against the pass later). */
export function parseSelection(raw: string): Selection | undefined {
  const match = /^(\d{1,2}):(\d{1,4})(?:,(\d{1,4}))?$/.exec(raw);
  if (!match) return undefined;
  return { layer: Number(match[1]), row: Number(match[2]), col: match[3] === undefined ? null : Number(match[3]) };
}

/** Whether `selection` names a real unit or entry of `pass`'s network. */
export function selectionFits(pass: Pass, selection: Selection): boolean {
  const sizes = pass.net.sizes;
  const { layer, row, col } = selection;
  if (!Number.isInteger(layer) || layer < 0 || layer >= sizes.length) return false;
  if (!Number.isInteger(row) || row < 0 || row >= sizes[layer]) return false;
  if (col === null) return true;
  return layer >= 1 && Number.isInteger(col) && col >= 0 && col < sizes[layer - 1];
}
