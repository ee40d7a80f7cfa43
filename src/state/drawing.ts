/**
 * The draw-your-own-digit page's state: the learner's drawing made into an MNIST digit, the
 * network's probabilities for it, and one gradient step on it ("train on my drawing") with what
 * that step moved. Every number comes from the core (`prepareDrawing`, `forward`, `createPass`).
 */
import { prepareDrawing, type Drawing, type PreparedDigit } from '../data/draw.ts';
import { createNetwork, createPass, forward, type Network } from '../nn/index.ts';
import { createStore, type Store } from './store.ts';
import { DEFAULT_CONFIG } from './session.ts';
import type { TrainedState, WeightsRef } from './trained.ts';

/** The network's answer for one digit. */
export interface Prediction {
  /** p(class) for the classes 0–9. */
  probabilities: number[];
  /** The class with the largest probability. */
  predicted: number;
}

/** What one gradient step on the drawing did. */
export interface DrawingStepResult {
  label: number;
  learningRate: number;
  before: Prediction & { loss: number };
  after: Prediction & { loss: number };
  /** Per layer (1-based in prose): how many weights the step changed, of how many. */
  moved: { layer: number; changed: number; total: number }[];
  /** Per input pixel: Σ over first-layer units of |ΔW|, shape [784]: where the first layer moved. */
  movedByPixel: Float32Array;
  /** Inked pixels of the digit (x ≠ 0) and first-layer units with dL/dz ≠ 0. */
  inkedPixels: number;
  activeUnits: number;
}

export interface DrawingState {
  /** The network the page uses now (after any steps on drawings), and where it came from. */
  net: Network;
  source: string;
  /** False while the page uses untrained seeded weights. */
  trained: boolean;
  ref: WeightsRef | null;
  /** Steps taken on drawings in this page (they change this page's copy only). */
  steps: number;
  digit: PreparedDigit | null;
  prediction: Prediction | null;
  lastStep: DrawingStepResult | null;
  /** Why the drawing could not be used (e.g. it is empty); null when it could. */
  message: string | null;
}

/** The untrained network the page falls back to: the lessons' default (784-16-10, seed 1). */
export function untrainedNetwork(): Network {
  return createNetwork({ sizes: [784, ...DEFAULT_CONFIG.hidden, 10], activation: DEFAULT_CONFIG.activation, seed: DEFAULT_CONFIG.seed });
}

/** The network's probabilities for an input (the label given to `forward` does not change them). */
export function predictDigit(net: Network, input: ArrayLike<number>): Prediction {
  const trace = forward(net, input, 0);
  const probabilities = Array.from(trace.probabilities);
  let predicted = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[predicted]) predicted = c;
  return { probabilities, predicted };
}

/** One SGD step on one digit with its true label: before and after, and which weights moved. */
export function stepOnDigit(net: Network, input: ArrayLike<number>, label: number, learningRate: number): { updated: Network; result: DrawingStepResult } {
  const pass = createPass(net, input, label, learningRate);
  const moved = net.layers.map((layer, l) => {
    const next = pass.updated.layers[l];
    let changed = 0;
    for (let k = 0; k < layer.W.length; k++) if (next.W[k] !== layer.W[k]) changed++;
    return { layer: l + 1, changed, total: layer.W.length };
  });
  const first = net.layers[0];
  const movedByPixel = new Float32Array(first.inSize);
  for (let o = 0; o < first.outSize; o++) {
    for (let i = 0; i < first.inSize; i++) movedByPixel[i] += Math.abs(pass.updated.layers[0].W[o * first.inSize + i] - first.W[o * first.inSize + i]);
  }
  const summary = (trace: typeof pass.trace) => {
    const probabilities = Array.from(trace.probabilities);
    return { probabilities, predicted: probabilities.indexOf(Math.max(...probabilities)), loss: trace.loss };
  };
  let inkedPixels = 0;
  for (let i = 0; i < input.length; i++) if (input[i] !== 0) inkedPixels++;
  const activeUnits = Array.from(pass.gradients.layers[0].dLdz).filter((g) => g !== 0).length;
  return {
    updated: pass.updated,
    result: { label, learningRate, before: summary(pass.trace), after: summary(pass.after), moved, movedByPixel, inkedPixels, activeUnits },
  };
}

export interface DrawingSession {
  store: Store<DrawingState>;
  /** A new drawing from the canvas: preprocessed and predicted, or a message (empty drawing). */
  setDrawing(drawing: Drawing): void;
  /** A ready 28 × 28 digit (bytes), e.g. a sample digit to start from. */
  setDigit(digit: PreparedDigit): void;
  clear(): void;
  /** One gradient step on the current digit with the learner's true label. */
  trainStep(label: number, learningRate: number): void;
  /** Back to the weights the page started from. */
  resetNetwork(): void;
  /** The trained network changed (loaded, or none). */
  setTrained(state: TrainedState): void;
}

export function createDrawingSession(): DrawingSession {
  let base = { net: untrainedNetwork(), source: 'untrained weights (seed 1)', trained: false, ref: null as WeightsRef | null };
  const store = createStore<DrawingState>({ ...base, steps: 0, digit: null, prediction: null, lastStep: null, message: null });
  const predictWith = (state: DrawingState): DrawingState => ({ ...state, prediction: state.digit ? predictDigit(state.net, state.digit.input) : null });
  return {
    store,
    setDrawing(drawing) {
      try {
        const digit = prepareDrawing(drawing);
        store.set(predictWith({ ...store.get(), digit, message: null, lastStep: null }));
      } catch (error) {
        store.set({ ...store.get(), digit: null, prediction: null, lastStep: null, message: (error as Error).message });
      }
    },
    setDigit(digit) {
      store.set(predictWith({ ...store.get(), digit, message: null, lastStep: null }));
    },
    clear() {
      store.set({ ...store.get(), digit: null, prediction: null, lastStep: null, message: null });
    },
    trainStep(label, learningRate) {
      const state = store.get();
      if (!state.digit) {
        store.set({ ...state, message: 'Draw a digit first: there is nothing to train on yet.' });
        return;
      }
      try {
        const { updated, result } = stepOnDigit(state.net, state.digit.input, label, learningRate);
        store.set(predictWith({ ...state, net: updated, steps: state.steps + 1, lastStep: result, message: null }));
      } catch (error) {
        store.set({ ...state, message: (error as Error).message });
      }
    },
    resetNetwork() {
      store.set(predictWith({ ...store.get(), ...base, steps: 0, lastStep: null }));
    },
    setTrained(trained) {
      if (trained.status === 'ready') base = { net: trained.trained.net, source: trained.trained.source, trained: true, ref: trained.trained.ref };
      else if (trained.status === 'none' || trained.status === 'error') base = { net: untrainedNetwork(), source: 'untrained weights (seed 1)', trained: false, ref: null };
      else return;
      store.set(predictWith({ ...store.get(), ...base, steps: 0, lastStep: null }));
    },
  };
}
