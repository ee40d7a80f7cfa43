/**
 * The mistakes lesson's session (mistakesSession) driven through its public API in Node: the test
 * digits' download is scripted (load-browser is mocked), the lab's run history is a stand-in
 * (registerRunSource), the tab's storage and the address are stubbed globals. Each test imports a
 * fresh copy of the modules, as the sessions and the trained-network store are per page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../src/data/dataset.ts';
import type { LoadProgress } from '../../src/data/load-browser.ts';
import { loadSample } from '../../src/data/load-node.ts';
import { createNetwork, evaluate, type Network } from '../../src/nn/index.ts';
import type { MistakesState } from '../../src/state/mistakes.ts';
import type { RunSource, TrainedNetwork } from '../../src/state/trained.ts';

interface Load {
  name: string;
  onProgress?: (p: LoadProgress) => void;
  finish: (set: Dataset) => void;
  fail: (error: Error) => void;
}
const loads: Load[] = [];
vi.mock('../../src/data/load-browser.ts', () => ({
  loadDataset: (name: string, options: { onProgress?: (p: LoadProgress) => void }) =>
    new Promise((resolve, reject) => loads.push({ name, onProgress: options.onProgress, finish: resolve, fail: reject })),
}));

const digitNet = (seed: number): Network => createNetwork({ sizes: [784, 4, 10], activation: 'relu', seed });
const runNet = (id: string, seed: number): TrainedNetwork => ({ net: digitNet(seed), source: `run “${id}” of the lab`, ref: { kind: 'run', id } });

/** A stand-in for the lab's run history: its runs newest first; `changed()` tells the subscribers. */
function fakeRuns(entries: TrainedNetwork[]) {
  const listeners = new Set<() => void>();
  const byIdCalls: string[] = [];
  const source = {
    entries,
    byIdCalls,
    latest: async () => entries[0] ?? null,
    byId: async (id: string) => {
      byIdCalls.push(id);
      return entries.find((e) => e.ref.kind === 'run' && e.ref.id === id) ?? null;
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    list: async () => entries.map((e) => ({ id: (e.ref as { id: string }).id, label: `listed ${(e.ref as { id: string }).id}` })),
    changed: () => listeners.forEach((l) => l()),
  };
  return source;
}

/** A Map-backed sessionStorage. */
function fakeStorage(entries: [string, string][] = []) {
  const map = new Map(entries);
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

/** An address the session reads and rewrites; replaceState updates `search` as a browser would. */
function fakeAddress(search: string) {
  const location = { search, pathname: '/lessons/mistakes/', hash: '#matrix' };
  const calls: unknown[][] = [];
  const history = {
    state: { kept: 1 },
    replaceState: (...args: unknown[]) => {
      calls.push(args);
      location.search = new URL(String(args[2]), 'https://example.org').search;
    },
  };
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', history);
  return { location, calls };
}

async function fresh(runs: RunSource | null = null) {
  vi.resetModules();
  const trained = await import('../../src/state/trained.ts');
  const mistakes = await import('../../src/state/mistakes.ts');
  trained.registerRunSource(runs);
  return { ...trained, ...mistakes };
}

/** Every state the store takes from now on. */
function record(store: { subscribe(l: (s: MistakesState) => void): () => void }): MistakesState[] {
  const states: MistakesState[] = [];
  store.subscribe((s) => states.push(s));
  states.length = 0;
  return states;
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 4000, interval: 2 });
const settle = async (rounds = 10) => {
  for (let k = 0; k < rounds; k++) await new Promise((done) => setTimeout(done, 0));
};
const keys = (s: MistakesState) => s.choices.map((c) => c.key);

beforeEach(() => {
  loads.length = 0;
  // A constant clock: every slice of the evaluation is sized the same way on any machine.
  vi.spyOn(performance, 'now').mockReturnValue(0);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the mistakes session: the built-in network, the download, the evaluation', () => {
  it('starts loading with the built-in network shown, keeps its record for the tab, and one name is one session', async () => {
    const storage = fakeStorage();
    vi.stubGlobal('sessionStorage', storage);
    const m = await fresh();
    const builtIn = digitNet(1);
    const record0 = m.storeWeights(builtIn, 'the site’s net');
    const session = m.mistakesSession('mistakes', record0);
    const state = session.store.get();
    expect(state).toMatchObject({ builtIn: true, status: { kind: 'loading', loaded: 0, total: 0 }, test: null, results: null, cell: null, notes: [] });
    expect(m.BUILT_IN_LABEL).toBe('the site’s own network (trained when the site was built)');
    expect(m.choiceKey(null)).toBe('');
    expect(m.choiceKey(state.network)).toBe('builtin');
    expect(state.network!.source).toBe('the site’s net');
    expect(state.network!.ref).toEqual({ kind: 'builtin' });
    expect(Array.from(state.network!.net.layers[1].W)).toEqual(Array.from(builtIn.layers[1].W, Math.fround));
    expect(storage.map.get(m.SESSION_BUILTIN_KEY)).toBe(JSON.stringify(record0));
    expect(m.mistakesSession('mistakes', undefined)).toBe(session);
    expect(m.mistakesSession('other', undefined)).not.toBe(session);
    await until(() => expect(session.store.get().choices).toEqual([{ key: 'builtin', label: m.BUILT_IN_LABEL }]));

    expect(loads.map((l) => l.name)).toEqual(['test', 'test']);
    loads[0].onProgress!({ loaded: 5, total: 10 });
    expect(session.store.get().status).toEqual({ kind: 'loading', loaded: 5, total: 10 });
    const sample = loadSample();
    loads[0].finish(sample);
    await until(() => expect(session.store.get().status).toEqual({ kind: 'ready' }));
    const { test, results } = session.store.get();
    expect(test).toBe(sample);
    const whole = evaluate(session.store.get().network!.net, sample);
    expect(results!.misclassified).toEqual(whole.misclassified);
    expect(results!.confusion).toEqual(whole.confusion);
    // Progress arriving after the download ended changes nothing.
    loads[0].onProgress!({ loaded: 10, total: 10 });
    expect(session.store.get().status).toEqual({ kind: 'ready' });
  });

  it('evaluates slice by slice, saying how far it is; a newer network overrides an older one’s evaluation', async () => {
    const m = await fresh();
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    const sample = loadSample();
    loads[0].finish(sample);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    const states = record(session.store);
    const a = runNet('a', 2);
    const b = runNet('b', 3);
    // 784·4 + 4·10 = 3,176 weights: a first slice of ⌊5e6 / 3176 / 8⌋ = 196 digits covers all 100.
    session.useNetwork(a, false);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    expect(states.map((s) => s.status)).toContainEqual({ kind: 'evaluating', done: 0, total: 100 });
    expect(states.map((s) => s.status)).toContainEqual({ kind: 'evaluating', done: 100, total: 100 });
    expect(states.find((s) => s.status.kind === 'evaluating')!.results).toBeNull();
    expect(session.store.get().results!.predictions).toEqual(evaluate(a.net, sample).predictions);

    // Two networks in a row: only the second one's results and progress are ever shown.
    states.length = 0;
    session.useNetwork(a, false);
    session.useNetwork(b, false);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    await settle();
    const expected = evaluate(b.net, sample).predictions;
    const ready = states.filter((s) => s.status.kind === 'ready' && s.network === b);
    expect(ready.length).toBeGreaterThan(0);
    for (const s of ready) expect(s.results!.predictions).toEqual(expected);
  });

  it('a large network is evaluated in several slices; an older network’s later slices do not report progress', async () => {
    const m = await fresh();
    const session = m.mistakesSession('mistakes', undefined);
    const sample = loadSample();
    loads[0].finish(sample);
    await settle();
    const states = record(session.store);
    // 784·400 + 400·10 weights: a first slice of 10 digits, then at most twice the last (20, 40, 30).
    const big = (seed: number, id: string): TrainedNetwork => ({ net: createNetwork({ sizes: [784, 400, 10], activation: 'relu', seed }), source: id, ref: { kind: 'run', id } });
    session.useNetwork(big(1, 'a'), false);
    session.useNetwork(big(2, 'b'), false);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    // Each status once (other changes, such as the choices, repeat the status they keep).
    const statuses = states.map((s) => s.status).filter((status, k, all) => status !== all[k - 1]);
    const progress = statuses.flatMap((status) => (status.kind === 'evaluating' ? [status.done] : []));
    expect(progress).toEqual([0, 10, 0, 10, 30, 70, 100]);
  });

  it('an older network’s evaluation stops when a newer one starts (no more of its slices run)', async () => {
    const m = await fresh();
    const session = m.mistakesSession('mistakes', undefined);
    loads[0].finish(loadSample());
    await settle();
    // Count the evaluation's reads of the older network once the newer one is chosen.
    let replaced = false;
    let readsAfter = 0;
    const net = createNetwork({ sizes: [784, 400, 10], activation: 'relu', seed: 1 });
    const watched = new Proxy(net, { get: (target, key, receiver) => { if (replaced && key === 'layers') readsAfter++; return Reflect.get(target, key, receiver); } });
    session.useNetwork({ net: watched, source: 'a', ref: { kind: 'run', id: 'a' } }, false);
    replaced = true;
    session.useNetwork({ net: createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 2 }), source: 'b', ref: { kind: 'run', id: 'b' } }, false);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    await settle();
    expect(readsAfter).toBe(0);
  });

  it('an evaluation that throws shows its message, unless a newer network replaced it', async () => {
    const m = await fresh();
    const session = m.mistakesSession('mistakes', undefined);
    loads[0].finish(loadSample());
    await settle();
    const broken = runNet('broken', 4);
    Object.defineProperty(broken.net, 'layers', { get: () => { throw new Error('broken weights'); } });
    const states = record(session.store);
    session.useNetwork(broken, false);
    session.useNetwork(runNet('good', 5), false);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    await settle();
    expect(states.some((s) => s.status.kind === 'error')).toBe(false);
    session.useNetwork(broken, false);
    await until(() => expect(session.store.get().status).toEqual({ kind: 'error', message: 'broken weights' }));
  });

  it('a damaged built-in record is an error and no choice; a failed download says so', async () => {
    const m = await fresh();
    const session = m.mistakesSession('mistakes', { v: 2 });
    expect(session.store.get()).toMatchObject({ network: null, status: { kind: 'error', message: 'These weights cannot be loaded: the saved copy of the weights is damaged.' } });
    await settle();
    expect(session.store.get().choices).toEqual([]);
    // The test digits arrive but there is no network: nothing to evaluate, the error stays.
    loads[0].finish(loadSample());
    await settle();
    expect(session.store.get().status.kind).toBe('error');
    expect(session.store.get().test).not.toBeNull();

    const other = m.mistakesSession('other', undefined);
    loads[1].onProgress!({ loaded: 1, total: 2 });
    loads[1].fail(new Error('the server answered 404'));
    await settle();
    expect(other.store.get().status).toEqual({ kind: 'error', message: 'Could not load the test digits: the server answered 404' });
  });
});

describe('the mistakes session: the learner’s networks and the chooser', () => {
  it('follows the learner’s newest run, lists the built-in, the runs and a loaded file, and switches between them', async () => {
    const r1 = runNet('r1', 2);
    const runs = fakeRuns([r1]);
    const m = await fresh(runs);
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    // No choices until the history has answered.
    expect(session.store.get().choices).toEqual([]);
    await until(() => expect(session.store.get().network).toBe(r1));
    expect(session.store.get().builtIn).toBe(false);
    await until(() => expect(session.store.get().choices).toEqual([{ key: 'builtin', label: m.BUILT_IN_LABEL }, { key: 'run:r1', label: 'listed r1' }]));

    session.selectCell({ truth: 4, predicted: 9 });
    expect(session.store.get().cell).toEqual({ truth: 4, predicted: 9 });
    await session.choose('builtin');
    expect(session.store.get()).toMatchObject({ builtIn: true, cell: null });
    expect(session.store.get().network!.ref).toEqual({ kind: 'builtin' });
    await session.choose('run:r1');
    expect(session.store.get().network).toBe(r1);
    expect(session.store.get().builtIn).toBe(false);
    expect(runs.byIdCalls).toEqual(['r1']);
    // The network shown already, an unknown run, an unknown key: nothing happens.
    await session.choose('run:r1');
    await session.choose('run:nope');
    await session.choose('file');
    await session.choose('nonsense');
    expect(runs.byIdCalls).toEqual(['r1', 'nope']);
    expect(session.store.get().network).toBe(r1);

    const file: TrainedNetwork = { net: digitNet(6), source: 'weights file “f.json”', ref: { kind: 'file' } };
    session.useNetwork(file, false);
    await until(() => expect(keys(session.store.get())).toEqual(['builtin', 'run:r1', 'file']));
    expect(session.store.get().choices[2].label).toBe('weights file “f.json”');
    await session.choose('builtin');
    // The file stays a choice once another network is shown (after the history has answered again).
    await settle();
    expect(keys(session.store.get())).toEqual(['builtin', 'run:r1', 'file']);
    await session.choose('file');
    expect(session.store.get().network).toBe(file);
    expect(session.store.get().builtIn).toBe(false);
    // With a file loaded, a run is still chosen by its key.
    await session.choose('run:r1');
    expect(session.store.get().network).toBe(r1);
  });

  it('a history without change notices or a listing still gives its runs by id', async () => {
    const r1 = runNet('r1', 2);
    const m = await fresh({ latest: async () => null, byId: async (id) => (id === 'r1' ? r1 : null) });
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(keys(session.store.get())).toEqual(['builtin']));
    await session.choose('run:r1');
    expect(session.store.get().network).toBe(r1);
    await until(() => expect(keys(session.store.get())).toEqual(['builtin', 'run:r1']));
  });

  it('refreshes the choices when the history changes; a stale or failed listing never wins; the network shown is always a choice', async () => {
    const r1 = runNet('r1', 2);
    const runs = fakeRuns([r1]);
    const gates: { entries: TrainedNetwork[]; open: () => void }[] = [];
    let gated = false;
    const list = runs.list;
    runs.list = async () => {
      if (!gated) return list();
      const entries = [...runs.entries];
      await new Promise<void>((open) => gates.push({ entries, open }));
      return entries.map((e) => ({ id: (e.ref as { id: string }).id, label: `listed ${(e.ref as { id: string }).id}` }));
    };
    const m = await fresh(runs);
    const session = m.mistakesSession('mistakes', undefined);
    await until(() => expect(keys(session.store.get())).toEqual(['run:r1']));
    // A run kept at the end of the history (not the newest, so the page keeps its network).
    runs.entries.push(runNet('r2', 3));
    runs.changed();
    await until(() => expect(keys(session.store.get())).toEqual(['run:r1', 'run:r2']));

    gated = true;
    runs.changed(); // lists [r1, r2] …
    runs.entries.pop();
    runs.changed(); // … then [r1]: the later listing answers first, the earlier one must not win
    await until(() => expect(gates.length).toBeGreaterThanOrEqual(2));
    gates.at(-1)!.open();
    await settle();
    for (const gate of gates.slice(0, -1)) gate.open();
    await settle();
    expect(keys(session.store.get())).toEqual(['run:r1']);

    gated = false;
    runs.list = async () => { throw new Error('storage refused'); };
    runs.changed();
    // The listing failed: no runs listed, but the network shown (r1) is still a choice, under its own name.
    await until(() => expect(session.store.get().choices).toEqual([{ key: 'run:r1', label: 'run “r1” of the lab' }]));
    // A run named elsewhere (not in the listing) is shown: it is a choice under its own name.
    runs.list = list;
    const r9 = runNet('r9', 9);
    session.useNetwork(r9, false);
    await until(() => expect(session.store.get().choices).toEqual([{ key: 'run:r1', label: 'listed r1' }, { key: 'run:r9', label: 'run “r9” of the lab' }]));
  });

  it('keeps the network shown when the learner’s network is announced again; none keeps the built-in', async () => {
    const m = await fresh();
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    loads[0].finish(loadSample());
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    expect(m.trainedState().get().status).toBe('none');
    expect(session.store.get().builtIn).toBe(true);
    const r1 = runNet('r1', 2);
    m.trainedState().set({ status: 'ready', trained: r1 });
    expect(session.store.get().network).toBe(r1);
    await until(() => expect(session.store.get().status.kind).toBe('ready'));
    const states = record(session.store);
    m.trainedState().set({ status: 'ready', trained: r1 });
    await settle();
    expect(states).toEqual([]);
  });

  it('a page without runs (no history) lists only its built-in network and ignores run keys', async () => {
    const m = await fresh(null);
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(keys(session.store.get())).toEqual(['builtin']));
    await session.choose('run:r1');
    expect(session.store.get().network!.ref).toEqual({ kind: 'builtin' });
  });
});

describe('the mistakes session: the network choice in the address', () => {
  it('a link to the built-in network keeps it shown although the learner has a run, and keeps the selected cell', async () => {
    fakeAddress('?mistakes.net=builtin');
    const m = await fresh(fakeRuns([runNet('r1', 2)]));
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    session.selectCell({ truth: 3, predicted: 5 });
    await until(() => expect(keys(session.store.get())).toEqual(['builtin', 'run:r1']));
    await settle();
    expect(session.store.get()).toMatchObject({ builtIn: true, cell: { truth: 3, predicted: 5 }, notes: [] });
    expect(session.store.get().network!.ref).toEqual({ kind: 'builtin' });
    expect(location.search).toBe('?mistakes.net=builtin');
  });

  it('a link to the built-in network on a page without one: a note, the learner’s run, and the address drops the choice', async () => {
    const address = fakeAddress('?a=1&mistakes.net=builtin');
    const r1 = runNet('r1', 2);
    const m = await fresh(fakeRuns([r1]));
    const session = m.mistakesSession('mistakes', undefined);
    await until(() => expect(session.store.get().network).toBe(r1));
    expect(session.store.get().notes).toEqual(['The link asks for the site’s own network, which this page does not show, so it shows your newest run.']);
    expect(address.calls).toEqual([[{ kept: 1 }, '', '/lessons/mistakes/?a=1#matrix']]);
  });

  it('a link to the built-in network wins over a network shown before the page found the learner’s networks', async () => {
    for (const flag of [false, true]) {
      fakeAddress('?mistakes.net=builtin');
      const m = await fresh(null);
      const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
      // Shown as another network, or (through the public API) as if it were the built-in one.
      const other = runNet('x', 3);
      session.useNetwork(other, flag);
      await until(() => expect(session.store.get().network).not.toBe(other));
      expect(session.store.get()).toMatchObject({ builtIn: true, network: { ref: { kind: 'builtin' } } });
    }
  });

  it('a link to a loaded file shows the tab’s file; without one, a note and the default', async () => {
    const m0 = await fresh();
    const stored = JSON.stringify(m0.storeWeights(digitNet(7), 'weights file “f.json”'));
    vi.stubGlobal('sessionStorage', fakeStorage([[m0.SESSION_WEIGHTS_KEY, stored]]));
    fakeAddress('?mistakes.net=file');
    let m = await fresh(fakeRuns([runNet('r1', 2)]));
    let session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(session.store.get().network!.ref).toEqual({ kind: 'file' }));
    await until(() => expect(keys(session.store.get())).toEqual(['builtin', 'run:r1', 'file']));
    expect(session.store.get()).toMatchObject({ builtIn: false, notes: [] });
    expect(session.store.get().network!.source).toBe('weights file “f.json”');

    vi.stubGlobal('sessionStorage', fakeStorage());
    const address = fakeAddress('?mistakes.net=file');
    const r1 = runNet('r1', 2);
    m = await fresh(fakeRuns([r1]));
    session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(session.store.get().network).toBe(r1));
    expect(session.store.get().notes).toEqual(['The link asks for a weights file, but none is loaded in this tab (a file stays in the tab that loaded it), so the matrix shows the default.']);
    expect(address.location.search).toBe('');
  });

  it('a link to a run shows that run, not the newest; a run this browser lacks gives a note naming it (shortened)', async () => {
    fakeAddress('?mistakes.net=run:r1');
    const r1 = runNet('r1', 2);
    const r2 = runNet('r2', 3);
    let m = await fresh(fakeRuns([r2, r1]));
    let session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(session.store.get().network).toBe(r1));
    await settle();
    expect(session.store.get().network).toBe(r1);
    expect(session.store.get().builtIn).toBe(false);
    expect(session.store.get().notes).toEqual([]);

    const id = `x${'y'.repeat(60)}`;
    fakeAddress(`?mistakes.net=run:${id}`);
    m = await fresh(fakeRuns([r2]));
    session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(session.store.get().network).toBe(r2));
    expect(session.store.get().notes).toEqual([`The link names a run of the lab (${id.slice(0, 40)}) that is not in this browser’s run history (runs are kept only in the browser that trained them), so the matrix shows the default.`]);
    expect(location.search).toBe('');

    // No history at all, or one that fails to answer: the same note, the default stays.
    for (const runs of [null, { ...fakeRuns([]), byId: () => Promise.reject(new Error('refused')) }]) {
      fakeAddress('?mistakes.net=run:r1');
      m = await fresh(runs);
      session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
      await until(() => expect(session.store.get().notes).toHaveLength(1));
      expect(session.store.get().notes[0]).toMatch(/^The link names a run of the lab \(r1\)/);
      expect(session.store.get().builtIn).toBe(true);
    }
  });

  it('a refused value is noted and dropped from the address; the learner’s choice goes into it', async () => {
    const address = fakeAddress('?mistakes.net=zzz&b=2');
    const r1 = runNet('r1', 2);
    const runs = fakeRuns([r1]);
    const m = await fresh(runs);
    const session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    expect(session.store.get().notes).toEqual(['The link\'s network "zzz" is not one this page can show (builtin, file or run:<id>), so the matrix shows the default.']);
    expect(address.location.search).toBe('?b=2');
    await until(() => expect(session.store.get().network).toBe(r1));
    // A run whose id the address cannot carry: the address (without a choice) stays as it is, unwritten.
    runs.entries.push({ net: digitNet(8), source: 'odd', ref: { kind: 'run', id: 'a b' } });
    await session.choose('run:a b');
    expect(session.store.get().network!.source).toBe('odd');
    expect(address.calls).toHaveLength(1);
    await session.choose('builtin');
    expect(address.location.search).toBe('?b=2&mistakes.net=builtin');
    await session.choose('run:r1');
    expect(address.location.search).toBe('?b=2&mistakes.net=run%3Ar1');
    await session.choose('run:gone');
    expect(address.location.search).toBe('?b=2&mistakes.net=run%3Ar1');
    expect(address.calls).toHaveLength(3);
  });

  it('an address without a history to rewrite is read, never written; a history without an address is left alone', async () => {
    vi.stubGlobal('location', { search: '?mistakes.net=zzz', pathname: '/', hash: '' });
    let m = await fresh();
    let session = m.mistakesSession('mistakes', undefined);
    expect(session.store.get().notes).toHaveLength(1);
    vi.unstubAllGlobals();
    const calls: unknown[] = [];
    vi.stubGlobal('history', { state: null, replaceState: (...args: unknown[]) => calls.push(args) });
    m = await fresh(fakeRuns([runNet('r1', 2)]));
    session = m.mistakesSession('mistakes', m.storeWeights(digitNet(1), 'site'));
    await until(() => expect(session.store.get().network!.ref).toEqual({ kind: 'run', id: 'r1' }));
    await session.choose('builtin');
    expect(session.store.get().builtIn).toBe(true);
    expect(calls).toEqual([]);
  });
});

describe('yieldToPage', () => {
  it('yields through a message channel, or a timer where there is none', async () => {
    const { yieldToPage } = await import('../../src/state/mistakes.ts');
    let later = false;
    const done = yieldToPage().then(() => later);
    later = true;
    expect(await done).toBe(true);
    // A channel of its own, closed once it has delivered (no timer involved).
    const events: string[] = [];
    class Channel {
      port1 = { onmessage: null as null | (() => void), close: () => events.push('close') };
      port2 = { postMessage: () => setTimeout(() => this.port1.onmessage?.(), 0) };
    }
    vi.stubGlobal('MessageChannel', Channel);
    const timer = vi.spyOn(globalThis, 'setTimeout');
    await yieldToPage();
    expect(events).toEqual(['close']);
    expect(timer).toHaveBeenCalledTimes(1);
    timer.mockClear();
    vi.stubGlobal('MessageChannel', undefined);
    await yieldToPage();
    expect(timer).toHaveBeenCalledWith(expect.any(Function), 0);
  });
});
