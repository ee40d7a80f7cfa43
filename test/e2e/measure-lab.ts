/**
 * Benchmark of the in-page lab (not a test; `node test/e2e/measure-lab.ts` after `npm run build`):
 * the default run's test accuracy against training wall time in Chromium, samples/s, the longest
 * main-thread task while training, the step-through's step time while the lab trains on the same
 * main thread, and the JS heap before and after ten start/stop/reset cycles.
 * Prints one JSON object. Figures depend on the machine's load: quote medians of several runs.
 */
import { join } from 'node:path';
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';

// DIST=<dir> measures another build (a before/after comparison).
const server = await serveDist(process.env.DIST ?? join(import.meta.dirname, '../../dist'));
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
const errors: string[] = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
const cdp = await context.newCDPSession(page);
const heap = async (): Promise<number> => {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
};
const status = () => page.locator('.sw-lab-status').textContent();
const waitStatus = (pattern: RegExp, timeout = 300_000) =>
  page.waitForFunction((source) => new RegExp(source).test(document.querySelector('.sw-lab-status')?.textContent ?? ''), pattern.source, { timeout });

const result: Record<string, unknown> = {};
const { loadavg } = await import('node:os');
result.loadAverageAtStart = loadavg().map((l) => +l.toFixed(2));
try {
  await page.goto(`${server.url}/lab/`);
  // Load the data once (cached afterwards) with a tiny run, so the default run measures training only.
  await page.goto(`${server.url}/lab/?lab.n=100&lab.epochs=1&lab.batch=10`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitStatus(/^Finished/);
  await page.goto(`${server.url}/lab/`);
  await page.evaluate(() => {
    const w = window as unknown as { longest: number; tasks: number[] };
    w.longest = 0;
    w.tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.tasks.push(e.duration);
        w.longest = Math.max(w.longest, e.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  // A Chromium trace of the run as well: the long-task API gives wall time only, which on a loaded
  // machine counts the time the main thread waited for a core; the trace also gives each task's
  // CPU time (what the page's own work costs).
  type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const traced = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['toplevel', 'disabled-by-default-devtools.timeline'] } } as never);
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const ticks: { t: number; text: string | null }[] = [];
  // Responsiveness from outside: how long a trivial evaluate takes while training (round trip).
  const roundTrips: number[] = [];
  while (!/^(Finished|Stopped|Training stopped)/.test((await status()) ?? '')) {
    const t0 = performance.now();
    await page.evaluate(() => 1);
    roundTrips.push(performance.now() - t0);
    ticks.push({ t: Date.now() - clicked, text: await page.locator('.sw-progress-text').textContent() });
    await page.waitForTimeout(1000);
  }
  const wall = (Date.now() - clicked) / 1000;
  await page.waitForTimeout(1500); // the run's end: saving it, the mistakes section
  await cdp.send('Tracing.end');
  await traced;
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`) && e.dur !== undefined);
  const long = tasks.filter((t) => t.dur! > 50_000 || (t.tdur ?? 0) > 50_000);
  result.trace = {
    tasks: tasks.length,
    over50msWall: tasks.filter((t) => t.dur! > 50_000).length,
    over50msCpu: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
    longestWallMs: Math.round(Math.max(0, ...tasks.map((t) => t.dur!)) / 1000),
    longestCpuMs: Math.round(Math.max(0, ...tasks.map((t) => t.tdur ?? 0)) / 1000),
    longTasks: long.map((t) => ({
      wallMs: Math.round(t.dur! / 1000),
      cpuMs: Math.round((t.tdur ?? 0) / 1000),
      /** When, after tracing began (just before the click on Train). */
      atMs: Math.round((t.ts - tasks[0].ts) / 1000),
      /** Its three longest parts (script with its file, style, layout, paint…). */
      parts: events
        .filter((e) => e.ph === 'X' && e.pid === t.pid && e.tid === t.tid && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur! && e.name !== 'ThreadControllerImpl::RunTask')
        .sort((a, b) => b.dur! - a.dur!)
        .slice(0, 3)
        .map((e) => {
          const data = (e.args as { data?: { url?: string; functionName?: string } } | undefined)?.data;
          return `${e.name}${data?.url ? ` ${data.url.split('/').pop()}` : ''}${data?.functionName ? ` ${data.functionName}` : ''} ${Math.round(e.dur! / 1000)}`;
        }),
    })),
  };
  const record = await page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('stepwise-lab');
        open.onsuccess = () => {
          const all = open.result.transaction('runs').objectStore('runs').getAll();
          all.onsuccess = () => resolve((all.result as { createdAt: number }[]).sort((a, b) => b.createdAt - a.createdAt)[0]);
          all.onerror = () => reject(all.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  const r = record as { backend: string; trainSeconds: number; finalAccuracy: number; curves: { epochs: { epoch: number; testAccuracy: number; seconds: number; samplesPerSecond: number }[] } };
  let cumulative = 0;
  result.defaultRun = {
    backend: r.backend,
    wallSecondsFromClickToFinished: wall,
    trainSeconds: r.trainSeconds,
    finalTestAccuracy: r.finalAccuracy,
    epochs: r.curves.epochs.map((e) => ({ epoch: e.epoch, testAccuracy: e.testAccuracy, trainingSecondsSoFar: +(cumulative += e.seconds).toFixed(2), samplesPerSecond: Math.round(e.samplesPerSecond) })),
  };
  const longest = await page.evaluate(() => {
    const w = window as unknown as { longest: number; tasks: number[] };
    // The lab's own work per frame (its sw-draw:sw-lab measures), apart from the browser's style, layout and paint.
    const draws = performance.getEntriesByName('sw-draw:sw-lab').map((m) => m.duration).sort((a, b) => a - b);
    return { longest: w.longest, tasks: w.tasks, draws };
  });
  const { draws } = longest;
  // Long tasks are those over 50 ms (the browser reports nothing shorter), wall time: on a loaded
  // machine they include time the main thread waited for a core.
  result.mainThread = {
    longestTaskMs: Math.round(longest.longest),
    tasksOver50ms: longest.tasks.length,
    longTasksMs: longest.tasks.map(Math.round),
    labRedraws: { frames: draws.length, medianMs: +(draws[draws.length >> 1] ?? 0).toFixed(1), p95Ms: +(draws[Math.floor(draws.length * 0.95)] ?? 0).toFixed(1), worstMs: +(draws.at(-1) ?? 0).toFixed(1) },
    medianEvaluateRoundTripMs: roundTrips.sort((a, b) => a - b)[Math.floor(roundTrips.length / 2)] ?? null,
  };
  result.status = await status();

  // The step-through stepping while the lab trains: the backprop lesson with the lab in a
  // same-origin iframe (which shares the page's main thread and event loop), the lab training the
  // default setting in its worker. Step time = the synchronous session update plus every widget's
  // redraw in the next frame (the frame scheduler records each redraw as a performance measure).
  // Per step: `work` = the session update plus every widget's redraw (the frame scheduler's
  // sw-draw measures) plus the style and layout they leave for the next frame (forced there, so it
  // is timed) — the stepper e2e's measure; `toFrame` = wall time from the key to that frame's
  // layout done, which also counts whatever else the main thread was doing (the lab's redraws).
  const stepTimes = async (): Promise<{ work: number; toFrame: number }[]> =>
    page.evaluate(async () => {
      const stepper = document.querySelector('sw-stepper')!;
      const out: { work: number; toFrame: number }[] = [];
      for (const key of ['Home', ...Array(12).fill('ArrowRight'), ...Array(12).fill('ArrowLeft'), ...Array(12).fill('ArrowRight')]) {
        await new Promise((done) => setTimeout(done, 150));
        performance.clearMeasures();
        const started = performance.now();
        stepper.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        const sync = performance.now() - started;
        let layout = 0;
        let toFrame = 0;
        await new Promise<void>((done) =>
          requestAnimationFrame(() => {
            const t = performance.now();
            void document.body.offsetHeight;
            layout = performance.now() - t;
            toFrame = performance.now() - started;
            done();
          }),
        );
        await new Promise((done) => requestAnimationFrame(done));
        const draws = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('sw-draw:')).reduce((s, m) => s + m.duration, 0);
        out.push({ work: sync + draws + layout, toFrame });
      }
      return out.slice(1);
    });
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { medianMs: +sorted[Math.floor(sorted.length / 2)].toFixed(1), worstMs: +sorted[sorted.length - 1].toFixed(1) };
  };
  const summary = (steps: { work: number; toFrame: number }[]) => ({ steps: steps.length, work: stats(steps.map((s) => s.work)), keyToFrame: stats(steps.map((s) => s.toFrame)) });
  await page.goto(`${server.url}/lessons/backpropagation/`);
  await page.locator('sw-probabilities .sw-probs').waitFor({ timeout: 30_000 });
  await page.evaluate(() => document.querySelector('sw-network')!.scrollIntoView({ block: 'start' }));
  // Long tasks of this page and its iframe, by phase (idle stepping, then stepping while the lab trains).
  await page.evaluate(() => {
    const w = window as unknown as { phase: string; longTasks: { phase: string; at: number; ms: number; from: string }[] };
    w.phase = 'idle';
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const from = (e as PerformanceEntry & { attribution?: { containerSrc?: string }[] }).attribution?.map((a) => a.containerSrc || 'this page').join(',') ?? '';
        w.longTasks.push({ phase: w.phase, at: Math.round(e.startTime), ms: Math.round(e.duration), from: from.includes('/lab/') ? 'lab iframe' : 'this page' });
      }
    }).observe({ type: 'longtask', buffered: false });
  });
  const idle = summary(await stepTimes());
  await page.evaluate(() => ((window as unknown as { phase: string }).phase = 'startingLab'));
  await page.evaluate((src) => {
    const frame = Object.assign(document.createElement('iframe'), { src, title: 'lab' });
    // In view (bottom right, over the lesson), so its frames render as a learner's would.
    frame.style.cssText = 'position: fixed; right: 0; bottom: 0; width: 640px; height: 560px; z-index: 10; background: white';
    document.body.append(frame);
  }, `${server.url}/lab/?lab.epochs=30`);
  const lab = page.frameLocator('iframe[title="lab"]');
  await lab.getByRole('button', { name: 'Train', exact: true }).click();
  await page.frames()[1].waitForFunction(() => /^Training/.test(document.querySelector('.sw-lab-status')?.textContent ?? ''), null, { timeout: 120_000 });
  await page.waitForTimeout(2000);
  await page.evaluate(() => ((window as unknown as { phase: string }).phase = 'whileLabTrains'));
  const busy = summary(await stepTimes());
  const stillTraining = await page.frames()[1].evaluate(() => document.querySelector('.sw-lab-status')?.textContent ?? '');
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: { phase: string; ms: number; from: string }[] }).longTasks);
  const longestOf = (phase: string, from: string) => Math.max(0, ...longTasks.filter((t) => t.phase === phase && t.from === from).map((t) => t.ms));
  const longestTasksMs = Object.fromEntries(['idle', 'whileLabTrains'].map((phase) => [phase, { thisPage: longestOf(phase, 'this page'), labIframe: longestOf(phase, 'lab iframe') }]));
  await lab.getByRole('button', { name: 'Stop' }).click().catch(() => undefined);
  result.stepThrough = { idle, whileLabTrains: busy, labStatusDuringSteps: stillTraining, longestTasksMs };

  // Ten start/reset/stop cycles on a small setting: the main thread's heap before and after. On the
  // lesson without a history section, so the kept runs (on disk) do not count.
  await page.goto(`${server.url}/lessons/mini-batches-and-epochs/?lab.n=5000&lab.epochs=50&lab.hidden=64`);
  const before = await heap();
  const perCycle: number[] = [];
  for (let k = 0; k < 10; k++) {
    await page.getByRole('button', { name: /^Train/ }).click();
    await waitStatus(/^Training/, 60_000);
    await page.waitForTimeout(300);
    // Reset mid-run: "Train again" ends this run and starts a fresh one.
    await page.getByRole('button', { name: /^Train again/ }).click();
    await page.waitForTimeout(300);
    await waitStatus(/^Training/, 60_000);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitStatus(/^Stopped/, 60_000);
    perCycle.push(await heap());
  }
  await page.waitForTimeout(500);
  const after = await heap();
  result.heap = { beforeBytes: before, afterEachCycleBytes: perCycle, afterTenStartResetStopBytes: after, historyRuns: 'kept on disk, not shown on this page' };
  result.consoleErrors = errors;
  result.loadAverageAtEnd = loadavg().map((l) => +l.toFixed(2));
} finally {
  console.log(JSON.stringify(result, null, 1));
  await browser.close();
  await server.close();
}
