// The WebAssembly SIMD kernels of the trainer, in AssemblyScript (compiled by `npm run wasm`,
// never imported by TypeScript). The JS side (`src/nn/backends/wasm/session.ts`) lays out the
// linear memory and fills the layer table; these functions only compute.
//
// Layout, per layer l (all f32 unless noted; OUTP = output width rounded up to a multiple of 4,
// CHUNK = the samples of one kernel call):
//   WT  [IN, OUTP]  the weights *transposed*: row i holds the weights from input i to every unit,
//                   so an input's contribution is one row times a scalar, four units per f32x4;
//   b   [OUTP];  z, a, dz [CHUNK, OUTP] for every sample of a chunk (row 0 outside training);
//   idx [CHUNK, IN] u32, pairs [CHUNK, IN] (u32, f32), n [CHUNK] i32: each sample's nonzero
//                   inputs (inked pixels for l = 0, active units of the layer below otherwise):
//                   the input's number, and (the address of its row of WT, its value) (pairs:
//                   evaluation only);
//   bucket [IN] u32, bucketPairs [IN, CHUNK] (u32, f32): the same inputs filed by input while
//                   they are gathered in training (for input i, per sample where i is nonzero: the
//                   byte offset of the sample's row in a [CHUNK, OUTP] array, and the value), for
//                   every layer's forward over a chunk (into z) and weight gradient (from dz).
// Gradients sit at the same offsets plus `gradShift` bytes; momentum / Adam state likewise.
// Padded units (OUTP − OUT of them) have zero weights, zero bias and zero activation, and so
// zero gradients: they stay exactly 0 through every optimizer.
//
// A chunk of samples goes forward layer by layer, all its samples at each layer, input by input
// (each weight row loaded once per chunk), then backward (with ReLU, layer by layer over the whole
// chunk, input by input; sigmoid and tanh one sample at a time); the weight
// gradients are then computed for the whole chunk at once, input by input:
// dWT[i, :] = Σ over the samples where input i is nonzero of value · dz, with the row's sum held
// in registers and stored once (instead of a load and a store per sample). Forward and weight
// gradient are the same product (`rowSums`): a list of (row address, scalar) pairs summed.

// Field offsets (in i32s) of one layer's entry in the layer table.
const IN = 0;
const OUT = 1;
const OUTP = 2;
const W = 3;
const B = 4;
const Z = 5;
const A = 6;
const DZ = 7;
const IDX = 8;
const PAIRS = 9;
const NS = 10;
const ALIVE = 11;
const BUCKET = 12;
const BUCKET_PAIRS = 13;
const FIELDS = 14;

const RELU = 0;
const SIGMOID = 1;

let layers: i32 = 0; // number of layers
let table: usize = 0; // the layer table
let activation: i32 = 0;
let gradShift: usize = 0; // bytes from a parameter to its gradient
let lut: usize = 0; // f32[256]: pixel byte → input value (byte / 255, as the TypeScript side rounds it)
let inputSize: i32 = 0; // pixels per image
let chunkSize: i32 = 0; // samples per kernel call at most (the buckets' capacity)
let correctCount: i32 = 0;

@inline function field(l: i32, f: i32): i32 {
  return load<i32>(table + ((<usize>(l * FIELDS + f)) << 2));
}

/**
 * The sample in flight: z and a of every layer are [CHUNK, OUTP] (training takes a chunk forward
 * layer by layer, all its samples at each layer), and the per-sample steps use row `current`.
 * Row 0 outside training (evaluation, forward alone, the optimizers' scratch row).
 */
let current: i32 = 0;

@inline function zRow(l: i32): usize {
  return <usize>field(l, Z) + ((<usize>current * <usize>field(l, OUTP)) << 2);
}

@inline function aRow(l: i32): usize {
  return <usize>field(l, A) + ((<usize>current * <usize>field(l, OUTP)) << 2);
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // a·b + c. The plain build rounds twice (mul, then add) on every CPU; the relaxed build may
  // fuse them into one rounding, and whether it does depends on the CPU.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Where the JS side may start placing data (after this module's own static data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Which arithmetic this build does: 1 if it uses relaxed SIMD's fused multiply-add. */
export function relaxed(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

/** Sets the network's description: layer table, activation (0 relu, 1 sigmoid, 2 tanh), gradient offset, pixel lookup table, samples per call. */
export function configure(layerCount: i32, tablePtr: usize, kind: i32, shift: usize, lutPtr: usize, pixels: i32, chunk: i32): void {
  fillPassTable();
  chunkSize = chunk;
  layers = layerCount;
  table = tablePtr;
  activation = kind;
  gradShift = shift;
  lut = lutPtr;
  inputSize = pixels;
}

@inline function pairsOf(l: i32, s: i32): usize {
  // Sample s's (row address, value) pairs in layer l: 8 bytes each, IN of them at most.
  return <usize>field(l, PAIRS) + ((<usize>s * <usize>field(l, IN)) << 3);
}

@inline function slot(l: i32, f: i32, s: i32): usize {
  // Sample s's part of a per-sample array of layer l: idx and val rows are IN long.
  return <usize>field(l, f) + ((<usize>s * <usize>field(l, IN)) << 2);
}

@inline function countOf(l: i32, s: i32): i32 {
  return load<i32>(<usize>field(l, NS) + (<usize>s << 2));
}

@inline function setCount(l: i32, s: i32, n: i32): void {
  store<i32>(<usize>field(l, NS) + (<usize>s << 2), n);
}

/**
 * The sparse form of `count` images (bytes at `images`): for image s, rowStart[s] is the number of
 * its first entry and each inked pixel is one u32 entry, index << 8 | byte. Appends from entry
 * `first`; returns the next free entry. Built once per run, sixteen pixels at a time (a blank run,
 * most of a digit's border, costs one test), without branching on each pixel.
 */
export function compactImages(images: usize, count: i32, rowStart: usize, entries: usize, first: i32): i32 {
  let n = first;
  for (let s = 0; s < count; s++) {
    store<u32>(rowStart + (<usize>s << 2), n);
    const image = images + <usize>s * <usize>inputSize;
    let i = 0;
    for (; i + 16 <= inputSize; i += 16) {
      if (!v128.any_true(v128.load(image + <usize>i))) continue;
      for (let k = i; k < i + 16; k++) {
        const byte = <u32>load<u8>(image + <usize>k);
        store<u32>(entries + (<usize>n << 2), (<u32>k << 8) | byte);
        n += select<i32>(1, 0, byte != 0);
      }
    }
    for (; i < inputSize; i++) {
      const byte = <u32>load<u8>(image + <usize>i);
      store<u32>(entries + (<usize>n << 2), (<u32>i << 8) | byte);
      n += select<i32>(1, 0, byte != 0);
    }
  }
  return n;
}

/**
 * Where layer l files the pairs of sample s for the weight gradient: per input i, a counter at
 * `counters` + 4i and room for `chunkSize` pairs (the address `dzRow` of the sample's dz row, and
 * the value; 8 bytes) at `pairs` + 8 · chunkSize · i. Read into locals once per sample: the loops
 * store into memory, so the compiler would otherwise reload every table field on every pixel.
 */
let filingCounters: usize = 0;
let filingPairs: usize = 0;
let filingDzRow: u32 = 0;

@inline function openFiling(l: i32, s: i32): void {
  filingCounters = <usize>field(l, BUCKET);
  filingPairs = <usize>field(l, BUCKET_PAIRS);
  filingDzRow = (<u32>s * <u32>field(l, OUTP)) << 2; // relative: the sample's row in any [CHUNK, OUTP] array
}

/** Empties layer l's buckets (before a chunk). */
function emptyBuckets(l: i32): void {
  memory.fill(<usize>field(l, BUCKET), 0, <usize>field(l, IN) << 2);
}

/**
 * Sample s's layer-0 inputs from its compacted entries [start, end): input numbers, their weight
 * rows and values; with `filed`, each pair also goes into its input's bucket.
 */
@inline function gatherEntries(s: i32, entries: usize, start: u32, end: u32, filed: bool): void {
  const pairs = pairsOf(0, s);
  const w = <u32>field(0, W);
  const stride = <u32>field(0, OUTP) << 2;
  const table = lut;
  const first = entries + (<usize>start << 2);
  const n = <i32>(end - start);
  if (filed) {
    openFiling(0, s);
    const counters = filingCounters;
    const bucketPairs = filingPairs;
    const dzRow = filingDzRow;
    const capacity = <usize>chunkSize << 3;
    for (let k = 0; k < n; k++) {
      const e = load<u32>(first + (<usize>k << 2));
      const i = e >>> 8;
      const v = load<f32>(table + (<usize>(e & 255) << 2));
      const counter = counters + (<usize>i << 2);
      const c = load<u32>(counter);
      const filed = bucketPairs + <usize>i * capacity + (<usize>c << 3);
      store<u32>(filed, dzRow);
      store<f32>(filed, v, 4);
      store<u32>(counter, c + 1);
    }
  } else {
    for (let k = 0; k < n; k++) {
      const e = load<u32>(first + (<usize>k << 2));
      const pair = pairs + (<usize>k << 3);
      store<u32>(pair, w + (e >>> 8) * stride);
      store<f32>(pair, load<f32>(table + (<usize>(e & 255) << 2)), 4);
    }
  }
  setCount(0, s, n);
}

/** Sample s's layer-0 inputs straight from an image's bytes (evaluation: no compacted form, no filing). */
function gatherPixels(s: i32, image: usize): void {
  const pairs = pairsOf(0, s);
  const w = <u32>field(0, W);
  const stride = <u32>field(0, OUTP) << 2;
  const table = lut;
  const size = inputSize;
  let n = 0;
  let i = 0;
  for (; i + 16 <= size; i += 16) {
    if (!v128.any_true(v128.load(image + <usize>i))) continue;
    for (let k = i; k < i + 16; k++) {
      const byte = load<u8>(image + <usize>k);
      const pair = pairs + (<usize>n << 3);
      store<u32>(pair, w + <u32>k * stride);
      store<f32>(pair, load<f32>(table + (<usize>byte << 2)), 4);
      n += select<i32>(1, 0, byte != 0);
    }
  }
  for (; i < size; i++) {
    const byte = load<u8>(image + <usize>i);
    const pair = pairs + (<usize>n << 3);
    store<u32>(pair, w + <u32>i * stride);
    store<f32>(pair, load<f32>(table + (<usize>byte << 2)), 4);
    n += select<i32>(1, 0, byte != 0);
  }
  setCount(0, s, n);
}

/**
 * Sample s's inputs of layer l: the nonzero activations of layer l − 1 (with `filed`, in training,
 * filed in their buckets, for the chunk's forward, backward and weight gradient; else their numbers and pairs),
 * without branching on the value (ReLU makes it 0 about half the time, unpredictably): every
 * unit is written at the next free place, which only advances past a nonzero one.
 */
@inline function gatherActive(l: i32, s: i32, filed: bool): void {
  const a = aRow(l - 1);
  const width = field(l - 1, OUT);
  const idx = slot(l, IDX, s);
  const pairs = pairsOf(l, s);
  const w = <u32>field(l, W);
  const stride = <u32>field(l, OUTP) << 2;
  let n = 0;
  if (filed) {
    openFiling(l, s);
    const counters = filingCounters;
    const bucketPairs = filingPairs;
    const dzRow = filingDzRow;
    const capacity = <usize>chunkSize << 3;
    for (let i = 0; i < width; i++) {
      const v = load<f32>(a + (<usize>i << 2));
      const on = select<i32>(1, 0, v != 0);
      n += on;
      // A zero is written past the bucket's end, where the next pair overwrites it.
      const counter = counters + (<usize>i << 2);
      const c = load<u32>(counter);
      const filed = bucketPairs + <usize>i * capacity + (<usize>c << 3);
      store<u32>(filed, dzRow);
      store<f32>(filed, v, 4);
      store<u32>(counter, c + <u32>on);
    }
  } else {
    for (let i = 0; i < width; i++) {
      const v = load<f32>(a + (<usize>i << 2));
      store<u32>(idx + (<usize>n << 2), i);
      const pair = pairs + (<usize>n << 3);
      store<u32>(pair, w + <u32>i * stride);
      store<f32>(pair, v, 4);
      n += select<i32>(1, 0, v != 0);
    }
  }
  setCount(l, s, n);
}

/**
 * The one product every layer spends its time in, forward and backward alike:
 *   out[0..width) = init[0..width) + Σ_k v_k · row_k[0..width)
 * over a list of n pairs (address of row_k, v_k) of 8 bytes (`init` = 0 starts from zeros).
 * Forward, the rows are weight rows (one per nonzero input) and `init` the bias; for the weight
 * gradient, they are the dz rows of the samples where an input is nonzero. The width is cut into
 * as few passes over the pairs as possible of at most seven f32x4 (28 units) each, as even as
 * possible (128 units: 28, 28, 24, 24, 24): within a pass the running sums stay in registers and
 * each loaded pair feeds up to seven multiply-adds, so the per-pair work (an address, a splat,
 * the loop) is paid once per pass. Every unit's sum runs over the pairs in order, whatever the
 * passes: the same bits for any cut. Row addresses are offset by `shift` bytes (the fused SGD
 * step reads scaled copies of the dz rows). (Eight registers measured slower: V8 then loads all
 * eight rows before the arithmetic and runs out of its vector registers.)
 */
function rowSums(pairs: usize, n: i32, init: usize, out: usize, width: i32, shift: usize): void {
  const end = pairs + (<usize>n << 3);
  let left = width >> 2;
  let off: usize = 0;
  while (left > 0) {
    const k = passWidth(left);
    if (k == 7) sumPass(pairs, end, init, out, off, shift, 7);
    else if (k == 6) sumPass(pairs, end, init, out, off, shift, 6);
    else if (k == 5) sumPass(pairs, end, init, out, off, shift, 5);
    else if (k == 4) sumPass(pairs, end, init, out, off, shift, 4);
    else if (k == 3) sumPass(pairs, end, init, out, off, shift, 3);
    else if (k == 2) sumPass(pairs, end, init, out, off, shift, 2);
    else sumPass(pairs, end, init, out, off, shift, 1);
    off += <usize>k << 4;
    left -= k;
  }
}

/** The most f32x4 one pass of `rowSums` or `scatterRow` holds in registers. */
const MAX_PASS = 7;

/**
 * How many f32x4 the next pass takes when `left` remain: the fewest passes of ≤ 7, evened out.
 * Looked up (a table filled by `configure`): the division it takes cost as much as a short pass.
 * Past the table (layers over 1,020 units wide), full passes until the table takes over.
 */
@inline function passWidth(left: i32): i32 {
  return left < PASS_TABLE ? <i32>load<u8>(passTable + <usize>left) : MAX_PASS;
}

const PASS_TABLE = 256;
const passTable = memory.data(PASS_TABLE);

function fillPassTable(): void {
  for (let left = 1; left < PASS_TABLE; left++) {
    const passes = (left + MAX_PASS - 1) / MAX_PASS;
    store<u8>(passTable + <usize>left, <u8>((left + passes - 1) / passes));
  }
}

/** One pass of `rowSums` over k f32x4 (k a constant 1–7 where it is inlined: the unused registers and branches fold away). */
@inline function sumPass(pairs: usize, end: usize, init: usize, out: usize, off: usize, shift: usize, k: i32): void {
  let s0 = f32x4.splat(0);
  let s1 = s0;
  let s2 = s0;
  let s3 = s0;
  let s4 = s0;
  let s5 = s0;
  let s6 = s0;
  if (init) {
    const from = init + off;
    s0 = v128.load(from, 0);
    if (k > 1) s1 = v128.load(from, 16);
    if (k > 2) s2 = v128.load(from, 32);
    if (k > 3) s3 = v128.load(from, 48);
    if (k > 4) s4 = v128.load(from, 64);
    if (k > 5) s5 = v128.load(from, 80);
    if (k > 6) s6 = v128.load(from, 96);
  }
  const at = off + shift;
  for (let pair = pairs; pair < end; pair += 8) {
    const row = <usize>load<u32>(pair) + at;
    const v = v128.load32_splat(pair, 4);
    s0 = madd(v, v128.load(row, 0), s0);
    if (k > 1) s1 = madd(v, v128.load(row, 16), s1);
    if (k > 2) s2 = madd(v, v128.load(row, 32), s2);
    if (k > 3) s3 = madd(v, v128.load(row, 48), s3);
    if (k > 4) s4 = madd(v, v128.load(row, 64), s4);
    if (k > 5) s5 = madd(v, v128.load(row, 80), s5);
    if (k > 6) s6 = madd(v, v128.load(row, 96), s6);
  }
  const to = out + off;
  v128.store(to, s0, 0);
  if (k > 1) v128.store(to, s1, 16);
  if (k > 2) v128.store(to, s2, 32);
  if (k > 3) v128.store(to, s3, 48);
  if (k > 4) v128.store(to, s4, 64);
  if (k > 5) v128.store(to, s5, 80);
  if (k > 6) v128.store(to, s6, 96);
}

/** z = b + Σ_k val[k] · WT[idx[k], :] for sample s: its nonzero inputs' weight rows, scaled. */
function linearSparse(l: i32, s: i32): void {
  const outp = field(l, OUTP);
  rowSums(pairsOf(l, s), countOf(l, s), <usize>field(l, B), zRow(l), outp, 0);
}

/**
 * The transpose of `rowSums`: row[0..width) += v_k · src[0..width) for every pair (row offset,
 * v_k), the row at `base` + offset. `src` (a weight row) stays in registers, up to seven f32x4
 * per pass (cut as in `rowSums`), while the rows it is added to (one per sample, [CHUNK, OUTP])
 * stay in L1.
 */
function scatterRow(pairs: usize, n: i32, src: usize, base: usize, width: i32): void {
  const end = pairs + (<usize>n << 3);
  let left = width >> 2;
  let off: usize = 0;
  while (left > 0) {
    const k = passWidth(left);
    if (k == 7) scatterPass(pairs, end, src, base, off, 7);
    else if (k == 6) scatterPass(pairs, end, src, base, off, 6);
    else if (k == 5) scatterPass(pairs, end, src, base, off, 5);
    else if (k == 4) scatterPass(pairs, end, src, base, off, 4);
    else if (k == 3) scatterPass(pairs, end, src, base, off, 3);
    else if (k == 2) scatterPass(pairs, end, src, base, off, 2);
    else scatterPass(pairs, end, src, base, off, 1);
    off += <usize>k << 4;
    left -= k;
  }
}

/** One pass of `scatterRow` over k f32x4 (k a constant 1–7 where it is inlined). */
@inline function scatterPass(pairs: usize, end: usize, src: usize, base: usize, off: usize, k: i32): void {
  const from = src + off;
  const w0 = v128.load(from, 0);
  const w1 = k > 1 ? v128.load(from, 16) : w0;
  const w2 = k > 2 ? v128.load(from, 32) : w0;
  const w3 = k > 3 ? v128.load(from, 48) : w0;
  const w4 = k > 4 ? v128.load(from, 64) : w0;
  const w5 = k > 5 ? v128.load(from, 80) : w0;
  const w6 = k > 6 ? v128.load(from, 96) : w0;
  const to = base + off;
  for (let pair = pairs; pair < end; pair += 8) {
    const row = <usize>load<u32>(pair) + to;
    const v = v128.load32_splat(pair, 4);
    v128.store(row, madd(v, w0, v128.load(row, 0)), 0);
    if (k > 1) v128.store(row, madd(v, w1, v128.load(row, 16)), 16);
    if (k > 2) v128.store(row, madd(v, w2, v128.load(row, 32)), 32);
    if (k > 3) v128.store(row, madd(v, w3, v128.load(row, 48)), 48);
    if (k > 4) v128.store(row, madd(v, w4, v128.load(row, 64)), 64);
    if (k > 5) v128.store(row, madd(v, w5, v128.load(row, 80)), 80);
    if (k > 6) v128.store(row, madd(v, w6, v128.load(row, 96)), 96);
  }
}

/**
 * Layer l forward for the chunk's `count` samples at once, input by input: z[s] = b + Σ_i x[s, i]
 * WT[i, :] over the pairs filed in input i's bucket (inked pixels for l = 0, active units of
 * layer l − 1 otherwise). Each row of WT is read once per chunk (not once per sample where input
 * i is nonzero): WT (400 KB for 784 → 128, 128 KB for 256 → 128) does not fit in L1, the chunk's
 * z rows mostly do. The sums run in increasing i for every sample, as in `linearSparse`: the same
 * bits as the sample-by-sample path of evaluation.
 */
function forwardLayerChunk(l: i32, count: i32): void {
  const inSize = field(l, IN);
  const outp = field(l, OUTP);
  const w = <usize>field(l, W);
  const b = <usize>field(l, B);
  const zc = <usize>field(l, Z);
  const bucket = <usize>field(l, BUCKET);
  const bucketPairs = <usize>field(l, BUCKET_PAIRS);
  const stride = <usize>outp << 2;
  const capacity = <usize>chunkSize << 3;
  for (let s = 0; s < count; s++) memory.copy(zc + <usize>s * stride, b, stride);
  for (let i = 0; i < inSize; i++) {
    const n = load<i32>(bucket + (<usize>i << 2));
    if (n == 0) continue;
    scatterRow(bucketPairs + <usize>i * capacity, n, w + <usize>i * stride, zc, outp);
  }
}

/** a = f(z) for the OUT real units of hidden layer l; padded units are held at exactly 0. */
function activate(l: i32): void {
  const out = field(l, OUT);
  const outp = field(l, OUTP);
  const z = zRow(l);
  const a = aRow(l);
  if (activation == RELU) {
    const zero = f32x4.splat(0);
    for (let o = 0; o < outp; o += 4) v128.store(a + (<usize>o << 2), f32x4.max(v128.load(z + (<usize>o << 2)), zero));
  } else if (activation == SIGMOID) {
    for (let o = 0; o < out; o++) store<f32>(a + (<usize>o << 2), <f32>(1.0 / (1.0 + Math.exp(-<f64>load<f32>(z + (<usize>o << 2))))));
  } else {
    for (let o = 0; o < out; o++) store<f32>(a + (<usize>o << 2), <f32>Math.tanh(<f64>load<f32>(z + (<usize>o << 2))));
  }
  for (let o = out; o < outp; o++) store<f32>(a + (<usize>o << 2), 0);
}

/**
 * Softmax of the last layer's z into its a (probabilities, in f64 then rounded) and the sample's
 * cross-entropy loss, computed stably from the logits: log Σ exp(z − max) − (z_y − max).
 */
function softmaxLoss(label: i32): f64 {
  const last = layers - 1;
  const classes = field(last, OUT);
  const z = zRow(last);
  const p = aRow(last);
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, <f64>load<f32>(z + (<usize>c << 2)));
  let sum = 0.0;
  for (let c = 0; c < classes; c++) {
    const e = Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - max);
    store<f32>(p + (<usize>c << 2), <f32>e);
    sum += e;
  }
  for (let c = 0; c < classes; c++) store<f32>(p + (<usize>c << 2), <f32>(<f64>load<f32>(p + (<usize>c << 2)) / sum));
  return Math.log(sum) - (<f64>load<f32>(z + (<usize>label << 2)) - max);
}

/** Index of the largest probability (the first, on ties). */
function predicted(): i32 {
  const last = layers - 1;
  const classes = field(last, OUT);
  const p = aRow(last);
  let best = 0;
  for (let c = 1; c < classes; c++) if (load<f32>(p + (<usize>c << 2)) > load<f32>(p + (<usize>best << 2))) best = c;
  return best;
}

/** Sample s forward (its layer-0 inputs already gathered); returns its loss. With `filing`, inputs are filed for the weight gradient. */
@inline function forward(s: i32, label: i32, filing: bool): f64 {
  for (let l = 0; l < layers; l++) {
    if (l > 0) gatherActive(l, s, filing);
    linearSparse(l, s);
    if (l < layers - 1) activate(l);
  }
  return softmaxLoss(label);
}

/** Σ_o WT[i, o] · dz[o]: the gradient reaching input i of a layer. */
@inline function rowDot(w: usize, dz: usize, outp: i32): f32 {
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  let o = 0;
  for (; o + 8 <= outp; o += 8) {
    const off = <usize>o << 2;
    s0 = madd(v128.load(w + off, 0), v128.load(dz + off, 0), s0);
    s1 = madd(v128.load(w + off, 16), v128.load(dz + off, 16), s1);
  }
  if (o < outp) s0 = madd(v128.load(w + (<usize>o << 2)), v128.load(dz + (<usize>o << 2)), s0);
  const t = f32x4.add(s0, s1);
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1) + (f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3));
}

/** Sample s's dz of layer l − 1 from its dz of layer l: (WT dz) ⊙ f′, for sigmoid and tanh (ReLU: `backpropagateChunk`). */
function backpropagate(l: i32, s: i32): void {
  const outp = field(l, OUTP);
  const w = <usize>field(l, W);
  const dz = <usize>field(l, DZ) + ((<usize>s * <usize>outp) << 2);
  const below = l - 1;
  const outpBelow = field(below, OUTP);
  const dzBelow = <usize>field(below, DZ) + ((<usize>s * <usize>outpBelow) << 2);
  const aBelow = aRow(below);
  const width = field(below, OUT);
  const stride = <usize>outp << 2;
  memory.fill(dzBelow, 0, <usize>outpBelow << 2);
  for (let i = 0; i < width; i++) {
    const da = rowDot(w + <usize>i * stride, dz, outp);
    const a = load<f32>(aBelow + (<usize>i << 2));
    const slope: f32 = activation == SIGMOID ? a * (1 - a) : 1 - a * a;
    store<f32>(dzBelow + (<usize>i << 2), da * slope);
  }
}

/** After `forward` of sample s: its output error (p − onehot) · scale, then (sigmoid, tanh) its dz of every layer. */
function backward(s: i32, label: i32, scale: f32): void {
  const last = layers - 1;
  const classes = field(last, OUT);
  const outp = field(last, OUTP);
  const p = aRow(last);
  const dz = <usize>field(last, DZ) + ((<usize>s * <usize>outp) << 2);
  memory.fill(dz, 0, <usize>outp << 2);
  for (let c = 0; c < classes; c++) {
    const pc = load<f32>(p + (<usize>c << 2));
    store<f32>(dz + (<usize>c << 2), scale * (c == label ? pc - 1 : pc));
  }
  if (activation != RELU) for (let l = last; l > 0; l--) backpropagate(l, s);
}

/**
 * ReLU backpropagation for the chunk's `count` samples at once, from layer l's dz to layer l − 1's,
 * input by input: da[s, i] = WT[i, :] · dz[s, :] for the samples filed in input i's bucket (those
 * where unit i of layer l − 1 is active; the others get 0), two samples at a time, so a row of WT
 * is loaded once per pair of samples and stays in L1 across the chunk. Each dot product is summed
 * exactly as `rowDot` sums it (in the order of the sample-by-sample version this replaced).
 */
function backpropagateChunk(l: i32, count: i32): void {
  const outp = field(l, OUTP);
  const w = <usize>field(l, W);
  const dz = <usize>field(l, DZ);
  const below = l - 1;
  const outpBelow = field(below, OUTP);
  const dzBelow = <usize>field(below, DZ);
  const inSize = field(l, IN);
  const bucket = <usize>field(l, BUCKET);
  const bucketPairs = <usize>field(l, BUCKET_PAIRS);
  const capacity = <usize>chunkSize << 3;
  const stride = <u32>outp << 2;
  const strideBelow = <usize>outpBelow << 2;
  memory.fill(dzBelow, 0, <usize>count * strideBelow);
  for (let i = 0; i < inSize; i++) {
    const n = load<i32>(bucket + (<usize>i << 2));
    if (n == 0) continue;
    const row = w + <usize>i * <usize>stride;
    const pairs = bucketPairs + <usize>i * capacity;
    const target = dzBelow + (<usize>i << 2);
    let k = 0;
    for (; k + 2 <= n; k += 2) {
      const r1 = load<u32>(pairs + (<usize>k << 3));
      const r2 = load<u32>(pairs + (<usize>k << 3), 8);
      const d1 = dz + <usize>r1;
      const d2 = dz + <usize>r2;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let o = 0;
      for (; o + 8 <= outp; o += 8) {
        const off = <usize>o << 2;
        const w0 = v128.load(row + off, 0);
        const w1 = v128.load(row + off, 16);
        a0 = madd(w0, v128.load(d1 + off, 0), a0);
        a1 = madd(w1, v128.load(d1 + off, 16), a1);
        b0 = madd(w0, v128.load(d2 + off, 0), b0);
        b1 = madd(w1, v128.load(d2 + off, 16), b1);
      }
      if (o < outp) {
        const off = <usize>o << 2;
        const w0 = v128.load(row + off);
        a0 = madd(w0, v128.load(d1 + off), a0);
        b0 = madd(w0, v128.load(d2 + off), b0);
      }
      const ta = f32x4.add(a0, a1);
      const tb = f32x4.add(b0, b1);
      store<f32>(target + <usize>(r1 / stride) * strideBelow, f32x4.extract_lane(ta, 0) + f32x4.extract_lane(ta, 1) + (f32x4.extract_lane(ta, 2) + f32x4.extract_lane(ta, 3)));
      store<f32>(target + <usize>(r2 / stride) * strideBelow, f32x4.extract_lane(tb, 0) + f32x4.extract_lane(tb, 1) + (f32x4.extract_lane(tb, 2) + f32x4.extract_lane(tb, 3)));
    }
    if (k < n) {
      const r1 = load<u32>(pairs + (<usize>k << 3));
      store<f32>(target + <usize>(r1 / stride) * strideBelow, rowDot(row, dz + <usize>r1, outp));
    }
  }
}

/**
 * Layer l's gradients over the chunk's `count` samples: dWT[i, :] = Σ val · dz[sample, :] over the
 * pairs filed in input i's bucket, each row summed in registers and stored once, and
 * db = Σ_s dz[s]. `accumulate` adds to the gradients instead of overwriting them (a batch split
 * into chunks).
 */
function weightGradient(l: i32, count: i32, accumulate: bool): void {
  const inSize = field(l, IN);
  const outp = field(l, OUTP);
  const dw = <usize>field(l, W) + gradShift;
  const db = <usize>field(l, B) + gradShift;
  const dz = <usize>field(l, DZ);
  const bucket = <usize>field(l, BUCKET);
  const bucketPairs = <usize>field(l, BUCKET_PAIRS);
  const stride = <usize>outp << 2;
  const capacity = <usize>chunkSize << 3;
  for (let i = 0; i < inSize; i++) {
    const row = dw + <usize>i * stride;
    const n = load<i32>(bucket + (<usize>i << 2));
    rowSums(bucketPairs + <usize>i * capacity, n, accumulate ? row : 0, row, outp, dz);
  }
  for (let o = 0; o < outp; o += 4) {
    const off = <usize>o << 2;
    let g = accumulate ? v128.load(db + off) : f32x4.splat(0);
    for (let s = 0; s < count; s++) g = f32x4.add(g, v128.load(dz + <usize>s * stride + off));
    v128.store(db + off, g);
  }
}

/**
 * For `npm run bench -- --profile` only: where `trainChunk` stops (0: nowhere). Timing epochs cut
 * short at each stage, and subtracting, tells where a training epoch goes in the very code it
 * runs. A chunk cut short leaves no gradients.
 */
let profileStop = 0;
const STOP_AFTER_GATHER = 1;
const STOP_AFTER_FIRST_LAYER = 2;
const STOP_AFTER_FORWARD = 3;

/** Sets where `trainChunk` stops: 0 nowhere, 1 after gathering and filing the inputs, 2 after layer 0's forward, 3 after the whole forward (no backward). */
export function setProfileStop(stage: i32): void {
  profileStop = stage;
}

/** Where `touchEntries` leaves what it read (so the reads are not optimised away). */
let touched: u32 = 0;

/**
 * Reads one word of every cache line of the chunk's compacted images before they are gathered.
 * The images sit at random places in a training set of tens of MB, so each one's first reads miss
 * the caches; here the misses are independent of each other and overlap (dozens in flight),
 * where the gather would wait for them one image at a time.
 */
function touchEntries(rowStart: usize, entries: usize, rows: usize, count: i32): void {
  let sum: u32 = 0;
  for (let s = 0; s < count; s++) {
    const row = <usize>load<u32>(rows + (<usize>s << 2));
    const start = entries + (<usize>load<u32>(rowStart + (row << 2)) << 2);
    const end = entries + (<usize>load<u32>(rowStart + (row << 2), 4) << 2);
    for (let p = start; p < end; p += 64) sum += load<u32>(p);
  }
  touched = sum;
}

/**
 * One chunk of a batch: the training images rows[0..count) (sparse entries at `entries`, image r's
 * from rowStart[r] to rowStart[r + 1]) forward and backward, each adding `scale` (1 / batch size)
 * times its gradient; `accumulate` = 0 for a batch's first chunk (gradients overwritten), 1 after.
 * Returns the summed loss; `lastCorrect()` the number classified correctly.
 */
export function trainChunk(rowStart: usize, entries: usize, labels: usize, rows: usize, count: i32, scale: f32, accumulate: i32): f64 {
  pendingCount = 0; // a new batch: the last one's gradients, if never asked for, are dropped
  let loss = 0.0;
  let correct = 0;
  for (let l = 0; l < layers; l++) emptyBuckets(l);
  touchEntries(rowStart, entries, rows, count);
  for (let s = 0; s < count; s++) {
    const row = <usize>load<u32>(rows + (<usize>s << 2));
    gatherEntries(s, entries, load<u32>(rowStart + (row << 2)), load<u32>(rowStart + (row << 2), 4), true);
  }
  if (profileStop == STOP_AFTER_GATHER) return 0;
  // Forward layer by layer over the whole chunk; each sample's active units filed for the next layer.
  for (let l = 0; l < layers; l++) {
    forwardLayerChunk(l, count);
    if (l == 0 && profileStop == STOP_AFTER_FIRST_LAYER) return 0;
    if (l == layers - 1) break;
    for (let s = 0; s < count; s++) {
      current = s;
      activate(l);
      gatherActive(l + 1, s, true);
    }
  }
  for (let s = 0; s < count; s++) {
    current = s;
    const label = <i32>load<u8>(labels + <usize>load<u32>(rows + (<usize>s << 2)));
    loss += softmaxLoss(label);
    if (predicted() == label) correct++;
    if (profileStop != STOP_AFTER_FORWARD) backward(s, label, scale);
  }
  current = 0;
  if (activation == RELU && profileStop != STOP_AFTER_FORWARD) for (let l = layers - 1; l > 0; l--) backpropagateChunk(l, count);
  if (accumulate == LAZY) pendingCount = count;
  else for (let l = 0; l < layers; l++) weightGradient(l, count, accumulate != 0);
  correctCount = correct;
  return loss;
}

/** `trainChunk`'s last argument for a batch that is one chunk: its weight gradients are left to `materialize` or `sgdStep`. */
const LAZY = 2;
/** Samples of the last batch when its weight gradients are not computed yet (0: they are). */
let pendingCount = 0;

/** Computes the last batch's gradients if they are pending (for momentum, Adam, norms, reading). */
export function materialize(): void {
  if (pendingCount == 0) return;
  for (let l = 0; l < layers; l++) weightGradient(l, pendingCount, false);
  pendingCount = 0;
}

/**
 * SGD, θ ← θ − η g. When the batch's weight gradients are pending, fused with computing them:
 * every layer's dz rows are scaled by −η into a copy `scaledShift` bytes further on, then each
 * weight row whose input was nonzero somewhere in the batch gets Σ value · (−η dz) added in
 * registers (rows of inputs that were 0 throughout have a zero gradient and are not touched),
 * and each bias Σ_s (−η dz). The gradients themselves stay computable (`materialize`).
 */
export function sgdStep(params: usize, count: i32, rate: f32, scaledShift: usize): void {
  if (pendingCount == 0) {
    sgd(params, count, rate);
    return;
  }
  const step = f32x4.splat(-rate);
  for (let l = 0; l < layers; l++) {
    const inSize = field(l, IN);
    const outp = field(l, OUTP);
    const w = <usize>field(l, W);
    const b = <usize>field(l, B);
    const dz = <usize>field(l, DZ);
    const bucket = <usize>field(l, BUCKET);
    const bucketPairs = <usize>field(l, BUCKET_PAIRS);
    const stride = <usize>outp << 2;
    const capacity = <usize>chunkSize << 3;
    const end = dz + <usize>pendingCount * stride;
    for (let p = dz; p < end; p += 16) v128.store(p + scaledShift, f32x4.mul(step, v128.load(p)));
    for (let i = 0; i < inSize; i++) {
      const n = load<i32>(bucket + (<usize>i << 2));
      if (n == 0) continue;
      const row = w + <usize>i * stride;
      rowSums(bucketPairs + <usize>i * capacity, n, row, row, outp, dz + scaledShift);
    }
    for (let o = 0; o < outp; o += 4) {
      const off = <usize>o << 2;
      let g = v128.load(b + off);
      for (let s = 0; s < pendingCount; s++) g = f32x4.add(g, v128.load(dz + scaledShift + <usize>s * stride + off));
      v128.store(b + off, g);
    }
  }
}

/** `trainChunk` without the backward pass and gradients (to measure where time goes). */
export function forwardChunk(rowStart: usize, entries: usize, labels: usize, rows: usize, count: i32): f64 {
  let loss = 0.0;
  let correct = 0;
  for (let s = 0; s < count; s++) {
    const row = <usize>load<u32>(rows + (<usize>s << 2));
    const label = <i32>load<u8>(labels + row);
    gatherEntries(s, entries, load<u32>(rowStart + (row << 2)), load<u32>(rowStart + (row << 2), 4), false);
    loss += forward(s, label, false);
    if (predicted() == label) correct++;
  }
  correctCount = correct;
  return loss;
}

/** How many the last `trainChunk` classified correctly. */
export function lastCorrect(): i32 {
  return correctCount;
}

/**
 * Runs `count` images (bytes at `pixels`, labels at `labels`) forward; writes each one's predicted
 * class (u8) and its probability (f32) and marks (u8 1) every hidden unit with a nonzero f′(z).
 * Returns the summed loss.
 */
export function evaluateImages(pixels: usize, labels: usize, count: i32, predictions: usize, confidence: usize): f64 {
  let loss = 0.0;
  const last = layers - 1;
  const p = <usize>field(last, A);
  for (let s = 0; s < count; s++) {
    gatherPixels(0, pixels + <usize>s * <usize>inputSize);
    loss += forward(0, <i32>load<u8>(labels + <usize>s), false);
    const guess = predicted();
    store<u8>(predictions + <usize>s, <u8>guess);
    store<f32>(confidence + (<usize>s << 2), load<f32>(p + (<usize>guess << 2)));
    for (let l = 0; l < last; l++) {
      const out = field(l, OUT);
      const z = <usize>field(l, Z);
      const a = <usize>field(l, A);
      const alive = <usize>field(l, ALIVE);
      for (let o = 0; o < out; o++) {
        const zo = load<f32>(z + (<usize>o << 2));
        const ao = load<f32>(a + (<usize>o << 2));
        const on = activation == RELU ? zo > 0 : activation == SIGMOID ? ao > 0 && ao < 1 : ao > -1 && ao < 1;
        if (on) store<u8>(alive + <usize>o, 1);
      }
    }
  }
  return loss;
}

/** θ ← θ − η g over `count` floats (a multiple of 4). */
export function sgd(params: usize, count: i32, rate: f32): void {
  const lr = f32x4.splat(rate);
  const end = params + (<usize>count << 2);
  for (let p = params; p < end; p += 16) {
    v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(lr, v128.load(p + gradShift))));
  }
}

/** Momentum over `bytes` bytes of parameters at p, their gradients at g and velocities `stateShift` bytes after p. */
@inline function momentumSpan(p: usize, g: usize, bytes: usize, lr: v128, mu: v128, stateShift: usize): void {
  for (let k: usize = 0; k < bytes; k += 16) {
    const v = madd(mu, v128.load(p + k + stateShift), v128.load(g + k));
    v128.store(p + k + stateShift, v);
    v128.store(p + k, f32x4.sub(v128.load(p + k), f32x4.mul(lr, v)));
  }
}

/** v ← μ v + g; θ ← θ − η v. `velocity` is at the same offsets plus `stateShift` bytes. */
export function momentum(params: usize, count: i32, rate: f32, mu: f32, stateShift: usize): void {
  momentumSpan(params, params + gradShift, <usize>count << 2, f32x4.splat(rate), f32x4.splat(mu), stateShift);
}

/** Adam over `bytes` bytes of parameters at p, their gradients at g, m and v `mShift`, `vShift` bytes after p. */
@inline function adamSpan(p: usize, g: usize, bytes: usize, step: v128, beta1: f32, beta2: f32, eps: v128, mShift: usize, vShift: usize): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(1 - beta2);
  for (let k: usize = 0; k < bytes; k += 16) {
    const q = p + k;
    const gk = v128.load(g + k);
    const m = f32x4.add(f32x4.mul(b1, v128.load(q + mShift)), f32x4.mul(c1, gk));
    const v = f32x4.add(f32x4.mul(b2, v128.load(q + vShift)), f32x4.mul(c2, f32x4.mul(gk, gk)));
    v128.store(q + mShift, m);
    v128.store(q + vShift, v);
    v128.store(q, f32x4.sub(v128.load(q), f32x4.div(f32x4.mul(step, m), f32x4.add(f32x4.sqrt(v), eps))));
  }
}

/**
 * Adam: m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − stepSize · m / (√v + ε), with the bias
 * correction folded into `stepSize` by the caller. m and v at `mShift`, `vShift` bytes from θ.
 */
export function adam(params: usize, count: i32, stepSize: f32, beta1: f32, beta2: f32, epsilon: f32, mShift: usize, vShift: usize): void {
  adamSpan(params, params + gradShift, <usize>count << 2, f32x4.splat(stepSize), beta1, beta2, f32x4.splat(epsilon), mShift, vShift);
}

/**
 * Momentum (kind 0: rate, a = μ) or Adam (kind 1: rate = step size, a = β₁, b = β₂, c = ε) fused
 * with computing the pending weight gradients: each row of dL/dW is summed into a scratch row
 * (the layer's z, free between batches) and the optimizer applied to that row at once, so dL/dW
 * is never written out and read back. The same sums in the same order as `materialize`, so the
 * same bits as `materialize` followed by `momentum` or `adam`. Without pending gradients, those.
 */
export function stateStep(kind: i32, params: usize, count: i32, rate: f32, a: f32, b: f32, c: f32, mShift: usize, vShift: usize): void {
  if (pendingCount == 0) {
    if (kind == 0) momentum(params, count, rate, a, mShift);
    else adam(params, count, rate, a, b, c, mShift, vShift);
    return;
  }
  const lr = f32x4.splat(rate);
  const mu = f32x4.splat(a);
  const eps = f32x4.splat(c);
  for (let l = 0; l < layers; l++) {
    const inSize = field(l, IN);
    const outp = field(l, OUTP);
    const w = <usize>field(l, W);
    const bias = <usize>field(l, B);
    const dz = <usize>field(l, DZ);
    const bucket = <usize>field(l, BUCKET);
    const bucketPairs = <usize>field(l, BUCKET_PAIRS);
    const scratch = <usize>field(l, Z);
    const stride = <usize>outp << 2;
    const capacity = <usize>chunkSize << 3;
    for (let i = 0; i <= inSize; i++) {
      const row = i < inSize ? w + <usize>i * stride : bias;
      if (i < inSize) {
        rowSums(bucketPairs + <usize>i * capacity, load<i32>(bucket + (<usize>i << 2)), 0, scratch, outp, dz);
      } else {
        for (let o = 0; o < outp; o += 4) {
          const off = <usize>o << 2;
          let g = f32x4.splat(0);
          for (let s = 0; s < pendingCount; s++) g = f32x4.add(g, v128.load(dz + <usize>s * stride + off));
          v128.store(scratch + off, g);
        }
      }
      if (kind == 0) momentumSpan(row, scratch, stride, lr, mu, mShift);
      else adamSpan(row, scratch, stride, lr, a, b, eps, mShift, vShift);
    }
  }
}

/** Σ x² over `count` floats at `values` (a multiple of 4), in f64. */
export function sumOfSquares(values: usize, count: i32): f64 {
  let sum = 0.0;
  const end = values + (<usize>count << 2);
  for (let p = values; p < end; p += 16) {
    const x = v128.load(p);
    const s = f32x4.mul(x, x);
    sum += <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1) + <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3);
  }
  return sum;
}
