/**
 * One pass on one sample, fully exposed: the step-through's source of every number. Forward and
 * backward are written layer by layer, side by side, and run only the readable reference kernels
 * (reference.ts), the very code the step-through's code panel shows. The batched trainer runs
 * fast kernels instead, which are tested equal to these.
 */
import {
  activate,
  activationGradient,
  biasGradient,
  crossEntropy,
  inputGradient,
  linear,
  outputError,
  sgdStep,
  softmax,
  weightGradient,
} from './reference.ts';
import { allocate, cloneNetwork, type Network, type Vec } from './network.ts';

/** What one layer computed on the way forward. */
export interface LayerTrace {
  /** Pre-activation z = W a_prev + b, shape [outSize]. */
  z: Vec;
  /** Activation a = f(z), shape [outSize]; for the last layer, the class probabilities softmax(z). */
  a: Vec;
}

/** Everything the forward pass computed for one sample. */
export interface Trace {
  /** The input x = a₀, shape [sizes[0]] (pixels in [0, 1]). */
  input: Vec;
  /** The true class y. */
  label: number;
  /** One entry per layer (layers[0] is the first hidden layer). */
  layers: LayerTrace[];
  /** Class probabilities p = softmax(z_last), shape [classes]; the same array as the last layer's `a`. */
  probabilities: Vec;
  /** Cross-entropy loss L = −log p_y, computed stably from the logits. */
  loss: number;
}

/** The gradients of one layer for one sample. */
export interface LayerGradients {
  /** dL/dz: gradient w.r.t. the pre-activation, shape [outSize]. */
  dLdz: Vec;
  /** dL/da: gradient arriving at this layer's output a, shape [outSize]; null for the output layer (softmax and loss are taken together there). */
  dLda: Vec | null;
  /** dL/dW, shape [outSize, inSize], row-major. */
  dLdW: Vec;
  /** dL/db, shape [outSize]. */
  dLdb: Vec;
}

/** Backward pass result, one entry per layer, aligned with `Trace.layers`. */
export interface Gradients {
  layers: LayerGradients[];
}

/** Runs one sample forward through the network and records every intermediate. */
export function forward(net: Network, input: ArrayLike<number>, label: number): Trace {
  if (input.length !== net.sizes[0]) {
    throw new RangeError(`input has ${input.length} values but the network expects ${net.sizes[0]}`);
  }
  const classes = net.sizes[net.sizes.length - 1];
  if (!Number.isInteger(label) || label < 0 || label >= classes) throw new RangeError(`label ${label} is not a class 0–${classes - 1}`);
  const x = allocate(net.precision, input.length);
  x.set(input);
  const layers: LayerTrace[] = [];
  let previous: Vec = x;
  let loss = 0;
  net.layers.forEach((layer, l) => {
    const z = allocate(net.precision, layer.outSize);
    const a = allocate(net.precision, layer.outSize);
    linear(layer.W, layer.b, previous, z);
    if (l < net.layers.length - 1) {
      activate(net.activation, z, a);
    } else {
      softmax(z, a);
      loss = crossEntropy(z, label);
    }
    layers.push({ z, a });
    previous = a;
  });
  return { input: x, label, layers, probabilities: layers[layers.length - 1].a, loss };
}

/** Backpropagates the loss of a traced sample; returns dL/dz, dL/da, dL/dW, dL/db for every layer. */
export function backward(net: Network, trace: Trace): Gradients {
  const count = net.layers.length;
  const result: LayerGradients[] = new Array(count);
  // Output layer: softmax + cross-entropy give the output error p − y directly.
  let dLdz = allocate(net.precision, net.layers[count - 1].outSize);
  outputError(trace.probabilities, trace.label, dLdz);
  let dLda: Vec | null = null;
  for (let l = count - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const layerInput = l === 0 ? trace.input : trace.layers[l - 1].a;
    const dLdW = allocate(net.precision, layer.W.length);
    const dLdb = allocate(net.precision, layer.outSize);
    weightGradient(dLdz, layerInput, dLdW);
    biasGradient(dLdz, dLdb);
    result[l] = { dLdz, dLda, dLdW, dLdb };
    if (l === 0) break; // the gradient w.r.t. the pixels is not needed to learn
    const below = trace.layers[l - 1];
    const dLdaBelow = allocate(net.precision, layer.inSize);
    inputGradient(layer.W, dLdz, dLdaBelow);
    const dLdzBelow = allocate(net.precision, layer.inSize);
    activationGradient(net.activation, below.z, below.a, dLdaBelow, dLdzBelow);
    dLda = dLdaBelow;
    dLdz = dLdzBelow;
  }
  return { layers: result };
}

/** One plain gradient-descent step on a copy: W ← W − η dL/dW, b ← b − η dL/db. The original is untouched. */
export function sgdUpdate(net: Network, gradients: Gradients, learningRate: number): Network {
  const next = cloneNetwork(net);
  next.layers.forEach((layer, l) => {
    const { dLdW, dLdb } = gradients.layers[l];
    sgdStep(layer.W, dLdW, learningRate);
    sgdStep(layer.b, dLdb, learningRate);
  });
  return next;
}

/** The predicted class: the index of the largest probability. */
export function predicted(trace: Trace): number {
  let best = 0;
  for (let c = 1; c < trace.probabilities.length; c++) if (trace.probabilities[c] > trace.probabilities[best]) best = c;
  return best;
}

/** Everything one pass computed: what the step-through shows and the trace document exports. */
export interface Pass {
  net: Network;
  trace: Trace;
  gradients: Gradients;
  /** The step size η of the update. */
  learningRate: number;
  /** The network after one SGD step with `learningRate` (the original is untouched). */
  updated: Network;
  /** The same digit forward through `updated`: its loss shows whether the step helped. */
  after: Trace;
}

/** Forward, backward and one SGD step on one sample: the whole story of one digit. */
export function createPass(net: Network, input: ArrayLike<number>, label: number, learningRate: number): Pass {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new RangeError(`learning rate must be a positive finite number (got ${learningRate}): try 0.1`);
  }
  const trace = forward(net, input, label);
  const gradients = backward(net, trace);
  const updated = sgdUpdate(net, gradients, learningRate);
  return { net, trace, gradients, learningRate, updated, after: forward(updated, input, label) };
}
