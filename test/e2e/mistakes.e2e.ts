/**
 * Reading the mistakes and drawing a digit, on the built site: draw with pointer events (mouse
 * and touch) and with the keyboard and get a prediction; train one step on the drawing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadMnist } from '../../src/data/load-node.ts';
import { imageAsFloats } from '../../src/data/dataset.ts';
import { createNetwork, createTrainer, evaluate, forward, weightsToJson, type Network } from '../../src/nn/index.ts';
import { check, pixelsAt, type E2ETest } from './harness.ts';

const MISTAKES = '/lessons/reading-the-mistakes/';

/** A small network trained in Node on the first 3,000 training digits: the "run" the learner imports. */
function trainedWeightsFile(): { path: string; net: Network } {
  const all = loadMnist('train');
  const train = { ...all, count: 3000, pixels: all.pixels.subarray(0, 3000 * 784), labels: all.labels.subarray(0, 3000) };
  const trainer = createTrainer(createNetwork({ sizes: [784, 24, 10], activation: 'relu', seed: 5 }), train, { optimizer: { name: 'adam', learningRate: 0.003 }, batchSize: 32, epochs: 1, shuffleSeed: 2 });
  while (!['finished', 'diverged'].includes(trainer.step().kind));
  const net = trainer.snapshot();
  const path = join(tmpdir(), 'stepwise-e2e-weights.json');
  writeFileSync(path, JSON.stringify(weightsToJson(net)));
  return { path, net };
}


/** Keeps `net` in the lab's run history (IndexedDB) as lab's run store does (src/state/run-store.ts). */
async function putRun(page: Page, net: Network, id: string, name: string): Promise<void> {
  const layers = net.layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, W: Array.from(l.W), b: Array.from(l.b) }));
  await page.evaluate(async ({ layers, sizes, id, name }) => {
    const record = {
      id, name, createdAt: Date.now(), status: 'completed', backend: 'ts', trainSeconds: 1, finalAccuracy: 0.9,
      config: { hidden: sizes.slice(1, -1), activation: 'relu', optimizer: { name: 'adam', learningRate: 0.003 }, seed: 5, batchSize: 32, epochs: 1, trainSize: 3000, schedule: 'constant' },
      curves: { batches: { samplesSeen: [], loss: [] }, epochs: [], changes: [], diverged: null },
      evaluation: null, net: null, hasWeights: true,
    };
    const weights = { sizes, activation: 'relu', seed: 5, init: 'he', precision: 'float32', layers: layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, W: Float32Array.from(l.W), b: Float32Array.from(l.b) })) };
    await new Promise<void>((done, fail) => {
      // Version 2: summaries in "runs", each run's network in "weights" under its id.
      const request = indexedDB.open('stepwise-lab', 2);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('runs', { keyPath: 'id' });
        request.result.createObjectStore('weights');
      };
      request.onerror = () => fail(request.error);
      request.onsuccess = () => {
        const tx = request.result.transaction(['runs', 'weights'], 'readwrite');
        tx.objectStore('runs').put(record);
        tx.objectStore('weights').put(weights, record.id);
        tx.oncomplete = () => { request.result.close(); done(); };
        tx.onerror = () => fail(tx.error);
      };
    });
  }, { layers, sizes: net.sizes, id, name });
}

const DRAW = '/lessons/draw-your-own-digit/';

/** Draws a polyline through `points` (fractions of the pad) with the mouse. */
async function drawWithMouse(page: Page, points: [number, number][]): Promise<void> {
  const pad = page.locator('canvas.sw-draw-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

const predicted = (page: Page) => page.locator('.sw-draw-answer').getAttribute('data-predicted', { timeout: 10_000 });

export const tests: E2ETest[] = [
  {
    name: 'draw: a digit drawn with the mouse is preprocessed and predicted; one training step shows what moved',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${DRAW}`);
      await page.locator('.sw-draw-network').waitFor({ timeout: 15_000 });
      check((await page.locator('.sw-draw-network').textContent())?.includes('untrained'), 'the page does not say the network is untrained');
      await drawWithMouse(page, [[0.3, 0.25], [0.7, 0.25], [0.55, 0.5], [0.45, 0.8]]);
      const guess = await predicted(page);
      check(guess !== null && /^[0-9]$/.test(guess), `no prediction after drawing (got ${guess})`);
      const caption = await page.locator('.sw-draw-caption').textContent();
      check(/scaled by .* to \d+ × 20,/.test(caption ?? ''), `the caption does not tell the preprocessing: ${caption}`);
      // Without a label the step is refused with a message.
      await page.getByRole('button', { name: 'Train one step' }).click();
      await page.locator('.sw-draw-train .sw-draw-error', { hasText: 'Choose the digit you meant' }).waitFor({ timeout: 5000 });
      await page.getByLabel('I meant the digit').selectOption('7');
      await page.getByRole('button', { name: 'Train one step' }).click();
      const moved = page.locator('.sw-draw-moved-list li');
      await moved.first().waitFor({ timeout: 10_000 });
      const text = (await moved.allTextContents()).join(' ');
      check(/p\(7\): [\d.]+ → [\d.]+/.test(text) && /Layer 1: [\d,]+ of 12,544 weights moved/.test(text), `the step's result is missing: ${text}`);
      const href = await page.locator('a.sw-draw-open').getAttribute('href');
      check(href?.includes('backprop.input=d1.7.'), `the step-through link does not carry the drawing and its label: ${href}`);
      await screenshot(page, 'draw-mouse-1280');
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.locator('.sw-draw-seen').waitFor({ state: 'hidden', timeout: 3000 });
    },
  },
  {
    name: 'draw: touch and pen strokes (pointer events) draw too',
    async run({ base, page: open }) {
      const page = await open({ width: 390, height: 844 });
      await page.goto(`${base}${DRAW}`);
      await page.locator('.sw-draw-network').waitFor({ timeout: 15_000 });
      const pad = page.locator('canvas.sw-draw-canvas');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await pad.evaluate((canvas, b) => {
        const fire = (type: string, x: number, y: number, pointerType: string) =>
          canvas.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: b.x + x * b.width, clientY: b.y + y * b.height, pointerId: pointerType === 'touch' ? 7 : 8, pointerType, isPrimary: true, button: 0 }));
        fire('pointerdown', 0.5, 0.15, 'touch');
        for (let k = 1; k <= 10; k++) fire('pointermove', 0.5, 0.15 + k * 0.07, 'touch');
        fire('pointerup', 0.5, 0.85, 'touch');
        fire('pointerdown', 0.35, 0.3, 'pen');
        fire('pointermove', 0.5, 0.15, 'pen');
        fire('pointerup', 0.5, 0.15, 'pen');
      }, box);
      const guess = await predicted(page);
      check(guess !== null, 'no prediction after a touch stroke');
    },
  },
  {
    name: 'draw: the keyboard alone draws a digit (arrows move the brush, Shift+arrows paint, Space dots)',
    async run({ base, page: open }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${DRAW}`);
      await page.locator('.sw-draw-network').waitFor({ timeout: 15_000 });
      await page.locator('canvas.sw-draw-canvas').focus();
      for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Space');
      for (let k = 0; k < 8; k++) await page.keyboard.press('Shift+ArrowDown');
      const guess = await predicted(page);
      check(guess !== null, 'no prediction after drawing with the keyboard');
      const size = await page.locator('.sw-draw-caption').textContent();
      check(/to \d+ × 20/.test(size ?? ''), `a vertical keyboard stroke was not scaled to 20 tall: ${size}`);
      check((await page.locator('canvas.sw-draw-canvas').getAttribute('aria-label'))?.includes('row 12, column 8'), 'the pad does not announce where the brush is');
      await page.keyboard.press('Delete');
      await page.locator('.sw-draw-seen').waitFor({ state: 'hidden', timeout: 3000 });
    },
  },

  {
    name: 'mistakes: clicking a confusion-matrix cell shows that cell’s digits; the keyboard reaches every cell',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${MISTAKES}`);
      await page.locator('sw-confusion-matrix[data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.locator('sw-mistake-gallery[data-ready="true"]').waitFor({ timeout: 10_000 });
      check((await page.locator('.sw-gallery-title').textContent())?.includes('most sure of'), 'the gallery does not start with the most confident mistakes');
      // It says how many of all the mistakes it holds: the matrix's off-diagonal total.
      const wrong = await page.locator('table.sw-cm button[data-truth]').evaluateAll((bs) => bs.filter((b) => b.getAttribute('data-truth') !== b.getAttribute('data-predicted')).reduce((n, b) => n + Number(b.textContent), 0));
      const galleryTitle = (await page.locator('.sw-gallery-title').textContent()) ?? '';
      check(galleryTitle.includes(`The 96 of its ${wrong.toLocaleString('en-US')} mistakes`), `the gallery title does not say it holds 96 of the ${wrong} mistakes: ${galleryTitle}`);
      const cell = page.locator('table.sw-cm button[data-truth="4"][data-predicted="9"]');
      const count = Number(await cell.textContent());
      check(count > 0, `cell true 4 / predicted 9 holds ${count}`);
      await cell.click();
      await page.locator('.sw-gallery-title', { hasText: `True 4, predicted 9: ${count} digit` }).waitFor({ timeout: 5000 });
      const labels = await page.locator('sw-mistake-gallery a').evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
      check(labels.length === Math.min(24, count), `the gallery shows ${labels.length} digits for a cell of ${count}`);
      check(labels.every((l) => / a 4, read as 9 /.test(l)), `a digit in the 4→9 gallery is not a 4 read as 9: ${labels.find((l) => !/ a 4, read as 9 /.test(l))}`);
      check((await cell.getAttribute('aria-pressed')) === 'true', 'the chosen cell is not marked pressed');
      await screenshot(page, 'mistakes-cell-4-9');
      // Keyboard: the chosen cell holds the tab stop; arrows move, Enter chooses.
      await cell.focus();
      for (const key of ['ArrowUp', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft']) await page.keyboard.press(key);
      const focused = await page.evaluate(() => `${document.activeElement?.getAttribute('data-truth')},${document.activeElement?.getAttribute('data-predicted')}`);
      check(focused === '3,5', `arrow keys moved focus to ${focused}, expected 3,5`);
      await page.keyboard.press('Enter');
      await page.locator('.sw-gallery-title', { hasText: 'True 3, predicted 5:' }).waitFor({ timeout: 5000 });
      const table = await page.locator('table.sw-cm tbody tr').count();
      check(table === 10, `the text alternative table has ${table} rows`);
    },
  },
  {
    name: 'mistakes: an imported trained network’s mistake opens in the step-through with those weights',
    async run({ base, page: open, screenshot }) {
      const { path, net } = trainedWeightsFile();
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${MISTAKES}`);
      await page.locator('sw-confusion-matrix[data-ready="true"]').waitFor({ timeout: 30_000 });
      // A file with 1e400 (Infinity once parsed) is refused with a message that says so, not "null".
      const bad = join(tmpdir(), 'stepwise-e2e-weights-1e400.json');
      writeFileSync(bad, readFileSync(path, 'utf8').replace(/"weights":\[\[[^,\]]+/, '"weights":[[1e400'));
      await page.locator('sw-confusion-matrix input[type="file"]').setInputFiles(bad);
      const error = page.locator('.sw-cm-file-error');
      await error.filter({ hasText: 'layer 1 weights row 0[0] is Infinity' }).waitFor({ timeout: 10_000 });
      check(!((await error.textContent()) ?? '').includes('null'), `the 1e400 error says null: ${await error.textContent()}`);
      // A good file then clears the error at once, while its network is still being evaluated.
      await page.locator('sw-confusion-matrix input[type="file"]').setInputFiles(path);
      await page.waitForFunction(() => document.querySelector('.sw-cm-file-error')?.textContent === '', undefined, { timeout: 10_000 });
      await page.locator('.sw-cm-source', { hasText: 'your network: weights file “stepwise-e2e-weights.json”' }).waitFor({ timeout: 30_000 });
      check((await error.textContent()) === '', `a stale error stays after a good file: ${await error.textContent()}`);
      await page.locator('.sw-gallery-title', { hasText: 'most sure of' }).waitFor({ timeout: 10_000 });
      const first = page.locator('sw-mistake-gallery a').first();
      const index = Number(await first.getAttribute('data-index'));
      await first.click();
      await page.waitForURL(/backpropagation/, { timeout: 10_000 });
      await page.locator('.sw-note', { hasText: 'weights file “stepwise-e2e-weights.json”' }).waitFor({ timeout: 10_000 });
      await page.locator('.sw-note', { hasText: `test digit #${index}` }).waitFor({ timeout: 5000 });
      // The loss the step-through shows is the imported network's loss on that digit.
      const test = loadMnist('test');
      const expected = forward(net, imageAsFloats(test, index), test.labels[index]).loss;
      // The note and the probabilities redraw in their own frames: wait for the loss to settle.
      await page.waitForFunction((want) => Math.abs(Number(document.querySelector('.sw-probs')?.getAttribute('data-loss')) - want) < 1e-4 * Math.max(1, want), expected, { timeout: 10_000 }).catch(() => undefined);
      const shown = Number(await page.locator('.sw-probs').getAttribute('data-loss', { timeout: 10_000 }));
      check(Math.abs(shown - expected) < 1e-4 * Math.max(1, expected), `the step-through shows loss ${shown}, the imported network gives ${expected}`);
      const hidden = await page.locator('.sw-diagram').count();
      check(hidden > 0, 'no network diagram in the step-through');
      // The lesson's prose follows the pass: this digit and these weights, not test digit #0 and an untrained network.
      await page.waitForFunction((i) => document.querySelector('sw-fact[data-name="digitAndLabel"]')?.textContent?.startsWith(`test digit #${i},`), index, { timeout: 5000 })
        .catch(() => undefined);
      const opening = ((await page.locator('main p', { hasText: 'The loss says how wrong' }).textContent()) ?? '').replace(/\s+/g, ' ');
      check(opening.includes(`test digit #${index}, `) && opening.includes('the trained network (weights file “stepwise-e2e-weights.json”)') && !opening.includes('untrained'), `the opening prose does not follow the pass: ${opening}`);
      await screenshot(page, 'mistake-in-step-through');
    },
  },

  {
    name: 'mistakes: after a lab run the lesson’s prose gives that run’s numbers, the chooser goes back to the site’s network, and a weights file can still be loaded',
    async run({ base, page: open, screenshot }) {
      const { net } = trainedWeightsFile();
      // The run's numbers, computed here by the core: what the prose must say once the run is shown.
      const test = loadMnist('test');
      const e = evaluate(net, test);
      const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${MISTAKES}`);
      // Before any run: the site's network, its build-time prose.
      await page.locator('sw-confusion-matrix[data-ready="true"] .sw-cm-source[data-builtin="true"]').waitFor({ timeout: 30_000 });
      const fact = (name: string) => page.locator(`sw-mistake-fact[data-name="${name}"]`).first();
      const builtAccuracy = await fact('accuracy').textContent();
      check((await page.locator('.sw-cm-source').textContent())?.includes(`${builtAccuracy} of the 10,000 test digits right`), `the build-time prose (${builtAccuracy}) does not match the site's network in the matrix`);
      await putRun(page, net, 'run-e2e-prose', 'e2e prose run');
      await page.reload();
      await page.locator('.sw-cm-source', { hasText: 'your network: run “e2e prose run” of the lab' }).waitFor({ timeout: 30_000 });
      await page.locator('sw-mistake-fact[data-name="accuracy"][data-state="mine"]').first().waitFor({ timeout: 10_000 });
      const prose = async () => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
      const text = await prose();
      check((await fact('accuracy').textContent()) === pct(e.accuracy), `the prose says ${await fact('accuracy').textContent()}, the run's network gets ${pct(e.accuracy)}`);
      check((await fact('wrong').textContent()) === e.misclassified.length.toLocaleString('en'), `the prose says ${await fact('wrong').textContent()} mistakes, the run's network makes ${e.misclassified.length}`);
      check(text.includes('Take the network this page shows: your network, run “e2e prose run” of the lab (784-24-10, ReLU units).'), `the prose does not name the run: ${text.slice(0, 400)}`);
      // The top confusion the prose names is the matrix's largest off-diagonal cell.
      const top = /a true (\d) read as (\d) \((\d+) of the/.exec((await fact('top').textContent()) ?? '');
      check(top, `no confusion in the prose: ${await fact('top').textContent()}`);
      const cell = Number(await page.locator(`table.sw-cm button[data-truth="${top[1]}"][data-predicted="${top[2]}"]`).textContent());
      check(cell === Number(top[3]), `the prose says ${top[3]} for ${top[1]} → ${top[2]}, the matrix shows ${cell}`);
      // The surest mistake the prose names is the gallery's first card.
      await page.locator('sw-mistake-gallery[data-ready="true"] .sw-gallery-title', { hasText: 'most sure of' }).waitFor({ timeout: 10_000 });
      const first = await page.locator('sw-mistake-gallery a').first().getAttribute('data-index');
      check((await fact('sure').textContent())?.startsWith(`test digit #${first},`), `the prose's surest mistake is ${await fact('sure').textContent()}, the gallery starts with #${first}`);
      // The weights file stays on offer while the run is shown.
      check(await page.locator('sw-confusion-matrix input[type="file"]').isVisible(), 'the weights-file input is gone once a run is shown');
      await screenshot(page, 'mistakes-run-prose');
      // Back to the site's own network: the matrix and the prose follow.
      await page.getByLabel('Network shown').selectOption('builtin');
      await page.locator('sw-confusion-matrix .sw-cm-source[data-builtin="true"]', { hasText: `${builtAccuracy} of the 10,000 test digits right` }).waitFor({ timeout: 30_000 });
      await page.locator('sw-mistake-fact[data-name="accuracy"][data-state="builtin"]').first().waitFor({ timeout: 10_000 });
      check((await fact('accuracy').textContent()) === builtAccuracy, `after switching back the prose says ${await fact('accuracy').textContent()}, not ${builtAccuracy}`);
      check((await prose()).includes('Take the network this page shows: the site’s own network'), 'after switching back the prose does not name the site’s network');
      const href = await page.locator('sw-mistake-gallery a').first().getAttribute('href');
      check(href?.includes('weights=builtin'), `a mistake of the site's network opens with other weights: ${href}`);
      // The choice is in the address: a reload (or a shared link) shows the site's network, not the newer run.
      await page.waitForFunction(() => new URLSearchParams(location.search).get('mistakes.net') === 'builtin', null, { timeout: 5000 });
      await page.reload();
      await page.locator('sw-confusion-matrix[data-ready="true"] .sw-cm-source[data-builtin="true"]').waitFor({ timeout: 30_000 });
      check((await page.getByLabel('Network shown').inputValue()) === 'builtin', 'after a reload the chooser does not show the site’s network');
      // A link naming the run opens on it.
      await page.goto(`${base}${MISTAKES}?mistakes.net=run:run-e2e-prose`);
      await page.locator('sw-confusion-matrix[data-ready="true"] .sw-cm-source', { hasText: 'your network: run “e2e prose run” of the lab' }).waitFor({ timeout: 30_000 });
      // A malformed value is refused with a note, the default is shown, and the address drops it.
      await page.goto(`${base}${MISTAKES}?mistakes.net=${encodeURIComponent('run:<script>')}`);
      await page.locator('.sw-cm-notes .sw-note', { hasText: 'is not one this page can show (builtin, file or run:<id>)' }).waitFor({ timeout: 30_000 });
      await page.locator('sw-confusion-matrix[data-ready="true"] .sw-cm-source', { hasText: 'run “e2e prose run”' }).waitFor({ timeout: 30_000 });
      check(!new URL(page.url()).searchParams.has('mistakes.net'), `the address keeps the refused value: ${page.url()}`);
      // A well-formed run this browser does not have: said so, the default shown.
      await page.goto(`${base}${MISTAKES}?mistakes.net=run:run-0-0`);
      await page.locator('.sw-cm-notes .sw-note', { hasText: 'not in this browser’s run history' }).waitFor({ timeout: 30_000 });
      await screenshot(page, 'mistakes-link-note');
    },
  },

  {
    name: 'optimizer steps: momentum’s table, a step written out, Adam’s moments, and a bad η refused',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}/lessons/momentum-and-adam/`);
      const widget = page.locator('sw-optimizer-step[data-optimizer="momentum"]');
      await widget.locator('table.sw-opt tbody tr').first().waitFor({ timeout: 15_000 });
      check((await widget.locator('table.sw-opt tbody tr').count()) === 6, 'momentum table does not have 6 steps');
      await widget.getByRole('button', { name: 'Write out step 3' }).click();
      await widget.locator('.sw-opt-detail p', { hasText: /^t = 3:/ }).waitFor({ timeout: 5000 });
      check((await widget.locator('.sw-opt-detail').textContent())?.includes('v ← μ·v + g = 0.9 ×'), 'the momentum step is not written out');
      await page.keyboard.press('ArrowDown');
      await widget.locator('.sw-opt-detail p', { hasText: /^t = 4:/ }).waitFor({ timeout: 5000 });
      await widget.getByLabel('Adam').check();
      await widget.locator('table.sw-opt th', { hasText: 'm̂' }).waitFor({ timeout: 5000 });
      const lr = widget.getByLabel('Learning rate η');
      await lr.fill('-3');
      await lr.press('Enter');
      await widget.getByRole('button', { name: 'Run the steps' }).click();
      await widget.locator('.sw-opt-error', { hasText: 'not a learning rate' }).waitFor({ timeout: 5000 });
      await screenshot(page, 'optimizer-steps');
    },
  },

  {
    name: 'optimizer steps at 390 px: the table’s scroll shadows show over the highlighted row too, light and dark',
    async run({ base, page: open }) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await open({ width: 390, height: 900, colorScheme });
        await page.goto(`${base}/lessons/momentum-and-adam/`);
        const wrap = page.locator('sw-optimizer-step[data-optimizer="momentum"] .sw-opt-wrap');
        await wrap.locator('tr.sw-opt-current').waitFor({ timeout: 15_000 });
        await wrap.scrollIntoViewIfNeeded();
        // The box's edge pixel against one 16 px in (past the 0.8 rem shadow), in the highlighted row and in a
        // plain one, halfway between the row's top and its "show" button's (cell padding: no text, no button).
        const shades = async () => {
          const box = (await wrap.boundingBox())!;
          const gap = async (row: ReturnType<typeof wrap.locator>) => {
            const [r, b] = [(await row.boundingBox())!, (await row.locator('button').boundingBox())!];
            return (r.y + b.y) / 2;
          };
          const at = (y: number) => [{ x: box.x + 1, y }, { x: box.x + 16, y }, { x: box.x + box.width - 2, y }, { x: box.x + box.width - 17, y }];
          const rows = [wrap.locator('tr.sw-opt-current'), wrap.locator('tbody tr:not(.sw-opt-current)').first()];
          const [hl, hlIn, hr, hrIn, pl, plIn, pr, prIn] = await pixelsAt(page, [...at(await gap(rows[0])), ...at(await gap(rows[1]))]);
          const d = (a: number[], b: number[]) => Math.max(...a.map((v, k) => Math.abs(v - b[k])));
          return { highlighted: { left: d(hl, hlIn), right: d(hr, hrIn) }, plain: { left: d(pl, plIn), right: d(pr, prIn) } };
        };
        const settle = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        await wrap.evaluate((el) => { el.scrollLeft = 0; });
        await settle();
        const start = await shades();
        check(start.highlighted.right > 12 && start.plain.right > 12, `${colorScheme}: at the start no shadow on the right, where the table goes on (edge − inside: ${JSON.stringify(start)})`);
        check(start.highlighted.left < 4 && start.plain.left < 4, `${colorScheme}: at the start a shadow on the left, where there is nothing more (${JSON.stringify(start)})`);
        await wrap.evaluate((el) => { el.scrollLeft = (el.scrollWidth - el.clientWidth) / 2; });
        await settle();
        const middle = await shades();
        check(middle.highlighted.left > 12 && middle.highlighted.right > 12, `${colorScheme}: scrolled halfway, the highlighted row covers a shadow (${JSON.stringify(middle)})`);
        check(middle.plain.left > 12 && middle.plain.right > 12, `${colorScheme}: scrolled halfway, a plain row lacks a shadow (${JSON.stringify(middle)})`);
        await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
        await settle();
        const end = await shades();
        check(end.highlighted.left > 12 && end.highlighted.right < 4 && end.plain.right < 4, `${colorScheme}: at the end the shadows are wrong (${JSON.stringify(end)})`);
      }
    },
  },

  {
    name: 'mistakes: the newest run of the lab’s history (IndexedDB) is the network the pages read, and its mistakes open with weights=run:<id>',
    async run({ base, page: open }) {
      const { net } = trainedWeightsFile();
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}/`);
      await putRun(page, net, 'run-e2e-1', 'e2e small run');
      await page.goto(`${base}${DRAW}`);
      await page.locator('.sw-draw-network[data-trained="true"]', { hasText: 'run “e2e small run” of the lab' }).waitFor({ timeout: 15_000 });
      await page.goto(`${base}${MISTAKES}`);
      await page.locator('.sw-cm-source', { hasText: 'your network: run “e2e small run” of the lab' }).waitFor({ timeout: 30_000 });
      await page.locator('.sw-gallery-title', { hasText: 'most sure of' }).waitFor({ timeout: 10_000 });
      const first = page.locator('sw-mistake-gallery a').first();
      check((await first.getAttribute('href'))?.includes('weights=run%3Arun-e2e-1'), `the gallery link does not name the run: ${await first.getAttribute('href')}`);
      const index = Number(await first.getAttribute('data-index'));
      await first.click();
      await page.locator('.sw-note', { hasText: 'The weights are run “e2e small run” of the lab' }).waitFor({ timeout: 10_000 });
      const test = loadMnist('test');
      const expected = forward(net, imageAsFloats(test, index), test.labels[index]).loss;
      // The note and the probabilities redraw in their own frames: wait for the loss to settle.
      await page.waitForFunction((want) => Math.abs(Number(document.querySelector('.sw-probs')?.getAttribute('data-loss')) - want) < 1e-4 * Math.max(1, want), expected, { timeout: 10_000 }).catch(() => undefined);
      const shown = Number(await page.locator('.sw-probs').getAttribute('data-loss', { timeout: 10_000 }));
      check(Math.abs(shown - expected) < 1e-4 * Math.max(1, expected), `the step-through shows loss ${shown}, the run's network gives ${expected}`);
    },
  },
];
