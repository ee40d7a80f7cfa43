/**
 * The WebAssembly SIMD kernel backend: a training session is one instance of the compiled
 * kernels (`src/nn/wasm/kernels.ts`) with its own linear memory, laid out here once per run and
 * released with the instance when the run ends. Everything a batch touches lives in that memory:
 * parameters (weights transposed, widths padded to multiples of 4), gradients, optimizer state
 * and the training set in sparse form (one u32 per inked pixel, compacted inside the kernels when
 * the session opens). A batch crosses the boundary as row numbers in and two numbers out.
 *
 * Loading the bytes is the caller's business (`src/data/kernels-node.ts`, `kernels-browser.ts`):
 * this file only needs a compiled `WebAssembly.Module`.
 */
import type { BatchTally, EvaluationTally, KernelBackend, TrainingSession } from '../backend.ts';
import { INPUT_SCALE, type LabelledImages } from '../../batch.ts';
import type { Network, Vec } from '../../network.ts';
import type { OptimizerSettings } from '../../optimizers.ts';

/** The functions the compiled kernels export (pointers are byte offsets into `memory`). */
interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  relaxed(): number;
  configure(layerCount: number, table: number, activation: number, gradShift: number, lut: number, pixels: number, chunk: number): void;
  compactImages(images: number, count: number, rowStart: number, entries: number, first: number): number;
  forwardChunk(rowStart: number, entries: number, labels: number, rows: number, count: number): number;
  trainChunk(rowStart: number, entries: number, labels: number, rows: number, count: number, scale: number, accumulate: number): number;
  materialize(): void;
  sgdStep(params: number, count: number, rate: number, scaledShift: number): void;
  stateStep(kind: number, params: number, count: number, rate: number, a: number, b: number, c: number, mShift: number, vShift: number): void;
  lastCorrect(): number;
  evaluateImages(pixels: number, labels: number, count: number, predictions: number, confidence: number): number;
  sgd(params: number, count: number, rate: number): void;
  momentum(params: number, count: number, rate: number, mu: number, stateShift: number): void;
  adam(params: number, count: number, stepSize: number, beta1: number, beta2: number, epsilon: number, mShift: number, vShift: number): void;
  sumOfSquares(values: number, count: number): number;
  setProfileStop(stage: number): void;
}

/** Digits per call when evaluating a set (copied into the instance's memory a chunk at a time). */
const EVAL_CHUNK = 1000;
/**
 * Samples per kernel call when training: a larger batch is split (its gradients add up). Each
 * input's bucket of (sample, value) pairs holds this many.
 */
const TRAIN_CHUNK = 64;
/** `trainChunk`'s last argument: overwrite the gradients, add to them, or leave them pending (a one-chunk batch). */
const OVERWRITE = 0;
const ACCUMULATE = 1;
const LAZY = 2;
/** Layer-table fields, as in kernels.ts. */
const FIELDS = 14;
const ACTIVATION_CODE = { relu: 0, sigmoid: 1, tanh: 2 } as const;
const PAGE = 65536;

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;
const padTo4 = (units: number): number => Math.ceil(units / 4) * 4;

/** Byte offsets of one layer's arrays in the instance's memory. */
interface LayerLayout {
  inSize: number;
  outSize: number;
  outPad: number;
  W: number;
  b: number;
  z: number;
  a: number;
  dz: number;
  idx: number;
  pairs: number;
  counts: number;
  alive: number;
  bucket: number;
  bucketPairs: number;
}

/** Places every array of a run in one linear memory; returns the offsets and the total size. */
function layout(net: Network, base: number, maxBatch: number, trainCount: number) {
  const chunk = Math.min(maxBatch, TRAIN_CHUNK);
  let at = align16(base);
  const take = (bytes: number): number => {
    const start = at;
    at = align16(at + bytes);
    return start;
  };
  const L = net.layers.length;
  const table = take(L * FIELDS * 4);
  const lut = take(256 * 4);
  // Parameters of every layer in one block (WT, then b, per layer), so the optimizer runs one loop.
  const params = at;
  const layers: LayerLayout[] = net.layers.map((layer) => {
    const outPad = padTo4(layer.outSize);
    const W = take(layer.inSize * outPad * 4);
    const b = take(outPad * 4);
    return { inSize: layer.inSize, outSize: layer.outSize, outPad, W, b, z: 0, a: 0, dz: 0, idx: 0, pairs: 0, counts: 0, alive: 0, bucket: 0, bucketPairs: 0 };
  });
  const paramBytes = at - params;
  const grads = take(paramBytes);
  const first = take(paramBytes); // momentum's velocity, or Adam's m (unused by SGD)
  const second = take(paramBytes); // Adam's v
  // Every layer's dz in one block, then a block as large for their copies scaled by −η (fused SGD).
  const dzStart = at;
  for (const entry of layers) entry.dz = take(chunk * entry.outPad * 4);
  const scaledShift = at - dzStart;
  take(scaledShift);
  for (const entry of layers) {
    // z and a for a whole chunk: training takes a chunk forward layer by layer.
    entry.z = take(chunk * entry.outPad * 4);
    entry.a = take(chunk * entry.outPad * 4);
    entry.idx = take(chunk * entry.inSize * 4);
    entry.pairs = take(chunk * entry.inSize * 8);
    entry.counts = take(chunk * 4);
    entry.alive = take(entry.outPad);
    entry.bucket = take(entry.inSize * 4);
    entry.bucketPairs = take(entry.inSize * chunk * 8);
  }
  const size = net.sizes[0];
  const rows = take(maxBatch * 4);
  const evalPixels = take(EVAL_CHUNK * size);
  const evalLabels = take(EVAL_CHUNK);
  const evalPredictions = take(EVAL_CHUNK);
  const evalConfidence = take(EVAL_CHUNK * 4);
  const labels = take(trainCount);
  const rowStart = take((trainCount + 1) * 4);
  // The sparse training set comes last: it grows while it is compacted.
  const entries = at;
  return { chunk, table, lut, params, paramBytes, grads, first, second, scaledShift, layers, rows, evalPixels, evalLabels, evalPredictions, evalConfidence, labels, rowStart, entries };
}

/** A WebAssembly session, plus what the tests need to see inside it. */
export interface WasmTrainingSession extends TrainingSession {
  /** The largest |value| in a padded unit's weights, bias, gradients or optimizer state (must stay 0). */
  paddingMax(): number;
  /**
   * For profiling only: `forwardBackward` stops early from now on: 'gather' after gathering the
   * batch's inputs, 'layer0' after the first layer's forward, 'forward' before the backward pass
   * (loss and count still right), null not at all. A batch cut short leaves no gradients.
   */
  profileStop(stage: 'gather' | 'layer0' | 'forward' | null): void;
}

function createSession(module: WebAssembly.Module, net: Network, train: LabelledImages, settings: Required<OptimizerSettings>, maxBatch: number): WasmTrainingSession {
  let instance: WebAssembly.Instance | null = new WebAssembly.Instance(module, {});
  const k = instance.exports as unknown as KernelExports;
  const size = net.sizes[0];
  const place = layout(net, k.heapBase(), maxBatch, train.count);
  k.configure(net.layers.length, place.table, ACTIVATION_CODE[net.activation], place.grads - place.params, place.lut, size, place.chunk);
  const noMemory = (bytes: number) =>
    new RangeError(`the WebAssembly backend could not get ${(bytes / 2 ** 20).toFixed(0)} MiB of memory for this network and data set: try a smaller network or the TypeScript backend`);
  /** Grows the memory to at least `bytes`. Views made before a growth are stale afterwards. */
  const reserve = (bytes: number): void => {
    const pages = Math.ceil(bytes / PAGE) - k.memory.buffer.byteLength / PAGE;
    if (pages <= 0) return;
    // The JavaScript API's grow throws a RangeError when it cannot (it never returns −1 as the
    // instruction does): replace the engine's wording with one that says what to do.
    try {
      k.memory.grow(pages);
    } catch {
      throw noMemory(bytes);
    }
  };
  // The training set, compacted inside the kernels a thousand images at a time through the
  // evaluation staging area: the memory grows by at most one chunk's worst case beyond the need.
  let entryCount = 0;
  for (let start = 0; start < train.count; start += EVAL_CHUNK) {
    const count = Math.min(EVAL_CHUNK, train.count - start);
    reserve(place.entries + (entryCount + count * size) * 4);
    new Uint8Array(k.memory.buffer).set(train.pixels.subarray(start * size, (start + count) * size), place.evalPixels);
    entryCount = k.compactImages(place.evalPixels, count, place.rowStart + start * 4, place.entries, entryCount);
  }
  reserve(place.entries + entryCount * 4);
  // From here on the memory never grows, so these views stay valid for the whole run.
  const buffer = k.memory.buffer;
  const f32 = new Float32Array(buffer);
  const u8 = new Uint8Array(buffer);
  const i32 = new Int32Array(buffer);
  const u32 = new Uint32Array(buffer);
  u32[(place.rowStart >> 2) + train.count] = entryCount;

  place.layers.forEach((entry, l) => {
    i32.set(
      [entry.inSize, entry.outSize, entry.outPad, entry.W, entry.b, entry.z, entry.a, entry.dz, entry.idx, entry.pairs, entry.counts, entry.alive, entry.bucket, entry.bucketPairs],
      (place.table >> 2) + l * FIELDS,
    );
    const { W, b } = net.layers[l];
    const WT = entry.W >> 2;
    for (let o = 0; o < entry.outSize; o++) {
      for (let i = 0; i < entry.inSize; i++) f32[WT + i * entry.outPad + o] = W[o * entry.inSize + i];
    }
    f32.set(b, entry.b >> 2);
  });
  // Pixel byte → input value, rounded exactly as the TypeScript backend rounds v · (1/255).
  for (let v = 0; v < 256; v++) f32[(place.lut >> 2) + v] = v * INPUT_SCALE;
  u8.set(train.labels.subarray(0, train.count), place.labels);
  const paramFloats = place.paramBytes / 4;
  const tally: BatchTally = { lossSum: 0, correct: 0 };
  let steps = 0;
  const live = (): KernelExports => {
    if (!instance) throw new Error('this training session was disposed: start a new run');
    return k;
  };
  const readTransposed = (offset: number, entry: LayerLayout, W: Vec, b: Vec): void => {
    const WT = (entry.W + offset) >> 2;
    for (let o = 0; o < entry.outSize; o++) {
      for (let i = 0; i < entry.inSize; i++) W[o * entry.inSize + i] = f32[WT + i * entry.outPad + o];
    }
    b.set(f32.subarray((entry.b + offset) >> 2, ((entry.b + offset) >> 2) + entry.outSize));
  };

  return {
    forwardBackward(rows, count) {
      const kernels = live();
      if (count < 1 || count > maxBatch) throw new RangeError(`a batch holds 1 to ${maxBatch} digits (got ${count})`);
      u32.set(rows.subarray(0, count), place.rows >> 2);
      const scale = 1 / count;
      tally.lossSum = 0;
      tally.correct = 0;
      for (let start = 0; start < count; start += place.chunk) {
        const size = Math.min(place.chunk, count - start);
        const mode = count <= place.chunk ? LAZY : start === 0 ? OVERWRITE : ACCUMULATE;
        tally.lossSum += kernels.trainChunk(place.rowStart, place.entries, place.labels, place.rows + start * 4, size, scale, mode);
        tally.correct += kernels.lastCorrect();
      }
      return tally;
    },
    forward(rows, count) {
      const kernels = live();
      if (count < 1 || count > maxBatch) throw new RangeError(`a batch holds 1 to ${maxBatch} digits (got ${count})`);
      u32.set(rows.subarray(0, count), place.rows >> 2);
      tally.lossSum = 0;
      tally.correct = 0;
      for (let start = 0; start < count; start += place.chunk) {
        const size = Math.min(place.chunk, count - start);
        tally.lossSum += kernels.forwardChunk(place.rowStart, place.entries, place.labels, place.rows + start * 4, size);
        tally.correct += kernels.lastCorrect();
      }
      return tally;
    },
    update(learningRate) {
      const kernels = live();
      steps++;
      if (settings.name === 'sgd') {
        kernels.sgdStep(place.params, paramFloats, learningRate, place.scaledShift);
        return;
      }
      // Momentum and Adam, fused with computing the weight gradients when they are pending.
      if (settings.name === 'momentum') kernels.stateStep(0, place.params, paramFloats, learningRate, settings.momentum, 0, 0, place.first - place.params, 0);
      else {
        const { beta1, beta2 } = settings;
        // Adam's bias correction folded into the step size (Kingma & Ba, section 2), as in optimizers.ts.
        const stepSize = (learningRate * Math.sqrt(1 - beta2 ** steps)) / (1 - beta1 ** steps);
        kernels.stateStep(1, place.params, paramFloats, stepSize, beta1, beta2, settings.epsilon, place.first - place.params, place.second - place.params);
      }
    },
    gradientNorms() {
      const kernels = live();
      kernels.materialize();
      const shift = place.grads - place.params;
      return place.layers.map((entry) => Math.sqrt(kernels.sumOfSquares(entry.W + shift, entry.inSize * entry.outPad)));
    },
    readGradients(dLdW, dLdb) {
      live().materialize();
      place.layers.forEach((entry, l) => readTransposed(place.grads - place.params, entry, dLdW[l], dLdb[l]));
    },
    readParameters(target) {
      live();
      place.layers.forEach((entry, l) => readTransposed(0, entry, target.layers[l].W, target.layers[l].b));
    },
    evaluate(images) {
      const kernels = live();
      if (images.rows * images.cols !== size) throw new RangeError(`images have ${images.rows * images.cols} pixels but the network's input layer has ${size} units`);
      const predictions = new Uint8Array(images.count);
      const confidence = new Float32Array(images.count);
      const hidden = place.layers.slice(0, -1);
      for (const entry of hidden) u8.fill(0, entry.alive, entry.alive + entry.outPad);
      let lossSum = 0;
      for (let start = 0; start < images.count; start += EVAL_CHUNK) {
        const count = Math.min(EVAL_CHUNK, images.count - start);
        u8.set(images.pixels.subarray(start * size, (start + count) * size), place.evalPixels);
        u8.set(images.labels.subarray(start, start + count), place.evalLabels);
        lossSum += kernels.evaluateImages(place.evalPixels, place.evalLabels, count, place.evalPredictions, place.evalConfidence);
        predictions.set(u8.subarray(place.evalPredictions, place.evalPredictions + count), start);
        confidence.set(f32.subarray(place.evalConfidence >> 2, (place.evalConfidence >> 2) + count), start);
      }
      const deadFraction = hidden.map((entry) => {
        let dead = 0;
        for (let o = 0; o < entry.outSize; o++) if (u8[entry.alive + o] === 0) dead++;
        return dead / entry.outSize;
      });
      return { lossSum, predictions, confidence, deadFraction } satisfies EvaluationTally;
    },
    paddingMax() {
      live().materialize();
      let max = 0;
      for (const base of [place.params, place.grads, place.first, place.second]) {
        const shift = (base - place.params) >> 2;
        for (const entry of place.layers) {
          for (let o = entry.outSize; o < entry.outPad; o++) {
            max = Math.max(max, Math.abs(f32[shift + (entry.b >> 2) + o]));
            for (let i = 0; i < entry.inSize; i++) max = Math.max(max, Math.abs(f32[shift + (entry.W >> 2) + i * entry.outPad + o]));
          }
        }
      }
      return max;
    },
    profileStop(stage) {
      live().setProfileStop(stage === 'gather' ? 1 : stage === 'layer0' ? 2 : stage === 'forward' ? 3 : 0);
    },
    dispose() {
      instance = null; // the instance and its memory go with it
    },
  };
}

/** The WebAssembly backend: sessions with an inspection hook for tests. */
export interface WasmBackend extends KernelBackend {
  readonly relaxed: boolean;
  createSession(...args: Parameters<KernelBackend['createSession']>): WasmTrainingSession;
}

/** The WebAssembly backend over compiled kernels (`relaxed`: the build uses relaxed SIMD’s fused multiply-add). */
export function createWasmBackend(module: WebAssembly.Module): WasmBackend {
  const probe = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  return {
    name: 'wasm',
    relaxed: probe.relaxed() === 1,
    createSession: (net, train, optimizer, maxBatch) => createSession(module, net, train, optimizer, maxBatch),
  };
}

/**
 * Whether this JavaScript engine runs relaxed SIMD (validates a tiny module that uses
 * `f32x4.relaxed_madd`): Chromium 114+ and Node 22 do; Node 20 does not.
 */
export function wasmRelaxedSimdSupported(): boolean {
  try {
    // (module (func (result v128) (f32x4.relaxed_madd (f32x4.splat (f32.const 0)) ×3)))
    return WebAssembly.validate(
      new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 28, 1, 26, 0, 67, 0, 0, 0, 0, 253, 19, 67, 0, 0, 0, 0, 253, 19, 67, 0, 0, 0, 0, 253, 19, 253, 133, 2, 11]),
    );
  } catch {
    return false;
  }
}

/** Whether this JavaScript engine runs WebAssembly SIMD (validates a tiny module that uses f32x4). */
export function wasmSimdSupported(): boolean {
  try {
    // (module (func (result v128) (f32x4.splat (f32.const 0))))
    return WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 11, 1, 9, 0, 67, 0, 0, 0, 0, 253, 19, 11]));
  } catch {
    return false;
  }
}
