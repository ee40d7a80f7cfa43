/**
 * The page's session registry (src/state/registry.ts) in Node: one session per name, the address
 * read once (digit, seed, η, step, selection, with notes for what cannot be used), the sample
 * digits fed in when they arrive (or an error when they fail), the autoplay clock, and the address
 * written back once the learner pauses (250 ms), or at once when the page is hidden. The sample
 * store and the bridge are stand-ins; location, history and the timers are fakes the test reads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createNetwork } from '../../src/nn/index.ts';
import type { SampleState } from '../../src/state/sample.ts';
import type { Store } from '../../src/state/store.ts';

// Each test gets its own sample store: sessions of earlier tests stay subscribed to theirs, so
// digits arriving here never wake them (they would write the address this test watches).
const current = vi.hoisted(() => ({ store: null as unknown as Store<SampleState> }));
vi.mock('../../src/state/sample.ts', () => ({ sampleState: () => current.store }));
vi.mock('../../src/state/bridge.ts', () => ({ connectBridge: vi.fn() }));

const { getSession, PLAY_INTERVAL, URL_DELAY } = await import('../../src/state/registry.ts');
const { connectBridge } = await import('../../src/state/bridge.ts');
const { createStore } = await import('../../src/state/store.ts');

let counter = 0;
/** A session name no other test used (the registry keeps every session of the "page"). */
const fresh = () => `r${++counter}`;

interface Page {
  location: { search: string; pathname: string; hash: string };
  history: { state: unknown; replaceState: ReturnType<typeof vi.fn> };
  listeners: Map<string, () => void>;
}

/** Fake location, history and addEventListener, as a page has them. */
function page(search: string): Page {
  const location = { search, pathname: '/lessons/backprop/', hash: '#steps' };
  const history = {
    state: { kept: true },
    replaceState: vi.fn((_state: unknown, _title: string, url: string) => {
      location.search = url.slice(location.pathname.length, url.length - location.hash.length);
    }),
  };
  const listeners = new Map<string, () => void>();
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', history);
  vi.stubGlobal('addEventListener', (type: string, listener: () => void) => listeners.set(type, listener));
  return { location, history, listeners };
}

const ready = () => current.store.set({ status: 'ready', sample: loadSample() });

/**
 * The common start of the address tests: fake timers, a new session on a page at `search(name)`,
 * the sample loaded.
 */
function started(search: (name: string) => string = () => '', config: Parameters<typeof getSession>[1] = {}) {
  vi.useFakeTimers();
  const name = fresh();
  const p = page(search(name));
  const s = getSession(name, config);
  ready();
  return { name, p, s };
}

beforeEach(() => {
  current.store = createStore<SampleState>({ status: 'loading', loaded: 0, total: 0 });
  vi.mocked(connectBridge).mockClear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('getSession', () => {
  it('creates a session once per name, from the page configuration; later calls get the same one', () => {
    const name = fresh();
    const a = getSession(name, { digit: 3, seed: 7, learningRate: 0.5 }, { url: false });
    expect(getSession(name, { digit: 9 })).toBe(a);
    expect(a.name).toBe(name);
    expect(a.store.get().config).toMatchObject({ digit: 3, seed: 7, learningRate: 0.5 });
    expect(getSession(fresh(), { digit: 3 }, { url: false })).not.toBe(a);
  });

  it('without a page (no location), the address is neither read nor bridged, and the defaults hold', () => {
    const s = getSession(fresh(), { digit: 2 });
    expect(s.store.get().config.digit).toBe(2);
    expect(s.store.get().notes).toEqual([]);
    expect(connectBridge).not.toHaveBeenCalled();
  });

  it('without a page, a computed pass writes no address either', () => {
    vi.useFakeTimers();
    const s = getSession(fresh(), { digit: 2 });
    ready();
    s.next();
    expect(() => vi.advanceTimersByTime(10 * URL_DELAY)).not.toThrow();
    expect(s.store.get().stepIndex).toBe(1);
  });

  it('reads its own keys of the address (digit, seed, η, step), with a note for each bad value', () => {
    const name = fresh();
    page(`?${name}.digit=4&${name}.seed=9&${name}.lr=0.25&${name}.step=loss&other.digit=7`);
    const s = getSession(name, { digit: 1, seed: 2, learningRate: 0.1 });
    const state = s.store.get();
    expect(state.config).toMatchObject({ digit: 4, seed: 9, learningRate: 0.25 });
    expect(state.steps[state.stepIndex].kind).toBe('loss');
    expect(state.notes).toEqual([]);
    expect(connectBridge).toHaveBeenCalledWith(s, `?${name}.digit=4&${name}.seed=9&${name}.lr=0.25&${name}.step=loss&other.digit=7`);

    const bad = fresh();
    page(`?${bad}.digit=400`);
    const t = getSession(bad, { digit: 5, seed: 6, learningRate: 0.3 });
    expect(t.store.get().config).toMatchObject({ digit: 5, seed: 6, learningRate: 0.3 });
    // The note names the value used instead: the page's own digit (5), not the site's default (0).
    expect(t.store.get().notes).toEqual(['The link sets the digit to "400", but it must be a whole number from 0 to 99, so the default, 5, is used.']);
  });

  it('a refused seed or η names the page’s own value as the one used, or the site’s default when the page sets none', () => {
    const name = fresh();
    page(`?${name}.seed=-3&${name}.lr=nope`);
    const s = getSession(name, { seed: 6, learningRate: 0.3 });
    expect(s.store.get().config).toMatchObject({ seed: 6, learningRate: 0.3 });
    expect(s.store.get().notes.join(' ')).toMatch(/-3.*so the default, 6, is used/);
    expect(s.store.get().notes.join(' ')).toMatch(/nope.*so the default, 0\.3, is used/);
    const bare = fresh();
    page(`?${bare}.seed=-3&${bare}.lr=nope`);
    const t = getSession(bare);
    expect(t.store.get().notes.join(' ')).toMatch(/-3.*so the default, 1, is used/);
    expect(t.store.get().notes.join(' ')).toMatch(/nope.*so the default, 0\.1, is used/);
  });

  it('a link’s step outside a range that starts later is noted with the step bar’s own numbers', () => {
    const name = fresh();
    page(`?${name}.step=linear:1`);
    const s = getSession(name, {}, { range: { from: 'weight-gradient', to: 'update' } });
    const { stepIndex, range, steps } = s.store.get();
    expect(range.from).toBeGreaterThan(0);
    expect(stepIndex).toBe(range.from);
    expect(s.store.get().notes).toEqual([`The link's step "linear:1" is not one of this stepper's steps, so it opens on step 1 of ${range.to - range.from + 1}, ${steps[range.from].title}.`]);
    expect(range.to - range.from + 1).toBeLessThan(steps.length);
  });

  it('with url: false, the address is ignored (not read, not bridged)', () => {
    const name = fresh();
    page(`?${name}.digit=4`);
    const s = getSession(name, { digit: 1 }, { url: false });
    expect(s.store.get().config.digit).toBe(1);
    expect(connectBridge).not.toHaveBeenCalled();
  });

  it('opens on the lesson’s start step, or says it has no such step; a link’s step outside the range is noted', () => {
    const s = getSession(fresh(), {}, { url: false, startStep: 'softmax' });
    expect(s.store.get().steps[s.store.get().stepIndex].kind).toBe('softmax');
    const missing = getSession(fresh(), {}, { url: false, startStep: 'update', range: { from: 'linear', to: 'loss' } });
    expect(missing.store.get().stepIndex).toBe(0);
    expect(missing.store.get().notes).toEqual(['This lesson asked to open on the step "update", which this stepper does not have.']);

    const name = fresh();
    page(`?${name}.step=update`);
    const linked = getSession(name, {}, { startStep: 'softmax', range: { from: 'linear', to: 'loss' } });
    expect(linked.store.get().steps[linked.store.get().stepIndex].kind).toBe('softmax');
    expect(linked.store.get().notes).toEqual(['The link\'s step "update" is not one of this stepper\'s steps, so it opens on step 4 of 5, forward: p = softmax(z⁽²⁾).']);
  });

  it('computes the pass when the sample digits arrive, and shows an error when they fail', () => {
    const s = getSession(fresh(), { digit: 0 }, { url: false });
    expect(s.store.get().pass).toBeNull();
    ready();
    const sample = loadSample();
    expect(s.store.get().pass!.trace.label).toBe(sample.labels[0]);
    current.store = createStore<SampleState>({ status: 'loading', loaded: 0, total: 0 });
    const t = getSession(fresh(), {}, { url: false });
    // Loading progress changes nothing.
    current.store.set({ status: 'loading', loaded: 5, total: 10 });
    expect(t.store.get().error).toBeNull();
    expect(t.store.get().pass).toBeNull();
    current.store.set({ status: 'error', message: 'offline' });
    expect(t.store.get().error).toBe('Could not load the digits: offline');
    expect(t.store.get().pass).toBeNull();
  });

  it('a session made after the digits arrived gets them at once', () => {
    ready();
    expect(getSession(fresh(), {}, { url: false }).store.get().pass).not.toBeNull();
  });

  it('autoplay: one step every PLAY_INTERVAL ms while playing, none after pausing', () => {
    vi.useFakeTimers();
    expect(PLAY_INTERVAL).toBe(1200);
    const s = getSession(fresh(), {}, { url: false });
    ready();
    s.play();
    vi.advanceTimersByTime(PLAY_INTERVAL - 1);
    expect(s.store.get().stepIndex).toBe(0);
    vi.advanceTimersByTime(1);
    expect(s.store.get().stepIndex).toBe(1);
    // Another change while playing does not start a second clock.
    s.select({ layer: 1, row: 2, col: null });
    vi.advanceTimersByTime(PLAY_INTERVAL);
    expect(s.store.get().stepIndex).toBe(2);
    s.pause();
    vi.advanceTimersByTime(5 * PLAY_INTERVAL);
    expect(s.store.get().stepIndex).toBe(2);
    s.play();
    vi.advanceTimersByTime(PLAY_INTERVAL);
    expect(s.store.get().stepIndex).toBe(3);
    s.pause();
  });
});

describe('the address follows the session', () => {
  it('is written once the learner pauses for URL_DELAY ms, with this session’s keys only, keeping path, hash and history state', () => {
    vi.useFakeTimers();
    expect(URL_DELAY).toBe(250);
    const name = fresh();
    const p = page('?other.digit=7');
    const s = getSession(name, { digit: 3, seed: 2, learningRate: 0.5 });
    ready();
    s.next();
    vi.advanceTimersByTime(URL_DELAY - 1);
    s.next(); // stepping again restarts the wait
    vi.advanceTimersByTime(URL_DELAY - 1);
    expect(p.history.replaceState).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(p.history.replaceState).toHaveBeenCalledTimes(1);
    expect(p.history.replaceState).toHaveBeenCalledWith({ kept: true }, '', `/lessons/backprop/?other.digit=7&${name}.digit=3&${name}.seed=2&${name}.lr=0.5&${name}.step=linear%3A2#steps`);
    // Back on the first step of the range: the step key is dropped.
    s.first();
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?other.digit=7&${name}.digit=3&${name}.seed=2&${name}.lr=0.5`);
  });

  it('a lesson that opens on a later step keeps the first step in the address, so a reload stays there (review)', () => {
    vi.useFakeTimers();
    const name = fresh();
    const p = page('');
    // As the gradient-descent lesson: range weight-gradient … update, opening on update.
    const s = getSession(name, {}, { startStep: 'update', range: { from: 'weight-gradient', to: 'update' } });
    ready();
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?${name}.digit=0&${name}.seed=1&${name}.lr=0.1&${name}.step=update`);
    s.first();
    vi.advanceTimersByTime(URL_DELAY);
    // The first step of the range, weight-gradient:2: without its key the link opened on update again.
    expect(p.location.search).toBe(`?${name}.digit=0&${name}.seed=1&${name}.lr=0.1&${name}.step=weight-gradient%3A2`);
    const again = getSession(fresh(), {}, { startStep: 'update', range: { from: 'weight-gradient', to: 'update' }, url: false });
    again.goToStep(new URLSearchParams(p.location.search).get(`${name}.step`)!);
    expect(again.store.get().stepIndex).toBe(again.store.get().range.from);
  });

  it('nothing changed, nothing written; an address already right is not replaced', () => {
    const { p, s } = started((name) => `?${name}.digit=0&${name}.seed=1&${name}.lr=0.1`);
    vi.advanceTimersByTime(10 * URL_DELAY);
    expect(p.history.replaceState).not.toHaveBeenCalled();
    s.play();
    s.pause(); // playing changes, the keys do not
    vi.advanceTimersByTime(10 * URL_DELAY);
    expect(p.history.replaceState).not.toHaveBeenCalled();
  });

  it('a drawn input leaves the digit out; the selection is kept', () => {
    const { name, p, s } = started(undefined, { digit: 5 });
    s.select({ layer: 1, row: 3, col: null });
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?${name}.digit=5&${name}.seed=1&${name}.lr=0.1&${name}.sel=1%3A3`);
    s.setInput(new Float32Array(784).fill(0.5), null, 'your drawing');
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?${name}.seed=1&${name}.lr=0.1&${name}.sel=1%3A3`);
  });

  it('a change that leaves the keys alone does not restart the wait', () => {
    const { p, s } = started();
    s.next();
    vi.advanceTimersByTime(URL_DELAY - 50);
    s.addNotes(['a note changes the state, not the address']);
    vi.advanceTimersByTime(50);
    expect(p.history.replaceState).toHaveBeenCalledTimes(1);
  });

  it('a run’s weights leave the seed out', () => {
    const { name, p, s } = started(undefined, { digit: 5 });
    s.setNetwork(createNetwork({ sizes: [784, 8, 10], activation: 'relu', seed: 3 }), 'run “a” of the lab');
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?${name}.digit=5&${name}.lr=0.1`);
  });

  it('after the page was hidden, the next change waits its own full delay', () => {
    const { name, p, s } = started();
    s.next(); // a write due at URL_DELAY
    vi.advanceTimersByTime(100);
    p.listeners.get('pagehide')!(); // written now; the timer is cancelled
    expect(p.history.replaceState).toHaveBeenCalledTimes(1);
    s.next(); // due at 100 + URL_DELAY
    vi.advanceTimersByTime(URL_DELAY - 100);
    expect(p.history.replaceState).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(p.history.replaceState).toHaveBeenCalledTimes(2);
    expect(p.location.search).toBe(`?${name}.digit=0&${name}.seed=1&${name}.lr=0.1&${name}.step=linear%3A2`);
  });

  it('the page being hidden writes a waiting address at once', () => {
    const { name, p, s } = started();
    s.next();
    expect(p.history.replaceState).not.toHaveBeenCalled();
    p.listeners.get('pagehide')!();
    expect(p.location.search).toBe(`?${name}.digit=0&${name}.seed=1&${name}.lr=0.1&${name}.step=activation%3A1`);
    expect(p.history.replaceState).toHaveBeenCalledTimes(1);
    // The timer was cleared and nothing is pending: no second write.
    vi.advanceTimersByTime(10 * URL_DELAY);
    p.listeners.get('pagehide')!();
    expect(p.history.replaceState).toHaveBeenCalledTimes(1);
  });

  it('another session’s keys written meanwhile are kept (the address is read when written)', () => {
    const { name, p, s } = started();
    s.next();
    p.location.search = '?other.step=loss';
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?other.step=loss&${name}.digit=0&${name}.seed=1&${name}.lr=0.1&${name}.step=activation%3A1`);
  });

  it('with url: false nothing is written and no pagehide listener is added', () => {
    vi.useFakeTimers();
    const p = page('');
    const s = getSession(fresh(), {}, { url: false });
    ready();
    s.next();
    vi.advanceTimersByTime(10 * URL_DELAY);
    expect(p.history.replaceState).not.toHaveBeenCalled();
    expect(p.listeners.size).toBe(0);
  });

  it('a linked selection is applied once the pass exists (and written back), or noted when it does not fit', () => {
    vi.useFakeTimers();
    const name = fresh();
    const p = page(`?${name}.sel=1%3A5`);
    const s = getSession(name);
    expect(s.store.get().selection).toBeNull();
    ready();
    expect(s.store.get().selection).toEqual({ layer: 1, row: 5, col: null });
    vi.advanceTimersByTime(URL_DELAY);
    expect(p.location.search).toBe(`?${name}.sel=1%3A5&${name}.digit=0&${name}.seed=1&${name}.lr=0.1`);
    // Applied once: clearing it later is not undone.
    s.select(null);
    expect(s.store.get().selection).toBeNull();

    const other = fresh();
    page(`?${other}.sel=1%3A99`);
    const t = getSession(other);
    ready();
    expect(t.store.get().selection).toBeNull();
    expect(t.store.get().notes).toEqual(['The link\'s selection is not a unit or entry of this network, so nothing is selected.']);
  });
});
