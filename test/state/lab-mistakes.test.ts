// @vitest-environment jsdom
/**
 * The lab page's mistakes section (src/state/lab-mistakes.ts): hidden, its widgets not even in the
 * page, until the run history holds a run with weights; then filled from its template once, and
 * the history no longer listened to. Without a section, a template or a history: nothing.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { showWhenTrained } from '../../src/state/lab-mistakes.ts';
import type { RunRecord, RunStore } from '../../src/state/run-store.ts';

function section(): HTMLElement {
  const el = document.createElement('section');
  el.hidden = true;
  el.innerHTML = '<h2>Mistakes</h2><template><p class="gallery">gallery</p><p class="matrix">matrix</p></template>';
  document.body.append(el);
  return el;
}

/** A history whose runs the test sets, counting its listeners. */
function history(runs: Partial<RunRecord>[] = []) {
  const listeners = new Set<() => void>();
  const state = { runs, lists: 0 };
  const store = {
    list: async () => (state.lists++, { runs: state.runs as RunRecord[], notes: [] }),
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as RunStore;
  return { store, state, listeners, change: () => [...listeners].forEach((l) => l()) };
}

const settle = async () => {
  for (let k = 0; k < 5; k++) await new Promise((resolve) => setTimeout(resolve, 0));
};

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('showWhenTrained', () => {
  it('stays hidden while no run has weights; the first run with weights fills it once and it stops listening', async () => {
    const el = section();
    const h = history([{ id: 'd', net: null, hasWeights: false }]);
    showWhenTrained(el, h.store);
    await settle();
    expect(el.hidden).toBe(true);
    expect(el.querySelector('.gallery')).toBeNull();
    expect(el.querySelector('template')).not.toBeNull();
    expect(h.listeners.size).toBe(1);
    h.state.runs = [{ id: 'd', net: null, hasWeights: false }, { id: 'w', net: null, hasWeights: true }];
    h.change();
    await settle();
    expect(el.hidden).toBe(false);
    expect(el.querySelectorAll('.gallery')).toHaveLength(1);
    expect(el.querySelector('template')).toBeNull();
    expect(el.lastElementChild!.className).toBe('matrix');
    expect(h.listeners.size).toBe(0);
  });

  it('a run that carries its weights counts too; a history that has one at once shows it at once', async () => {
    const el = section();
    const h = history([{ id: 'w', net: {} as RunRecord['net'] }]);
    showWhenTrained(el, h.store);
    await settle();
    expect(el.hidden).toBe(false);
    expect(el.querySelectorAll('.gallery')).toHaveLength(1);
  });

  it('changes heard while a look is under way fill it only once', async () => {
    const el = section();
    const h = history([{ id: 'w', net: null, hasWeights: true }]);
    showWhenTrained(el, h.store);
    h.change();
    h.change();
    await settle();
    expect(el.querySelectorAll('.gallery')).toHaveLength(1);
    expect(el.querySelectorAll('.matrix')).toHaveLength(1);
    // Once shown, a late change does not even read the history.
    const lists = h.state.lists;
    h.change();
    await settle();
    expect(h.state.lists).toBe(lists);
  });

  it('the stop function stops listening before anything is shown', async () => {
    const el = section();
    const h = history([]);
    const stop = showWhenTrained(el, h.store);
    await settle();
    stop();
    expect(h.listeners.size).toBe(0);
    h.state.runs = [{ id: 'w', net: null, hasWeights: true }];
    h.change();
    await settle();
    expect(el.hidden).toBe(true);
  });

  it('no section, no template or no history: nothing is done', async () => {
    const h = history([{ id: 'w', net: null, hasWeights: true }]);
    expect(showWhenTrained(null, h.store)()).toBeUndefined();
    const bare = document.createElement('section');
    bare.hidden = true;
    showWhenTrained(bare, h.store);
    const el = section();
    showWhenTrained(el, null);
    await settle();
    expect(h.state.lists).toBe(0);
    expect(bare.hidden).toBe(true);
    expect(el.hidden).toBe(true);
  });

  it('by default it reads the page’s IndexedDB history, and without IndexedDB does nothing', async () => {
    globalThis.indexedDB = new IDBFactory();
    const el = section();
    showWhenTrained(el);
    await settle();
    expect(el.hidden).toBe(true);
    const { openRunStore } = await import('../../src/state/run-store.ts');
    const { createNetwork } = await import('../../src/nn/index.ts');
    await openRunStore().put({
      id: 'r',
      name: 'r',
      createdAt: 1,
      status: 'completed',
      config: { hidden: [2], activation: 'relu', seed: 1, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 8, epochs: 1, schedule: 'constant', trainSize: 100 },
      backend: 'ts',
      curves: { batches: { samplesSeen: [], loss: [] }, epochs: [], changes: [], diverged: null },
      finalAccuracy: null,
      evaluation: null,
      net: createNetwork({ sizes: [784, 2, 10], activation: 'relu', seed: 1 }),
      trainSeconds: 0,
    });
    // The other store's change arrives over the broadcast channel.
    for (let k = 0; k < 40 && el.hidden; k++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(el.hidden).toBe(false);

    vi.stubGlobal('indexedDB', undefined);
    const none = section();
    const stop = showWhenTrained(none);
    await settle();
    expect(none.hidden).toBe(true);
    expect(stop()).toBeUndefined();
  });
});
