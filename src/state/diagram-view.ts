/**
 * View data for the network diagram: what the pass has computed up to the current step, and
 * nothing later. Each column of units shows one per-unit quantity (the one the current step
 * writes, one it reads, or the latest of its phase), or is marked "not yet computed"; each layer's
 * weights are edges, coloured by dL/dW on that layer's weight-gradient step and by the change ΔW
 * on the update. All numbers are the pass's own arrays (ΔW and Δb are the update's new values
 * minus the old ones, as the core applied them).
 */
import { predicted } from '../nn/index.ts';
import { changeSymbol, quantitySymbol, type QuantityName, type QuantityRef, type Step } from '../explain/index.ts';
import type { Pass } from '../nn/pass.ts';
import type { SessionState } from './session.ts';

/** Per-unit quantities a column of the diagram can show. `db` is the update's change Δb. */
export type UnitQuantity = 'z' | 'a' | 'p' | 'dLdz' | 'dLda' | 'dLdb' | 'db';
/** What an edge bundle of one layer shows: the weights, their gradient, or the update's change. */
export type EdgeQuantity = 'W' | 'dLdW' | 'dW';

/**
 * Plain-text short name of a per-unit or edge quantity, e.g. `∂L/∂z⁽²⁾`, `ΔW⁽¹⁾`: the symbols of
 * the one notation table (src/explain/notation.ts), so the diagram reads like the equations.
 */
export function shortName(name: UnitQuantity | EdgeQuantity, layer: number): string {
  if (name === 'db') return changeSymbol('b', layer);
  if (name === 'dW') return changeSymbol('W', layer);
  return quantitySymbol({ name, layer });
}

/** How a column or edge bundle relates to the current step. */
export type Role = 'output' | 'input' | 'earlier' | 'faint';

export interface ColumnShown {
  name: UnitQuantity;
  /** e.g. "a⁽¹⁾" */
  label: string;
  values: number[];
  role: Exclude<Role, 'faint'>;
}

export interface DiagramColumn {
  /** 1-based layer. */
  layer: number;
  size: number;
  title: string;
  /** What the units are coloured by; null while this phase has computed nothing for the column. */
  shown: ColumnShown | null;
  /** Per unit, its name and every number computed for it up to this step (for hover and focus). */
  readouts: UnitReadout[];
}

export interface UnitReadout {
  /** e.g. "hidden layer 1, unit 3" */
  name: string;
  numbers: { label: string; value: number }[];
}

export interface DiagramEdges {
  /** The layer whose W these edges are (edges from column layer−1, or the input, to column layer). */
  layer: number;
  name: EdgeQuantity;
  label: string;
  role: Role;
  inSize: number;
  outSize: number;
  /** The values, [outSize, inSize] row-major, when drawn edge by edge (small layers). */
  values: number[] | null;
  /** For wide layers (the 784 pixels), one line per unit: the size (root mean square) of its row. */
  rowSizes: number[] | null;
}

export interface DiagramView {
  /** The input image, 784 values in [0, 1]. */
  input: ArrayLike<number>;
  label: number;
  /** The network's guess, once p is computed; null before. */
  predicted: number | null;
  columns: DiagramColumn[];
  edges: DiagramEdges[];
  /** The loss once computed, its role in this step, or null before. */
  loss: { value: number; role: Exclude<Role, 'faint'> } | null;
  /** Whether the input x is read by this step (lit). */
  inputRole: 'input' | 'earlier';
  /** The current step's kind and plain title, and what it writes. */
  kind: Step['kind'];
  phase: Step['phase'];
  produces: string;
  reads: string[];
  selected: { layer: number; unit: number } | null;
  /** For a selected first-layer unit: its 784 incoming weights as a 28 × 28 image. */
  selectedWeightsImage: number[] | null;
}

/** Edge bundles wider than this are drawn as one line per unit, not one per weight. */
export const EDGE_LIMIT = 4000;

const UNIT_NAMES: ReadonlySet<QuantityName> = new Set(['z', 'a', 'p', 'dLdz', 'dLda', 'dLdb']);
const FORWARD: ReadonlySet<UnitQuantity> = new Set(['z', 'a', 'p']);

/** The column (1-based layer) of a per-unit quantity, or null if it is not per unit. */
function columnOf(ref: QuantityRef, layers: number): number | null {
  if (ref.name === 'p') return layers;
  if (UNIT_NAMES.has(ref.name) && ref.layer !== undefined) return ref.layer;
  return null;
}

function unitValues(pass: Pass, name: UnitQuantity, layer: number): number[] {
  const l = layer - 1;
  switch (name) {
    case 'z': return Array.from(pass.trace.layers[l].z);
    case 'a': return Array.from(pass.trace.layers[l].a);
    case 'p': return Array.from(pass.trace.probabilities);
    case 'dLdz': return Array.from(pass.gradients.layers[l].dLdz);
    case 'dLda': return Array.from(pass.gradients.layers[l].dLda ?? []);
    case 'dLdb': return Array.from(pass.gradients.layers[l].dLdb);
    case 'db': {
      const before = pass.net.layers[l].b;
      return Array.from(pass.updated.layers[l].b, (b, k) => b - before[k]);
    }
  }
}

function edgeValues(pass: Pass, name: EdgeQuantity, layer: number): ArrayLike<number> {
  const l = layer - 1;
  if (name === 'W') return pass.net.layers[l].W;
  if (name === 'dLdW') return pass.gradients.layers[l].dLdW;
  const before = pass.net.layers[l].W;
  return Array.from(pass.updated.layers[l].W, (w, k) => w - before[k]);
}

function rowSizes(values: ArrayLike<number>, outSize: number, inSize: number): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    let sum = 0;
    for (let i = 0; i < inSize; i++) sum += values[o * inSize + i] ** 2;
    return Math.sqrt(sum / inSize);
  });
}

/** A step's input or output by its symbol; a per-unit quantity without a layer is the output layer's. */
const refName = (ref: QuantityRef, layers: number): string =>
  quantitySymbol(ref.layer === undefined && UNIT_NAMES.has(ref.name) ? { ...ref, layer: layers } : ref);

/** The diagram for the session's current step, or null before the pass exists. */
export function diagramView(state: SessionState): DiagramView | null {
  const { pass } = state;
  if (!pass) return null;
  const L = pass.net.layers.length;
  const step = state.steps[state.stepIndex];
  const done = state.steps.slice(0, state.stepIndex + 1);
  const isUpdate = step.kind === 'update';

  // Per column, the per-unit quantities computed so far, in the order they were computed.
  const computed: UnitQuantity[][] = Array.from({ length: L }, () => []);
  for (const s of done) {
    const c = columnOf(s.output, L);
    if (c !== null) computed[c - 1].push(s.output.name as UnitQuantity);
  }
  const outColumn = columnOf(step.output, L);
  const inputColumns = new Map<number, UnitQuantity>();
  for (const ref of step.inputs) {
    const c = columnOf(ref, L);
    if (c !== null && !inputColumns.has(c)) inputColumns.set(c, ref.name as UnitQuantity);
  }

  const columns: DiagramColumn[] = pass.net.layers.map((layer, l) => {
    const c = l + 1;
    let shown: ColumnShown | null = null;
    const show = (name: UnitQuantity, role: ColumnShown['role']): ColumnShown => ({ name, label: shortName(name, c), values: unitValues(pass, name, c), role });
    if (isUpdate) shown = show('db', 'output');
    else if (outColumn === c) shown = show(step.output.name as UnitQuantity, 'output');
    else if (inputColumns.has(c)) shown = show(inputColumns.get(c)!, 'input');
    else {
      // The latest quantity of this phase's kind (values forward, gradients backward); dL/db
      // repeats dL/dz, so an earlier column shows dL/dz.
      const forward = step.phase === 'forward';
      const latest = computed[l].filter((q) => FORWARD.has(q) === forward && q !== 'dLdb').at(-1);
      if (latest) shown = show(latest, 'earlier');
    }
    const memo = new Map<UnitQuantity, number[]>();
    const valuesOf = (q: UnitQuantity): number[] => memo.get(q) ?? memo.set(q, unitValues(pass, q, c)).get(q)!;
    const readouts = Array.from({ length: layer.outSize }, (_, unit) => {
      const name = c === L ? `output unit ${unit} (digit ${unit})` : `hidden layer ${c}, unit ${unit}`;
      const numbers = computed[l].filter((q) => q !== 'dLdb').map((q) => ({ label: shortName(q, c), value: valuesOf(q)[unit] }));
      if (isUpdate) numbers.push({ label: `${quantitySymbol({ name: 'b', layer: c })} before`, value: layer.b[unit] }, { label: `${quantitySymbol({ name: 'b', layer: c })} after`, value: pass.updated.layers[l].b[unit] });
      return { name, numbers };
    });
    return { layer: c, size: layer.outSize, title: c === L ? 'output' : `layer ${c}`, shown, readouts };
  });

  const edges: DiagramEdges[] = pass.net.layers.map((layer, l) => {
    const c = l + 1;
    let name: EdgeQuantity = 'W';
    let role: Role = 'faint';
    if (isUpdate) [name, role] = ['dW', 'output'];
    else if (step.kind === 'weight-gradient' && step.layer === c) [name, role] = ['dLdW', 'output'];
    else if (step.inputs.some((ref) => ref.name === 'W' && ref.layer === c)) role = 'input';
    const values = edgeValues(pass, name, c);
    const wide = layer.inSize * layer.outSize > EDGE_LIMIT || c === 1;
    return {
      layer: c, name, label: shortName(name, c), role, inSize: layer.inSize, outSize: layer.outSize,
      values: wide ? null : Array.from(values),
      rowSizes: wide ? rowSizes(values, layer.outSize, layer.inSize) : null,
    };
  });

  const lossDone = done.some((s) => s.kind === 'loss');
  const lossRole = step.kind === 'loss' ? 'output' : step.inputs.some((r) => r.name === 'L') ? 'input' : 'earlier';
  const pDone = computed[L - 1].includes('p');
  const selected = state.selectedUnit;
  let selectedWeightsImage: number[] | null = null;
  if (selected && selected.layer === 1) {
    const layer = pass.net.layers[0];
    selectedWeightsImage = Array.from(layer.W.subarray(selected.unit * layer.inSize, (selected.unit + 1) * layer.inSize));
  }
  return {
    input: pass.trace.input,
    label: pass.trace.label,
    predicted: pDone ? predicted(pass.trace) : null,
    columns,
    edges,
    loss: lossDone ? { value: pass.trace.loss, role: lossRole } : null,
    inputRole: step.inputs.some((r) => r.name === 'x') ? 'input' : 'earlier',
    kind: step.kind,
    phase: step.phase,
    produces: isUpdate ? `the new weights and biases (${changeSymbol('W', 'l')} = −η·${quantitySymbol({ name: 'dLdW' })}, ${changeSymbol('b', 'l')} = −η·${quantitySymbol({ name: 'dLdb' })} for every layer l)` : refName(step.output, L),
    reads: isUpdate ? [`${quantitySymbol({ name: 'W' })}, ${quantitySymbol({ name: 'b' })}, ${quantitySymbol({ name: 'dLdW' })} and ${quantitySymbol({ name: 'dLdb' })} of every layer`, quantitySymbol({ name: 'eta' })] : step.inputs.map((r) => refName(r, L)),
    selected,
    selectedWeightsImage,
  };
}
