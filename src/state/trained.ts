/**
 * "The learner's trained network" for the pages that read mistakes and drawings: which weights,
 * where they came from, and how another page (the step-through) finds the same weights again.
 *
 * Sources, in order: a weights reference in the address (`?weights=run:<id>`, `builtin`, `file`),
 * the weights file the learner loaded in this tab (kept in sessionStorage, so the step-through
 * page can open it), the newest run of the lab that has weights (lab-a's IndexedDB run store),
 * and none (the widgets then say plainly that the network is untrained and link to the lab).
 */
import { WeightsError, weightsFromJson, type Network } from '../nn/index.ts';
import { openRunStore, type RunRecord, type RunStore } from './run-store.ts';
import { createStore, type Store } from './store.ts';

/** MNIST's input pixels and output classes: a network that reads digits must have these. */
export const DIGIT_INPUTS = 784;
export const DIGIT_CLASSES = 10;
/** The largest parameter count accepted from a file (784-4096-4096-10 is ~20 M; the lab's largest is far below). */
export const MAX_PARAMETERS = 4_000_000;

/** How another page finds these weights again. */
export type WeightsRef = { kind: 'file' } | { kind: 'builtin' } | { kind: 'run'; id: string };

export interface TrainedNetwork {
  net: Network;
  /** For the learner: `weights file “mnist.json”` or `run “η 0.1”`. */
  source: string;
  ref: WeightsRef;
}

export type TrainedState =
  | { status: 'looking' }
  /** `missing`: the address asked for weights this browser does not have (said to the learner). */
  | { status: 'none'; missing?: string }
  | { status: 'ready'; trained: TrainedNetwork }
  | { status: 'error'; message: string };

/** sessionStorage key of the weights file loaded in this tab. */
export const SESSION_WEIGHTS_KEY = 'stepwise.weights.v1';
/** sessionStorage key of the built-in network (the mistakes lesson's), read only when a link asks for it. */
export const SESSION_BUILTIN_KEY = 'stepwise.builtin.v1';

/** Throws a learner-readable error unless `net` reads 784 pixels and gives 10 classes. */
export function checkDigitNetwork(net: Network): void {
  if (net.sizes[0] !== DIGIT_INPUTS || net.sizes[net.sizes.length - 1] !== DIGIT_CLASSES) {
    throw new WeightsError(`the network has sizes [${net.sizes.join(', ')}], but a digit network reads ${DIGIT_INPUTS} pixels and gives ${DIGIT_CLASSES} classes`);
  }
}

/** Parses a weights file's text into a digit network (784 in, 10 out), or throws a WeightsError. */
export function networkFromWeightsText(text: string): Network {
  const net = weightsFromJson(text);
  checkDigitNetwork(net);
  return net;
}

/** Compact copy of a network for sessionStorage: shape and all parameters as base64 Float32. */
export interface StoredWeights {
  v: 1;
  source: string;
  sizes: number[];
  activation: Network['activation'];
  seed: number;
  init: Network['init'];
  /** Every layer's W then b, in layer order, as little-endian Float32 bytes in base64. */
  params: string;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let k = 0; k < bytes.length; k += 0x8000) binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(binary);
}

export function storeWeights(net: Network, source: string): StoredWeights {
  const count = net.layers.reduce((n, l) => n + l.W.length + l.b.length, 0);
  const all = new Float32Array(count);
  let at = 0;
  for (const layer of net.layers) {
    all.set(layer.W, at);
    at += layer.W.length;
    all.set(layer.b, at);
    at += layer.b.length;
  }
  return { v: 1, source, sizes: [...net.sizes], activation: net.activation, seed: net.seed, init: net.init, params: bytesToBase64(new Uint8Array(all.buffer)) };
}

/** Reads `storeWeights`' record back, checking the shape before allocating; throws a WeightsError. */
export function restoreWeights(record: unknown): { net: Network; source: string } {
  const r = record as Partial<StoredWeights> | null;
  if (!r || typeof r !== 'object' || r.v !== 1 || !Array.isArray(r.sizes) || typeof r.params !== 'string' || typeof r.source !== 'string') {
    throw new WeightsError('the saved copy of the weights is damaged');
  }
  const sizes = r.sizes;
  if (sizes.length < 2 || sizes.length > 6 || !sizes.every((s) => Number.isInteger(s) && s >= 1 && s <= 4096)) throw new WeightsError('the saved copy of the weights has impossible sizes');
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
  // btoa pads, so n bytes are exactly 4·⌈n/3⌉ characters.
  if (count > MAX_PARAMETERS || r.params.length !== 4 * Math.ceil((count * 4) / 3)) {
    throw new WeightsError('the saved copy of the weights has the wrong length');
  }
  const binary = atob(r.params);
  if (binary.length !== count * 4) throw new WeightsError('the saved copy of the weights has the wrong length');
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  const all = new Float32Array(bytes.buffer);
  const layers: { weights: number[][]; biases: number[] }[] = [];
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inSize = sizes[l - 1];
    const weights: number[][] = [];
    for (let o = 0; o < sizes[l]; o++, at += inSize) weights.push(Array.from(all.subarray(at, at + inSize)));
    const biases = Array.from(all.subarray(at, at + sizes[l]));
    at += sizes[l];
    layers.push({ weights, biases });
  }
  // The core's reader validates activation, seed, init and finiteness.
  const net = weightsFromJson({ format: 'stepwise-weights', version: 1, network: { sizes, activation: r.activation, seed: r.seed, init: r.init }, layers });
  checkDigitNetwork(net);
  return { net, source: r.source };
}

/** A source of runs' weights (the lab's run store): the latest usable run, or one by id. */
export interface RunSource {
  latest(): Promise<TrainedNetwork | null>;
  byId(id: string): Promise<TrainedNetwork | null>;
  /** Tells when the history changed (a run was kept, renamed, deleted), also from another tab. */
  subscribe?(listener: () => void): () => void;
  /** Every run with weights, newest first, named for the learner (for a chooser). */
  list?(): Promise<{ id: string; label: string }[]>;
}

/** What a run of the lab offers: its trained weights (none if it diverged), named for the learner. */
export function trainedFromRun(record: RunRecord | null): TrainedNetwork | null {
  if (!record?.net) return null;
  const accuracy = record.finalAccuracy === null ? '' : `, ${(100 * record.finalAccuracy).toFixed(1)} % test accuracy`;
  return { net: record.net, source: `run “${record.name.slice(0, 60)}” of the lab${accuracy}`, ref: { kind: 'run', id: record.id } };
}

/** The lab's run history as a source of trained networks: the newest run with weights, or one by id. */
export function runStoreSource(store: RunStore): RunSource {
  return {
    async latest() {
      // The history lists runs without their weights (hasWeights says get(id) has them).
      const { runs } = await store.list();
      const newest = runs.find((r) => r.net !== null || r.hasWeights);
      return newest ? trainedFromRun(newest.net ? newest : await store.get(newest.id)) : null;
    },
    byId: async (id) => trainedFromRun(await store.get(id)),
    subscribe: (listener) => store.subscribe(listener),
    async list() {
      const { runs } = await store.list();
      return runs.filter((r) => r.net !== null || r.hasWeights).map((r) => ({
        id: r.id,
        label: `run “${r.name.slice(0, 60)}”${r.finalAccuracy === null ? '' : `, ${(100 * r.finalAccuracy).toFixed(1)} %`}`,
      }));
    },
  };
}

let runSource: RunSource | null = null;
/** Replaces the run source (tests); in the page it is the lab's IndexedDB history. */
export function registerRunSource(source: RunSource | null): void {
  runSource = source;
}

/** The lab's run history as the page sees it (null where there is none, as in Node). */
export function trainedRuns(): RunSource | null {
  if (!runSource && typeof indexedDB !== 'undefined') runSource = runStoreSource(openRunStore());
  return runSource;
}

let trainedStore: Store<TrainedState> | undefined;

/** Reads the weights the address or this tab points at; `storage` and `search` are injectable for tests. */
export async function findTrained(search: string, storage: Pick<Storage, 'getItem'> | null, runs: RunSource | null = runSource): Promise<TrainedState> {
  const wanted = new URLSearchParams(search).get('weights');
  try {
    if (wanted?.startsWith('run:')) {
      // A link names one run: if this browser does not have it, say so rather than use another.
      const id = wanted.slice(4, 120);
      const run = runs ? await runs.byId(id) : null;
      return run
        ? { status: 'ready', trained: run }
        : { status: 'none', missing: `The link names a run of the lab (${id.slice(0, 40)}) that is not in this browser’s run history: runs are kept only in the browser that trained them.` };
    }
    if (wanted === 'builtin') {
      const builtin = storage?.getItem(SESSION_BUILTIN_KEY);
      if (builtin) {
        const { net, source } = restoreWeights(JSON.parse(builtin));
        return { status: 'ready', trained: { net, source, ref: { kind: 'builtin' } } };
      }
    }
    const saved = storage?.getItem(SESSION_WEIGHTS_KEY);
    if (saved && wanted !== 'none') {
      const { net, source } = restoreWeights(JSON.parse(saved));
      return { status: 'ready', trained: { net, source, ref: { kind: 'file' } } };
    }
    const latest = wanted !== 'none' && runs ? await runs.latest() : null;
    return latest ? { status: 'ready', trained: latest } : { status: 'none' };
  } catch (error) {
    return { status: 'error', message: `The saved weights could not be used: ${(error as Error).message}` };
  }
}

const sessionStore = (): Storage | null => {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled by the browser
  }
};

/** The page's trained-network store; the first call looks for weights. */
export function trainedState(): Store<TrainedState> {
  if (trainedStore) return trainedStore;
  const store = createStore<TrainedState>({ status: 'looking' });
  trainedStore = store;
  trainedRuns();
  const search = typeof location === 'undefined' ? '' : location.search;
  void findTrained(search, sessionStore()).then((state) => {
    if (store.get().status === 'looking') store.set(state);
  });
  // Without a weights reference in the address, the page follows the lab's history: a run kept
  // while the page is open (the lab on this page, or another tab) becomes the network it reads.
  if (!new URLSearchParams(search).has('weights')) runSource?.subscribe?.(() => void refollow(store, search));
  return store;
}

let refollowing = Promise.resolve();
/** Looks again after the history changed; keeps the current network if it is still the one found. */
function refollow(store: Store<TrainedState>, search: string): Promise<void> {
  refollowing = refollowing.then(async () => {
    const next = await findTrained(search, sessionStore());
    const now = store.get();
    if (now.status === 'looking') return;
    if (now.status === 'ready' && next.status === 'ready' && sameWeights(now.trained, next.trained)) return;
    if (now.status === next.status && next.status !== 'ready') return;
    store.set(next);
  });
  return refollowing;
}

/** Same weights reference and same name (a renamed run keeps its weights but changes its name). */
export function sameWeights(a: TrainedNetwork, b: TrainedNetwork): boolean {
  if (a.ref.kind !== b.ref.kind || a.source !== b.source) return false;
  return a.ref.kind !== 'run' || (b.ref.kind === 'run' && a.ref.id === b.ref.id);
}

/** Uses a weights file the learner chose: parsed, checked, kept for this tab. Returns an error message or null. */
export function useWeightsText(text: string, fileName: string): string | null {
  const store = trainedState();
  try {
    const net = networkFromWeightsText(text);
    const source = `weights file “${fileName.slice(0, 60)}”`;
    try {
      sessionStore()?.setItem(SESSION_WEIGHTS_KEY, JSON.stringify(storeWeights(net, source)));
    } catch {
      // Too large for this tab's storage: it still works on this page, not across pages.
    }
    store.set({ status: 'ready', trained: { net, source, ref: { kind: 'file' } } });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Keeps the built-in network's record for this tab, so a link with `weights=builtin` finds it. */
export function keepBuiltIn(record: unknown): void {
  try {
    sessionStore()?.setItem(SESSION_BUILTIN_KEY, JSON.stringify(record));
  } catch {
    // Storage full or disabled: the step-through then opens with its seeded weights and says so.
  }
}

/** Stops using trained weights on this tab (back to the untrained network). */
export function forgetWeights(): void {
  sessionStore()?.removeItem(SESSION_WEIGHTS_KEY);
  trainedState().set({ status: 'none' });
}

/** The address parameter that makes another page open the same weights. */
export function weightsParam(ref: WeightsRef): string {
  return ref.kind === 'run' ? `run:${ref.id}` : ref.kind;
}
