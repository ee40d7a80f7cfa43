/**
 * A step-through session: one network, one digit, one pass, and where the learner is in its
 * steps. Widgets on a page that share `data-session="…"` share one session; they subscribe to
 * it and send every user action through it. The maths is the core's (`createPass`,
 * `buildSteps`); the session only decides *which* pass and *which* step.
 */
import { imageAsFloats, type Dataset } from '../data/dataset.ts';
import { buildSteps, createNetwork, createPass, defaultElement, evaluate, type Activation, type Pass, type Step } from '../nn/index.ts';
import { createStore, type Store } from './store.ts';

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

export interface SessionState {
  config: SessionConfig;
  /** The pass for `config`; null until the sample digits have loaded. */
  pass: Pass | null;
  /** Mean loss over all 100 sample digits before and after the update: does one digit's step help the rest? */
  sampleLoss: { before: number; after: number } | null;
  steps: Step[];
  /** Current position, 0 ≤ stepIndex < steps.length. */
  stepIndex: number;
  playing: boolean;
  /** The unit the learner selected in the diagram (1-based layer, 0-based unit), if any. */
  selectedUnit: { layer: number; unit: number } | null;
  /** The element of the current step's output the equation panel shows. */
  element: number;
  /** Messages for the learner (bad URL values, a learning rate that made the loss go up). */
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
  goTo(index: number): void;
  play(): void;
  pause(): void;
  /** Back to the first step, stop playing; keeps the digit, seed and learning rate. */
  reset(): void;
  setDigit(digit: number): void;
  setSeed(seed: number): void;
  setLearningRate(learningRate: number): void;
  selectUnit(unit: { layer: number; unit: number } | null): void;
  selectElement(element: number): void;
  /** Supplies the 100 sample digits; the pass is computed once they are here. */
  setSample(sample: Dataset): void;
  addNotes(notes: string[]): void;
}

function clampIndex(index: number, steps: Step[]): number {
  return Math.max(0, Math.min(steps.length - 1, Math.trunc(index)));
}

export function createSession(name: string, initial: Partial<SessionConfig> = {}): Session {
  const config: SessionConfig = { ...DEFAULT_CONFIG, ...initial };
  const sizes = (c: SessionConfig) => [784, ...c.hidden, 10];
  const store = createStore<SessionState>({
    config,
    pass: null,
    sampleLoss: null,
    steps: buildSteps({ sizes: sizes(config), activation: config.activation }),
    stepIndex: 0,
    playing: false,
    selectedUnit: null,
    element: 0,
    notes: [],
    error: null,
  });
  let sample: Dataset | null = null;

  /** Recomputes the pass for a new config; the walk starts again from step 1. */
  const recompute = (next: SessionConfig, keepStep = false): void => {
    const state = store.get();
    if (!sample) {
      store.set({ ...state, config: next });
      return;
    }
    try {
      const net = createNetwork({ sizes: sizes(next), activation: next.activation, seed: next.seed });
      const pass = createPass(net, imageAsFloats(sample, next.digit), sample.labels[next.digit], next.learningRate);
      const steps = buildSteps(net);
      const sampleLoss = { before: evaluate(net, sample).loss, after: evaluate(pass.updated, sample).loss };
      const stepIndex = keepStep ? clampIndex(state.stepIndex, steps) : 0;
      store.set({
        ...state, config: next, pass, sampleLoss, steps, stepIndex, playing: keepStep && state.playing,
        element: defaultElement(pass, steps[stepIndex]), selectedUnit: keepStep ? state.selectedUnit : null, error: null,
      });
    } catch (error) {
      store.set({ ...state, config: next, error: (error as Error).message, playing: false });
    }
  };

  const goTo = (index: number): void => {
    const state = store.get();
    const stepIndex = clampIndex(index, state.steps);
    const atEnd = stepIndex === state.steps.length - 1;
    store.set({
      ...state, stepIndex, playing: state.playing && !atEnd,
      element: state.pass ? defaultElement(state.pass, state.steps[stepIndex]) : 0,
    });
  };

  return {
    name,
    store,
    next: () => goTo(store.get().stepIndex + 1),
    previous: () => goTo(store.get().stepIndex - 1),
    first: () => goTo(0),
    last: () => goTo(store.get().steps.length - 1),
    goTo,
    play() {
      const state = store.get();
      // Playing from the last step starts over, like a media player.
      if (state.stepIndex === state.steps.length - 1) goTo(0);
      store.set({ ...store.get(), playing: true });
    },
    pause: () => store.set({ ...store.get(), playing: false }),
    reset() {
      goTo(0);
      store.set({ ...store.get(), playing: false, selectedUnit: null });
    },
    setDigit(digit) {
      if (!Number.isInteger(digit) || digit < 0 || digit > 99) throw new RangeError(`digit ${digit} is not one of the sample digits 0–99`);
      recompute({ ...store.get().config, digit });
    },
    setSeed(seed) {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed ${seed} must be a whole number from 0 to 4294967295`);
      recompute({ ...store.get().config, seed });
    },
    setLearningRate(learningRate) {
      if (!Number.isFinite(learningRate) || learningRate <= 0 || learningRate > 100) {
        throw new RangeError(`learning rate ${learningRate} must be a number above 0 and at most 100`);
      }
      // Changing η changes only the update; the learner stays on the step they are looking at.
      recompute({ ...store.get().config, learningRate }, true);
    },
    selectUnit: (selectedUnit) => store.set({ ...store.get(), selectedUnit }),
    selectElement(element) {
      const state = store.get();
      store.set({ ...state, element: Math.max(0, Math.trunc(element)) });
    },
    setSample(next) {
      sample = next;
      // Keep a starting step chosen before the digits arrived (a lesson may open on step 13).
      recompute(store.get().config, true);
    },
    addNotes(notes) {
      if (notes.length) store.set({ ...store.get(), notes: [...store.get().notes, ...notes] });
    },
  };
}
