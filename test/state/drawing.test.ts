/**
 * The drawing page's state: a drawing becomes a prediction; one step on it moves exactly the
 * weights a single-sample gradient can move; the trained network, its storage and the bridge
 * link to the step-through.
 */
import { describe, expect, it } from 'vitest';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { encodeDigit } from '../../src/data/draw.ts';
import { loadSample } from '../../src/data/load-node.ts';
import { createNetwork, createPass, forward, weightsToJson } from '../../src/nn/index.ts';
import { readBridge, stepThroughHref } from '../../src/state/bridge.ts';
import { createDrawingSession, predictDigit, stepOnDigit } from '../../src/state/drawing.ts';
import { findTrained, networkFromWeightsText, restoreWeights, SESSION_WEIGHTS_KEY, storeWeights } from '../../src/state/trained.ts';

const sample = loadSample();
const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 3 });

describe('predictions and one step on a drawing', () => {
  it('predicts with the core: the probabilities are forward()’s, whatever label is passed', () => {
    const input = imageAsFloats(sample, 5);
    const p = predictDigit(net, input);
    expect(p.probabilities).toEqual(Array.from(forward(net, input, 7).probabilities));
    expect(p.probabilities[p.predicted]).toBe(Math.max(...p.probabilities));
  });

  it('moves only the first-layer weights from inked pixels into units with dL/dz ≠ 0', () => {
    const input = imageAsFloats(sample, 0);
    const { result, updated } = stepOnDigit(net, input, sample.labels[0], 0.1);
    const inked = input.filter((x) => x !== 0).length;
    expect(result.inkedPixels).toBe(inked);
    expect(result.moved[0].total).toBe(784 * 16);
    expect(result.moved[0].changed).toBe(inked * result.activeUnits);
    expect(result.moved[1]).toEqual({ layer: 2, changed: 10 * result.activeUnits, total: 160 });
    // Blank pixels' weights did not move at all.
    input.forEach((x, i) => x === 0 && expect(result.movedByPixel[i]).toBe(0));
    // It is the core's SGD step.
    const pass = createPass(net, input, sample.labels[0], 0.1);
    expect(Array.from(updated.layers[0].W)).toEqual(Array.from(pass.updated.layers[0].W));
    expect(result.after.loss).toBe(pass.after.loss);
    expect(result.after.loss).toBeLessThan(result.before.loss);
  });

  it('the session refuses an empty drawing with the message, then trains on a real one and can go back', () => {
    const session = createDrawingSession();
    session.setDrawing({ width: 10, height: 10, ink: new Float32Array(100) });
    expect(session.store.get().message).toMatch(/empty: draw a digit first/);
    session.trainStep(3, 0.1);
    expect(session.store.get().message).toMatch(/Draw a digit first/);
    session.setDrawing({ width: 28, height: 28, ink: imageAsFloats(sample, 1) });
    const before = session.store.get();
    expect(before.message).toBeNull();
    expect(before.trained).toBe(false);
    session.trainStep(sample.labels[1], 0.5);
    const after = session.store.get();
    expect(after.steps).toBe(1);
    expect(after.prediction!.probabilities[sample.labels[1]]).toBeGreaterThan(before.prediction!.probabilities[sample.labels[1]]);
    session.resetNetwork();
    expect(session.store.get().prediction).toEqual(before.prediction);
  });
});

describe('the trained network', () => {
  it('reads a weights file and refuses networks that are not 784 → 10', () => {
    expect(networkFromWeightsText(JSON.stringify(weightsToJson(net))).sizes).toEqual([784, 16, 10]);
    const wrong = createNetwork({ sizes: [100, 8, 10], activation: 'relu', seed: 1 });
    expect(() => networkFromWeightsText(JSON.stringify(weightsToJson(wrong)))).toThrow(/784 pixels/);
    expect(() => networkFromWeightsText('{"format":')).toThrow(/not valid JSON/);
  });

  it('round-trips through the tab’s storage, and refuses a damaged copy', () => {
    const stored = storeWeights(net, 'weights file “a.json”');
    const back = restoreWeights(JSON.parse(JSON.stringify(stored)));
    expect(back.source).toBe('weights file “a.json”');
    expect(Array.from(back.net.layers[1].W)).toEqual(Array.from(net.layers[1].W));
    expect(() => restoreWeights({ ...stored, params: stored.params.slice(8) })).toThrow(/wrong length/);
    expect(() => restoreWeights({ ...stored, sizes: [784, 1e9, 10] })).toThrow(/impossible sizes/);
    expect(() => restoreWeights(null)).toThrow(/damaged/);
  });

  it('finds the tab’s weights unless the address says none, and reports a damaged copy', async () => {
    const storage = new Map([[SESSION_WEIGHTS_KEY, JSON.stringify(storeWeights(net, 'weights file “a.json”'))]]);
    const get = { getItem: (k: string) => storage.get(k) ?? null };
    const found = await findTrained('', get);
    expect(found.status).toBe('ready');
    expect((await findTrained('?weights=none', get)).status).toBe('none');
    expect((await findTrained('', null)).status).toBe('none');
    storage.set(SESSION_WEIGHTS_KEY, '{"v":1}');
    expect(await findTrained('', get)).toMatchObject({ status: 'error', message: expect.stringMatching(/could not be used/) });
  });
});

describe('the bridge to the step-through', () => {
  it('carries a digit, its label and where it came from, and the weights reference', () => {
    const pixels = sample.pixels.slice(784 * 3, 784 * 4);
    const href = stepThroughHref('/base/', { pixels, label: sample.labels[3], origin: { kind: 'test', index: 3 } }, { kind: 'file' });
    expect(href.startsWith('/base/lessons/backpropagation/?')).toBe(true);
    const search = href.slice(href.indexOf('?'));
    expect(new URLSearchParams(search).get('weights')).toBe('file');
    const { input, notes } = readBridge(search, 'backprop');
    expect(notes).toEqual([]);
    expect(input!.label).toBe(sample.labels[3]);
    expect(input!.source).toBe('test digit #3');
    expect(Array.from(input!.pixels)).toEqual(Array.from(imageAsFloats(sample, 3)));
  });

  it('a damaged digit in the address gives a note, not a crash; no digit gives nothing', () => {
    const text = encodeDigit(sample.pixels.slice(0, 784), null);
    expect(readBridge(`?backprop.input=${text.slice(0, 100)}`, 'backprop')).toMatchObject({ input: null, notes: [expect.stringMatching(/damaged/)] });
    expect(readBridge('?backprop.digit=3', 'backprop')).toEqual({ input: null, notes: [] });
    expect(readBridge(`?backprop.input=${text}`, 'backprop').input!.source).toBe('your drawing');
  });
});

describe('runs of the lab as trained networks', () => {
  it('offers the newest run with weights, or one by id; a diverged run has none', async () => {
    const { memoryBackend, openRunStore } = await import('../../src/state/run-store.ts');
    const { runStoreSource, trainedFromRun } = await import('../../src/state/trained.ts');
    const store = openRunStore(memoryBackend());
    const list = async () => ({
      runs: [
        { id: 'run-2', name: 'blew up', net: null, finalAccuracy: null },
        { id: 'run-1', name: 'η 0.1', net, finalAccuracy: 0.9512 },
      ] as never[],
      notes: [],
    });
    const source = runStoreSource({ ...store, list, get: async (id: string) => ((await list()).runs as { id: string }[]).find((r) => r.id === id) as never });
    const latest = await source.latest();
    expect(latest?.ref).toEqual({ kind: 'run', id: 'run-1' });
    expect(latest?.source).toBe('run “η 0.1” of the lab, 95.1 % test accuracy');
    expect(await source.byId('run-2')).toBeNull();
    expect(trainedFromRun(null)).toBeNull();
    const found = await findTrained('?weights=run:run-1', null, source);
    expect(found).toMatchObject({ status: 'ready', trained: { ref: { kind: 'run', id: 'run-1' } } });
    expect((await findTrained('', null, source)).status).toBe('ready');
    expect((await findTrained('?weights=none', null, source)).status).toBe('none');
  });

  it('a link naming a run this browser does not have falls back to nothing (never to another run) and the step-through says it shows the seeded weights', async () => {
    const { memoryBackend, openRunStore } = await import('../../src/state/run-store.ts');
    const { runStoreSource } = await import('../../src/state/trained.ts');
    const { seededFallbackNote } = await import('../../src/state/bridge.ts');
    const store = openRunStore(memoryBackend());
    const list = async () => ({ runs: [{ id: 'run-1', name: 'η 0.1', net, finalAccuracy: 0.9 }] as never[], notes: [] });
    const source = runStoreSource({ ...store, list, get: async (id: string) => ((await list()).runs as { id: string }[]).find((r) => r.id === id) as never });
    // run-1 exists and is the newest, but the link asked for run-9: not run-1's weights.
    const found = await findTrained('?weights=run:run-9', null, source);
    expect(found).toEqual({ status: 'none', missing: expect.stringContaining('(run-9) that is not in this browser’s run history') });
    const note = seededFallbackNote(found);
    expect(note).toMatch(/^The link names a run of the lab \(run-9\)/);
    expect(note).toContain('NOT the trained weights: the step-through below uses its seeded, untrained weights');
    expect(seededFallbackNote({ status: 'none' })).toMatch(/weights file stays in the tab that loaded it.*seeded, untrained weights/);
    expect(seededFallbackNote({ status: 'error', message: 'The saved weights could not be used: x' })).toMatch(/^The saved weights could not be used: x\. So these are NOT/);
  });

  it('trained weights in the step-through: the note names them and says its update step is plain gradient descent with the page’s η', async () => {
    const { weightsNote } = await import('../../src/state/bridge.ts');
    expect(weightsNote('run “Adam η 0.001, 128 relu, batch 64, 5 epochs” of the lab (97.7 %)')).toBe(
      'The weights are run “Adam η 0.001, 128 relu, batch 64, 5 epochs” of the lab (97.7 %). The update step below is one plain gradient-descent step on this digit with the η set here, whatever optimizer trained these weights: it shows what one step does from them.',
    );
  });

  it('sameWeights: the same run under the same name is the same network; a rename or another run is not', async () => {
    const { sameWeights } = await import('../../src/state/trained.ts');
    const a = { net, source: 'run “a” of the lab', ref: { kind: 'run', id: 'run-1' } } as const;
    expect(sameWeights(a, { ...a })).toBe(true);
    expect(sameWeights(a, { ...a, ref: { kind: 'run', id: 'run-2' } })).toBe(false);
    expect(sameWeights(a, { ...a, source: 'run “b” of the lab' })).toBe(false);
    expect(sameWeights(a, { ...a, ref: { kind: 'file' } })).toBe(false);
  });
});

describe('the drawing’s step-through link says which weights it opens with', () => {
  it('names the trained network, or the seeded one, and says steps taken here are not carried over', async () => {
    const { openNote } = await import('../../src/widgets/DrawDigit/render.ts');
    expect(openNote({ trained: true, source: 'run “a” of the lab', steps: 0 })).toBe('The step-through opens with your trained network (run “a” of the lab).');
    expect(openNote({ trained: true, source: 'run “a” of the lab', steps: 2 })).toBe('The step-through opens with your trained network (run “a” of the lab) as it was before your 2 training steps here: steps taken on this page are not carried over, so its numbers differ from the probabilities above.');
    expect(openNote({ trained: false, source: '', steps: 1 })).toBe('The step-through opens with its own seeded, untrained weights; your 1 training step here is not carried over, so its numbers differ from the probabilities above.');
  });
});
