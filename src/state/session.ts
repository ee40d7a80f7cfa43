/**
 * A step-through session: one network, one digit, one pass, where the learner is in its steps,
 * and the one thing they have selected. Widgets on a page that share `data-session="…"` share one
 * session; they subscribe to it and send every user action through it. The maths is the core's
 * (`createPass`, `buildSteps`); the session only decides *which* pass, *which* step and *which*
 * entry.
 *
 * Where the pass comes from: by default the weights are drawn from `config.seed` and the digit is
 * sample digit `config.digit`. `setNetwork` swaps in weights from elsewhere (a training run) and
 * `setInput` any 784 pixels (a drawn digit, any test digit); `setSeed`/`setDigit` go back.
 */
import { imageAsFloats, type Dataset } from '../data/dataset.ts';
import { createNetwork, createPass, evaluate, forward, predicted, type Activation, type Network, type Pass } from '../nn/index.ts';
import { buildSteps, defaultElement, findStep, stepAddress, type Step } from '../explain/index.ts';
import { focusAt, focusOf, selectionFits, type Focus, type Selection } from './selection.ts';
import { createStore, type Store } from './store.ts';
import { inLearningRateRange, LEARNING_RATE_RANGE_TEXT } from './learning-rate.ts';

export type { Selection, Focus } from './selection.ts';

export interface SessionConfig {
  /** Hidden layer widths, e.g. [16]. Input 784 and output 10 are implied. */
  hidden: number[];
  activation: Activation;
  /** Seed of the initial weights. */
  seed: number;
  /** Which of the 100 sample test digits. */
  digit: number;
  /** η of the update step. */
  learningRate: number;
}

export const DEFAULT_CONFIG: SessionConfig = { hidden: [16], activation: 'relu', seed: 1, digit: 0, learningRate: 0.1 };
/** Pixels of an input and classes of the output: MNIST's. */
export const INPUT_SIZE = 784;
export const CLASSES = 10;

/** The part of the steps a session walks: addresses as in `findStep` (`"linear"`, `"loss"`, `"forward"`). */
export interface StepRange {
  from?: string;
  to?: string;
}

export interface SessionState {
  config: SessionConfig;
  /** Where the weights came from when not drawn from `config.seed` (e.g. "run 2, epoch 3"); null for the seed. */
  weightsSource: string | null;
  /** Where the digit came from when not sample digit `config.digit` (e.g. "your drawing"); null for the sample. */
  inputSource: string | null;
  /** False when the input has no true label (a drawing): the pass stops at the probabilities. */
  labelKnown: boolean;
  /** The pass; null until the sample digits have loaded. */
  pass: Pass | null;
  /** Mean loss over all 100 sample digits before and after the update: does one digit's step help the rest? */
  sampleLoss: { before: number; after: number } | null;
  /** Every step of the pass (a range may limit which ones the learner walks). */
  steps: Step[];
  /** The steps the learner may visit: indices into `steps`, inclusive. */
  range: { from: number; to: number };
  /** Current position, range.from ≤ stepIndex ≤ range.to. */
  stepIndex: number;
  playing: boolean;
  /** What the learner picked in any widget, or null (each step then explains its own default entry). */
  selection: Selection | null;
  /** Where the selection lands in the current step's output: the entry the equation explains. */
  focus: Focus | null;
  /** `focus.index`, for widgets that read a flat index. */
  element: number;
  /** The selected unit (layer ≥ 1), for the diagram: the selection's layer and row. */
  selectedUnit: { layer: number; unit: number } | null;
  /** Messages for the learner (bad URL values, an input without a label). */
  notes: string[];
  error: string | null;
}

export interface Session {
  name: string;
  store: Store<SessionState>;
  next(): void;
  previous(): void;
  first(): void;
  last(): void;
  /** Goes to step `index` of `steps`, clamped into the range. */
  goTo(index: number): void;
  /** Goes to the first step matching `address` (`"weight-gradient:1"`, `"loss"`); false if none in range. */
  goToStep(address: string): boolean;
  play(): void;
  pause(): void;
  /** Back to the first step of the range, stop playing, clear the selection; keeps digit, seed and η. */
  reset(): void;
  /** Limits the walk to a range of steps by address (`{ from: 'linear', to: 'loss' }`); `{}` for all. */
  setRange(range: StepRange): void;
  /** Sample digit 0–99 as the input (and back from a drawn or chosen digit). */
  setDigit(digit: number): void;
  /** Weights drawn from `seed` (and back from a run's weights). */
  setSeed(seed: number): void;
  setLearningRate(learningRate: number): void;
  /**
   * Weights from elsewhere, e.g. a training run: `net` must map 784 pixels to 10 classes;
   * `source` says where it came from ("run 2 after epoch 3"). The step and selection are kept.
   */
  setNetwork(net: Network, source: string): void;
  /**
   * Any digit as the input: 784 values in [0, 1] (row by row), its true class 0–9 or null when
   * unknown (a drawing: the walk then stops at the probabilities, since the loss needs a label),
   * and `source` ("your drawing", "test digit #1234").
   */
  setInput(pixels: ArrayLike<number>, label: number | null, source: string): void;
  /** The one selection of the page: a unit or an entry, set from any widget; null clears it. */
  select(selection: Selection | null): void;
  /** `select` a unit of layer ≥ 1 (the diagram), or clear. */
  selectUnit(unit: { layer: number; unit: number } | null): void;
  /** `select` the entry at flat index `element` of the current step's output. */
  selectElement(element: number): void;
  /** Supplies the 100 sample digits; the pass is computed once they are here. */
  setSample(sample: Dataset): void;
  addNotes(notes: string[]): void;
}

const sizesOf = (c: SessionConfig) => [INPUT_SIZE, ...c.hidden, CLASSES];

/** The inclusive index range for `spec` in `steps`, with a note for an address that matches nothing. */
function resolveRange(steps: Step[], spec: StepRange, labelKnown: boolean): { range: SessionState['range']; notes: string[] } {
  const notes: string[] = [];
  let from = spec.from ? findStep(steps, spec.from, 'first') : 0;
  let to = spec.to ? findStep(steps, spec.to, 'last') : steps.length - 1;
  if (from < 0) {
    notes.push(`This stepper starts at "${spec.from}", which is not a step of this network, so it starts at the first step.`);
    from = 0;
  }
  if (to < 0) {
    notes.push(`This stepper ends at "${spec.to}", which is not a step of this network, so it goes to the last step.`);
    to = steps.length - 1;
  }
  // Without a true label there is no loss and nothing to backpropagate: stop at the probabilities.
  if (!labelKnown) to = Math.min(to, findStep(steps, 'softmax', 'last'));
  if (to < from) [from, to] = [to, from];
  return { range: { from, to }, notes };
}

/** The current step's focus: the selection if it says something about this step's output, else the step's own default. */
function focusFor(pass: Pass | null, step: Step, selection: Selection | null): Focus | null {
  if (!pass) return null;
  return focusOf(pass, focusOutput(step, selection), selection) ?? focusAt(pass, step.output, defaultElement(pass, step));
}

/** What the selection is looked for in: the step's output (the update changes every layer, and shows the selection's, layer 1 by default). */
function focusOutput(step: Step, selection: Selection | null): Step['output'] {
  return step.kind === 'update' && selection && selection.layer >= 1 ? { ...step.output, layer: selection.layer } : step.output;
}

/**
 * The selection, when the current step says nothing about it (an output digit picked on a step of
 * layer 1): the step then explains its own default entry, and the panels say so. Null otherwise.
 */
export function selectionElsewhere(state: SessionState): Selection | null {
  const { pass, selection } = state;
  if (!pass || !selection) return null;
  const step = state.steps[state.stepIndex];
  return focusOf(pass, focusOutput(step, selection), selection) === null ? selection : null;
}

/** Recomputes the derived fields (focus, element, selectedUnit) after a change. */
function derive(state: SessionState): SessionState {
  const focus = focusFor(state.pass, state.steps[state.stepIndex], state.selection);
  const s = state.selection;
  return { ...state, focus, element: focus?.index ?? 0, selectedUnit: s && s.layer >= 1 ? { layer: s.layer, unit: s.row } : null };
}

/**
 * The state as it would be on step `index` of `state.steps` (its focus and entry derived for that
 * step), without going there: for preparing a neighbouring step ahead of time.
 */
export function stateAtStep(state: SessionState, index: number): SessionState {
  return derive({ ...state, stepIndex: index });
}

export function createSession(name: string, initial: Partial<SessionConfig> = {}, rangeSpec: StepRange = {}): Session {
  const config: SessionConfig = { ...DEFAULT_CONFIG, ...initial };
  const steps = buildSteps({ sizes: sizesOf(config), activation: config.activation });
  const initialRange = resolveRange(steps, rangeSpec, true);
  const store = createStore<SessionState>(derive({
    config, weightsSource: null, inputSource: null, labelKnown: true, pass: null, sampleLoss: null, steps,
    range: initialRange.range, stepIndex: initialRange.range.from, playing: false, selection: null, focus: null, element: 0,
    selectedUnit: null, notes: initialRange.notes, error: null,
  }));
  let spec = rangeSpec;
  let sample: Dataset | null = null;
  let customNet: Network | null = null;
  let customInput: { pixels: Float32Array; label: number | null } | null = null;

  const set = (next: SessionState) => store.set(derive(next));

  /** Recomputes the pass; the learner stays on the step they were on (by address, not index). */
  const recompute = (nextConfig: SessionConfig, sources: Pick<SessionState, 'weightsSource' | 'inputSource'> = store.get()): void => {
    const state = store.get();
    if (!sample && !customInput) {
      set({ ...state, ...sources, config: nextConfig });
      return;
    }
    try {
      const net = customNet ?? createNetwork({ sizes: sizesOf(nextConfig), activation: nextConfig.activation, seed: nextConfig.seed });
      const pixels = customInput ? customInput.pixels : imageAsFloats(sample!, nextConfig.digit);
      const labelKnown = customInput ? customInput.label !== null : true;
      // A drawing has no true label; the pass needs one for the loss, so it takes the network's
      // own guess, and the walk stops before the loss (resolveRange).
      const label = customInput ? (customInput.label ?? predicted(forward(net, pixels, 0))) : sample!.labels[nextConfig.digit];
      const pass = createPass(net, pixels, label, nextConfig.learningRate);
      const steps = buildSteps(net);
      const sampleLoss = sample ? { before: evaluate(net, sample).loss, after: evaluate(pass.updated, sample).loss } : null;
      const { range } = resolveRange(steps, spec, labelKnown);
      const here = findStep(steps, stepAddress(state.steps[state.stepIndex]));
      const stepIndex = Math.max(range.from, Math.min(range.to, here >= 0 ? here : state.stepIndex));
      const selection = state.selection && selectionFits(pass, state.selection) ? state.selection : null;
      set({
        ...state, ...sources, config: nextConfig, pass, sampleLoss, steps, range, stepIndex, labelKnown, selection,
        playing: state.playing && stepIndex < range.to, error: null,
      });
    } catch (error) {
      set({ ...state, config: nextConfig, error: (error as Error).message, playing: false });
    }
  };

  const goTo = (index: number): void => {
    const state = store.get();
    const stepIndex = Math.max(state.range.from, Math.min(state.range.to, Math.trunc(index)));
    set({ ...state, stepIndex, playing: state.playing && stepIndex < state.range.to });
  };

  const select = (selection: Selection | null): void => {
    const state = store.get();
    if (selection && state.pass && !selectionFits(state.pass, selection)) {
      throw new RangeError(`there is no unit or entry ${JSON.stringify(selection)} in a ${state.pass.net.sizes.join('-')} network`);
    }
    set({ ...state, selection });
  };

  return {
    name,
    store,
    next: () => goTo(store.get().stepIndex + 1),
    previous: () => goTo(store.get().stepIndex - 1),
    first: () => goTo(store.get().range.from),
    last: () => goTo(store.get().range.to),
    goTo,
    goToStep(address) {
      const state = store.get();
      const index = findStep(state.steps, address);
      if (index < state.range.from || index > state.range.to) return false;
      goTo(index);
      return true;
    },
    play() {
      const state = store.get();
      // Playing from the last step starts over, like a media player.
      if (state.stepIndex === state.range.to) goTo(state.range.from);
      store.set({ ...store.get(), playing: true });
    },
    pause: () => store.set({ ...store.get(), playing: false }),
    reset() {
      const state = store.get();
      set({ ...state, stepIndex: state.range.from, playing: false, selection: null });
    },
    setRange(next) {
      spec = next;
      const state = store.get();
      const { range, notes } = resolveRange(state.steps, spec, state.labelKnown);
      const stepIndex = Math.max(range.from, Math.min(range.to, state.stepIndex));
      set({ ...state, range, stepIndex, notes: [...state.notes, ...notes] });
    },
    setDigit(digit) {
      if (!Number.isInteger(digit) || digit < 0 || digit > 99) throw new RangeError(`digit ${digit} is not one of the sample digits 0–99`);
      customInput = null;
      recompute({ ...store.get().config, digit }, { weightsSource: store.get().weightsSource, inputSource: null });
    },
    setSeed(seed) {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed ${seed} must be a whole number from 0 to 4294967295`);
      customNet = null;
      recompute({ ...store.get().config, seed }, { weightsSource: null, inputSource: store.get().inputSource });
    },
    setLearningRate(learningRate) {
      if (!inLearningRateRange(learningRate)) {
        throw new RangeError(`learning rate ${learningRate} must be a number ${LEARNING_RATE_RANGE_TEXT}`);
      }
      recompute({ ...store.get().config, learningRate });
    },
    setNetwork(net, source) {
      const sizes = net?.sizes ?? [];
      if (sizes[0] !== INPUT_SIZE || sizes[sizes.length - 1] !== CLASSES || net.layers.length !== sizes.length - 1) {
        throw new RangeError(`these weights map ${sizes[0]} inputs to ${sizes[sizes.length - 1]} outputs; the step-through needs ${INPUT_SIZE} pixels in and ${CLASSES} classes out`);
      }
      customNet = net;
      recompute({ ...store.get().config, hidden: sizes.slice(1, -1), activation: net.activation }, { weightsSource: source, inputSource: store.get().inputSource });
    },
    setInput(pixels, label, source) {
      if (!pixels || pixels.length !== INPUT_SIZE) throw new RangeError(`a digit has ${INPUT_SIZE} pixels (28 × 28), not ${pixels?.length ?? 0}`);
      for (let k = 0; k < pixels.length; k++) {
        if (!(pixels[k] >= 0 && pixels[k] <= 1)) throw new RangeError(`pixel ${k} is ${pixels[k]}; pixels must be numbers from 0 (blank) to 1 (ink)`);
      }
      if (label !== null && (!Number.isInteger(label) || label < 0 || label >= CLASSES)) throw new RangeError(`label ${label} is not a digit 0–9 (use null if unknown)`);
      customInput = { pixels: Float32Array.from(pixels), label };
      recompute(store.get().config, { weightsSource: store.get().weightsSource, inputSource: source });
    },
    select,
    selectUnit: (unit) => select(unit ? { layer: unit.layer, row: unit.unit, col: null } : null),
    selectElement(element) {
      const state = store.get();
      if (!state.pass) return;
      const step = state.steps[state.stepIndex];
      const output = step.kind === 'update' && state.focus?.layer ? { ...step.output, layer: state.focus.layer } : step.output;
      const focus = focusAt(state.pass, output, element);
      if (focus && focus.layer !== null) select({ layer: focus.layer, row: focus.row, col: focus.col });
    },
    setSample(next) {
      sample = next;
      recompute(store.get().config);
    },
    addNotes(notes) {
      if (notes.length) store.set({ ...store.get(), notes: [...store.get().notes, ...notes] });
    },
  };
}
