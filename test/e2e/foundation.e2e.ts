import { imageAsFloats } from '../../src/data/dataset.ts';
import { loadSample } from '../../src/data/load-node.ts';
import { inkGrey } from '../../src/widgets/lib/theme.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, type E2ETest } from './harness.ts';

/** Lessons that are not drafts, counted from content/lessons (several helpers add lessons). */
const lessonDir = join(import.meta.dirname, '../../content/lessons');
const publishedLessons = readdirSync(lessonDir).filter((f) => f.endsWith('.mdx') && !/^draft:\s*true/m.test(readFileSync(join(lessonDir, f), 'utf8'))).length;

export const tests: E2ETest[] = [
  {
    name: 'landing page lists the lessons',
    async run({ base, page: open, screenshot }) {
      const page = await open();
      await page.goto(`${base}/`);
      check((await page.title()) === 'Stepwise', `title is ${await page.title()}`);
      const link = page.getByRole('link', { name: 'Meet MNIST' });
      check((await link.count()) === 1, 'no link to "Meet MNIST"');
      // The lab is reachable from the start, not only from widgets deep in later lessons.
      const lab = page.getByRole('link', { name: 'Train the network on all 60,000 MNIST digits, in this page' });
      check((await lab.getAttribute('href')) === '/lab/', `the landing page's lab link is ${await lab.getAttribute('href')}`);
      await screenshot(page, 'landing');
      // On a phone a lesson's reading time never breaks between the number and "min".
      await page.setViewportSize({ width: 390, height: 844 });
      const broken = await page.locator('.minutes').evaluateAll((spans) => spans.filter((s) => s.getClientRects().length > 1).map((s) => s.textContent));
      check(broken.length === 0, `reading times broken over two lines at 390 px: ${broken.join(', ')}`);
      await page.setViewportSize({ width: 1200, height: 900 });
      await link.click();
      await page.waitForURL('**/lessons/meet-mnist/');
    },
  },
  {
    name: 'first lesson draws MNIST test digit #0 (a 7) pixel for pixel, and hover reads a pixel value',
    async run({ base, page: open, screenshot }) {
      const page = await open();
      await page.goto(`${base}/lessons/meet-mnist/`);
      const widget = page.locator('sw-digit-grid[data-ready="true"]');
      await widget.waitFor({ timeout: 15_000 });
      check((await widget.locator('figure').getAttribute('data-label')) === '7', 'the widget does not show a 7');
      // The canvas must hold exactly the greys of the real digit.
      const drawn = await widget.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return Array.from({ length: data.length / 4 }, (_, k) => data[4 * k]);
      });
      const expected = Array.from(imageAsFloats(loadSample(), 0), inkGrey);
      check(drawn.length === 784, `canvas has ${drawn.length} pixels`);
      const wrong = drawn.filter((grey, k) => grey !== expected[k]).length;
      check(wrong === 0, `${wrong} of 784 pixels differ from test digit #0`);

      // Hover the pixel at row 10, column 14 and read its value.
      const x = imageAsFloats(loadSample(), 0);
      const frame = widget.locator('.sw-digit-frame');
      const box = (await frame.boundingBox())!;
      await page.mouse.move(box.x + (14.5 / 28) * box.width, box.y + (10.5 / 28) * box.height);
      const readout = widget.locator('.sw-readout');
      const byte = Math.round(x[10 * 28 + 14] * 255);
      await readout.filter({ hasText: `Row 10, column 14 (input x294)` }).waitFor({ timeout: 5000 });
      const text = (await readout.textContent()) ?? '';
      check(text.includes(`byte ${byte} of 255`), `readout "${text}" does not show byte ${byte}`);

      // Keyboard: focus the image and step right with the arrow key.
      await frame.focus();
      await page.keyboard.press('ArrowRight');
      await readout.filter({ hasText: 'Row 10, column 15' }).waitFor({ timeout: 5000 });
      await screenshot(page, 'meet-mnist');
    },
  },
  {
    name: 'every lesson opens, its widgets finish loading, and prev/next links connect the course',
    async run({ base, page: open }) {
      const page = await open();
      await page.goto(`${base}/`);
      const links = await page.locator('.lesson-list a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
      check(links.length === publishedLessons, `the course lists ${links.length} lessons, content/lessons has ${publishedLessons}`);
      for (const [k, href] of links.entries()) {
        await page.goto(`${base}${href}`);
        // Every widget replaces its loading status once the digits are in.
        await page.waitForFunction(() => document.querySelectorAll('.sw-status').length === 0, undefined, { timeout: 15_000 });
        const katexErrors = await page.locator('.katex-error').count();
        check(katexErrors === 0, `${href} has ${katexErrors} TeX errors`);
        const next = page.locator('a[rel="next"]');
        if (k < links.length - 1) check((await next.getAttribute('href')) === links[k + 1], `${href}: next link is ${await next.getAttribute('href')}`);
        else check((await next.count()) === 0, 'the last lesson has a next link');
      }
    },
  },
];
