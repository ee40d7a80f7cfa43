/**
 * Diagnostic (not a test): compares two builds, or one build with and without a style sheet, on the
 * speed e2e's walk (the backprop lesson at 1280×1000, the diagram in view, 4× CPU throttling), taking
 * turns step by step in two pages of one browser, so that the shared machine's load falls on both
 * alike. Each step's tasks are read from one Chromium trace (CPU time of the page's main thread):
 * the longest task (what blocks the page) and all of them together, key to last drawn frame.
 * Prints both medians and the median of the paired differences (B − A).
 *   DIST_A=<dir> DIST_B=<dir> [CSS_A=<rules>] [CSS_B=<rules>] [INIT_A=<js>] [INIT_B=<js>] [ROUNDS=2] node test/e2e/ab-step.ts
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';
import { startTrace } from './tracing.ts';

const dist = join(import.meta.dirname, '../../dist');
const servers = [await serveDist(process.env.DIST_A ?? dist), await serveDist(process.env.DIST_B ?? dist)];
const browser = await launch();
const pages: Page[] = [];
for (const [k, server] of servers.entries()) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  // INIT_A / INIT_B: a script run before the page's own (e.g. 'globalThis.SW_BUDGET = 0', the frame budget).
  const init = k === 0 ? process.env.INIT_A : process.env.INIT_B;
  if (init) await context.addInitScript({ content: init });
  const page = await context.newPage();
  await page.goto(`${server.url}/lessons/backpropagation/`);
  await page.waitForFunction(() => document.querySelectorAll('.sw-status').length === 0, undefined, { timeout: 30_000 });
  const css = k === 0 ? process.env.CSS_A : process.env.CSS_B;
  if (css) await page.addStyleTag({ content: css });
  await page.evaluate(() => document.querySelector('sw-network')!.scrollIntoView({ block: 'start' }));
  pages.push(page);
}
await new Promise((done) => setTimeout(done, 1500));
const cdp = await browser.newBrowserCDPSession();
const stop = await startTrace(cdp, ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel']);
const sessions = await Promise.all(pages.map((p) => p.context().newCDPSession(p)));
for (const s of sessions) await s.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const keys = ['Home', ...Array(12).fill('ArrowRight'), ...Array(12).fill('ArrowLeft')];
const rounds = Number(process.env.ROUNDS ?? 2);
for (let round = 0; round < rounds; round++) {
  for (const [n, key] of keys.entries()) {
    // Take turns, and swap who goes first at every step.
    for (const k of (n + round) % 2 ? [1, 0] : [0, 1]) {
      await pages[k].evaluate(async ({ key, tag }) => {
        await new Promise((done) => setTimeout(done, 150));
        performance.mark(`ab:${tag}`);
        document.querySelector('sw-stepper')!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        await new Promise((done) => requestAnimationFrame(done));
        await (window as unknown as { stepwiseFramesDrawn?: () => Promise<void> }).stepwiseFramesDrawn?.();
        await new Promise((done) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = done; c.port2.postMessage(null); }));
        performance.mark('ab-end');
      }, { key, tag: `${round}:${n}:${k}` });
    }
  }
}
for (const s of sessions) await s.send('Emulation.setCPUThrottlingRate', { rate: 1 });
const events = await stop();
const mains = new Set(events.filter((e) => e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`));
const marks = onMain.filter((e) => e.cat.includes('blink.user_timing') && (e.name.startsWith('ab:') || e.name === 'ab-end')).sort((a, b) => a.ts - b.ts);
const results: { longest: number; total: number }[][] = [[], []];
for (const start of marks.filter((m) => m.name.startsWith('ab:'))) {
  const [, , n, k] = start.name.split(':');
  const thread = `${start.pid}:${start.tid}`;
  const end = marks.find((m) => m.name === 'ab-end' && `${m.pid}:${m.tid}` === thread && m.ts > start.ts);
  if (!end || n === '0' || n === String(keys.length - 1)) continue;
  const tasks = onMain.filter((e) => `${e.pid}:${e.tid}` === thread && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.ts >= start.ts && e.ts <= end.ts);
  const top = tasks.filter((e) => !tasks.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!));
  const cpu = top.map((e) => (e.tdur ?? e.dur!) / 1000);
  results[Number(k)].push({ longest: Math.max(0, ...cpu), total: cpu.reduce((a, b) => a + b, 0) });
}
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };
const worst = (v: number[]) => Math.max(...v);
for (const what of ['longest', 'total'] as const) {
  const [a, b] = results.map((r) => r.map((x) => x[what]));
  const diffs = a.map((x, i) => b[i] - x);
  console.log(`${what.padEnd(8)} A median ${median(a).toFixed(1)} worst ${worst(a).toFixed(1)} | B median ${median(b).toFixed(1)} worst ${worst(b).toFixed(1)} | B−A paired median ${median(diffs).toFixed(1)} ms over ${diffs.length} steps`);
}
await browser.close();
await Promise.all(servers.map((s) => s.close()));
