/**
 * The WebAssembly session's edges that its mutation run (group `wasm-session`) left unpinned: the
 * refusals (batch sizes, a disposed session, images of the wrong size, a network and data set too
 * large for 4 GiB of linear memory) and a hand-computed batch split across kernel chunks.
 *
 * The network has four inputs and two classes with zero weights and b = (0, ln 3), so every digit
 * gets p = (¼, ¾): loss ln 4 for class 0, −ln ¾ = ln 4 − ln 3 for class 1, predicted class 1.
 */
import { describe, expect, it } from 'vitest';
import { loadWasmBackend } from '../../src/data/kernels-node.ts';
import { createNetwork, type LabelledImages, type Network, type OptimizerSettings } from '../../src/nn/index.ts';

const sgd: Required<OptimizerSettings> = { name: 'sgd', learningRate: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function flatNetwork(): Network {
  const net = createNetwork({ sizes: [4, 2], activation: 'relu', seed: 1 });
  net.layers[0].W.fill(0);
  net.layers[0].b.set([0, Math.log(3)]);
  return net;
}

/** `count` 2×2 images, every pixel 7, labels alternating 0, 1, 0, … */
function images(count: number): LabelledImages {
  return { count, rows: 2, cols: 2, pixels: new Uint8Array(count * 4).fill(7), labels: Uint8Array.from({ length: count }, (_, k) => k % 2) };
}

describe('WebAssembly session edges', () => {
  it('a batch of 150 (three kernel chunks of 64, 64, 22): loss 75·ln 4 + 75·(ln 4 − ln 3), 75 correct', async () => {
    const wasm = await loadWasmBackend();
    const session = wasm.createSession(flatNetwork(), images(150), sgd, 150);
    const rows = Uint32Array.from({ length: 150 }, (_, k) => k);
    const expected = 75 * Math.log(4) + 75 * (Math.log(4) - Math.log(3));
    // Copies: both passes return the session's one tally object, which the second call would overwrite.
    for (const tally of [{ ...session.forward(rows, 150) }, { ...session.forwardBackward(rows, 150) }]) {
      expect(tally.lossSum).toBeCloseTo(expected, 3);
      expect(tally.correct).toBe(75);
    }
    // Rows 1, 3, 5 only (all class 1): 3·(ln 4 − ln 3), 3 correct.
    const odd = session.forward(Uint32Array.of(1, 3, 5), 3);
    expect(odd.lossSum).toBeCloseTo(3 * (Math.log(4) - Math.log(3)), 5);
    expect(odd.correct).toBe(3);
  });

  it('gradientNorms: ‖dL/dW‖ of one digit = x·√(4·(¾)²·2) = x·√4.5 with x = 7/255', async () => {
    // Label 0: dL/dz = p − onehot(0) = (−¾, ¾); dL/dW[o][i] = dL/dz[o]·x for the four inputs.
    const wasm = await loadWasmBackend();
    const session = wasm.createSession(flatNetwork(), images(2), sgd, 2);
    session.forwardBackward(Uint32Array.of(0), 1);
    const norms = session.gradientNorms();
    expect(norms).toHaveLength(1);
    expect(norms[0]).toBeCloseTo((7 / 255) * Math.sqrt(4.5), 6);
  });

  it('refuses batches of 0 and of more than the session was sized for, in both passes', async () => {
    const wasm = await loadWasmBackend();
    const session = wasm.createSession(flatNetwork(), images(10), sgd, 4);
    const rows = Uint32Array.of(0, 1, 2, 3, 4);
    for (const pass of [session.forward, session.forwardBackward]) {
      expect(() => pass(rows, 0)).toThrow('a batch holds 1 to 4 digits (got 0)');
      expect(() => pass(rows, 5)).toThrow('a batch holds 1 to 4 digits (got 5)');
      expect(pass(rows, 4).correct).toBe(2);
      expect(pass(rows, 1).correct).toBe(0);
    }
  });

  it('refuses images whose size is not the input layer’s', async () => {
    const wasm = await loadWasmBackend();
    const session = wasm.createSession(flatNetwork(), images(2), sgd, 2);
    const wrong: LabelledImages = { count: 1, rows: 3, cols: 3, pixels: new Uint8Array(9), labels: new Uint8Array(1) };
    expect(() => session.evaluate(wrong)).toThrow('images have 9 pixels but the network\'s input layer has 4 units');
    const right = session.evaluate(images(3));
    expect(Array.from(right.predictions)).toEqual([1, 1, 1]);
    expect(right.lossSum).toBeCloseTo(2 * Math.log(4) + (Math.log(4) - Math.log(3)), 5);
  });

  it('a disposed session refuses every call', async () => {
    const wasm = await loadWasmBackend();
    const net = flatNetwork();
    const session = wasm.createSession(net, images(2), sgd, 2);
    session.dispose();
    const message = 'this training session was disposed: start a new run';
    expect(() => session.forward(Uint32Array.of(0), 1)).toThrow(message);
    expect(() => session.forwardBackward(Uint32Array.of(0), 1)).toThrow(message);
    expect(() => session.update(0.1)).toThrow(message);
    expect(() => session.gradientNorms()).toThrow(message);
    expect(() => session.readParameters(net)).toThrow(message);
    expect(() => session.evaluate(images(1))).toThrow(message);
    expect(() => session.paddingMax()).toThrow(message);
    expect(() => session.profileStop(null)).toThrow(message);
  });

  it('says how much memory it could not get when the batch buffers pass 4 GiB', async () => {
    const wasm = await loadWasmBackend();
    // maxBatch 2³⁰ row numbers take 4 GiB alone: just over 4096 MiB in all, more than 32-bit memory holds.
    let thrown: unknown;
    try {
      wasm.createSession(flatNetwork(), images(2), sgd, 2 ** 30);
    } catch (error) {
      thrown = error;
    }
    // Checked by hand: toThrow(regex) also passed when a mutant threw `undefined`.
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as RangeError).message).toMatch(
      /^the WebAssembly backend could not get 4096 MiB of memory for this network and data set: try a smaller network or the TypeScript backend$/,
    );
  });

  it('asks for 4115 MiB for a 1024-1024 network with room for 2³⁰ rows: 4 GiB of row numbers, four 4 MiB parameter blocks, 2.3 MiB of chunk buffers, 1 MiB of staging', async () => {
    // By hand, in bytes beyond the 4 GiB of row numbers (u32 each), maxBatch 2³⁰ so a kernel chunk of 64:
    //   parameters (W 1024·1024·4 + b 1024·4 = 4 198 400), their gradients, velocity or m, and v: 4 × 4 198 400 = 16 793 600
    //   dz for a chunk (64·1024·4 = 262 144) and its copy scaled by −η: 524 288
    //   z, a, idx (262 144 each), pairs, bucket pairs (524 288 each), counts 256, alive 1024, bucket 4096: 1 840 384
    //   evaluation staging: pixels 1000·1024, labels 1000, predictions 1000 (each rounded up to 16 bytes), confidences 4000: 1 030 016
    //   layer table, lookup table, labels and row starts of 2 digits, their pixels staged as entries, the kernels' own data: under 30 000
    // 20 205 024 + at most 30 000 bytes is 19.27–19.30 MiB: 4115 MiB. A layout that wasted a block as large as
    // everything before the chunk buffers (16 MiB) would say 4147.
    const wasm = await loadWasmBackend();
    const net = createNetwork({ sizes: [1024, 1024], activation: 'relu', seed: 1 });
    const train: LabelledImages = { count: 2, rows: 32, cols: 32, pixels: new Uint8Array(2 * 1024), labels: new Uint8Array(2) };
    let thrown: unknown;
    try {
      wasm.createSession(net, train, sgd, 2 ** 30);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect((thrown as RangeError).message).toContain('could not get 4115 MiB of memory');
  });

  it('an SGD step fused with a two-digit batch leaves its gradients readable when the output layer is wider than the first layer’s chunk buffers', async () => {
    // 4 inputs → 4 (W = identity, b = 0, ReLU) → 32 classes (row 0 of W all t = ln 31 / 4, the rest 0, b = 0).
    // Two digits, every pixel 255 (x = 1), both label 0: a = (1, 1, 1, 1), z = (ln 31, 0, …, 0),
    // p = (½, 1/62 × 31): loss ln 2 each, both right. dL/dz⁽²⁾ = (−½, 1/62, …); dL/dW⁽²⁾[c][i] = dL/dz⁽²⁾[c]·1;
    // dL/da⁽¹⁾ = t·(−½) for every unit, so dL/dz⁽¹⁾ = −t/2 = dL/dW⁽¹⁾[o][i] = dL/db⁽¹⁾[o] (the batch mean of two equal digits).
    // The fused step writes −η·dz for the 32-wide layer into a block as large as the dz blocks; here that block is
    // larger than all the first layer keeps for a chunk of 2, so it must not overlap what reading the gradients uses.
    const wasm = await loadWasmBackend();
    const net = createNetwork({ sizes: [4, 4, 32], activation: 'relu', seed: 1 });
    const t = Math.log(31) / 4;
    net.layers[0].W.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    net.layers[0].b.fill(0);
    net.layers[1].W.fill(0).fill(t, 0, 4);
    net.layers[1].b.fill(0);
    const train: LabelledImages = { count: 2, rows: 2, cols: 2, pixels: new Uint8Array(8).fill(255), labels: new Uint8Array(2) };
    const session = wasm.createSession(net, train, sgd, 2);
    const tally = session.forwardBackward(Uint32Array.of(0, 1), 2);
    expect(tally.lossSum).toBeCloseTo(2 * Math.log(2), 5);
    expect(tally.correct).toBe(2);
    session.update(0.1);
    for (let read = 0; read < 2; read++) {
      const dLdW = net.layers.map((layer) => new Float32Array(layer.W.length));
      const dLdb = net.layers.map((layer) => new Float32Array(layer.outSize));
      session.readGradients(dLdW, dLdb);
      for (const g of [...dLdW[0], ...dLdb[0]]) expect(g).toBeCloseTo(-t / 2, 6);
      for (let c = 0; c < 32; c++) {
        const expected = c === 0 ? -0.5 : 1 / 62;
        expect(dLdb[1][c]).toBeCloseTo(expected, 6);
        for (let i = 0; i < 4; i++) expect(dLdW[1][c * 4 + i]).toBeCloseTo(expected, 6);
      }
    }
    expect(session.gradientNorms()[0]).toBeCloseTo(4 * (t / 2), 5);
    // The step itself: W⁽¹⁾ = I + 0.1·t/2, b⁽¹⁾ = 0.1·t/2; W⁽²⁾ row 0 = t + 0.05, other rows −0.1/62.
    const after = createNetwork({ sizes: [4, 4, 32], activation: 'relu', seed: 2 });
    session.readParameters(after);
    after.layers[0].W.forEach((w, k) => expect(w).toBeCloseTo((k % 5 === 0 ? 1 : 0) + 0.05 * t, 6));
    after.layers[0].b.forEach((b) => expect(b).toBeCloseTo(0.05 * t, 6));
    after.layers[1].W.forEach((w, k) => expect(w).toBeCloseTo(k < 4 ? t + 0.05 : -0.1 / 62, 6));
    // Widths 4 and 32 need no padding: the padding probe has nothing to read and says 0.
    expect(session.paddingMax()).toBe(0);
  });

  it('a batch of 150 whose labels are not periodic (0 for rows 0–63, 1 after): each kernel chunk reads its own row numbers', async () => {
    // 64 digits of class 0 (loss ln 4, wrong) and 86 of class 1 (loss ln 4 − ln 3, right), in both passes.
    const wasm = await loadWasmBackend();
    const train = images(150);
    train.labels.set(Uint8Array.from({ length: 150 }, (_, k) => (k < 64 ? 0 : 1)));
    const session = wasm.createSession(flatNetwork(), train, sgd, 150);
    const rows = Uint32Array.from({ length: 150 }, (_, k) => k);
    const expected = 64 * Math.log(4) + 86 * (Math.log(4) - Math.log(3));
    for (const pass of [session.forward, session.forwardBackward]) {
      const tally = { ...pass(rows, 150) };
      expect(tally.lossSum).toBeCloseTo(expected, 3);
      expect(tally.correct).toBe(86);
    }
  });

  it('evaluates 1500 digits in two staging chunks (1000, then 500), each digit its own prediction', async () => {
    // W into class 1 from pixel 0 is 1, b = (½, 0): a blank digit gets z = (½, 0), predicted 0, loss ln(1 + e^−½)
    // for its label 0; a digit whose pixel 0 is 255 gets z = (½, 1), predicted 1, loss ln(1 + e^½).
    // Digit k has pixel 0 inked when k mod 7 = 3 (1000 mod 7 = 6, so the second chunk's pattern is not the first's).
    const wasm = await loadWasmBackend();
    const net = flatNetwork();
    net.layers[0].b.set([0.5, 0]);
    net.layers[0].W[4] = 1;
    const session = wasm.createSession(net, images(2), sgd, 2);
    const set: LabelledImages = { count: 1500, rows: 2, cols: 2, pixels: new Uint8Array(1500 * 4), labels: new Uint8Array(1500) };
    const inked = Array.from({ length: 1500 }, (_, k) => k % 7 === 3);
    inked.forEach((ink, k) => ink && (set.pixels[k * 4] = 255));
    const result = session.evaluate(set);
    expect(Array.from(result.predictions)).toEqual(inked.map((ink) => (ink ? 1 : 0)));
    const n = inked.filter(Boolean).length; // 214
    expect(n).toBe(214);
    expect(result.lossSum).toBeCloseTo(n * Math.log(1 + Math.exp(0.5)) + (1500 - n) * Math.log(1 + Math.exp(-0.5)), 3);
    expect(result.confidence[3]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
    expect(result.confidence[1003]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
  });

  it('deadFraction: the hidden units never active on the set, counted afresh for each set', async () => {
    // 4 → 3 → 3 → 2, ReLU. Layer 1: unit 0 reads pixel 0, unit 2 reads pixel 1 (weight 1, bias 0), unit 1 has
    // bias −1 and no weights (never active). Layer 2: no weights, b = (1, −1, 1): unit 1 never active.
    const wasm = await loadWasmBackend();
    const net = createNetwork({ sizes: [4, 3, 3, 2], activation: 'relu', seed: 1 });
    net.layers.forEach((layer) => layer.W.fill(0));
    net.layers[0].W[0] = 1; // unit 0 ← pixel 0
    net.layers[0].W[2 * 4 + 1] = 1; // unit 2 ← pixel 1
    net.layers[0].b.set([0, -1, 0]);
    net.layers[1].b.set([1, -1, 1]);
    net.layers[2].b.fill(0);
    const session = wasm.createSession(net, images(2), sgd, 2);
    const inked = images(3); // every pixel 7: units 0 and 2 of layer 1 active
    expect(session.evaluate(inked).deadFraction).toEqual([1 / 3, 1 / 3]);
    const blank: LabelledImages = { ...images(3), pixels: new Uint8Array(12) }; // layer 1 all off
    expect(session.evaluate(blank).deadFraction).toEqual([1, 1 / 3]);
    const half: LabelledImages = { ...images(2), pixels: Uint8Array.of(0, 0, 0, 0, 0, 9, 0, 0) }; // pixel 1 of the second: unit 2 only
    expect(session.evaluate(half).deadFraction).toEqual([2 / 3, 1 / 3]);
  });

  it('profileStop: after layer 0 the loss is 0; a batch cut before the backward pass leaves zero gradients; lifting the cut computes them', async () => {
    const wasm = await loadWasmBackend();
    const session = wasm.createSession(flatNetwork(), images(4), sgd, 4);
    const rows = Uint32Array.of(0, 1, 2, 3);
    const full = 2 * Math.log(4) + 2 * (Math.log(4) - Math.log(3));
    session.profileStop('layer0');
    expect(session.forwardBackward(rows, 4).lossSum).toBe(0);
    session.profileStop('forward');
    expect(session.forwardBackward(rows, 4).lossSum).toBeCloseTo(full, 5);
    const dLdW = [new Float32Array(8)];
    const dLdb = [new Float32Array(2)];
    session.readGradients(dLdW, dLdb);
    expect([...dLdW[0], ...dLdb[0]]).toEqual(new Array(10).fill(0)); // no backward pass has run in this session
    session.profileStop(null);
    expect(session.forwardBackward(rows, 4).lossSum).toBeCloseTo(full, 5);
    session.readGradients(dLdW, dLdb);
    // Mean over two digits of class 0 (dL/dz = (−¾, ¾)) and two of class 1 ((¼, −¼)): (−¼, ¼); dL/dW = that · 7/255.
    expect(dLdb[0][0]).toBeCloseTo(-0.25, 6);
    expect(dLdb[0][1]).toBeCloseTo(0.25, 6);
    for (let i = 0; i < 4; i++) {
      expect(dLdW[0][i]).toBeCloseTo(-0.25 * (7 / 255), 6);
      expect(dLdW[0][4 + i]).toBeCloseTo(0.25 * (7 / 255), 6);
    }
  });

  it('momentum steps leave the training set alone (2000 digits: their labels and row starts lie past the optimizer state)', async () => {
    // After two momentum steps, every training digit must give the loss a fresh session with the same
    // parameters gives it. (A velocity block placed too far on lands in the row starts of digits ~1100–1150.)
    const wasm = await loadWasmBackend();
    const momentum: Required<OptimizerSettings> = { ...sgd, name: 'momentum' };
    const train: LabelledImages = {
      count: 2000, rows: 2, cols: 2,
      pixels: Uint8Array.from({ length: 8000 }, (_, k) => (k * 37) % 256),
      labels: Uint8Array.from({ length: 2000 }, (_, k) => k % 2),
    };
    const net = createNetwork({ sizes: [4, 2], activation: 'relu', seed: 3 });
    const session = wasm.createSession(net, train, momentum, 2);
    for (let step = 0; step < 2; step++) {
      session.forwardBackward(Uint32Array.of(0, 1), 2);
      session.update(0.5);
    }
    const stepped = createNetwork({ sizes: [4, 2], activation: 'relu', seed: 3 });
    session.readParameters(stepped);
    expect(stepped.layers[0].W).not.toEqual(net.layers[0].W);
    const fresh = wasm.createSession(stepped, train, sgd, 2);
    for (let row = 1000; row < 1300; row += 2) {
      const pair = Uint32Array.of(row, row + 1);
      const mine = { ...session.forward(pair, 2) };
      const theirs = fresh.forward(pair, 2);
      expect(mine.lossSum, `rows ${row}, ${row + 1}`).toBe(theirs.lossSum);
      expect(mine.correct).toBe(theirs.correct);
    }
  });

  it('a training set of 1001 digits is compacted in two staging chunks (1000, then 1): the last digit keeps its pixels', async () => {
    // Digits 0–999 are blank, digit 1000 is all 255 (x = 1); W into class 1 from pixel 0 is ln 3, b = 0,
    // so digit 1000 gets z = (0, ln 3), p = (¼, ¾): loss ln 4 for its label 0; a blank digit gets ln 2.
    const wasm = await loadWasmBackend();
    const net = flatNetwork();
    net.layers[0].b.fill(0);
    net.layers[0].W[4] = Math.log(3);
    const train: LabelledImages = { count: 1001, rows: 2, cols: 2, pixels: new Uint8Array(1001 * 4), labels: new Uint8Array(1001) };
    train.pixels.fill(255, 1000 * 4);
    const session = wasm.createSession(net, train, sgd, 2);
    expect(session.forward(Uint32Array.of(1000), 1).lossSum).toBeCloseTo(Math.log(4), 5);
    expect(session.forward(Uint32Array.of(999, 1000), 2).lossSum).toBeCloseTo(Math.log(2) + Math.log(4), 5);
  });

  it('evaluating 100 digits leaves the training labels alone (the confidence staging block holds 1000 floats)', async () => {
    // Every digit gets p = (¼, ¾); training rows 0–3 have labels 0, 1, 0, 1: loss 2·ln 4 + 2·(ln 4 − ln 3), 2 correct.
    const wasm = await loadWasmBackend();
    const session = wasm.createSession(flatNetwork(), images(4), sgd, 4);
    const result = session.evaluate(images(100));
    expect(Array.from(result.predictions)).toEqual(new Array(100).fill(1));
    const tally = session.forward(Uint32Array.of(0, 1, 2, 3), 4);
    expect(tally.lossSum).toBeCloseTo(2 * Math.log(4) + 2 * (Math.log(4) - Math.log(3)), 5);
    expect(tally.correct).toBe(2);
  });
});
