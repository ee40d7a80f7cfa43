/**
 * Reading the mistakes and drawing a digit, on the built site: draw with pointer events (mouse
 * and touch) and with the keyboard and get a prediction; train one step on the drawing.
 */
import type { Page } from 'playwright-core';
import { check, type E2ETest } from './harness.ts';

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
];
