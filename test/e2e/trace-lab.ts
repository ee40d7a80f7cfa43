/**
 * Diagnostic (not a test): records a Chromium performance trace of the default lab run on the
 * built site (`node test/e2e/trace-lab.ts [url-query]` after `npm run build`) and lists every
 * main-thread task over 30 ms with what it was made of (its longest child events, the widget
 * redraws measured inside it). Writes the raw trace to /tmp/lab-trace/trace.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';
import { startTrace, type TraceEvent } from './tracing.ts';

interface Profile { nodes: { id: number; parent?: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }[]; startTime: number; samples: number[]; timeDeltas: number[] }

const KINDS = ['FireAnimationFrame', 'FunctionCall', 'EventDispatch', 'TimerFire', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'HitTest', 'ParseHTML', 'v8.callFunction'];
const query = process.argv[2] ?? '';
const threshold = Number(process.env.TRACE_MS ?? 30);
// DIST=<dir> measures another build (a before/after comparison).
const server = await serveDist(process.env.DIST ?? join(import.meta.dirname, '../../dist'));
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
const status = () => page.locator('.sw-lab-status').textContent();
try {
  await page.goto(`${server.url}/lab/?lab.n=100&lab.epochs=1&lab.batch=10`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => /^Finished/.test(document.querySelector('.sw-lab-status')?.textContent ?? ''), null, { timeout: 300_000 });
  await page.goto(`${server.url}/lab/${query}`);
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  const stopTrace = await startTrace(cdp, ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'toplevel', 'disabled-by-default-devtools.timeline.frame', 'blink', 'loading']);
  const profiling = process.env.PROFILE !== '0';
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  while (!/^(Finished|Stopped|Training stopped)/.test((await status()) ?? '')) await page.waitForTimeout(500);
  await page.waitForTimeout(3000); // epoch-end and save work after the last message
  const { profile } = profiling ? ((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }) : { profile: { nodes: [], startTime: 0, samples: [], timeDeltas: [] } as Profile };
  const events = await stopTrace();
  mkdirSync('/tmp/lab-trace', { recursive: true });
  writeFileSync('/tmp/lab-trace/trace.json', JSON.stringify({ traceEvents: events }));
  // The renderer's main thread: the thread named CrRendererMain of the process that ran the page's tasks.
  const names = events.filter((e) => e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain');
  const mains = new Set(names.map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => mains.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur !== undefined);
  const all = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
  const top = all.filter((t) => !all.some((o) => o !== t && o.tid === t.tid && o.pid === t.pid && o.ts <= t.ts && o.ts + o.dur! >= t.ts + t.dur! && (o.ts < t.ts || o.dur! > t.dur! || all.indexOf(o) < all.indexOf(t))));
  const tasks = top.filter((e) => e.dur! > threshold * 1000);
  // Samples: time → stack (leaf first), to name the JavaScript inside each task.
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples: { ts: number; stack: string[] }[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, k) => {
    at += profile.timeDeltas[k];
    const stack: string[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      if (f.functionName || f.url) stack.push(`${f.functionName || '(anon)'}@${f.url.split('/').pop()}:${f.lineNumber}`);
    }
    samples.push({ ts: at, stack });
  });
  const jsOf = (t: TraceEvent): string[] => {
    const within = samples.filter((s) => s.ts >= t.ts && s.ts <= t.ts + t.dur!);
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    for (const s of within) {
      if (s.stack[0]) self.set(s.stack[0], (self.get(s.stack[0]) ?? 0) + 1);
      for (const f of new Set(s.stack)) incl.set(f, (incl.get(f) ?? 0) + 1);
    }
    const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([f, n]) => `${f} ${n}`);
    return [`samples ${within.length}`, 'self:', ...fmt(self), 'inclusive:', ...fmt(incl)];
  };
  const report = tasks.map((t) => {
    const inside = onMain.filter((e) => e !== t && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur! && e.dur! > 1000);
    const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.ts >= t.ts && e.ts <= t.ts + t.dur! && e.ph === 'b').map((e) => e.name);
    return {
      ms: +(t.dur! / 1000).toFixed(1),
      /** CPU time the thread actually ran (less than ms when the machine's other threads took the cores). */
      cpuMs: t.tdur === undefined ? null : +(t.tdur / 1000).toFixed(1),
      atMs: +((t.ts - tasks[0].ts) / 1000).toFixed(0),
      parts: inside.sort((a, b) => b.dur! - a.dur!).slice(0, 10).map((e) => {
        const d = (e.args as { data?: Record<string, unknown> })?.data ?? {};
        const what = [d.functionName, d.url ? String(d.url).split('/').pop() : '', d.type, d.id].filter(Boolean).join(' ');
        return `${e.name}${what ? ` (${what})` : ''} ${(e.dur! / 1000).toFixed(1)}`;
      }),
      kinds: Object.fromEntries(KINDS.map((k) => [k, +(inside.filter((e) => e.name === k && !inside.some((o) => o !== e && o.name === k && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur!)).reduce((s, e) => s + e.dur!, 0) / 1000).toFixed(1)]).filter(([, v]) => (v as number) > 0.5)),
      marks,
      js: jsOf(t),
    };
  });
  const frames = onMain.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.dur! / 1000).sort((a, b) => a - b);
  const frameCpu = onMain.filter((e) => e.name === 'FireAnimationFrame' && e.tdur !== undefined).map((e) => e.tdur! / 1000).sort((a, b) => a - b);
  console.log(JSON.stringify({ query, threshold, mainThreads: [...mains], tasksOver: report.length, over50: report.filter((r) => r.ms > 50).length, cpuOver50: report.filter((r) => (r.cpuMs ?? 0) > 50).length, animationFrames: { count: frames.length, medianMs: frames[frames.length >> 1], p95Ms: frames[Math.floor(frames.length * 0.95)], maxMs: frames.at(-1), cpuMedianMs: frameCpu[frameCpu.length >> 1], cpuP95Ms: frameCpu[Math.floor(frameCpu.length * 0.95)], cpuMaxMs: frameCpu.at(-1) }, cpuOver30: report.filter((r) => (r.cpuMs ?? 0) > 30).length, tasks: report }, null, 1));
} finally {
  await browser.close();
  await server.close();
}
