/**
 * Diagnostic (not a test): a Chromium performance trace of the speed e2e's walk (the backprop
 * lesson at 1280×1000, the diagram in view, 4× CPU throttling, Home then 12 steps forward and 12
 * back) on the built site: `node test/e2e/trace-step.ts` after `npm run build`. Prints, per step,
 * the frame's script (animation-frame callbacks and the key's event), style recalculation (with
 * the number of elements restyled), layout (objects laid out of how many), pre-paint, paint,
 * layerize and commit, then the medians. Writes the raw trace to /tmp/step-trace/trace.json
 * (open it in Chromium's Performance panel). DIST=<dir> traces another build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';
import { startTrace, type TraceEvent } from './tracing.ts';


const server = await serveDist(process.env.DIST ?? join(import.meta.dirname, '../../dist'));
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
// INIT=<script> runs before the page's own (e.g. INIT='globalThis.SW_BUDGET = 0' to draw one widget a frame).
if (process.env.INIT) await context.addInitScript({ content: process.env.INIT });
const page = await context.newPage();
try {
  await page.goto(`${server.url}/lessons/backpropagation/`);
  await page.waitForFunction(() => document.querySelectorAll('.sw-status').length === 0, undefined, { timeout: 20_000 });
  // CSS=<rules> adds a style sheet first (to see what a part of the page costs by hiding it).
  if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
  await page.evaluate(() => document.querySelector('sw-network')!.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  // INVALIDATIONS=1 records what invalidated style and layout (slows the page down a lot).
  const stopTrace = await startTrace(cdp, ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'toplevel', ...(process.env.INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []), ...(process.env.CATEGORIES ? process.env.CATEGORIES.split(',') : [])]);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.evaluate(async () => {
    const stepper = document.querySelector('sw-stepper')!;
    for (const key of ['Home', ...Array(12).fill('ArrowRight'), ...Array(12).fill('ArrowLeft')]) {
      await new Promise((done) => setTimeout(done, 150));
      performance.mark(`step:${key}`);
      stepper.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      // A step may paint over several frames (the frame scheduler's budget): wait for the last.
      await (window as unknown as { stepwiseFramesDrawn?: () => Promise<void> }).stepwiseFramesDrawn?.();
      await new Promise((done) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = done; c.port2.postMessage(null); }));
      performance.mark('step-end');
      await new Promise((done) => requestAnimationFrame(done));
    }
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const events = await stopTrace();
  mkdirSync('/tmp/step-trace', { recursive: true });
  writeFileSync('/tmp/step-trace/trace.json', JSON.stringify({ traceEvents: events }));
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`));
  const marks = onMain.filter((e) => e.cat.includes('blink.user_timing') && (e.name.startsWith('step:') || e.name === 'step-end') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b'))
    .sort((a, b) => a.ts - b.ts);
  const starts = marks.filter((m) => m.name.startsWith('step:'));
  const ends = marks.filter((m) => m.name === 'step-end');
  const KINDS = ['EventDispatch', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'RasterTask', 'Layerize', 'Commit', 'UpdateLayer', 'ResizeObserver', 'HitTest', 'MinorGC', 'MajorGC'];
  const rows: Record<string, number | string>[] = [];
  starts.forEach((s, k) => {
    const end = ends.find((e) => e.ts > s.ts)?.ts ?? s.ts;
    const inside = onMain.filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts >= s.ts && e.ts <= end);
    const row: Record<string, number | string> = { step: k, key: s.name.slice(5), wallMs: +((end - s.ts) / 1000).toFixed(1) };
    for (const kind of KINDS) {
      const list = inside.filter((e) => e.name === kind && !inside.some((o) => o !== e && o.name === kind && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur!));
      const ms = list.reduce((t, e) => t + e.dur!, 0) / 1000;
      if (ms > 0.05) row[kind] = +ms.toFixed(1);
      // CPU time (the thread's own running time): a machine loaded by other jobs stretches the wall time, not this.
      const cpu = list.reduce((t, e) => t + (e.tdur ?? 0), 0) / 1000;
      if (cpu > 0.05) row[`${kind}Cpu`] = +cpu.toFixed(2);
    }
    const tasks = inside.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
    const top = tasks.filter((e) => !tasks.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!));
    row.cpuMs = +(top.reduce((t, e) => t + (e.tdur ?? 0), 0) / 1000).toFixed(2);
    // The longest single task (a frame with its rendering, or the key's event): what blocks the page.
    row.longestMs = +(Math.max(0, ...top.map((e) => e.tdur ?? 0)) / 1000).toFixed(2);
    row.tasks = top.filter((e) => (e.tdur ?? 0) > 1000).length;
    const style = inside.filter((e) => e.name === 'UpdateLayoutTree');
    row.restyled = style.map((e) => (e.args as { elementCount?: number })?.elementCount ?? '?').join('+');
    const layouts = inside.filter((e) => e.name === 'Layout');
    row.laidOut = layouts.map((e) => { const b = (e.args as { beginData?: { dirtyObjects?: number; totalObjects?: number } })?.beginData; return `${b?.dirtyObjects}/${b?.totalObjects}`; }).join('+');
    rows.push(row);
  });
  for (const r of rows.slice(1, -1)) console.log(JSON.stringify(r));
  const median = (k: string) => { const v = rows.slice(1, -1).map((r) => Number(r[k] ?? 0)).sort((a, b) => a - b); return v[v.length >> 1]; };
  console.log('medians:', JSON.stringify(Object.fromEntries(['wallMs', 'cpuMs', ...KINDS, ...KINDS.map((k) => `${k}Cpu`)].map((k) => [k, median(k)]).filter(([, v]) => Number(v) > 0))));
  const cpu = rows.slice(1, -1).map((r) => Number(r.cpuMs)).sort((a, b) => a - b);
  console.log(`CPU time of a step's tasks (key to last rendered frame): median ${cpu[cpu.length >> 1]} ms, worst ${cpu.at(-1)} ms`);
  const longest = rows.slice(1, -1).map((r) => Number(r.longestMs)).sort((a, b) => a - b);
  console.log(`Longest single task of a step (what blocks the page): median ${longest[longest.length >> 1]} ms, worst ${longest.at(-1)} ms`);
} finally {
  await browser.close();
  await server.close();
}
