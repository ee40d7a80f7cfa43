/**
 * The lab's run history: every finished, stopped or diverged run with its settings, curves, final
 * test evaluation and trained weights, kept in IndexedDB (through `idb`) so it survives a reload.
 * Records are validated whenever they are read: a damaged or foreign record is skipped with a
 * note, never a crash. Runs export to and import from one JSON document (weights in the core's
 * weights format, so `npm run trace -- --weights` reads them too).
 *
 * For other widgets (the mistakes gallery, the step-through's "weights from a run"):
 * `openRunStore()` then `list()` (newest first, without weights: `net` is null and `hasWeights`
 * says whether `get(id)` has them) or `get(id)` (the whole record: `net` is the trained network,
 * null if the run diverged); `evaluation` is the test-set confusion matrix, mistakes and their
 * confidence. Weights live in their own object store so listing the history stays cheap. `subscribe` tells when the history changed (also from another tab).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { BackendName } from '../nn/backends/backend.ts';
import type { Network } from '../nn/network.ts';
import { checkNetwork, MAX_HIDDEN_LAYERS, weightsFromJson, weightsToJson, type WeightsDocument } from '../nn/serialize.ts';
import type { EpochResult, LearningRateChange } from '../nn/trainer.ts';
import type { BatchPoints, LabEvaluation, RunConfig } from '../train/protocol.ts';

/** One run as the history keeps it. */
export interface RunRecord {
  /** Unique key, e.g. "run-1732262400000-3". */
  id: string;
  /** The learner's name for it (defaults to a description of the settings). */
  name: string;
  /** When the run ended, ms since 1970. */
  createdAt: number;
  status: 'completed' | 'stopped' | 'diverged';
  config: RunConfig;
  backend: BackendName;
  curves: {
    /** Loss per batch, thinned to at most CURVE_POINTS points. */
    batches: BatchPoints;
    /** One entry per finished epoch, with the samples seen at its end (the curve's x). */
    epochs: (EpochResult & { samplesSeen: number })[];
    changes: LearningRateChange[];
    /** Where the loss blew up, if it did. */
    diverged: { samplesSeen: number; loss: number; reason: string; suggestion: string } | null;
  };
  /** Test accuracy at the end (null if the run diverged before any evaluation). */
  finalAccuracy: number | null;
  evaluation: LabEvaluation | null;
  /** The trained weights; null for a diverged run, and in the summaries `list()` returns. */
  net: Network | null;
  /** Set on the summaries `list()` returns: whether `get(id)` has weights. */
  hasWeights?: boolean;
  /** Time spent training (pauses excluded). */
  trainSeconds: number;
}

/** The `format` of an exported history. */
export const RUNS_FORMAT = 'stepwise-runs';
export const RUNS_VERSION = 1;
/** Most points a stored loss curve keeps. */
export const CURVE_POINTS = 4000;
const DB_NAME = 'stepwise-lab';
const STORE = 'runs';

/** Where records live: IndexedDB in the page, a Map in tests. */
export interface RecordBackend {
  /** Every record without its weights (`net` null, `hasWeights` set). */
  getAll(): Promise<unknown[]>;
  get(id: string): Promise<unknown>;
  put(record: RunRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

export function memoryBackend(initial: unknown[] = []): RecordBackend & { records: Map<string, unknown> } {
  const records = new Map<string, unknown>();
  initial.forEach((r, k) => records.set(String((r as { id?: unknown } | null)?.id ?? `raw-${k}`), r));
  return {
    records,
    getAll: async () =>
      [...records.values()].map((r) => {
        const copy = structuredClone(r) as Record<string, unknown> | null;
        return copy && typeof copy === 'object' && 'net' in copy ? { ...copy, net: null, hasWeights: copy.net !== null } : copy;
      }),
    get: async (id) => structuredClone(records.get(id)),
    put: async (record) => void records.set(record.id, structuredClone(record)),
    delete: async (id) => void records.delete(id),
  };
}

const WEIGHTS = 'weights';

export function indexedDbBackend(): RecordBackend {
  let db: Promise<IDBPDatabase> | null = null;
  const open = (): Promise<IDBPDatabase> =>
    (db ??= openDB(DB_NAME, 2, {
      upgrade(database, oldVersion, _newVersion, transaction) {
        if (!database.objectStoreNames.contains(STORE)) database.createObjectStore(STORE, { keyPath: 'id' });
        if (!database.objectStoreNames.contains(WEIGHTS)) database.createObjectStore(WEIGHTS);
        // Version 1 kept the weights inside each run: move them to their own store.
        if (oldVersion === 1) {
          const runs = transaction.objectStore(STORE);
          const weights = transaction.objectStore(WEIGHTS);
          void (async () => {
            for (let cursor = await runs.openCursor(); cursor; cursor = await cursor.continue()) {
              const value = cursor.value as { id?: unknown; net?: unknown; hasWeights?: unknown } | null;
              if (!value || typeof value !== 'object' || value.hasWeights !== undefined || typeof value.id !== 'string') continue;
              if (value.net) await weights.put(value.net, value.id);
              await cursor.update({ ...value, net: null, hasWeights: Boolean(value.net) });
            }
          })();
        }
      },
    }));
  return {
    getAll: async () => (await open()).getAll(STORE),
    async get(id) {
      const database = await open();
      const summary = (await database.get(STORE, id)) as Record<string, unknown> | undefined;
      if (!summary) return undefined;
      const { hasWeights: _, ...rest } = summary;
      return { ...rest, net: summary.hasWeights ? ((await database.get(WEIGHTS, id)) ?? null) : (summary.net ?? null) };
    },
    async put(record) {
      const database = await open();
      const tx = database.transaction([STORE, WEIGHTS], 'readwrite');
      const { net, ...rest } = record;
      await Promise.all([
        tx.objectStore(STORE).put({ ...rest, net: null, hasWeights: net !== null }),
        net ? tx.objectStore(WEIGHTS).put(net, record.id) : tx.objectStore(WEIGHTS).delete(record.id),
        tx.done,
      ]);
    },
    async delete(id) {
      const database = await open();
      const tx = database.transaction([STORE, WEIGHTS], 'readwrite');
      await Promise.all([tx.objectStore(STORE).delete(id), tx.objectStore(WEIGHTS).delete(id), tx.done]);
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isNumber);

/** Checks a record read from storage or a file; throws a RangeError naming the first problem. */
export function validateRunRecord(value: unknown): RunRecord {
  const fail = (problem: string): never => {
    throw new RangeError(problem);
  };
  if (!isObject(value)) fail('it is not an object');
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 100) fail('its id is missing');
  if (typeof r.name !== 'string' || r.name.length > 200) fail('its name is missing or too long');
  if (!isNumber(r.createdAt) || !Number.isFinite(r.createdAt)) fail('its date is missing');
  if (r.status !== 'completed' && r.status !== 'stopped' && r.status !== 'diverged') fail(`its status ${JSON.stringify(r.status)} is unknown`);
  const c = r.config as Record<string, unknown>;
  if (!isObject(c)) fail('its settings are missing');
  if (!isNumberArray(c.hidden) || c.hidden.length > MAX_HIDDEN_LAYERS) fail('its hidden layers are not a short list of numbers');
  if (!isObject(c.optimizer) || !isNumber((c.optimizer as Record<string, unknown>).learningRate)) fail('its optimizer is missing');
  for (const key of ['seed', 'batchSize', 'epochs', 'trainSize'] as const) if (!isNumber(c[key])) fail(`its ${key} is not a number`);
  if (typeof c.activation !== 'string' || typeof c.schedule !== 'string') fail('its activation or schedule is missing');
  if (r.backend !== 'ts' && r.backend !== 'wasm') fail('its backend is unknown');
  const curves = r.curves as Record<string, unknown>;
  if (!isObject(curves)) fail('its curves are missing');
  const batches = curves.batches as Record<string, unknown>;
  if (!isObject(batches) || !isNumberArray(batches.samplesSeen) || !isNumberArray(batches.loss) || batches.samplesSeen.length !== batches.loss.length) {
    fail('its loss curve is damaged');
  }
  if (!Array.isArray(curves.epochs) || !curves.epochs.every((e) => isObject(e) && isNumber(e.epoch) && isNumber(e.loss) && isNumber(e.samplesSeen))) fail('its epoch results are damaged');
  if (!Array.isArray(curves.changes) || !curves.changes.every((e) => isObject(e) && isNumber(e.samplesSeen) && isNumber(e.learningRate))) fail('its learning-rate changes are damaged');
  if (curves.diverged !== null && !(isObject(curves.diverged) && isNumber(curves.diverged.samplesSeen))) fail('its divergence mark is damaged');
  if (r.finalAccuracy !== null && !isNumber(r.finalAccuracy)) fail('its final accuracy is not a number');
  const e = r.evaluation as Record<string, unknown> | null;
  if (e !== null) {
    if (!isObject(e) || !isNumber(e.accuracy) || !Array.isArray(e.confusion) || !e.confusion.every(isNumberArray)) fail('its evaluation is damaged');
    if (!isNumberArray(e.misclassified) || !isNumberArray(e.predicted) || !isNumberArray(e.confidence)) fail('its list of mistakes is damaged');
    const { misclassified, predicted, confidence } = e as unknown as LabEvaluation;
    if (predicted.length !== misclassified.length || confidence.length !== misclassified.length) fail('its list of mistakes is damaged');
  }
  if (r.net !== null) {
    if (!isObject(r.net)) fail('its weights are damaged');
    try {
      // The same checks as an imported weights file (784 in, 10 out, bounded, finite).
      checkNetwork(r.net);
    } catch (error) {
      fail(`its weights are damaged (${(error as Error).message})`);
    }
  }
  if (!isNumber(r.trainSeconds)) fail('its training time is missing');
  if (r.hasWeights !== undefined && typeof r.hasWeights !== 'boolean') fail('its weights flag is damaged');
  return value as unknown as RunRecord;
}

/** Keeps at most `max` points of a curve, evenly spaced (always the last one). */
export function thinCurve(points: BatchPoints, max = CURVE_POINTS): BatchPoints {
  const n = points.loss.length;
  if (n <= max) return { samplesSeen: [...points.samplesSeen], loss: [...points.loss] };
  const out: BatchPoints = { samplesSeen: [], loss: [] };
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (n - 1)) / (max - 1));
    out.samplesSeen.push(points.samplesSeen[i]);
    out.loss.push(points.loss[i]);
  }
  return out;
}

/** A run's settings in a few words: "SGD η 0.1, 128 relu, batch 64, 3 epochs". */
export function describeConfig(c: RunConfig): string {
  const optimizer = { sgd: 'SGD', momentum: 'Momentum', adam: 'Adam' }[c.optimizer.name] ?? c.optimizer.name;
  return `${optimizer} η ${c.optimizer.learningRate}, ${c.hidden.join('-') || 'no hidden'} ${c.activation}, batch ${c.batchSize}, ${c.epochs} epoch${c.epochs === 1 ? '' : 's'}`;
}

/** The exported document: runs with weights in the core's weights format. */
interface RunsDocument {
  format: typeof RUNS_FORMAT;
  version: number;
  runs: (Omit<RunRecord, 'net'> & { weights: WeightsDocument | null })[];
}

/** A run's per-epoch metrics as CSV (one row per epoch). */
export function runMetricsCsv(record: RunRecord): string {
  const head = 'epoch,samples_seen,train_loss,train_accuracy,test_loss,test_accuracy,seconds,samples_per_second';
  const cell = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '' : String(v));
  const rows = record.curves.epochs.map((e) =>
    [e.epoch, e.samplesSeen, e.loss, e.trainAccuracy, e.testLoss, e.testAccuracy, e.seconds, e.samplesPerSecond].map(cell).join(','),
  );
  return `${[head, ...rows].join('\n')}\n`;
}

export interface RunStore {
  /** Every readable run, newest first; `notes` says which records were skipped and why. */
  list(): Promise<{ runs: RunRecord[]; notes: string[] }>;
  /** One run, or null if it is missing or damaged. */
  get(id: string): Promise<RunRecord | null>;
  put(record: RunRecord): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** The runs with these ids (all when omitted) as one JSON document. */
  exportJson(ids?: string[]): Promise<string>;
  /** Adds the runs of an exported document; damaged runs are skipped with a note. Throws only if the whole file is unreadable. */
  importJson(text: string): Promise<{ imported: number; notes: string[] }>;
  /** Called after every change made through any store on this page (or another tab). */
  subscribe(listener: () => void): () => void;
}

let idCounter = 0;
/** A new run id (time plus a counter: unique within a page, ordered by creation). */
export function newRunId(now = Date.now()): string {
  idCounter = (idCounter + 1) % 1000;
  return `run-${now}-${idCounter}`;
}

const CHANNEL = 'stepwise-runs';

export function openRunStore(backend: RecordBackend = indexedDbBackend()): RunStore {
  const listeners = new Set<() => void>();
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  if (channel) channel.onmessage = notify;
  const changed = (): void => {
    notify();
    channel?.postMessage('changed');
  };
  const describe = (raw: unknown): string => {
    const r = raw as { name?: unknown; id?: unknown } | null;
    return typeof r?.name === 'string' ? `"${r.name.slice(0, 60)}"` : typeof r?.id === 'string' ? r.id.slice(0, 60) : 'a record';
  };

  const store: RunStore = {
    async list() {
      const notes: string[] = [];
      const runs: RunRecord[] = [];
      let raw: unknown[] = [];
      try {
        raw = await backend.getAll();
      } catch (error) {
        return { runs, notes: [`The run history could not be read (${(error as Error).message}); runs will not be kept.`] };
      }
      for (const value of raw) {
        try {
          runs.push(validateRunRecord(value));
        } catch (error) {
          notes.push(`A saved run (${describe(value)}) is damaged and was skipped: ${(error as Error).message}.`);
        }
      }
      runs.sort((a, b) => b.createdAt - a.createdAt);
      return { runs, notes };
    },
    async get(id) {
      try {
        return validateRunRecord(await backend.get(id));
      } catch {
        return null;
      }
    },
    async put(record) {
      const { hasWeights: _, ...rest } = validateRunRecord(record);
      await backend.put(rest);
      changed();
    },
    async rename(id, name) {
      const record = await store.get(id);
      const trimmed = name.trim().slice(0, 200);
      if (!record || !trimmed) return;
      const { hasWeights: _, ...rest } = record;
      await backend.put({ ...rest, name: trimmed });
      changed();
    },
    async remove(id) {
      await backend.delete(id);
      changed();
    },
    async exportJson(ids) {
      const { runs } = await store.list();
      const chosen = ids ? runs.filter((r) => ids.includes(r.id)) : runs;
      const full: RunRecord[] = [];
      for (const summary of chosen) {
        const record = await store.get(summary.id);
        if (record) full.push(record);
      }
      const doc: RunsDocument = {
        format: RUNS_FORMAT,
        version: RUNS_VERSION,
        runs: full.map(({ net, hasWeights: _, ...rest }) => ({ ...rest, weights: net ? weightsToJson(net) : null })),
      };
      return JSON.stringify(doc);
    },
    async importJson(text) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (error) {
        throw new RangeError(`This file is not valid JSON (${(error as Error).message}).`);
      }
      const d = doc as Partial<RunsDocument> | null;
      if (!isObject(d) || d.format !== RUNS_FORMAT) throw new RangeError(`This is not an exported run history (its format should be "${RUNS_FORMAT}").`);
      if (d.version !== RUNS_VERSION) throw new RangeError(`This run history is version ${JSON.stringify(d.version)}; this site reads version ${RUNS_VERSION}.`);
      if (!Array.isArray(d.runs)) throw new RangeError('This run history has no list of runs.');
      const notes: string[] = [];
      let imported = 0;
      for (const entry of d.runs as unknown[]) {
        try {
          if (!isObject(entry)) throw new RangeError('it is not an object');
          const { weights, hasWeights: _, ...rest } = entry;
          const net = weights === null || weights === undefined ? null : weightsFromJson(weights);
          const record = validateRunRecord({ ...rest, net });
          await backend.put(record);
          imported++;
        } catch (error) {
          notes.push(`A run in the file (${describe(entry)}) was skipped: ${(error as Error).message}.`);
        }
      }
      if (imported > 0) changed();
      return { imported, notes };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}
