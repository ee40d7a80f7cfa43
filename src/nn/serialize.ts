/**
 * Weights and traces as JSON. Weights are versioned and validated on load (shapes, finiteness);
 * a trace document records one whole pass in a fixed, documented shape (see README) so a learner
 * can check it by hand or in another tool.
 */
import { validateConfig, type Activation, type Layer, type Network, type Vec } from './network.ts';
import type { Pass } from './pass.ts';

/** The `format` field of a weights document. */
export const WEIGHTS_FORMAT = 'stepwise-weights';
/** The weights document version this code writes and reads. */
export const WEIGHTS_VERSION = 1;
/** The `format` field of a trace document. */
export const TRACE_FORMAT = 'stepwise-trace';
/** The trace document version (see README for the shape). */
export const TRACE_VERSION = 1;

/** A [rows, cols] row-major array as nested arrays [[row 0], [row 1], …]. */
export function toRows(values: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => values[r * cols + c]));
}

const list = (values: ArrayLike<number> | null | undefined): number[] => (values ? Array.from(values) : []);

/** Saved weights: versioned, with the network description needed to rebuild it. */
export interface WeightsDocument {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  network: { sizes: number[]; activation: Activation; seed: number; init: 'he' | 'xavier' };
  /** Per layer: weights [out][in] and biases [out]. */
  layers: { weights: number[][]; biases: number[] }[];
}

/** The weights document of `net` (weights as [out][in] rows). */
export function weightsToJson(net: Network): WeightsDocument {
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    network: { sizes: [...net.sizes], activation: net.activation, seed: net.seed, init: net.init },
    layers: net.layers.map((layer) => ({ weights: toRows(layer.W, layer.outSize, layer.inSize), biases: list(layer.b) })),
  };
}

/** Raised when a weights file cannot be used; the message says what is wrong. */
export class WeightsError extends Error {
  constructor(problem: string) {
    super(`These weights cannot be loaded: ${problem}.`);
    this.name = 'WeightsError';
  }
}

/** Pixels of an MNIST digit: every weights file's input size. */
export const MNIST_INPUTS = 784;
/** Digit classes: every weights file's output size. */
export const MNIST_CLASSES = 10;
/** Most hidden layers a weights file (or the lab) may have. */
export const MAX_HIDDEN_LAYERS = 4;
/** Most trainable parameters a weights file may have (about 16 MB of float32). */
export const MAX_PARAMETERS = 4_000_000;
/** Longest weights text accepted (a 4-million-parameter file written by this site is about 80 MB). */
export const MAX_WEIGHTS_TEXT = 100_000_000;

function fill(target: Vec, source: unknown, what: string, length: number): void {
  if (!Array.isArray(source) || source.length !== length) {
    throw new WeightsError(`${what} should have ${length} numbers, found ${Array.isArray(source) ? source.length : typeof source}`);
  }
  for (let k = 0; k < length; k++) {
    const value = source[k];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      // JSON's 1e400 parses to Infinity: say so, not JSON.stringify's "null".
      const shown = typeof value !== 'number' ? JSON.stringify(value) : Number.isNaN(value) ? 'NaN' : `${value} (out of range)`;
      throw new WeightsError(`${what}[${k}] is ${shown}, not a finite number`);
    }
    target[k] = value;
  }
}

/**
 * Checks the description of a weights document before anything is allocated: 784 inputs, 10
 * outputs, at most MAX_HIDDEN_LAYERS hidden layers of at most MAX_UNITS, at most MAX_PARAMETERS
 * parameters in all, and arrays of exactly the sizes the description implies.
 */
function checkShapes(d: Partial<WeightsDocument>): WeightsDocument['network'] {
  if (!d.network || typeof d.network !== 'object') throw new WeightsError('the "network" description is missing');
  const network = checkDescription(d.network);
  return checkLayers(d, network.sizes, network);
}

/** The network description: 784 in, 10 out, bounded depth and parameter count, a valid config. */
function checkDescription(network: Partial<WeightsDocument['network']>): WeightsDocument['network'] {
  const { sizes, activation, seed, init } = network;
  if (!Array.isArray(sizes)) throw new WeightsError('network.sizes should be a list of layer sizes such as [784, 128, 10]');
  if (sizes.length < 2 || sizes.length > MAX_HIDDEN_LAYERS + 2) {
    throw new WeightsError(`the network has ${Math.max(0, sizes.length - 2)} hidden layers; this site reads 0 to ${MAX_HIDDEN_LAYERS}`);
  }
  for (const size of sizes) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      // JSON's 1e400 parses to Infinity, which JSON.stringify would show as "null".
      throw new WeightsError(`layer size ${typeof size === 'number' ? size : JSON.stringify(size)} must be a whole number of units, at least 1`);
    }
  }
  if (sizes[0] !== MNIST_INPUTS) throw new WeightsError(`the input layer has ${sizes[0]} units, but MNIST digits have ${MNIST_INPUTS} pixels`);
  if (sizes[sizes.length - 1] !== MNIST_CLASSES) throw new WeightsError(`the output layer has ${sizes[sizes.length - 1]} units, but there are ${MNIST_CLASSES} digit classes`);
  let parameters = 0;
  for (let l = 1; l < sizes.length; l++) parameters += sizes[l] * (sizes[l - 1] + 1);
  if (parameters > MAX_PARAMETERS) throw new WeightsError(`the network has ${parameters} parameters, more than the ${MAX_PARAMETERS} this site reads`);
  try {
    validateConfig({ sizes, activation: activation as Activation, seed: seed as number, init });
  } catch (error) {
    throw new WeightsError((error as Error).message);
  }
  return { sizes, activation: activation as Activation, seed: seed as number, init: init as 'he' | 'xavier' };
}

/** Every layer's arrays have exactly the lengths the sizes imply (values are checked while copying). */
function checkLayers(d: Partial<WeightsDocument>, sizes: number[], network: WeightsDocument['network']): WeightsDocument['network'] {
  if (!Array.isArray(d.layers) || d.layers.length !== sizes.length - 1) {
    throw new WeightsError(`expected ${sizes.length - 1} layers for sizes [${sizes.join(', ')}], found ${Array.isArray(d.layers) ? d.layers.length : 'none'}`);
  }
  d.layers.forEach((source: unknown, l) => {
    const layer = source as Partial<WeightsDocument['layers'][number]> | null;
    const rows = layer?.weights;
    if (!Array.isArray(rows) || rows.length !== sizes[l + 1]) {
      throw new WeightsError(`layer ${l + 1} weights should have ${sizes[l + 1]} rows, found ${Array.isArray(rows) ? rows.length : 'none'}`);
    }
    rows.forEach((row: unknown, o) => {
      if (!Array.isArray(row) || row.length !== sizes[l]) {
        throw new WeightsError(`layer ${l + 1} weights row ${o} should have ${sizes[l]} numbers, found ${Array.isArray(row) ? row.length : typeof row}`);
      }
    });
    const biases = layer?.biases;
    if (!Array.isArray(biases) || biases.length !== sizes[l + 1]) {
      throw new WeightsError(`layer ${l + 1} biases should have ${sizes[l + 1]} numbers, found ${Array.isArray(biases) ? biases.length : typeof biases}`);
    }
  });
  return network;
}

/**
 * Parses and validates a weights document (an object or JSON text) into a Float32 network. The
 * shapes are checked before any array is allocated, so a tiny file claiming a huge network is
 * refused at once instead of exhausting memory.
 */
export function weightsFromJson(input: unknown): Network {
  let doc = input;
  if (typeof doc === 'string') {
    if (doc.length > MAX_WEIGHTS_TEXT) throw new WeightsError(`the file is ${doc.length} characters long, more than the ${MAX_WEIGHTS_TEXT} a weights file of this site can be`);
    try {
      doc = JSON.parse(doc);
    } catch (error) {
      throw new WeightsError(`the file is not valid JSON (${(error as Error).message})`);
    }
  }
  const d = doc as Partial<WeightsDocument> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new WeightsError('the document is not a JSON object');
  if (d.format !== WEIGHTS_FORMAT) throw new WeightsError(`format is ${JSON.stringify(d.format)}, expected "${WEIGHTS_FORMAT}"`);
  if (d.version !== WEIGHTS_VERSION) throw new WeightsError(`version ${JSON.stringify(d.version)} is not supported (this site reads version ${WEIGHTS_VERSION})`);
  const { sizes, activation, seed, init } = checkShapes(d);
  const layers: Layer[] = d.layers!.map((source, l) => {
    const inSize = sizes[l];
    const outSize = sizes[l + 1];
    const W = new Float32Array(outSize * inSize);
    source.weights.forEach((row, o) => fill(W.subarray(o * inSize, (o + 1) * inSize), row, `layer ${l + 1} weights row ${o}`, inSize));
    const b = new Float32Array(outSize);
    fill(b, source.biases, `layer ${l + 1} biases`, outSize);
    return { inSize, outSize, W, b };
  });
  return { sizes: [...sizes], activation, seed, init: init ?? (activation === 'relu' ? 'he' : 'xavier'), precision: 'float32', layers };
}

/**
 * Checks a network that arrived as a structured clone (from IndexedDB or a worker) with the same
 * limits as a weights file: 784 inputs, 10 outputs, bounded depth and size, typed arrays of the
 * right lengths, finite numbers. Returns it typed; throws a WeightsError otherwise.
 */
export function checkNetwork(value: unknown): Network {
  const n = value as Partial<Network> | null;
  if (!n || typeof n !== 'object') throw new WeightsError('the network is not an object');
  const layers = Array.isArray(n.layers) ? n.layers : null;
  const { sizes } = checkDescription({ sizes: n.sizes as number[], activation: n.activation as Activation, seed: n.seed as number, init: n.init ?? 'he' });
  if (!Array.isArray(n.layers) || n.layers.length !== sizes.length - 1) throw new WeightsError(`expected ${sizes.length - 1} layers for sizes [${sizes.join(', ')}]`);
  n.layers!.forEach((layer, l) => {
    if (layer.inSize !== n.sizes![l] || layer.outSize !== n.sizes![l + 1]) throw new WeightsError(`layer ${l + 1} has the wrong shape`);
    for (const [name, array, length] of [['weights', layer.W, layer.inSize * layer.outSize], ['biases', layer.b, layer.outSize]] as const) {
      if (!(array instanceof Float32Array || array instanceof Float64Array) || array.length !== length) throw new WeightsError(`layer ${l + 1} ${name} should be ${length} numbers`);
      for (let k = 0; k < array.length; k++) if (!Number.isFinite(array[k])) throw new WeightsError(`layer ${l + 1} ${name}[${k}] is ${array[k]}, not a finite number`);
    }
  });
  if (n.precision !== 'float32' && n.precision !== 'float64') throw new WeightsError('the network has no precision');
  return n as Network;
}

/** One pass as JSON, in the documented shape (README: The trace document). */
export interface TraceDocument {
  format: typeof TRACE_FORMAT;
  version: number;
  network: { sizes: number[]; activation: Activation; seed: number };
  sample: { set: 'train' | 'test'; index: number; label: number; pixels: number[] };
  learningRate: number;
  layers: {
    weights: number[][];
    biases: number[];
    z: number[];
    /** Last layer: the probabilities. */
    a: number[];
    dLdz: number[];
    /** Hidden layers only. */
    dLda?: number[];
    dLdW: number[][];
    dLdb: number[];
  }[];
  probabilities: number[];
  loss: number;
  /** After one SGD step with learningRate. */
  updated: { weights: number[][]; biases: number[] }[];
}

/** The trace document of one pass (the format `npm run trace` prints and the site downloads). */
export function traceToJson(pass: Pass, sample: { set: 'train' | 'test'; index: number }): TraceDocument {
  const { net, trace, gradients } = pass;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    network: { sizes: [...net.sizes], activation: net.activation, seed: net.seed },
    sample: { set: sample.set, index: sample.index, label: trace.label, pixels: list(trace.input) },
    learningRate: pass.learningRate,
    layers: net.layers.map((layer, l) => {
      const g = gradients.layers[l];
      const entry: TraceDocument['layers'][number] = {
        weights: toRows(layer.W, layer.outSize, layer.inSize),
        biases: list(layer.b),
        z: list(trace.layers[l].z),
        a: list(trace.layers[l].a),
        dLdz: list(g.dLdz),
        dLdW: toRows(g.dLdW, layer.outSize, layer.inSize),
        dLdb: list(g.dLdb),
      };
      if (g.dLda) entry.dLda = list(g.dLda);
      return entry;
    }),
    probabilities: list(trace.probabilities),
    loss: trace.loss,
    updated: pass.updated.layers.map((layer) => ({ weights: toRows(layer.W, layer.outSize, layer.inSize), biases: list(layer.b) })),
  };
}
