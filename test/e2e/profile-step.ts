/**
 * Diagnostic (not a test): where the JavaScript of the speed e2e's walk goes. Samples the page's
 * main thread (V8's CPU profiler, 0.1 ms) while it walks the backprop lesson at 1280×1000 with the
 * diagram in view at 4× CPU throttling (Home, 12 steps forward, 12 back), and prints the functions
 * with the most self time and the most inclusive time. Build first; for readable names build
 * unminified: `npx astro build --outDir /tmp/dist-nomin` with `minify: false` in vite's build
 * options, then `DIST=/tmp/dist-nomin node test/e2e/profile-step.ts`. The raw profile is written to
 * /tmp/step-trace/profile.cpuprofile (open it in Chromium's Performance panel). FOCUS=<part of a
 * name> (e.g. FOCUS=renderNetworkDiagram) also prints what the time under the matching functions
 * went to, inclusive, per function called from them at any depth.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

const server = await serveDist(process.env.DIST ?? join(import.meta.dirname, '../../dist'));
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/lessons/backpropagation/`);
  await page.waitForFunction(() => document.querySelectorAll('.sw-status').length === 0, undefined, { timeout: 20_000 });
  await page.evaluate(() => document.querySelector('sw-network')!.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(1500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Profiler.start');
  await page.evaluate(async () => {
    const stepper = document.querySelector('sw-stepper')!;
    for (const key of ['Home', ...Array(12).fill('ArrowRight'), ...Array(12).fill('ArrowLeft')]) {
      await new Promise((done) => setTimeout(done, 150));
      stepper.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      await (window as unknown as { stepwiseFramesDrawn?: () => Promise<void> }).stepwiseFramesDrawn?.();
      await new Promise((done) => requestAnimationFrame(done));
    }
    // The last step's idle work (out-of-view widgets, the neighbours' equations).
    await new Promise((done) => setTimeout(done, 600));
  });
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  mkdirSync('/tmp/step-trace', { recursive: true });
  writeFileSync('/tmp/step-trace/profile.cpuprofile', JSON.stringify(profile));
  const nodes = profile.nodes as ProfileNode[];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, k) => self.set(id, (self.get(id) ?? 0) + (deltas[k + 1] ?? 0)));
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const selfByName = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    selfByName.set(name(byId.get(id)!), (selfByName.get(name(byId.get(id)!)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(name(byId.get(at)!));
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
  const top = (map: Map<string, number>, count: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`).join('\n');
  console.log(`Self time (24 steps at 4×, ms):\n${top(selfByName, 30)}\n\nInclusive time:\n${top(inclusive, 40)}`);
  const focus = process.env.FOCUS;
  if (focus) {
    // Each sample under a matching function counts once for every function between it and that one.
    const under = new Map<string, number>();
    for (const [id, us] of self) {
      const chain: string[] = [];
      let at: number | undefined = id;
      while (at !== undefined && !name(byId.get(at)!).includes(focus)) {
        chain.push(name(byId.get(at)!));
        at = parent.get(at);
      }
      if (at === undefined) continue;
      under.set(`(all under ${focus})`, (under.get(`(all under ${focus})`) ?? 0) + us);
      for (const key of new Set(chain)) under.set(key, (under.get(key) ?? 0) + us);
    }
    console.log(under.size ? `\nUnder ${focus}:\n${top(under, 40)}` : `\nNo function matches ${focus} (a minified build renames most: build unminified for names).`);
  }
} finally {
  await browser.close();
  await server.close();
}
