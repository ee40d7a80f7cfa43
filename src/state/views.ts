/**
 * View data for the step-through widgets, read from a session's state. The numbers all come from
 * the core's pass (via its read helpers); nothing here recomputes the maths. Each function is
 * pure, so each widget's `render` can be tested from a state alone.
 */
import { predicted } from '../nn/index.ts';
import { quantityLabel, quantityTex, quantityValues, substitutedEquation, type QuantityRef, type Step } from '../explain/index.ts';
import { selectionElsewhere, type SessionState } from './session.ts';
import { descentVerdict } from './descent.ts';

export interface StepperView {
  /** 1-based position and count, for "Step 7 of 14". */
  position: number;
  total: number;
  title: string;
  phase: Step['phase'];
  playing: boolean;
  atStart: boolean;
  atEnd: boolean;
  ready: boolean;
}

export function stepperView(state: SessionState): StepperView {
  const step = state.steps[state.stepIndex];
  const { from, to } = state.range;
  return {
    position: state.stepIndex - from + 1,
    total: to - from + 1,
    title: step.title,
    phase: step.phase,
    playing: state.playing,
    atStart: state.stepIndex === from,
    atEnd: state.stepIndex === to,
    ready: state.pass !== null,
  };
}

export { diagramView, type DiagramView } from './diagram-view.ts';

export { quantityView, type QuantityView } from './quantity-view.ts';

/** One of the equation panel's pickers: a row (unit) or a column of the explained entry. */
export interface EntryControl {
  axis: 'row' | 'col';
  /** Short visible label, e.g. "Unit" or "Pixel". */
  label: string;
  value: number;
  max: number;
}

export interface EquationView {
  title: string;
  equation: string;
  substituted: string;
  /** Layer of the explained entry (0 = pixels), or null for the loss. */
  layer: number | null;
  /** Pickers for the explained entry: none for the loss, one for a vector, row and column for a matrix. */
  controls: EntryControl[];
  /** Human name of the entry, e.g. "unit 3" or "row 3, column 120". */
  elementLabel: string;
  /** Why the entry is not the selection, when the step says nothing about it (e.g. "digit 3, selected, is not part of this step"), else null. */
  aside: string | null;
}

/** `narrow`: the panel is narrow (a phone), so the equation with numbers comes broken into more lines. */
export function equationView(state: SessionState, narrow = false): EquationView | null {
  const { pass, focus } = state;
  if (!pass || !focus) return null;
  const step = state.steps[state.stepIndex];
  const L = pass.net.layers.length;
  const unitName = (layer: number) => (layer === 0 ? 'Pixel' : layer === L ? 'Digit' : 'Unit');
  const controls: EntryControl[] = [];
  if (focus.layer !== null && focus.col === null && focus.shape[0] > 1) {
    controls.push({ axis: 'row', label: unitName(focus.layer), value: focus.row, max: focus.shape[0] - 1 });
  } else if (focus.layer !== null && focus.col !== null) {
    controls.push({ axis: 'row', label: `Row (${unitName(focus.layer).toLowerCase()})`, value: focus.row, max: focus.shape[0] - 1 });
    controls.push({ axis: 'col', label: `Column (${unitName(focus.layer - 1).toLowerCase()})`, value: focus.col, max: focus.shape[1] - 1 });
  }
  const elementLabel = focus.col !== null ? `row ${focus.row}, column ${focus.col}` : step.kind === 'loss' ? 'the loss' : `${unitName(focus.layer ?? 1).toLowerCase()} ${focus.row}`;
  // The selection in the same words ("pixel 3", "digit 7", "unit 1 of layer 2", "entry (1, 0) of layer 3").
  const other = selectionElsewhere(state);
  const otherName = (o: NonNullable<typeof other>) => (o.col !== null ? `entry (${o.row}, ${o.col}) of layer ${o.layer}`
    : `${unitName(o.layer).toLowerCase()} ${o.row}${unitName(o.layer) === 'Unit' ? ` of layer ${o.layer}` : ''}`);
  const aside = other === null ? null : `the selected ${otherName(other)} is not part of this step`;
  return { title: step.title, equation: step.equation, substituted: substitutedEquation(pass, step, { row: focus.row, col: focus.col, layer: focus.layer ?? undefined }, narrow), layer: focus.layer, controls, elementLabel, aside };
}

export interface CodeView {
  kind: Step['kind'];
}

/** The code panel shows the reference kernel marked with the current step's kind. */
export function codeView(state: SessionState): CodeView {
  return { kind: state.steps[state.stepIndex].kind };
}

export interface ProbabilitiesView {
  /**
   * How far the pass has got at this step: `pending` before the softmax step (no probability
   * exists yet), `probabilities` from softmax on, `loss` once the loss is computed.
   */
  stage: 'pending' | 'probabilities' | 'loss';
  /** Position in the walk (1-based, as the stepper counts) of the softmax and loss steps, or null outside the range. */
  softmaxAt: number | null;
  lossAt: number | null;
  probabilities: number[];
  label: number;
  predicted: number;
  loss: number;
  /** After the update: this digit's loss and probabilities with the new weights (shown in the update phase). */
  after: { loss: number; probabilities: number[]; predicted: number } | null;
  learningRate: number;
  /** Mean loss over the 100 sample digits before and after the step (shown with `after`). */
  sampleLoss: { before: number; after: number } | null;
  /** Plain-language verdict on the update, when shown. */
  verdict: string | null;
  /** Whether the step helped: this digit's loss fell and the other digits did not blow up. */
  good: boolean | null;
}

export function probabilitiesView(state: SessionState): ProbabilitiesView | null {
  const { pass } = state;
  if (!pass) return null;
  const step = state.steps[state.stepIndex];
  const showAfter = step.phase === 'update';
  const after = showAfter ? { loss: pass.after.loss, probabilities: Array.from(pass.after.probabilities), predicted: predicted(pass.after) } : null;
  const sample = showAfter ? state.sampleLoss : null;
  // Good only when the mean loss over the sample digits did not rise: one colour, one rule (descent.ts).
  const v = after ? descentVerdict(pass.learningRate, { before: pass.trace.loss, after: after.loss }, sample) : null;
  const verdict = v?.text ?? null;
  const good = v?.good ?? null;
  // A picture shows only what has been computed up to this step.
  const done = state.steps.slice(0, state.stepIndex + 1);
  const stage = done.some((s) => s.kind === 'loss') ? 'loss' : done.some((s) => s.kind === 'softmax') ? 'probabilities' : 'pending';
  const { from, to } = state.range;
  const positionOf = (kind: string): number | null => {
    const k = state.steps.findIndex((s) => s.kind === kind);
    return k >= from && k <= to ? k - from + 1 : null;
  };
  return {
    stage,
    softmaxAt: positionOf('softmax'),
    lossAt: positionOf('loss'),
    probabilities: Array.from(pass.trace.probabilities),
    label: pass.trace.label,
    predicted: predicted(pass.trace),
    loss: pass.trace.loss,
    after,
    learningRate: pass.learningRate,
    sampleLoss: sample,
    verdict,
    good,
  };
}
