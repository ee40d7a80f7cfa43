/**
 * Weights and traces as JSON. Weights are versioned and validated on load (shapes, finiteness);
 * a trace document records one whole pass in a fixed, documented shape (see README) so a learner
 * can check it by hand or in another tool.
 */
import { createNetwork, validateConfig, type Activation, type Network, type Vec } from './network.ts';
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

function fill(target: Vec, source: unknown, what: string, length: number): void {
  if (!Array.isArray(source) || source.length !== length) {
    throw new WeightsError(`${what} should have ${length} numbers, found ${Array.isArray(source) ? source.length : typeof source}`);
  }
  for (let k = 0; k < length; k++) {
    const value = source[k];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new WeightsError(`${what}[${k}] is ${JSON.stringify(value)}, not a finite number`);
    target[k] = value;
  }
}

/** Parses and validates a weights document (an object or JSON text) into a Float32 network. */
export function weightsFromJson(input: unknown): Network {
  let doc = input;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (error) {
      throw new WeightsError(`the file is not valid JSON (${(error as Error).message})`);
    }
  }
  const d = doc as Partial<WeightsDocument> | null;
  if (!d || typeof d !== 'object') throw new WeightsError('the document is not a JSON object');
  if (d.format !== WEIGHTS_FORMAT) throw new WeightsError(`format is ${JSON.stringify(d.format)}, expected "${WEIGHTS_FORMAT}"`);
  if (d.version !== WEIGHTS_VERSION) throw new WeightsError(`version ${JSON.stringify(d.version)} is not supported (this site reads version ${WEIGHTS_VERSION})`);
  if (!d.network || typeof d.network !== 'object') throw new WeightsError('the "network" description is missing');
  const { sizes, activation, seed, init } = d.network;
  try {
    validateConfig({ sizes, activation, seed, init });
  } catch (error) {
    throw new WeightsError((error as Error).message);
  }
  const net = createNetwork({ sizes, activation, seed, init });
  if (!Array.isArray(d.layers) || d.layers.length !== net.layers.length) {
    throw new WeightsError(`expected ${net.layers.length} layers for sizes [${sizes.join(', ')}], found ${Array.isArray(d.layers) ? d.layers.length : 'none'}`);
  }
  net.layers.forEach((layer, l) => {
    const source = d.layers![l];
    const rows = source?.weights;
    if (!Array.isArray(rows) || rows.length !== layer.outSize) {
      throw new WeightsError(`layer ${l + 1} weights should have ${layer.outSize} rows, found ${Array.isArray(rows) ? rows.length : 'none'}`);
    }
    rows.forEach((row, o) => fill(layer.W.subarray(o * layer.inSize, (o + 1) * layer.inSize), row, `layer ${l + 1} weights row ${o}`, layer.inSize));
    fill(layer.b, source.biases, `layer ${l + 1} biases`, layer.outSize);
  });
  return net;
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
