/**
 * The end-to-end harness: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), a fresh page per test that fails on any console error, page error or request to a
 * host other than 127.0.0.1, and a closing line `N passed, N failed`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

export interface Context {
  base: string;
  /** A new page; its console errors and foreign requests are checked when the test ends. */
  page(options?: { width?: number; height?: number; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
}

export interface E2ETest {
  name: string;
  run(context: Context): Promise<void>;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function runTests(browser: Browser, base: string, tests: E2ETest[]): Promise<{ passed: number; failed: number }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const test of tests) {
    const problems: string[] = [];
    const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
    const context: Context = {
      base,
      async page(options = {}) {
        const browserContext = await browser.newContext({
          viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
          colorScheme: options.colorScheme ?? 'light',
          acceptDownloads: true,
        });
        contexts.push(browserContext);
        await browserContext.route('**/*', (route) => {
          const url = new URL(route.request().url());
          if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
          problems.push(`request to a foreign host: ${route.request().url()}`);
          return route.abort();
        });
        const page = await browserContext.newPage();
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        return page;
      },
      async screenshot(page, name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
    };
    const started = performance.now();
    try {
      await test.run(context);
      if (problems.length) throw new Error(problems.join('\n'));
      passed++;
      console.log(`✓ ${test.name} (${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      failed++;
      console.log(`✗ ${test.name}\n    ${String((error as Error).stack ?? error).split('\n').slice(0, 6).join('\n    ')}`);
    } finally {
      for (const c of contexts) await c.close();
    }
  }
  return { passed, failed };
}

/** Throws with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * The colours the page shows at `points` (CSS px of the viewport), read from a screenshot: what the
 * learner sees, after every layer and paint order (computed styles can't say which paints on top).
 */
export async function pixelsAt(page: Page, points: { x: number; y: number }[]): Promise<[number, number, number][]> {
  const png = (await page.screenshot({ scale: 'css' })).toString('base64');
  return page.evaluate(async ({ png, points }) => {
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    return points.map(({ x, y }) => {
      const [r, g, b] = context.getImageData(Math.round(x), Math.round(y), 1, 1).data;
      return [r, g, b] as [number, number, number];
    });
  }, { png, points });
}
