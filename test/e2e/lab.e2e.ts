/**
 * The training lab on the built site: train on a small subset and watch curves and progress
 * move; pause, resume, stop; a second run with another learning rate overlaid on the first; both
 * runs still in the history after a reload; learning rate 50 explains the blow-up; a damaged
 * download offers Retry, which then trains. Small subsets keep this suite to seconds.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { weightsFromJson } from '../../src/nn/serialize.ts';
import { check, type E2ETest } from './harness.ts';

const LAB = '/lab/';
const SMALL = 'lab.n=3000&lab.hidden=32&lab.batch=50';

const status = (page: Page) => page.locator('.sw-lab-status').textContent();
async function waitStatus(page: Page, pattern: RegExp, timeout = 60_000): Promise<void> {
  try {
    await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('.sw-lab-status')?.textContent ?? ''), pattern.source, { timeout });
  } catch {
    throw new Error(`the lab never said ${pattern}; it says "${await status(page)}"`);
  }
}
const pathLength = (page: Page) => page.evaluate(() => document.querySelector('.sw-run .sw-raw')?.getAttribute('d')?.length ?? 0);
/** Ticks every run in the history (re-finding each box: the list may re-render in between). */
async function tickAll(page: Page): Promise<void> {
  const boxes = page.locator('.sw-history-item input[type="checkbox"]');
  for (let k = 0; k < (await boxes.count()); k++) await boxes.nth(k).check();
}
const progressText = (page: Page) => page.locator('.sw-progress-text').textContent();

export const tests: E2ETest[] = [
  {
    name: 'lab: a small run trains with moving curves and progress; pause, resume, stop; a second η overlays; both survive a reload',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 1280, height: 1100 });
      await page.goto(`${base}${LAB}?lab.hidden=32&lab.batch=50&lab.epochs=50`);
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await waitStatus(page, /^Training\./);
      check(/TypeScript|WebAssembly/.test((await status(page)) ?? ''), `the status does not name the backend: ${await status(page)}`);
      await page.waitForFunction(() => (document.querySelector('.sw-run .sw-raw')?.getAttribute('d')?.length ?? 0) > 200, null, { timeout: 30_000 });
      const early = await pathLength(page);
      await page.waitForTimeout(600);
      check((await pathLength(page)) > early, 'the loss curve did not grow while training');
      check(/Epoch \d+ of 50 · batch \d+ of 1200 · [\d,]+ samples\/s/.test((await progressText(page)) ?? ''), `progress line: ${await progressText(page)}`);
      check((await page.locator('.sw-weight-unit canvas').count()) === 16, 'no first-layer weight images');
      await screenshot(page, 'lab-training-1280');

      await page.getByRole('button', { name: 'Pause' }).click();
      await waitStatus(page, /^Paused/);
      const frozen = await progressText(page);
      await page.waitForTimeout(500);
      check((await progressText(page)) === frozen, 'progress moved while paused');
      await page.getByRole('button', { name: 'Resume' }).click();
      await waitStatus(page, /^Training/);
      await page.waitForFunction((before) => document.querySelector('.sw-progress-text')?.textContent !== before, frozen, { timeout: 10_000 });
      await page.getByRole('button', { name: 'Stop' }).click();
      await waitStatus(page, /^Stopped: test accuracy at that point \d+\.\d %/);
      await page.locator('.sw-history-item').first().waitFor({ timeout: 10_000 });

      // A second run with another learning rate, one epoch.
      await page.getByLabel('Learning rate η').fill('0.01');
      await page.getByLabel('Epochs', { exact: true }).fill('1');
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await waitStatus(page, /^Finished: test accuracy \d+\.\d %/);
      await page.waitForFunction(() => document.querySelectorAll('.sw-history-item').length === 2, null, { timeout: 10_000 });
      await tickAll(page);
      await page.waitForFunction(() => document.querySelectorAll('.sw-run .sw-smooth').length === 2, null, { timeout: 5000 });
      const legend = await page.locator('.sw-run-key').allTextContents();
      check(legend.some((t) => t.includes('η 0.01')) && legend.some((t) => t.includes('η 0.001')), `legend does not name both learning rates: ${legend.join(' | ')}`);
      check(page.url().includes('lab.lr=0.01'), `the address does not keep the learning rate: ${page.url()}`);
      await screenshot(page, 'lab-two-runs-1280');

      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('.sw-history-item').length === 2, null, { timeout: 10_000 });
      await tickAll(page);
      await page.waitForFunction(() => document.querySelectorAll('.sw-run .sw-smooth').length === 2, null, { timeout: 5000 });
      check((await page.getByLabel('Learning rate η').inputValue()) === '0.01', 'the reload lost the learning rate from the address');
      await screenshot(page, 'lab-history-after-reload-1280');
      // The kept weights download in the core's format (what `npm run trace -- --weights` reads).
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('.sw-history-item').first().getByRole('button', { name: 'Weights (JSON)' }).click()]);
      const net = weightsFromJson(readFileSync((await file.path())!, 'utf8'));
      check(net.sizes.join(',') === '784,32,10', `downloaded weights have sizes ${net.sizes}`);
    },
  },
  {
    name: 'lab: learning rate 50 stops the run and explains the blow-up, marked on the curve, with a suggestion',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 1280, height: 1000 });
      await page.goto(`${base}${LAB}?${SMALL}&lab.opt=sgd&lab.lr=50`);
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      const box = page.locator('.sw-lab-divergence');
      await box.waitFor({ state: 'visible', timeout: 60_000 });
      const text = (await box.textContent()) ?? '';
      check(text.includes('Training stopped: the loss blew up') && text.includes('η = 50') && /ten times smaller, η = 5\b/.test(text), `explanation: ${text}`);
      check((await page.locator('.sw-blowup-mark').count()) === 1, 'no blow-up mark on the curve');
      await page.getByRole('button', { name: 'Set η to 5' }).click();
      check((await page.getByLabel('Learning rate η').inputValue()) === '5', 'the suggestion did not set the learning rate');
      await screenshot(page, 'lab-diverged-1280');
      // A refused value is refused at the control, naming the valid range.
      await page.getByLabel('Learning rate η').fill('500');
      const msg = await page.locator('#lab-lr-msg').textContent();
      check(/from 0\.00001 to 100/.test(msg ?? '') || /from 1e-5 to 100/.test(msg ?? ''), `no range in the refusal: ${msg}`);
      check(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled(), 'Train stays enabled with an invalid learning rate');
    },
  },
  {
    name: 'lab: a damaged download says so and Retry trains',
    async run({ base, page: open, screenshot }) {
      const page = await open({ width: 390, height: 900 });
      let damaged = 0;
      await page.context().route('**/train-labels.idx.gzip', async (route) => {
        if (damaged++ > 0) return route.continue();
        return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]) });
      });
      await page.goto(`${base}${LAB}?${SMALL}&lab.n=500&lab.epochs=1`);
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      const failure = page.locator('.sw-lab-failure');
      await failure.waitFor({ state: 'visible', timeout: 60_000 });
      check(/could not be loaded.*damaged/i.test((await failure.textContent()) ?? ''), `failure text: ${await failure.textContent()}`);
      await screenshot(page, 'lab-download-failed-390');
      await page.getByRole('button', { name: 'Retry' }).click();
      await waitStatus(page, /^Finished: test accuracy/);
      check(await failure.isHidden(), 'the failure box stayed after a successful retry');
    },
  },
];
