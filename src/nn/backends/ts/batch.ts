/**
 * The TypeScript backend's batched forward and backward pass: the fast kernels over a mini-batch
 * at once, into buffers allocated once (no allocation per sample or per batch). The first layer
 * reads MNIST as sparse rows, skipping the background pixels.
 */
import {
  accumulateParamGradients,
  activate,
  activationBackward,
  compactRows,
  argmaxRow,
  backpropInput,
  backpropInputActive,
  linearForward,
  linearForwardSparse,
  outputError,
  paramGradientsSparse,
  softmaxCrossEntropy,
  type SparseRows,
} from './kernels.ts';
import { sparseRows, type LabelledImages } from '../../batch.ts';
import { allocate, type Network, type Vec } from '../../network.ts';

/** Layers at least this wide read their ReLU inputs as sparse rows. */
export const SPARSE_HIDDEN_MIN_UNITS = 32;

/** Buffers for one mini-batch, sized for `maxBatch` samples; reused for every batch. */
export interface BatchWorkspace {
  maxBatch: number;
  /** Per layer, [maxBatch, outSize]: pre-activations, activations (last: probabilities), and their gradients. */
  Z: Vec[];
  A: Vec[];
  dLdZ: Vec[];
  dLdA: Vec[];
  /** Per layer: the mean gradient of the batch's loss w.r.t. W [out, in] and b [out]. */
  dLdW: Vec[];
  dLdb: Vec[];
  /** Row numbers of the batch's samples in the data set, and their labels. */
  rows: Uint32Array;
  labels: Uint8Array;
  /** Per layer: scratch for the weight gradient, the units active on one sample. */
  active: Uint32Array[];
  /**
   * Per layer l ≥ 1, for ReLU networks: the layer's input (the previous ReLU activations) as
   * sparse rows, so its products skip the inactive units as the first layer skips blank pixels.
   */
  sparseInputs: (SparseRows | null)[];
  /** 0, 1, …, maxBatch − 1: the row numbers of the batch within `sparseInputs`. */
  identity: Uint32Array;
  /** Results of the last `forwardBatch`: summed loss and number classified correctly. */
  lossSum: number;
  correct: number;
}

/** Allocates the buffers of a batch of up to `maxBatch` samples for `net` (once per training run). */
export function createWorkspace(net: Network, maxBatch: number): BatchWorkspace {
  const perLayer = (size: (outSize: number, inSize: number) => number): Vec[] =>
    net.layers.map((layer) => allocate(net.precision, size(layer.outSize, layer.inSize)));
  return {
    maxBatch,
    Z: perLayer((out) => maxBatch * out),
    A: perLayer((out) => maxBatch * out),
    dLdZ: perLayer((out) => maxBatch * out),
    dLdA: perLayer((out) => maxBatch * out),
    dLdW: perLayer((out, inSize) => out * inSize),
    dLdb: perLayer((out) => out),
    rows: new Uint32Array(maxBatch),
    labels: new Uint8Array(maxBatch),
    active: net.layers.map((layer) => new Uint32Array(layer.outSize)),
    sparseInputs: net.layers.map((layer, l) =>
      // Worth it only for wide layers: for a narrow one (the ten outputs) the dense blocked loop
      // is faster than compacting and gathering.
      l > 0 && net.activation === 'relu' && layer.outSize >= SPARSE_HIDDEN_MIN_UNITS
        ? {
            rowStart: new Uint32Array(maxBatch + 1),
            indices: layer.inSize <= 65536 ? new Uint16Array(maxBatch * layer.inSize) : new Uint32Array(maxBatch * layer.inSize),
            values: allocate(net.precision, maxBatch * layer.inSize),
          }
        : null,
    ),
    identity: Uint32Array.from({ length: maxBatch }, (_, k) => k),
    lossSum: 0,
    correct: 0,
  };
}

/**
 * Runs the batch `ws.rows[0..batch)` forward; writes the summed loss to `ws.lossSum` and the
 * number classified correctly to `ws.correct` (fields, not a returned object: nothing is
 * allocated per batch).
 */
export function forwardBatch(net: Network, input: SparseRows, ws: BatchWorkspace, batch: number): void {
  const last = net.layers.length - 1;
  for (let l = 0; l <= last; l++) {
    const layer = net.layers[l];
    const sparse = ws.sparseInputs[l];
    if (l === 0) linearForwardSparse(input, ws.rows, layer.W, layer.b, ws.Z[0], batch, layer.inSize, layer.outSize);
    else if (sparse) {
      compactRows(ws.A[l - 1], batch, layer.inSize, sparse);
      linearForwardSparse(sparse, ws.identity, layer.W, layer.b, ws.Z[l], batch, layer.inSize, layer.outSize);
    } else linearForward(ws.A[l - 1], layer.W, layer.b, ws.Z[l], batch, layer.inSize, layer.outSize);
    if (l < last) activate(net.activation, ws.Z[l], ws.A[l], batch * layer.outSize);
    else ws.lossSum = softmaxCrossEntropy(ws.Z[l], ws.A[l], ws.labels, batch, layer.outSize);
  }
  const classes = net.layers[last].outSize;
  let correct = 0;
  for (let s = 0; s < batch; s++) if (argmaxRow(ws.A[last], s, classes) === ws.labels[s]) correct++;
  ws.correct = correct;
}

/** After `forwardBatch`: writes the batch-mean gradients of every layer into `ws.dLdW`, `ws.dLdb`. */
export function backwardBatch(net: Network, input: SparseRows, ws: BatchWorkspace, batch: number): void {
  const last = net.layers.length - 1;
  // Scaled by 1/batch: the loss we minimise is the mean of the samples' losses, so every
  // gradient below comes out as a batch mean without another pass over the weights.
  outputError(ws.A[last], ws.labels, ws.dLdZ[last], batch, net.layers[last].outSize, 1 / batch);
  for (let l = last; l >= 0; l--) {
    const layer = net.layers[l];
    if (l === 0) {
      paramGradientsSparse(ws.dLdZ[0], input, ws.rows, ws.dLdW[0], ws.dLdb[0], batch, layer.inSize, layer.outSize, ws.active[0]);
      break; // the gradient w.r.t. the pixels is not needed to learn
    }
    const sparse = ws.sparseInputs[l];
    if (sparse) {
      paramGradientsSparse(ws.dLdZ[l], sparse, ws.identity, ws.dLdW[l], ws.dLdb[l], batch, layer.inSize, layer.outSize, ws.active[l]);
    } else {
      ws.dLdW[l].fill(0);
      ws.dLdb[l].fill(0);
      accumulateParamGradients(ws.dLdZ[l], ws.A[l - 1], ws.dLdW[l], ws.dLdb[l], batch, layer.inSize, layer.outSize);
    }
    if (sparse) backpropInputActive(layer.W, ws.dLdZ[l], ws.dLdA[l - 1], batch, layer.inSize, layer.outSize, ws.active[l]);
    else backpropInput(layer.W, ws.dLdZ[l], ws.dLdA[l - 1], batch, layer.inSize, layer.outSize);
    activationBackward(net.activation, ws.Z[l - 1], ws.A[l - 1], ws.dLdA[l - 1], ws.dLdZ[l - 1], batch * layer.inSize);
  }
}

/** Fills the workspace's rows and labels with `indices` (positions in `images`). */
export function loadBatch(images: LabelledImages, ws: BatchWorkspace, indices: ArrayLike<number>, start: number, batch: number): void {
  for (let s = 0; s < batch; s++) {
    const row = indices[start + s];
    ws.rows[s] = row;
    ws.labels[s] = images.labels[row];
  }
}

/**
 * The mean gradients of the loss over the given samples, as the trainer computes them (used by
 * tests to prove the batched path equals the average of single-sample backward passes).
 */
export function meanGradients(net: Network, images: LabelledImages, indices: number[]): { loss: number; dLdW: Vec[]; dLdb: Vec[] } {
  const ws = createWorkspace(net, indices.length);
  const input = sparseRows(images);
  loadBatch(images, ws, indices, 0, indices.length);
  forwardBatch(net, input, ws, indices.length);
  backwardBatch(net, input, ws, indices.length);
  return { loss: ws.lossSum / indices.length, dLdW: ws.dLdW, dLdb: ws.dLdb };
}
