import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/state/store.ts';

describe('store', () => {
  it('calls a listener at once and on every change, and never after it unsubscribes', () => {
    const store = createStore(1);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((v) => seen.push(v));
    store.set(2);
    unsubscribe();
    store.set(3);
    expect(seen).toEqual([1, 2]);
    expect(store.get()).toBe(3);
  });
});
