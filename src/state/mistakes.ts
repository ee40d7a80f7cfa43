/**
 * Reading a trained network's mistakes: its evaluation on the 10,000 test digits (the core's
 * `evaluate`, run in slices so the page never freezes), the confusion matrix's cells, and the
 * digits behind each cell. A page's mistake widgets share one store per `name`.
 */
import type { Dataset } from '../data/dataset.ts';
import { loadDataset } from '../data/load-browser.ts';
import { evaluate, type Network } from '../nn/index.ts';
import { readNetworkChoice, writeNetworkChoice } from './mistakes-url.ts';
import { createStore, type Store } from './store.ts';
import { keepBuiltIn, restoreWeights, trainedRuns, trainedState, weightsParam, type TrainedNetwork, type TrainedState, type WeightsRef } from './trained.ts';

/** What the mistake widgets read of an evaluation (the core's, merged over slices). */
export interface TestResults {
  accuracy: number;
  loss: number;
  /** confusion[true][predicted] = count. */
  confusion: number[][];
  /** Indices of the digits the network got wrong, ascending. */
  misclassified: number[];
  /** Predicted class per test digit. */
  predictions: Uint8Array;
  /** p(predicted class) per test digit. */
  confidence: Float32Array;
  /** The true labels (the test set's). */
  labels: Uint8Array;
}

/**
 * Multiply-adds per slice: about 5 ms of work on a desktop (10–20 ms on a busy or slow machine),
 * so the page keeps responding between slices, also while the lab trains beside it.
 */
const SLICE_WORK = 5e6;
/** The time a slice aims at, ms (sized from the previous slice's time). */
const SLICE_MS = 8;

/** Yields to the event loop without setTimeout's 4 ms clamp (hundreds of slices would add seconds). */
export function yieldToPage(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((done) => setTimeout(done, 0));
  return new Promise((done) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      done();
    };
    channel.port2.postMessage(null);
  });
}

/** The digits [from, from + count) of a set, sharing its memory. */
function slice(set: Dataset, from: number, count: number): Dataset {
  const size = set.rows * set.cols;
  return { count, rows: set.rows, cols: set.cols, pixels: set.pixels.subarray(from * size, (from + count) * size), labels: set.labels.subarray(from, from + count) };
}

/**
 * The core's `evaluate` over `set`, a slice at a time with `pause()` between slices, merged into
 * one result equal to evaluating the whole set at once (counts add; lists concatenate). An aborted
 * `signal` stops it at the next slice (the promise rejects with the signal's reason), so an
 * evaluation that a newer one replaced stops using the page's time.
 */
export async function evaluateInSlices(net: Network, set: Dataset, options: { pause?: () => Promise<void>; onProgress?: (done: number, total: number) => void; sliceSize?: number; signal?: AbortSignal } = {}): Promise<TestResults> {
  const params = net.layers.reduce((n, l) => n + l.W.length, 0);
  // Without a fixed size, each slice is sized from the last one's time to take about SLICE_MS:
  // the first runs small, as the evaluation's code is not yet compiled (interpreted, it is ~10×
  // slower: a full-size first slice took 40-75 ms in a trace, over the 50 ms a task may take).
  const adaptive = options.sliceSize === undefined;
  const most = Math.max(10, Math.floor((4 * SLICE_WORK) / params));
  let size = options.sliceSize ?? Math.max(10, Math.floor(SLICE_WORK / params / 8));
  const pause = options.pause ?? yieldToPage;
  const classes = net.sizes[net.sizes.length - 1];
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predictions = new Uint8Array(set.count);
  const confidence = new Float32Array(set.count);
  const misclassified: number[] = [];
  let lossSum = 0;
  for (let from = 0; from < set.count; ) {
    options.signal?.throwIfAborted();
    const count = Math.min(size, set.count - from);
    const started = performance.now();
    const part = evaluate(net, slice(set, from, count));
    // At most twice as large as the last (a timer's coarse tick must not make one slice huge).
    if (adaptive) size = Math.max(10, Math.min(most, 2 * count, Math.round((count * SLICE_MS) / Math.max(0.5, performance.now() - started))));
    lossSum += part.loss * count;
    part.confusion.forEach((row, t) => row.forEach((n, p) => (confusion[t][p] += n)));
    predictions.set(part.predictions, from);
    confidence.set(part.confidence, from);
    for (const k of part.misclassified) misclassified.push(from + k);
    options.onProgress?.(from + count, set.count);
    from += count;
    if (from < set.count) await pause();
  }
  return { accuracy: 1 - misclassified.length / set.count, loss: lossSum / set.count, confusion, misclassified, predictions, confidence, labels: set.labels };
}

/** One cell of the confusion matrix: its count and its share of the true class's digits. */
export interface ConfusionCell {
  truth: number;
  predicted: number;
  count: number;
  /** count / (digits of class `truth`): the row-normalised value the colour shows. */
  share: number;
}

/** Every cell, row by row, with row-normalised shares. */
export function confusionCells(confusion: number[][]): ConfusionCell[] {
  return confusion.flatMap((row, truth) => {
    const total = row.reduce((s, n) => s + n, 0);
    return row.map((count, predicted) => ({ truth, predicted, count, share: total ? count / total : 0 }));
  });
}

/** The largest share off the diagonal (the colour scale's top for mistakes). */
export function largestMistakeShare(cells: ConfusionCell[]): number {
  return cells.reduce((m, c) => (c.truth !== c.predicted && c.share > m ? c.share : m), 0);
}

/**
 * Test digits of class `truth` predicted as `predicted`. Mistakes come most confident first (the
 * network was surest and wrong); correct ones least confident first (the near misses).
 */
export function digitsInCell(results: TestResults, truth: number, predicted: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < results.labels.length; k++) if (results.labels[k] === truth && results.predictions[k] === predicted) out.push(k);
  const sign = truth === predicted ? 1 : -1;
  return out.sort((a, b) => sign * (results.confidence[a] - results.confidence[b]) || a - b);
}

/** The `count` mistakes the network was most confident about. */
export function confidentMistakes(results: TestResults, count: number): number[] {
  return [...results.misclassified].sort((a, b) => results.confidence[b] - results.confidence[a] || a - b).slice(0, count);
}

/** The pairs (true → predicted) with the most mistakes, largest first. */
export function topConfusions(confusion: number[][], count: number): ConfusionCell[] {
  return confusionCells(confusion).filter((c) => c.truth !== c.predicted && c.count > 0).sort((a, b) => b.count - a.count || a.truth - b.truth).slice(0, count);
}

export type MistakesStatus =
  | { kind: 'loading'; loaded: number; total: number }
  | { kind: 'evaluating'; done: number; total: number }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface MistakesState {
  /** The network whose mistakes are shown, where it came from, how the step-through finds it. */
  network: TrainedNetwork | null;
  /** True while the built-in network (trained when the site was built) is the one shown. */
  builtIn: boolean;
  status: MistakesStatus;
  test: Dataset | null;
  results: TestResults | null;
  /** The cell whose digits the gallery shows; null shows the most confident mistakes. */
  cell: { truth: number; predicted: number } | null;
  /** The networks the learner can switch to: the site's own, each lab run with weights, a loaded file. */
  choices: NetworkChoice[];
  /** What the page says about the link's network choice (refused, or not in this browser). */
  notes: string[];
}

/** One network the page can show; `key` is `builtin`, `file` or `run:<id>` (weightsParam of its ref). */
export interface NetworkChoice {
  key: string;
  label: string;
}

/** The choice key of a network (the same text the address uses for it). */
export const choiceKey = (network: TrainedNetwork | null): string => (network ? weightsParam(network.ref) : '');

/** The site's own network, as the chooser names it. */
export const BUILT_IN_LABEL = 'the site’s own network (trained when the site was built)';

export interface MistakesSession {
  store: Store<MistakesState>;
  selectCell(cell: { truth: number; predicted: number } | null): void;
  /** Shows this network's mistakes (re-evaluates the test set). */
  useNetwork(network: TrainedNetwork, builtIn: boolean): void;
  /** Switches to a network of `choices` by key; unknown keys are ignored. */
  choose(key: string): Promise<void>;
}

const sessions = new Map<string, MistakesSession>();

/** The built-in network's weights reference: the page keeps it for the tab (`keepBuiltIn`). */
export const BUILT_IN_REF: WeightsRef = { kind: 'builtin' };

/**
 * The page's mistakes session `name`. `builtIn` is the embedded record of the built-in network
 * (see reference-network.ts), or `undefined` for none; the learner's own trained network replaces it
 * when there is one.
 */
export function mistakesSession(name: string, builtIn: unknown): MistakesSession {
  const existing = sessions.get(name);
  if (existing) return existing;
  const store = createStore<MistakesState>({ network: null, builtIn: true, status: { kind: 'loading', loaded: 0, total: 0 }, test: null, results: null, cell: null, choices: [], notes: [] });
  // The network the address names (`<name>.net`), applied once the page knows the learner's trained network.
  const fromUrl = typeof location === 'undefined' ? { key: null, notes: [] } : readNetworkChoice(location.search, name);
  let wanted = fromUrl.key;
  /** Keeps the network choice in the address (null drops it), as the lab keeps its settings. */
  const rewriteUrl = (key: string | null): void => {
    if (typeof location === 'undefined' || typeof history === 'undefined') return;
    const search = writeNetworkChoice(location.search, name, key);
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  };
  const note = (text: string): void => {
    store.set({ ...store.get(), notes: [...store.get().notes, text] });
    rewriteUrl(null);
  };
  if (fromUrl.notes.length > 0) for (const text of fromUrl.notes) note(text);
  let generation = 0;
  /** The evaluation under way, stopped when a newer one starts. */
  let evaluation: AbortController | null = null;
  let builtInNetwork: TrainedNetwork | null = null;
  let fileNetwork: TrainedNetwork | null = null;
  let listing = 0;
  const runs = trainedRuns();
  const refreshChoices = async (): Promise<void> => {
    const mine = ++listing;
    const listed = runs?.list ? await runs.list().catch(() => []) : [];
    if (mine !== listing) return;
    const choices: NetworkChoice[] = [];
    if (builtInNetwork) choices.push({ key: 'builtin', label: BUILT_IN_LABEL });
    for (const run of listed) choices.push({ key: `run:${run.id}`, label: run.label });
    if (fileNetwork) choices.push({ key: 'file', label: fileNetwork.source });
    // The network shown is always a choice (a run named by a link, say, though the list is stale).
    const shown = store.get().network;
    if (shown && !store.get().builtIn && !choices.some((c) => c.key === choiceKey(shown))) choices.push({ key: choiceKey(shown), label: shown.source });
    store.set({ ...store.get(), choices });
  };
  const run = async (): Promise<void> => {
    const { network, test } = store.get();
    if (!network || !test) return;
    const mine = ++generation;
    evaluation?.abort();
    const controller = new AbortController();
    evaluation = controller;
    store.set({ ...store.get(), status: { kind: 'evaluating', done: 0, total: test.count }, results: null });
    try {
      const results = await evaluateInSlices(network.net, test, {
        signal: controller.signal,
        onProgress: (done, total) => mine === generation && store.set({ ...store.get(), status: { kind: 'evaluating', done, total } }),
      });
      if (mine === generation) store.set({ ...store.get(), status: { kind: 'ready' }, results });
    } catch (error) {
      if (mine === generation) store.set({ ...store.get(), status: { kind: 'error', message: (error as Error).message } });
    }
  };
  const session: MistakesSession = {
    store,
    selectCell: (cell) => store.set({ ...store.get(), cell }),
    useNetwork(network, isBuiltIn) {
      if (network.ref.kind === 'file') fileNetwork = network;
      store.set({ ...store.get(), network, builtIn: isBuiltIn, cell: null });
      void run();
      void refreshChoices();
    },
    async choose(key) {
      if (key === choiceKey(store.get().network)) return;
      if (key === 'builtin' && builtInNetwork) session.useNetwork(builtInNetwork, true);
      else if (key === 'file' && fileNetwork) session.useNetwork(fileNetwork, false);
      else if (key.startsWith('run:') && runs) {
        const found = await runs.byId(key.slice(4));
        if (found) session.useNetwork(found, false);
      }
      // The learner's choice goes into the address, so a copied link shows the same network.
      if (key === choiceKey(store.get().network)) rewriteUrl(key);
    },
  };
  sessions.set(name, session);
  // `undefined`: this page offers no built-in network (the lab's page reads only the learner's runs).
  if (builtIn !== undefined) try {
    const { net, source } = restoreWeights(builtIn);
    builtInNetwork = { net, source, ref: BUILT_IN_REF };
    store.set({ ...store.get(), network: builtInNetwork });
    keepBuiltIn(builtIn);
  } catch (error) {
    store.set({ ...store.get(), status: { kind: 'error', message: (error as Error).message } });
  }
  runs?.subscribe?.(() => void refreshChoices());
  void refreshChoices();
  const follow = (trained: TrainedState): void => {
    if (trained.status === 'ready' && trained.trained !== store.get().network) session.useNetwork(trained.trained, false);
  };
  /** The address's choice, once: the network it names if this page has it; else a note and the default. */
  const applyWanted = async (key: string, trained: TrainedState): Promise<void> => {
    if (trained.status === 'ready' && trained.trained.ref.kind === 'file') fileNetwork = trained.trained;
    if (key === 'builtin') {
      if (builtInNetwork) {
        if (!store.get().builtIn || store.get().network !== builtInNetwork) session.useNetwork(builtInNetwork, true);
        void refreshChoices();
      } else {
        note('The link asks for the site’s own network, which this page does not show, so it shows your newest run.');
        follow(trained);
      }
      return;
    }
    if (key === 'file') {
      if (fileNetwork) session.useNetwork(fileNetwork, false);
      else {
        note('The link asks for a weights file, but none is loaded in this tab (a file stays in the tab that loaded it), so the matrix shows the default.');
        follow(trained);
      }
      return;
    }
    const id = key.slice(4);
    const found = runs ? await runs.byId(id).catch(() => null) : null;
    if (found) session.useNetwork(found, false);
    else {
      note(`The link names a run of the lab (${id.slice(0, 40)}) that is not in this browser’s run history (runs are kept only in the browser that trained them), so the matrix shows the default.`);
      follow(trained);
    }
  };
  trainedState().subscribe((trained) => {
    if (trained.status === 'looking') return;
    if (wanted !== null) {
      const key = wanted;
      wanted = null;
      void applyWanted(key, trained);
      return;
    }
    follow(trained);
  });
  loadDataset('test', { onProgress: ({ loaded, total }) => store.get().status.kind === 'loading' && store.set({ ...store.get(), status: { kind: 'loading', loaded, total } }) })
    .then((test) => {
      store.set({ ...store.get(), test });
      void run();
    })
    .catch((error: Error) => store.set({ ...store.get(), status: { kind: 'error', message: `Could not load the test digits: ${error.message}` } }));
  return session;
}
