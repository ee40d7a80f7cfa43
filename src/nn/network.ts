/**
 * The network: a stack of dense layers. Layer l maps a[l-1] (its input, length `inSize`) to
 * z[l] = W[l] a[l-1] + b[l] (length `outSize`), then a[l] = f(z[l]); the last layer's f is softmax.
 *
 * Storage is one typed array per weight matrix, row-major [out, in], never one object per weight.
 * Float32 is the default; Float64 exists so tests can check gradients in double precision with
 * exactly the same code.
 */
import { createRng, type Rng } from './rng.ts';

/** Hidden-layer nonlinearity. The output layer is always softmax. */
export type Activation = 'relu' | 'sigmoid' | 'tanh';
/** The hidden activations the network supports. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh'];

/** Weight initialisation: He (for ReLU) or Xavier/Glorot (for sigmoid and tanh). */
export type Init = 'he' | 'xavier';

/** A vector or matrix of numbers; Float32 in the product, Float64 in gradient checks. */
export type Vec = Float32Array | Float64Array;
/** Storage of a network's arrays: Float32 everywhere, Float64 for gradient checks. */
export type Precision = 'float32' | 'float64';

/** What defines a network before training: its shape, activation and the seed of its weights. */
export interface NetworkConfig {
  /** Units per layer including input and output, e.g. [784, 128, 10]. */
  sizes: number[];
  activation: Activation;
  /** Seed of the generator that draws the initial weights. */
  seed: number;
  /** Defaults to He for ReLU and Xavier otherwise. */
  init?: Init;
}

/** One dense layer: z = W a_prev + b. */
export interface Layer {
  /** Input length (units of the previous layer). */
  inSize: number;
  /** Output length (units of this layer). */
  outSize: number;
  /** Weights W, shape [outSize, inSize], row-major: W[o * inSize + i] connects input i to unit o. */
  W: Vec;
  /** Biases b, shape [outSize]. */
  b: Vec;
}

/** A network: its configuration and its layers' parameters. */
export interface Network {
  sizes: number[];
  activation: Activation;
  seed: number;
  init: Init;
  precision: Precision;
  /** layers[0] maps the input to the first hidden layer; the last maps to the 10 logits. */
  layers: Layer[];
}

/** Largest layer we accept: keeps a typo like `--hidden 1280000` from exhausting memory. */
export const MAX_UNITS = 4096;

/** Throws a learner-readable error if `config` cannot describe a network. */
export function validateConfig(config: NetworkConfig): void {
  const { sizes, activation, seed } = config;
  if (!Array.isArray(sizes) || sizes.length === 0) throw new RangeError('layer sizes are empty: give at least an input and an output size, e.g. [784, 128, 10]');
  if (sizes.length < 2) throw new RangeError(`layer sizes [${sizes.join(', ')}] need at least an input and an output size`);
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`layer size ${size} must be a whole number of units, at least 1`);
    }
  }
  for (const size of sizes.slice(1)) {
    if (size > MAX_UNITS) throw new RangeError(`layer size ${size} is too large: at most ${MAX_UNITS} units per layer`);
  }
  if (!ACTIVATIONS.includes(activation)) throw new RangeError(`unknown activation "${activation}": use relu, sigmoid or tanh`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed ${seed} must be a whole number from 0 to 4294967295`);
  if (config.init !== undefined && config.init !== 'he' && config.init !== 'xavier') {
    throw new RangeError(`unknown initialisation "${config.init}": use he or xavier`);
  }
}

/** A zeroed vector of `length` numbers in the given precision. */
export function allocate(precision: Precision, length: number): Vec {
  return precision === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * A new network with seeded random weights and zero biases. He: N(0, 2/in); Xavier/Glorot
 * (normal): N(0, 2/(in+out)). Pass `rng` to continue an existing stream instead of `config.seed`.
 */
export function createNetwork(config: NetworkConfig, options: { precision?: Precision; rng?: Rng } = {}): Network {
  validateConfig(config);
  const precision = options.precision ?? 'float32';
  const init = config.init ?? (config.activation === 'relu' ? 'he' : 'xavier');
  const rng = options.rng ?? createRng(config.seed);
  const layers: Layer[] = [];
  for (let l = 1; l < config.sizes.length; l++) {
    const inSize = config.sizes[l - 1];
    const outSize = config.sizes[l];
    const std = init === 'he' ? Math.sqrt(2 / inSize) : Math.sqrt(2 / (inSize + outSize));
    const W = allocate(precision, outSize * inSize);
    // Drawn in float64 and rounded once, so Float32 and Float64 networks from one seed agree.
    for (let k = 0; k < W.length; k++) W[k] = Math.fround(rng.normal() * std);
    layers.push({ inSize, outSize, W, b: allocate(precision, outSize) });
  }
  return { sizes: [...config.sizes], activation: config.activation, seed: config.seed, init, precision, layers };
}

/** A deep copy (for "apply the update" without touching the original). */
export function cloneNetwork(net: Network): Network {
  return {
    ...net,
    sizes: [...net.sizes],
    layers: net.layers.map((layer) => {
      const W = allocate(net.precision, layer.W.length);
      const b = allocate(net.precision, layer.b.length);
      W.set(layer.W);
      b.set(layer.b);
      return { inSize: layer.inSize, outSize: layer.outSize, W, b };
    }),
  };
}

/** Number of trainable parameters. */
export function parameterCount(net: Network): number {
  return net.layers.reduce((sum, layer) => sum + layer.W.length + layer.b.length, 0);
}
