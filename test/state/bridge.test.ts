/**
 * The bridge back to the step-through (src/state/bridge.ts) beyond drawing.test.ts: the exact
 * address it writes, what it reads back (a test digit's index, at most four digits), and
 * `connectBridge` on a session: the digit and its note, and the weights applied once, when they
 * are found, with the note that says which they are (or why the seeded weights are shown).
 * trained.ts's page state is fresh in every test (`vi.resetModules`). Values written by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeDigit } from '../../src/data/draw.ts';
import { createNetwork, weightsToJson, type Network } from '../../src/nn/index.ts';
import { originText, readBridge, seededFallbackNote, STEP_THROUGH, stepThroughHref, weightsNote } from '../../src/state/bridge.ts';
import type { Session } from '../../src/state/session.ts';

const pixels = new Uint8Array(784).map((_, k) => (k % 7 === 0 ? 200 : 0));
const net = (): Network => createNetwork({ sizes: [784, 2, 10], activation: 'relu', seed: 1 });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the address of the step-through', () => {
  it('carries the digit, where it came from and the weights, under the backprop session', () => {
    const input = encodeURIComponent(encodeDigit(pixels, 7));
    expect(STEP_THROUGH).toEqual({ path: 'lessons/backpropagation/', session: 'backprop' });
    expect(stepThroughHref('/stepwise', { pixels, label: 7, origin: { kind: 'drawing' } }, { kind: 'run', id: 'run-1-2' })).toBe(
      `/stepwise/lessons/backpropagation/?backprop.input=${input}&backprop.from=drawing&weights=run%3Arun-1-2`,
    );
    expect(stepThroughHref('/', { pixels, label: 7, origin: { kind: 'test', index: 42 } }, null)).toBe(`/lessons/backpropagation/?backprop.input=${input}&backprop.from=test%3A42`);
    expect(stepThroughHref('/a/', { pixels, label: 7, origin: { kind: 'drawing' } }, { kind: 'file' })).toMatch(/^\/a\/lessons\/backpropagation\/\?.*&weights=file$/);
  });

  it('names digits and origins', async () => {
    // Module-level constants: read from a fresh copy of the module, so a mutant of them is live here.
    const { aDigit, LAB_PATH } = (await page('')).bridge;
    expect(LAB_PATH).toBe('lab/');
    expect(aDigit(8)).toBe('an 8');
    expect(aDigit(7)).toBe('a 7');
    expect(aDigit(0)).toBe('a 0');
    expect(originText({ kind: 'drawing' })).toBe('your drawing');
    expect(originText({ kind: 'test', index: 9 })).toBe('test digit #9');
  });

  it('reads a test digit’s index of at most four digits; anything else is a drawing', () => {
    const input = encodeDigit(pixels, 3);
    const read = (from: string | null) => readBridge(`?s.input=${encodeURIComponent(input)}${from === null ? '' : `&s.from=${encodeURIComponent(from)}`}`, 's').input!;
    expect(read('test:9999').source).toBe('test digit #9999');
    expect(read('test:0').source).toBe('test digit #0');
    expect(read('test:12345').source).toBe('your drawing');
    expect(read('xtest:12').source).toBe('your drawing');
    expect(read('test:12x').source).toBe('your drawing');
    expect(read(null).source).toBe('your drawing');
    const got = read('drawing');
    expect(got.label).toBe(3);
    expect(got.pixels).toBeInstanceOf(Float32Array);
    expect(got.pixels[0]).toBeCloseTo(200 / 255, 7);
    expect(got.pixels[1]).toBe(0);
    // Another session's keys are not read.
    expect(readBridge(`?t.input=${encodeURIComponent(input)}`, 's')).toEqual({ input: null, notes: [] });
  });

  it('the seeded-weights note ends the reason with a full stop once', () => {
    expect(seededFallbackNote({ status: 'none', missing: 'Gone!' })).toMatch(/^Gone! So these are NOT/);
    expect(seededFallbackNote({ status: 'none', missing: 'Gone' })).toMatch(/^Gone\. So these are NOT/);
    expect(seededFallbackNote({ status: 'error', message: 'Why?' })).toMatch(/^Why\? So these/);
    // A full stop inside the reason is not its end.
    expect(seededFallbackNote({ status: 'error', message: 'file “a.json” is damaged' })).toMatch(/^file “a\.json” is damaged\. So these/);
  });
});

/** A session that records what the bridge does to it. */
function fakeSession(name = 'backprop') {
  const log: string[] = [];
  const notes: string[] = [];
  const session = {
    name,
    addNotes: (n: string[]) => void notes.push(...n),
    setInput: (p: Float32Array, label: number | null, source: string) => void log.push(`input ${p.length} ${label} ${source}`),
    setNetwork: (n: Network, source: string) => void log.push(`network ${n.sizes.join('-')} ${source}`),
  } as unknown as Session;
  return { session, log, notes };
}

/** bridge.ts and trained.ts as a fresh page at `search` loads them. */
async function page(search: string) {
  vi.resetModules();
  vi.stubGlobal('location', { search });
  vi.stubGlobal('sessionStorage', undefined);
  const trained = await import('../../src/state/trained.ts');
  const bridge = await import('../../src/state/bridge.ts');
  return { trained, bridge };
}
const settle = async () => {
  for (let k = 0; k < 5; k++) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('connectBridge', () => {
  it('no digit and no weights in the address: nothing changes', async () => {
    const { bridge, trained } = await page('');
    const { session, log, notes } = fakeSession();
    const subscribe = vi.fn(() => () => undefined);
    trained.registerRunSource({ latest: async () => null, byId: async () => null, subscribe });
    bridge.connectBridge(session, '');
    await settle();
    expect(log).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('a digit: set as the input with a note saying where it came from and its label, or that it has none', async () => {
    const { bridge } = await page('');
    const one = fakeSession();
    bridge.connectBridge(one.session, `?backprop.input=${encodeURIComponent(encodeDigit(pixels, 7))}`);
    expect(one.log).toEqual(['input 784 7 your drawing']);
    expect(one.notes).toEqual(['The digit is your drawing, labelled 7.']);
    const two = fakeSession();
    bridge.connectBridge(two.session, `?backprop.input=${encodeURIComponent(encodeDigit(pixels, null))}&backprop.from=test%3A3`);
    expect(two.log).toEqual(['input 784 null test digit #3']);
    expect(two.notes).toEqual(['The digit is test digit #3, with no true label: the walk stops at the probabilities.']);
    const damaged = fakeSession();
    bridge.connectBridge(damaged.session, '?backprop.input=d1.7.abc');
    expect(damaged.log).toEqual([]);
    expect(damaged.notes).toEqual(['The drawn digit in this link is damaged, so it cannot be shown: draw it again.']);
  });

  it('weights from a run: applied once they are found, with the note that names them; later changes are not applied again', async () => {
    const search = '?weights=run:a';
    const { bridge, trained } = await page(search);
    const found = { net: net(), source: 'run “a” of the lab', ref: { kind: 'run', id: 'a' } } as const;
    trained.registerRunSource({ latest: async () => null, byId: async (id) => (id === 'a' ? found : null) });
    const { session, log, notes } = fakeSession();
    bridge.connectBridge(session, search);
    expect(log).toEqual([]);
    await settle();
    expect(log).toEqual(['network 784-2-10 run “a” of the lab']);
    expect(notes).toEqual([weightsNote('run “a” of the lab')]);
    trained.forgetWeights();
    await settle();
    expect(log).toHaveLength(1);
    expect(notes).toHaveLength(1);
  });

  it('weights asked for but not here: the seeded weights, said so with the reason', async () => {
    const search = '?weights=run:gone';
    const { bridge, trained } = await page(search);
    trained.registerRunSource({ latest: async () => null, byId: async () => null });
    const { session, log, notes } = fakeSession();
    bridge.connectBridge(session, search);
    await settle();
    expect(log).toEqual([]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^The link names a run of the lab \(gone\) that is not in this browser’s run history: runs are kept only in the browser that trained them\. So these are NOT the trained weights/);
  });

  it('two changes in one go (before the first is applied and the listener stops): only the first is used', async () => {
    const search = '?weights=file';
    const { bridge, trained } = await page(search);
    const { session, log, notes } = fakeSession();
    bridge.connectBridge(session, search);
    // Still looking: a file is chosen, then forgotten, synchronously.
    expect(trained.useWeightsText(JSON.stringify(weightsToJson(net())), 'w.json')).toBeNull();
    trained.forgetWeights();
    await settle();
    expect(log).toEqual(['network 784-2-10 weights file “w.json”']);
    expect(notes).toEqual([weightsNote('weights file “w.json”')]);
  });
});
