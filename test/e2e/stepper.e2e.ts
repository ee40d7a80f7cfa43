import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { lessonPass } from '../../src/state/prerender.ts';
import { formatNumber } from '../../src/explain/format.ts';
import { createNetwork, traceToJson } from '../../src/nn/index.ts';
import { storeWeights, SESSION_WEIGHTS_KEY } from '../../src/state/trained.ts';
import { check, type E2ETest } from './harness.ts';

const LESSON = '/lessons/backpropagation/';

interface Snapshot {
  label: string;
  equation: string;
  substituted: string;
  code: string;
  quantity: string;
  active: string;
}

/**
 * In the page: resolves once a step has been drawn everywhere: the widgets in view redraw in the
 * next frame, the ones out of view in idle time after it (their idle callbacks were queued first).
 */
/**
 * In the page: resolves once a step is fully drawn. A slow machine draws a step over a few frames
 * (src/widgets/lib/schedule.ts): wait for the first, then for the scheduler's last, then one more.
 */
const painted = async (): Promise<void> => {
  await new Promise((done) => requestAnimationFrame(done));
  await (window as unknown as { stepwiseFramesDrawn?: () => Promise<void> }).stepwiseFramesDrawn?.();
  await new Promise((done) => requestAnimationFrame(done));
};
/** `painted`, then idle time (out-of-view widgets and the scroller marks are drawn then). */
const settled = async (): Promise<void> => {
  await new Promise((done) => requestAnimationFrame(done));
  await (window as unknown as { stepwiseFramesDrawn?: () => Promise<void> }).stepwiseFramesDrawn?.();
  await new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => done(), { timeout: 2000 }))));
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const tests: E2ETest[] = [
  {
    name: 'equations: at 1280 and 390 px none is cut or scrolls sideways on any step (a phone gets them broken into lines); at 320 a wider one scrolls in a region the keyboard reaches',
    async run({ base, page: open }) {
      for (const width of [1280, 390, 320]) {
        const page = await open({ width, height: 900 });
        await page.goto(`${base}${LESSON}`);
        await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
        const wide: string[] = [];
        for (let k = 1; k <= 13; k++) {
          await page.evaluate((n) => {
            const range = document.querySelector('sw-stepper input.sw-scrubber') as HTMLInputElement;
            range.value = String(n);
            range.dispatchEvent(new Event('input', { bubbles: true }));
          }, k);
          await page.waitForFunction((n) => document.querySelector('.sw-step-label')?.textContent?.startsWith(`Step ${n} of`), k, { timeout: 5000 });
          await page.evaluate(settled);
          const boxes = await page.locator('sw-equation .sw-eq-general, sw-equation .sw-eq-numbers').evaluateAll((els) => els.map((e) => ({
            over: e.scrollWidth - e.clientWidth, tab: e.getAttribute('tabindex'), role: e.getAttribute('role'), name: e.getAttribute('aria-label') ?? '',
            inner: [...e.querySelectorAll('.katex-display')].filter((d) => getComputedStyle(d).overflowX !== 'visible').length,
          })));
          for (const b of boxes) {
            check(b.tab === '0' && b.role === 'region' && b.name.length > 10, `step ${k}: an equation box is not a named, focusable region (${JSON.stringify(b)})`);
            check(b.inner === 0, `step ${k} at ${width} px: KaTeX's own box scrolls, out of reach of the keyboard`);
            if (width >= 390) check(b.over <= 1, `step ${k} at ${width} px: "${b.name}" is ${b.over} px wider than its box`);
            else if (b.over > 1) wide.push(`${k}`);
          }
        }
        if (width === 320 && wide.length) {
          // A phone: the wider ones scroll by keyboard once focused.
          const k = Number(wide[0]);
          await page.evaluate((n) => {
            const range = document.querySelector('sw-stepper input.sw-scrubber') as HTMLInputElement;
            range.value = String(n);
            range.dispatchEvent(new Event('input', { bubbles: true }));
          }, k);
          await page.evaluate(settled);
          const box = page.locator('sw-equation .sw-eq-numbers');
          await box.focus();
          await page.keyboard.press('ArrowRight');
          await page.waitForFunction(() => (document.querySelector('sw-equation .sw-eq-numbers')?.scrollLeft ?? 0) > 0, null, { timeout: 3000 })
            .catch(() => check(false, `step ${k} at 320 px: ArrowRight on the focused equation did not scroll it`));
        }
      }
    },
  },
  {
    name: 'stepper keyboard: at the first and last step focus stays on an enabled control and the keys keep working',
    async run({ base, page: open }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const label = () => page.locator('.sw-step-label').textContent();
      const at = (n: number) => page.waitForFunction((k) => document.querySelector('.sw-step-label')?.textContent?.startsWith(`Step ${k} of`), n, { timeout: 5000 })
        .catch(async () => check(false, `expected step ${n}, the stepper shows "${await label()}"`));
      const focus = () => page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return { inStepper: !!a?.closest('sw-stepper'), disabled: !!(a as HTMLButtonElement | null)?.disabled, name: a?.getAttribute('aria-label') ?? a?.tagName ?? '' };
      });
      const focusKept = async (when: string) => {
        const f = await focus();
        check(f.inStepper && !f.disabled, `${when}: focus is on ${f.name} (in the stepper: ${f.inStepper}, disabled: ${f.disabled})`);
      };
      await page.getByRole('button', { name: 'Next step' }).focus();
      await page.keyboard.press('ArrowRight');
      await at(2);
      await page.keyboard.press('End'); // disables the focused ▶▶
      await at(13);
      await focusKept('after End on ▶▶');
      await page.keyboard.press('ArrowLeft');
      await at(12);
      await page.keyboard.press('Home'); // disables ◀◀, which now has focus
      await at(1);
      await focusKept('after Home');
      await page.keyboard.press('ArrowRight');
      await at(2);
      // Pressing the buttons themselves: ◀◀ on step 2 and ▶▶ on step 12.
      await page.getByRole('button', { name: 'Previous step' }).focus();
      await page.keyboard.press('Enter');
      await at(1);
      await focusKept('after ◀◀ on step 2');
      await page.keyboard.press('End');
      await at(13);
      await page.keyboard.press('ArrowLeft');
      await at(12);
      await page.getByRole('button', { name: 'Next step' }).click();
      await at(13);
      await focusKept('after clicking ▶▶ on step 12');
      // Pressing on past the end (Enter, as on the button a moment ago) stays at the end: focus is not on ◀◀.
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.evaluate(painted);
      check((await label())?.startsWith('Step 13 of') ?? false, `Enter after the last step moved the stepper to "${await label()}"`);
      await page.keyboard.press('Home');
      await at(1);
    },
  },
  {
    name: 'wide networks: a lab network of 128 or 256,128 hidden units opens readable (16 units a column, outputs apart, no label on another), scrolled by keyboard and by click',
    async run({ base, page: open, screenshot }) {
      for (const [hidden, width] of [[[128], 1280], [[256, 128], 1280], [[256, 128], 390]] as const) {
        const page = await open({ width, height: 1000 });
        await page.goto(`${base}/`);
        // The weights a learner loaded in this tab (trained.ts keeps them in sessionStorage); their values do not matter here, their shape does.
        const stored = JSON.stringify(storeWeights(createNetwork({ sizes: [784, ...hidden, 10], activation: 'relu', seed: 3 }), `wide test network ${hidden.join(',')}`));
        await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [SESSION_WEIGHTS_KEY, stored]);
        await page.goto(`${base}${LESSON}?weights=file&backprop.step=output-error`);
        await page.locator('.sw-note', { hasText: `wide test network ${hidden.join(',')}` }).waitFor({ timeout: 15_000 });
        await page.waitForFunction((n) => document.querySelectorAll('sw-network g.sw-layer').length === n, hidden.length + 1, { timeout: 10_000 });
        const diagram = page.locator('sw-network');
        await diagram.scrollIntoViewIfNeeded();
        const geometry = () => diagram.evaluate((root) => {
          const box = (e: Element) => e.getBoundingClientRect();
          const texts = [...root.querySelectorAll('svg.sw-net text')].filter((t) => (t.textContent ?? '').trim()).map((t) => ({ text: t.textContent ?? '', ...box(t).toJSON() }));
          const overlapping: string[] = [];
          for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
            const [a, b] = [texts[i], texts[j]];
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlapping.push(`"${a.text}" / "${b.text}"`);
          }
          const columns = [...root.querySelectorAll('g.sw-layer')].map((g) => [...g.querySelectorAll('circle.sw-unit')].map((c) => ({ unit: Number(c.getAttribute('data-unit')), y: box(c).top, h: box(c).height })));
          const svg = box(root.querySelector('svg.sw-net')!);
          return { overlapping, columns, svgWidth: svg.width, pageWidth: document.documentElement.scrollWidth, viewport: innerWidth };
        });
        let g = await geometry();
        check(g.overlapping.length === 0, `${hidden} at ${width} px: labels drawn on top of each other: ${g.overlapping.slice(0, 4).join(', ')}`);
        check(g.pageWidth <= g.viewport, `${hidden} at ${width} px: the page scrolls sideways (${g.pageWidth} > ${g.viewport})`);
        g.columns.forEach((units, l) => {
          check(units.length === (l < hidden.length ? 16 : 10), `${hidden} at ${width} px: column ${l + 1} draws ${units.length} units`);
          for (let k = 1; k < units.length; k++) check(units[k].y - units[k - 1].y >= 24 && units[k].h >= 23, `${hidden} at ${width} px: units ${k - 1} and ${k} of column ${l + 1} are ${units[k].y - units[k - 1].y} px apart, ${units[k].h} px tall`);
        });
        await screenshot(page, `wide-${hidden.join('-')}-${width}`);
        // Keyboard: the diagram's tab stop, then ArrowDown 20 times: unit 20 of layer 1 is drawn and focused, the window scrolled.
        await diagram.locator('circle.sw-unit[data-layer="1"]').first().focus();
        const first = await page.evaluate(() => document.activeElement?.getAttribute('data-unit'));
        for (let k = 0; k < 20; k++) await page.keyboard.press('ArrowDown');
        const focused = await page.evaluate(() => `${document.activeElement?.getAttribute('data-layer')}:${document.activeElement?.getAttribute('data-unit')}`);
        check(focused === `1:${Number(first) + 20}`, `${hidden} at ${width} px: ArrowDown ×20 from unit ${first} focused ${focused}`);
        await page.keyboard.press('Enter');
        await page.waitForFunction((u) => document.querySelector(`sw-network circle.sw-unit[data-layer="1"][data-unit="${u}"]`)?.getAttribute('aria-pressed') === 'true', Number(first) + 20, { timeout: 3000 })
          .catch(() => check(false, `${hidden} at ${width} px: Enter did not select unit ${Number(first) + 20}`));
        // Click "▼ N more" under layer 1: the next 16 units are drawn.
        const before = await diagram.locator('g.sw-layer[data-layer="1"]').getAttribute('data-window-start');
        await diagram.locator('g.sw-more[data-layer="1"][data-dir="down"]').click();
        await page.waitForFunction((b) => document.querySelector('sw-network g.sw-layer[data-layer="1"]')?.getAttribute('data-window-start') !== b, before, { timeout: 3000 })
          .catch(() => check(false, `${hidden} at ${width} px: clicking "more" did not scroll layer 1 (window at ${before})`));
        g = await geometry();
        check(g.overlapping.length === 0, `${hidden} at ${width} px after scrolling: labels overlap: ${g.overlapping.slice(0, 4).join(', ')}`);
        // Keyboard: the units keep one roving Tab stop; each "▲/▼ N more" is a button of its own,
        // reached by Tab from the units' stop, and Enter or Space on it pages with focus kept on it.
        check(await diagram.locator('circle.sw-unit[tabindex="0"]').count() === 1, `${hidden} at ${width} px: the units have more than one Tab stop`);
        await diagram.locator('circle.sw-unit[tabindex="0"][data-layer="1"]').focus();
        const active = () => page.evaluate(() => { const e = document.activeElement!; return { tag: e.tagName, layer: e.getAttribute('data-layer'), dir: e.getAttribute('data-dir'), name: e.getAttribute('aria-label') ?? '', role: e.getAttribute('role') }; });
        let reached = await active();
        for (let k = 0; k < 3 && !(reached.layer === '1' && reached.dir === 'down'); k++) {
          await page.keyboard.press('Tab');
          reached = await active();
        }
        check(reached.dir === 'down' && reached.role === 'button' && /Show the units after these in .*\(\d+ more\)/.test(reached.name), `${hidden} at ${width} px: Tab from the units did not reach layer 1's "▼ more" button (reached ${JSON.stringify(reached)})`);
        for (const key of ['Enter', ' ']) {
          const was = Number(await diagram.locator('g.sw-layer[data-layer="1"]').getAttribute('data-window-start'));
          await page.keyboard.press(key);
          await page.waitForFunction((b) => Number(document.querySelector('sw-network g.sw-layer[data-layer="1"]')?.getAttribute('data-window-start')) === b + 16, was, { timeout: 3000 })
            .catch(() => check(false, `${hidden} at ${width} px: ${key === ' ' ? 'Space' : key} on "▼ more" did not page layer 1 from ${was}`));
          const still = await active();
          check(still.dir === 'down' && still.layer === '1', `${hidden} at ${width} px: after ${key === ' ' ? 'Space' : key} focus left the "▼ more" button for ${JSON.stringify(still)}`);
        }
      }
    },
  },
  {
    name: 'backprop lesson: every step forward by keyboard and back by button changes counter, equation, code and quantity',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const read = (): Promise<Snapshot> =>
        page.evaluate(() => ({
          label: document.querySelector('.sw-step-label')?.textContent ?? '',
          equation: document.querySelector('.sw-eq-general')?.getAttribute('data-tex') ?? '',
          substituted: document.querySelector('.sw-eq-numbers')?.getAttribute('data-tex') ?? '',
          code: `${document.querySelector('.sw-code')?.getAttribute('data-fn')}:${[...document.querySelectorAll('.sw-code .sw-hl')].map((n) => n.textContent).join('|')}`,
          quantity: document.querySelector('.sw-quantity-title')?.textContent ?? '',
          active: document.querySelector('.sw-diagram-active')?.textContent ?? '',
        }));
      const settle = () => page.evaluate(settled);
      const total = 13;
      const seen: Snapshot[] = [await read()];
      check(seen[0].label.startsWith(`Step 1 of ${total} — forward`), `first label: ${seen[0].label}`);
      await page.locator('sw-stepper').focus();
      const shots: Record<number, string> = { 0: 'step-01-forward-linear', 3: 'step-04-softmax', 9: 'step-10-relu-backward', 12: 'step-13-update' };
      await screenshot(page, shots[0]);
      for (let k = 1; k < total; k++) {
        await page.keyboard.press('ArrowRight');
        await settle();
        const now = await read();
        const before = seen[k - 1];
        check(now.label.startsWith(`Step ${k + 1} of ${total}`), `after ${k} presses the counter says "${now.label}"`);
        for (const key of ['label', 'substituted', 'code', 'quantity', 'active'] as const) {
          check(now[key] !== before[key], `step ${k + 1}: the ${key} did not change ("${now[key].slice(0, 80)}")`);
        }
        seen.push(now);
        if (shots[k]) await screenshot(page, shots[k]);
      }
      await page.keyboard.press('ArrowRight');
      check((await read()).label.startsWith(`Step ${total} of ${total}`), 'stepping past the end moved off the last step');
      for (let k = total - 2; k >= 0; k--) {
        await page.getByRole('button', { name: 'Previous step' }).click();
        await settle();
        const now = await read();
        check(now.label === seen[k].label && now.substituted === seen[k].substituted && now.code === seen[k].code, `back at step ${k + 1}, the page differs from the way forward`);
      }
      check(await page.getByRole('button', { name: 'Previous step' }).isDisabled(), 'Previous step is enabled on step 1');
      // Home / End and Space
      await page.locator('sw-stepper').focus();
      await page.keyboard.press('End');
      await settle();
      check((await read()).label.startsWith(`Step ${total} of`), 'End did not go to the last step');
      await page.keyboard.press('Home');
      await settle();
      check((await read()).label.startsWith('Step 1 of'), 'Home did not go to the first step');
      await page.keyboard.press(' ');
      await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 3000 });
      await page.keyboard.press(' ');
      await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 3000 });
    },
  },
  {
    name: 'backprop lesson: the loss shown is the core’s loss for that digit and seed, and the update lowers it',
    async run({ base, page: open }) {
      const expected = lessonPass({ hidden: [16], seed: 1, digit: 0, learningRate: 0.1 });
      const page = await open();
      await page.goto(`${base}${LESSON}`);
      const probs = page.locator('sw-probabilities .sw-probs');
      await probs.waitFor({ timeout: 15_000 });
      const shown = Number(await probs.getAttribute('data-loss'));
      check(Math.abs(shown - expected.trace.loss) < 1e-9, `page loss ${shown} ≠ core loss ${expected.trace.loss}`);
      // Step 1 computes z⁽¹⁾: no probability and no loss exist yet, so none is drawn (review B2).
      check((await probs.getAttribute('data-stage')) === 'pending' && (await probs.locator('svg').count()) === 0, 'the probabilities are drawn on step 1');
      check(!(await probs.textContent())!.includes(expected.trace.loss.toPrecision(4)), 'the loss is shown on step 1, before it is computed');
      await page.locator('sw-stepper').focus();
      await page.keyboard.press('End');
      await page.locator('sw-probabilities .sw-probs[data-after="true"]').waitFor({ timeout: 5000 });
      check((await probs.textContent())!.includes(`= ${expected.trace.loss.toPrecision(4)}`), 'the loss text does not show the core loss');
      const after = Number(await probs.getAttribute('data-loss-after'));
      check(Math.abs(after - expected.after.loss) < 1e-9, `loss after the update ${after} ≠ core ${expected.after.loss}`);
      check(after < shown, `the update did not lower the loss: ${shown} → ${after}`);
      // η = 0.1 lowers this digit's loss but raises the mean over the 100 digits (2.375 → 2.384): the verdict is red and says so.
      check((await page.locator('.sw-verdict.sw-bad').textContent())!.includes('it rose'), 'no red verdict saying the mean loss rose');

      // A different digit and seed through the picker, checked against the core again.
      await page.getByRole('button', { name: 'Test digit #4, labelled 4' }).click();
      // A new digit keeps the learner on the step they were on (the update).
      const digit4 = lessonPass({ hidden: [16], seed: 1, digit: 4 });
      await page.waitForFunction((loss) => Math.abs(Number(document.querySelector('.sw-probs')?.getAttribute('data-loss')) - loss) < 1e-9, digit4.trace.loss, { timeout: 5000 });
      check((await probs.getAttribute('data-after')) === 'true', 'picking a digit left the update step');
      check((await page.locator('.sw-step-label').textContent())!.startsWith('Step 13 of 13'), 'picking a digit moved the stepper');
      // The address is rewritten once the learner pauses (250 ms).
      await page.waitForFunction(() => location.search.includes('backprop.digit=4'), null, { timeout: 3000 }).catch(() => check(false, `URL does not keep the digit: ${page.url()}`));
      const seed = page.getByLabel('Seed of the initial weights');
      await seed.fill('abc');
      await seed.press('Enter');
      await seed.blur();
      await page.locator('.sw-field-error', { hasText: '“abc” is not valid: the seed must be a whole number from 0 to 4294967295. Still using 1.' }).waitFor({ timeout: 3000 });
      await seed.fill('7');
      await seed.press('Tab');
      const seed7 = lessonPass({ hidden: [16], seed: 7, digit: 4 });
      await page.waitForFunction((loss) => Math.abs(Number(document.querySelector('.sw-probs')?.getAttribute('data-loss')) - loss) < 1e-9, seed7.trace.loss, { timeout: 5000 });
    },
  },
  {
    name: 'download this pass: the trace JSON from Chromium equals the core’s in Node, weights bit for bit',
    async run({ base, page: open }) {
      const page = await open();
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const button = page.getByRole('button', { name: 'Download this pass (JSON)' });
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      check(download.suggestedFilename() === 'stepwise-trace-test-0-seed-1.json', `file name ${download.suggestedFilename()}`);
      // Weights drawn by the seeded generator in the browser are the very same float32 values as in Node.
      const net = createNetwork({ sizes: [784, 16, 10], activation: 'relu', seed: 1 });
      net.layers.forEach((layer, l) => {
        const flat = (doc.layers[l].weights as number[][]).flat();
        check(flat.length === layer.W.length, `layer ${l + 1} has ${flat.length} weights`);
        const differing = flat.filter((w, k) => Math.fround(w) !== layer.W[k]).length;
        check(differing === 0, `${differing} weights of layer ${l + 1} differ between Chromium and Node`);
      });
      const expected = traceToJson(lessonPass({ hidden: [16], seed: 1, digit: 0, learningRate: 0.1 }), { set: 'test', index: 0 });
      check(JSON.stringify(Object.keys(doc)) === JSON.stringify(Object.keys(expected)), 'the document has different keys');
      check(doc.loss === expected.loss, `loss ${doc.loss} ≠ ${expected.loss}`);
      const gradient = (doc.layers[0].dLdW as number[][]).flat();
      const expectedGradient = expected.layers[0].dLdW.flat();
      check(gradient.every((g, k) => g === expectedGradient[k]), 'dL/dW of layer 1 differs between Chromium and Node');
    },
  },
  {
    name: 'keyboard reaches every number: arrows on a heatmap or bars move the entry the equation explains',
    async run({ base, page: open }) {
      const page = await open();
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      await page.locator('sw-stepper').focus();
      for (let k = 0; k < 10; k++) await page.keyboard.press('ArrowRight'); // step 11: dL/dW for layer 1
      await page.waitForFunction(() => document.querySelector('.sw-step-label')?.textContent?.includes('∂L/∂W⁽¹⁾ ='));
      const row = page.locator('.sw-entry-picker input[name="row"]');
      const col = page.locator('.sw-entry-picker input[name="col"]');
      const before = { row: Number(await row.inputValue()), col: Number(await col.inputValue()) };
      // ∂L/∂W⁽¹⁾ is drawn as one 28 × 28 image per unit. The widget may be out of view and wait for
      // idle time to draw it: focus the picture of this step, not the previous step's.
      const images = page.locator('sw-quantity .sw-multiples.sw-heatmap').first();
      await images.focus();
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction((b) => Number((document.querySelector('.sw-entry-picker input[name="row"]') as HTMLInputElement).value) === b + 1, before.row, { timeout: 3000 });
      check(Number(await col.inputValue()) === before.col, 'ArrowDown on the heatmap changed the column');
      const substituted = (await page.locator('.sw-eq-numbers').getAttribute('data-tex')) ?? '';
      check(substituted.includes(`W^{(1)}_{${before.row + 1},${before.col}}`), `the equation does not explain row ${before.row + 1}: ${substituted.slice(0, 80)}`);
      await page.locator('sw-stepper').focus();
      await page.keyboard.press('Home');
      await page.locator('svg.sw-bars').focus();
      const first = Number(await row.inputValue());
      await page.keyboard.press(first === 0 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((f) => Number((document.querySelector('.sw-entry-picker input[name="row"]') as HTMLInputElement).value) !== f, first, { timeout: 3000 });
      await page.locator('.sw-bar.sw-highlight').waitFor({ timeout: 3000 });

      // Diagram units: focus shows the unit's numbers, Enter selects it (its incoming weights appear).
      const unit = page.locator('circle.sw-unit[data-layer="1"][data-unit="3"]');
      await unit.focus();
      await page.locator('sw-network .sw-readout', { hasText: 'hidden layer 1, unit 3: z⁽¹⁾ =' }).waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      // (The bars above already selected a unit of layer 1, so its weights image is there: wait for this unit's own state.)
      await page.waitForFunction(() => document.querySelector('circle.sw-unit[data-layer="1"][data-unit="3"]')?.getAttribute('aria-pressed') === 'true', null, { timeout: 3000 })
        .catch(() => check(false, 'Enter did not select the unit'));
      await page.locator('sw-network .sw-caption-weights', { hasText: 'hidden unit 3 ' }).waitFor({ timeout: 3000 });

      // Picker thumbnails: one Tab stop (the chosen digit), arrows move, Enter picks, the next Tab leaves the 100 thumbnails.
      await page.getByRole('button', { name: 'Random digit' }).focus();
      await page.keyboard.press('Tab');
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? '');
      check(await focused() === 'Test digit #0, labelled 7', `Tab after "Random digit" focused ${await focused()}, not the chosen digit #0`);
      await page.keyboard.press('ArrowRight');
      check(await focused() === 'Test digit #1, labelled 2', `ArrowRight in the picker focused ${await focused()}`);
      await page.keyboard.press('Enter');
      await page.locator('sw-network .sw-caption-input', { hasText: 'label 2' }).waitFor({ timeout: 3000 });
      await page.waitForFunction(() => document.querySelector('button[data-digit="1"]')?.getAttribute('aria-pressed') === 'true', null, { timeout: 3000 });
      const perRow = await page.evaluate(() => { const b = [...document.querySelectorAll<HTMLElement>('.sw-thumbs button')]; return b.filter((x) => x.offsetTop === b[0].offsetTop).length; });
      await page.keyboard.press('ArrowDown');
      check(await focused() === `Test digit #${1 + perRow}, labelled ${(await page.locator(`button[data-digit="${1 + perRow}"]`).getAttribute('aria-label'))!.slice(-1)}`, `ArrowDown moved to ${await focused()}, not one row (${perRow}) down`);
      await page.keyboard.press('Tab');
      check(!(await page.evaluate(() => !!document.activeElement?.closest('.sw-thumbs'))), `a second Tab stayed in the picker (${await focused()})`);
    },
  },
  {
    name: 'backprop lesson: the prose follows the session’s pass (another digit in the address), not the digit the page was built with',
    async run({ base, page: open }) {
      const page = await open();
      const digit4 = lessonPass({ hidden: [16], seed: 1, digit: 4 });
      await page.goto(`${base}${LESSON}?backprop.digit=4`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const opening = page.locator('main p', { hasText: 'The loss says how wrong' });
      await page.waitForFunction(() => document.querySelector('sw-fact[data-name="digitAndLabel"]')?.textContent?.startsWith('test digit #4'), null, { timeout: 5000 });
      const text = (await opening.textContent())!.replace(/\s+/g, ' ');
      check(text.includes(`test digit #4, a ${digit4.trace.label}`), `opening: ${text}`);
      // Numbers in the prose as the widgets and the narration print them (formatNumber, 4 figures).
      const loss = formatNumber(digit4.trace.loss);
      check(text.includes(loss), `opening does not quote digit #4's loss ${loss}: ${text}`);
      check(!text.includes('test digit #0'), `opening still names test digit #0: ${text}`);
      check(text.includes('the untrained network (random weights, seed 1)'), `opening: ${text}`);
      // A negative fact in prose has the minus sign the widgets print (it read "(-0.877)" with a hyphen).
      const error = formatNumber(digit4.trace.probabilities[digit4.trace.label] - 1);
      await page.waitForFunction((e) => document.querySelector('sw-fact[data-name="outputErrorLabel"]')?.textContent === e, error, { timeout: 5000 });
    },
  },
  {
    name: 'backprop lesson: a malformed URL falls back to defaults with a visible note',
    async run({ base, page: open }) {
      const page = await open();
      await page.goto(`${base}${LESSON}?backprop.digit=999&backprop.lr=-3&backprop.seed=x`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const notes = await page.locator('.sw-note').allTextContents();
      check(notes.length === 3, `expected 3 notes, got ${notes.length}: ${notes.join(' / ')}`);
      check(notes.some((n) => n.includes('The link sets the digit to "999", but it must be a whole number from 0 to 99, so the default, 0, is used.')), `no note about the digit: ${notes.join(' / ')}`);
      check(notes.some((n) => n.includes('sets the learning rate to "-3", but it must be a number from 0.0001 to 100, so the default, 0.1, is used.')), `no note about the learning rate: ${notes.join(' / ')}`);
      check((await page.locator('.sw-step-label').textContent())!.startsWith('Step 1 of 13'), 'the stepper did not start');
    },
  },
  {
    name: 'link notes: a refused step in the link is said where the page opens, at 1280 and 390 px, and its link takes keyboard focus to the stepper’s own notes',
    async run({ base, page: open, screenshot }) {
      for (const [width, height] of [[1280, 900], [390, 800]]) {
        const page = await open({ width, height });
        await page.goto(`${base}${LESSON}?backprop.step=zzz`);
        const note = page.locator('sw-link-notes li', { hasText: 'The link\'s step "zzz" is not one of this stepper\'s steps, so it opens on step 1 of 13' });
        await note.waitFor({ timeout: 15_000 });
        // In the first screen, at the top of the page: a learner who followed the link reads it without scrolling.
        const box = (await page.locator('sw-link-notes aside').boundingBox())!;
        const scrolled = await page.evaluate(() => scrollY);
        check(scrolled === 0 && box.y >= 0 && box.y + box.height <= height, `${width} px: the link's note is not in the first screen (top ${box.y}, bottom ${box.y + box.height} of ${height}, scrollY ${scrolled})`);
        check((await page.locator('sw-link-notes .sw-link-note-where').textContent()) === 'The stepper in “The whole pass”, further down:', `${width} px: the note does not say where its stepper is`);
        // The keyboard reaches its link right after the site's own two links, and following it moves focus to the stepper's notes.
        let reached = '';
        for (let k = 0; k < 3 && reached !== 'Go to the stepper'; k++) {
          await page.keyboard.press('Tab');
          reached = await page.evaluate(() => document.activeElement?.textContent ?? '');
        }
        check(reached === 'Go to the stepper', `${width} px: Tab did not reach "Go to the stepper" within 3 presses (at "${reached}")`);
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'stepper-backprop', undefined, { timeout: 5000 });
        const target = page.locator('sw-session#stepper-backprop');
        check((await target.textContent())?.includes('The link\'s step "zzz"'), `${width} px: the focused stepper notes lack the note`);
        const landed = (await target.boundingBox())!;
        check(landed.y >= 0 && landed.y < height / 2, `${width} px: the stepper's notes are not in view after the link (top at ${landed.y})`);
        if (width === 390) await screenshot(page, 'link-notes-390');
      }
      // A link with nothing to say: nothing at the top.
      const page = await open();
      await page.goto(`${base}${LESSON}?backprop.step=update`);
      await page.locator('.sw-step-label', { hasText: 'Step 13 of 13' }).waitFor({ timeout: 15_000 });
      check(await page.locator('sw-link-notes').evaluate((el) => (el as HTMLElement).hidden && !el.querySelector('aside')), 'a valid link shows a notes box at the top');
    },
  },
  {
    name: 'backprop lesson at 390 px wide and in dark mode: no horizontal overflow; step render time',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 390, height: 844, colorScheme: 'dark' });
      const jsBytes: { url: string; gzip: number }[] = [];
      page.on('response', async (response) => {
        if (response.url().endsWith('.js')) jsBytes.push({ url: response.url(), gzip: gzipSync(await response.body()).length });
      });
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `the page overflows horizontally by ${overflow}px at 390px`);
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      check(background === 'rgb(20, 23, 28)', `dark mode background is ${background}`);
      await page.locator('sw-stepper').focus();
      await page.keyboard.press('End');
      await page.waitForTimeout(200);
      await screenshot(page, 'step-13-mobile-dark');

      // Render time of one step: the synchronous session update plus every widget's redraw in the
      // next frame (each redraw is recorded as a performance measure by the frame scheduler).
      const times = await page.evaluate(async () => {
        const stepper = document.querySelector('sw-stepper')!;
        const out: { sync: number; draw: number }[] = [];
        for (const key of ['Home', ...Array(12).fill('ArrowRight'), ...Array(12).fill('ArrowLeft')]) {
          const started = performance.now();
          stepper.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
          const sync = performance.now() - started;
          // Widgets out of view redraw in idle time after the frame: counted too (this is the whole step's work).
          await new Promise((done) => requestAnimationFrame(done));
          await (window as unknown as { stepwiseFramesDrawn: () => Promise<void> }).stepwiseFramesDrawn();
          await new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => done(), { timeout: 2000 }))));
          const draw = performance.getEntriesByType('measure').filter((m) => (m.name.startsWith('sw-draw:') || m.name.startsWith('sw-idle-draw:')) && m.startTime >= started).reduce((s, m) => s + m.duration, 0);
          out.push({ sync, draw });
        }
        return out.slice(1);
      });
      const totals = times.map((t) => t.sync + t.draw);
      const perWidget = await page.evaluate(() => {
        const byName: Record<string, number[]> = {};
        for (const m of performance.getEntriesByType('measure')) if (m.name.startsWith('sw-draw:') || m.name.startsWith('sw-idle-draw:')) (byName[m.name.replace(/^sw-(idle-)?draw:/, '')] ??= []).push(m.duration);
        return Object.entries(byName).map(([name, values]) => `${name} ${[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(1)}`).join(', ');
      });
      console.log(`    median draw per widget (ms): ${perWidget}`);
      const jsTotal = jsBytes.reduce((s, f) => s + f.gzip, 0);
      console.log(`    step render time: median ${median(totals).toFixed(1)} ms over ${totals.length} steps (min ${Math.min(...totals).toFixed(1)}, max ${Math.max(...totals).toFixed(1)}; session update ${median(times.map((t) => t.sync)).toFixed(1)} ms + redraws ${median(times.map((t) => t.draw)).toFixed(1)} ms)`);
      console.log(`    JS of the stepper page: ${(jsTotal / 1024).toFixed(1)} KiB gzip in ${jsBytes.length} files`);
    },
  },
  {
    name: 'code panel: the reference kernel of every step, no line cut off at 1280 or 390 px',
    async run({ base, page: open }) {
      for (const width of [1280, 390]) {
        const page = await open({ width, height: 900 });
        await page.goto(`${base}${LESSON}`);
        await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
        await page.locator('sw-stepper').focus();
        const kinds = new Set<string>();
        for (let k = 0; k < 13; k++) {
          if (k) await page.keyboard.press('ArrowRight');
          await page.evaluate(settled);
          const state = await page.evaluate(() => {
            const pre = document.querySelector('sw-code pre')!;
            const lines = [...document.querySelectorAll('sw-code .sw-src')];
            return {
              caption: document.querySelector('sw-code figcaption')?.textContent ?? '',
              kind: document.querySelector('sw-code .sw-code')?.getAttribute('data-kind') ?? '',
              highlighted: document.querySelectorAll('sw-code .sw-hl').length,
              preOverflow: pre.scrollWidth - pre.clientWidth,
              cut: lines.filter((line) => line.scrollWidth > line.clientWidth + 1).map((line) => line.textContent),
            };
          });
          kinds.add(state.kind);
          check(state.caption.startsWith('src/nn/reference.ts — '), `step ${k + 1} at ${width}px: caption "${state.caption}"`);
          check(state.highlighted > 0, `step ${k + 1}: no highlighted line`);
          check(state.preOverflow <= 0 && state.cut.length === 0, `step ${k + 1} at ${width}px: code cut off (${state.preOverflow}px): ${state.cut.join(' | ').slice(0, 120)}`);
        }
        check(kinds.size === 10, `expected the 10 step kinds, saw ${[...kinds].join(', ')}`);
      }
    },
  },
  {
    name: 'one selection: a unit picked in the diagram moves the equation’s entry, on this step and the next',
    async run({ base, page: open }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const row = page.locator('sw-equation .sw-entry-picker input[name="row"]');
      await page.locator('circle.sw-unit[data-layer="1"][data-unit="3"]').click();
      await page.waitForFunction(() => (document.querySelector('sw-equation .sw-entry-picker input[name="row"]') as HTMLInputElement | null)?.value === '3', null, { timeout: 3000 });
      check((await page.locator('.sw-eq-numbers').getAttribute('data-tex'))!.includes('z^{(1)}_{3}'), 'the equation does not explain unit 3');
      check((await page.locator('sw-stepper .sw-narration-text').textContent())!.includes('Unit 3 of layer 1'), 'the narration does not follow the selection');
      // On ∂L/∂W⁽²⁾ the same unit of layer 1 is a column.
      await page.locator('sw-stepper').focus();
      for (let k = 0; k < 6; k++) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => (document.querySelector('sw-equation .sw-entry-picker input[name="col"]') as HTMLInputElement | null)?.value === '3', null, { timeout: 3000 });
      // The two controls pick an entry; the URL keeps it.
      await row.fill('2');
      await row.press('Enter');
      await page.waitForFunction(() => document.querySelector('.sw-eq-numbers')?.getAttribute('data-tex')?.includes('W^{(2)}_{2,3}'), null, { timeout: 3000 });
      await page.waitForFunction(() => location.search.includes('backprop.sel=2%3A2%2C3'), null, { timeout: 3000 });
      // A cleared field keeps its entry (it used to select column 0).
      const col = page.locator('sw-equation .sw-entry-picker input[name="col"]');
      await col.fill('');
      await col.press('Tab');
      await page.waitForFunction(() => (document.querySelector('sw-equation .sw-entry-picker input[name="col"]') as HTMLInputElement).value === '3', null, { timeout: 3000 });
      await page.evaluate(settled);
      check((await page.locator('.sw-eq-numbers').getAttribute('data-tex'))!.includes('W^{(2)}_{2,3}'), 'clearing the column field changed the entry');
      // The equations kept for the neighbouring steps are hidden from sight and from find-in-page
      // (content-visibility: hidden), so only the two shown can be seen or found: a number only a
      // kept equation holds is not found; one of the shown equation with numbers is.
      await page.waitForFunction(() => document.querySelectorAll('sw-equation .sw-tex-kept').length >= 2, null, { timeout: 5000 });
      const found = await page.evaluate(() => {
        const numbers = (el: Element | null) => [...new Set((el?.querySelector('annotation')?.textContent ?? '').match(/\d+\.\d{3,}/g) ?? [])];
        // Every match of `text` in the page, as whether it lies in a kept equation.
        const matches = (text: string) => {
          getSelection()?.removeAllRanges();
          const where: boolean[] = [];
          const find = (window as unknown as { find(t: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find;
          while (where.length < 50 && find(text, false, false, false)) where.push(!!getSelection()?.anchorNode?.parentElement?.closest('.sw-tex-kept'));
          return where;
        };
        const keptNumbers = [...document.querySelectorAll('sw-equation .sw-tex-kept')].flatMap((s) => numbers(s));
        const shown = numbers(document.querySelector('.sw-eq-numbers .sw-tex-slot:not(.sw-tex-kept)'))[0];
        return {
          keptNumbers: keptNumbers.length,
          inKept: keptNumbers.flatMap(matches).filter(Boolean).length,
          shown, shownFound: shown ? matches(shown).filter((k) => !k).length : 0,
          drawn: [...document.querySelectorAll('sw-equation .katex-display')].filter((d) => d.checkVisibility()).length,
        };
      });
      check(found.keptNumbers > 0 && !!found.shown, `no number to look for: ${JSON.stringify(found)}`);
      check(found.inKept === 0, `find-in-page found ${found.inKept} numbers inside kept equations`);
      check(found.shownFound > 0, `find-in-page did not find ${found.shown} of the equation shown`);
      check(found.drawn === 2, `${found.drawn} equations of the panel are drawn, not 2`);
    },
  },
  {
    name: 'diagram readout: a grey hint until a unit is pointed at; the keyboard’s unit comes back when the mouse leaves, Enter selects the unit it names, and the true digit’s unit shows the focus ring',
    async run({ base, page: open }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${LESSON}?backprop.step=activation-gradient:1`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const readout = () => page.evaluate(() => { const p = document.querySelector('sw-network p.sw-readout')!; return { hint: p.classList.contains('sw-hint'), text: p.textContent ?? '' }; });
      const until = (text: string) => page.waitForFunction((t) => document.querySelector('sw-network p.sw-readout')?.textContent?.startsWith(t), text, { timeout: 3000 });
      check((await readout()).hint, 'the readout is not a hint before any unit is pointed at');
      // Keyboard: focus unit 0 of layer 1, then an arrow to the output layer.
      await page.locator('circle.sw-unit[data-layer="1"][data-unit="0"]').focus();
      await until('hidden layer 1, unit 0:');
      check(!(await readout()).hint, 'the readout stays grey with a unit focused');
      await page.keyboard.press('ArrowRight');
      await until('output unit 0 (digit 0):');
      // The mouse passes over unit 5 of layer 1 and leaves the diagram: the readout goes back to the focused output.
      await page.locator('circle.sw-unit[data-layer="1"][data-unit="5"]').hover();
      await until('hidden layer 1, unit 5:');
      await page.mouse.move(5, 5);
      await until('output unit 0 (digit 0):');
      // The mouse on unit 5 again, then Enter: the focused output is selected, and the readout names it.
      await page.locator('circle.sw-unit[data-layer="1"][data-unit="5"]').hover();
      await until('hidden layer 1, unit 5:');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('circle.sw-unit[data-layer="2"][data-unit="0"]')?.getAttribute('aria-pressed') === 'true', null, { timeout: 3000 });
      await page.evaluate(painted);
      const after = await readout();
      check(after.text.startsWith('output unit 0 (digit 0):'), `Enter selected output 0 but the readout says "${after.text}"`);
      // Down to the true digit's output (7): its focus ring is the selected unit's orange, not hidden by the true digit's outline.
      for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowDown');
      await until('output unit 7 (digit 7');
      const strokes = await page.evaluate(() => ['0', '7'].map((u) => { const c = document.querySelector(`circle.sw-unit[data-layer="2"][data-unit="${u}"]`)!; return { cls: c.getAttribute('class'), focused: document.activeElement === c, stroke: getComputedStyle(c).stroke, width: getComputedStyle(c).strokeWidth }; }));
      check(strokes[1].focused && strokes[1].cls?.includes('sw-true'), `output 7 is not the focused true digit: ${JSON.stringify(strokes[1])}`);
      check(strokes[1].stroke === strokes[0].stroke && strokes[1].width === strokes[0].width, `the focused true digit's ring (${strokes[1].stroke} ${strokes[1].width}) is not the focus ring (${strokes[0].stroke} ${strokes[0].width})`);
    },
  },
  {
    name: 'the step and the selection are in the URL and survive a reload; a bad step falls back with a note',
    async run({ base, page: open }) {
      const page = await open();
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      await page.locator('sw-stepper').focus();
      for (let k = 0; k < 9; k++) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => location.search.includes('backprop.step=activation-gradient%3A1'), null, { timeout: 3000 });
      await page.reload();
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('.sw-step-label')?.textContent?.startsWith('Step 10 of 13'), null, { timeout: 3000 });
      await page.goto(`${base}${LESSON}?backprop.step=softmax:9`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      await page.locator('.sw-note', { hasText: 'step "softmax:9" is not one of this stepper' }).waitFor({ timeout: 3000 });
      check((await page.locator('.sw-step-label').textContent())!.startsWith('Step 1 of 13'), 'a bad step did not fall back to step 1');
    },
  },
  {
    name: 'two sessions on one page keep their own steps and URL keys; range-limited steppers stay in range',
    async run({ base, page: open }) {
      const page = await open();
      await page.goto(`${base}/lessons/softmax-cross-entropy/`);
      const labels = page.locator('.sw-step-label');
      await page.waitForFunction(() => document.querySelectorAll('.sw-step-label').length === 2 && [...document.querySelectorAll('.sw-step-label')].every((l) => l.textContent?.startsWith('Step')), null, { timeout: 15_000 });
      check((await labels.nth(0).textContent())!.startsWith('Step 4 of 4 — forward: p = softmax'), `softmax stepper: ${await labels.nth(0).textContent()}`);
      check((await labels.nth(1).textContent())!.startsWith('Step 5 of 5 — forward: L = −log pᵧ'), `loss stepper: ${await labels.nth(1).textContent()}`);
      await page.locator('sw-stepper').nth(0).focus();
      await page.keyboard.press('ArrowRight');
      await page.evaluate(painted);
      check((await labels.nth(0).textContent())!.startsWith('Step 4 of 4'), 'the softmax stepper left its range');
      await page.keyboard.press('Home');
      await page.waitForFunction(() => document.querySelectorAll('.sw-step-label')[0].textContent?.startsWith('Step 1 of 4'));
      check((await labels.nth(1).textContent())!.startsWith('Step 5 of 5'), 'moving one session moved the other');
      // This lesson opens the softmax stepper on its last step, so its first step stays in the
      // address (without it a reload reopened step 4: review), and a reload opens step 1 again.
      await page.waitForFunction(() => location.search.includes('softmax.step=linear%3A1') && !location.search.includes('loss.step=linear'), null, { timeout: 3000 });
      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('.sw-step-label')[0]?.textContent?.startsWith('Step'), null, { timeout: 15_000 });
      check((await labels.nth(0).textContent())!.startsWith('Step 1 of 4'), `a reload after Home: ${await labels.nth(0).textContent()}`);
      check((await labels.nth(1).textContent())!.startsWith('Step 5 of 5'), `a reload after Home moved the loss stepper: ${await labels.nth(1).textContent()}`);
      // The forward-pass lesson walks the forward steps only, up to the logits: no loss, no backward step.
      await page.goto(`${base}/lessons/forward-pass/`);
      await page.locator('.sw-step-label', { hasText: 'Step 1 of 3' }).waitFor({ timeout: 15_000 });
      await page.locator('sw-stepper').focus();
      for (let k = 0; k < 6; k++) await page.keyboard.press('ArrowRight');
      await page.evaluate(painted);
      const last = (await page.locator('.sw-step-label').textContent())!;
      check(last.startsWith('Step 3 of 3 — forward: z⁽²⁾ = W⁽²⁾a⁽¹⁾ + b⁽²⁾'), `the forward-pass stepper went past the logits: ${last}`);
      check(await page.locator('sw-step-note:not([hidden])', { hasText: 'logits' }).isVisible(), 'the note for the logits is not shown on their step');
    },
  },
  {
    name: 'phone: the sticky stepper is compact, shows no keyboard hints, and opens its narration on request',
    async run({ base, page: open }) {
      const page = await open({ width: 390, height: 844 });
      // A touch phone: no hover, so no keyboard hints.
      const phone = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const mobile = await phone.newPage();
      await mobile.goto(`${base}${LESSON}`);
      await mobile.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      const height = await mobile.evaluate(() => document.querySelector('sw-stepper')!.getBoundingClientRect().height);
      check(height <= 90, `the stepper is ${height.toFixed(0)} px tall at 390 × 844`);
      // The longest titles (step 6, step 9) are whole, on at most two lines, and the bar stays compact.
      for (const step of ['output-error', 'weight-gradient:2', 'input-gradient:1']) {
        await mobile.goto(`${base}${LESSON}?backprop.step=${step}`);
        await mobile.locator('.sw-step-label', { hasText: 'backward:' }).waitFor({ timeout: 15_000 });
        const title = await mobile.evaluate(() => {
          const p = document.querySelector('.sw-step-label') as HTMLElement;
          return { text: p.textContent ?? '', cut: p.scrollWidth > p.clientWidth + 1 || p.scrollHeight > p.clientHeight + 1 || getComputedStyle(p).textOverflow === 'ellipsis', lines: Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)),
            // A line may end between words only, not inside a symbol such as a⁽¹⁾ᵀ.
            split: [...p.querySelectorAll('span')].filter((w) => w.getClientRects().length > 1).map((w) => w.textContent), bar: document.querySelector('sw-stepper')!.getBoundingClientRect().height };
        });
        check(!title.cut && title.lines <= 2, `at 390 px the title "${title.text}" is cut or takes ${title.lines} lines`);
        check(title.split.length === 0, `at 390 px the title "${title.text}" breaks inside ${title.split.join(', ')}`);
        check(title.bar <= 100, `with the title "${title.text}" the stepper is ${title.bar.toFixed(0)} px tall at 390 × 844`);
      }
      check(!(await mobile.locator('sw-stepper .sw-keys').isVisible()), 'keyboard hints shown on a touch screen');
      check(!(await mobile.locator('sw-stepper .sw-narration').isVisible()), 'the narration is open in the compact bar');
      await mobile.getByRole('button', { name: 'Why?' }).click();
      await mobile.locator('sw-stepper .sw-narration-text').waitFor({ state: 'visible', timeout: 3000 });
      check((await mobile.locator('sw-stepper .sw-narration-text').textContent())!.length > 80, 'no narration');
      await phone.close();
      // A laptop at the same width (hover: hover) does show the hints.
      await page.goto(`${base}${LESSON}`);
      await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
      check(await page.locator('sw-stepper .sw-keys').isVisible(), 'no keyboard hints where there is a pointer that hovers');
    },
  },
  {
    name: 'sticky bar: a unit or an equation scrolled into view stops below the step bar, not under it, at 1280 and 390 px',
    async run({ base, page: open }) {
      for (const width of [1280, 390]) {
        const page = await open({ width, height: 800 });
        await page.goto(`${base}${LESSON}?backprop.step=softmax`);
        await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 15_000 });
        // Walk a few steps so the bar takes the height of a long narration.
        for (let k = 0; k < 4; k++) {
          await page.locator('sw-stepper').press('ArrowRight');
          await page.waitForTimeout(150);
        }
        for (const selector of ['sw-network circle.sw-unit[data-layer="1"]', 'sw-equation .sw-eq-numbers']) {
          const place = await page.evaluate((sel) => new Promise<{ top: number; bar: number }>((done) => {
            document.querySelector(sel)!.scrollIntoView({ block: 'start' });
            requestAnimationFrame(() => requestAnimationFrame(() => done({ top: document.querySelector(sel)!.getBoundingClientRect().top, bar: document.querySelector('sw-stepper')!.getBoundingClientRect().bottom })));
          }), selector);
          check(place.top >= place.bar - 1, `at ${width} px ${selector} scrolled into view sits at ${place.top.toFixed(0)} px, under the bar (which ends at ${place.bar.toFixed(0)} px)`);
        }
      }
    },
  },
];
