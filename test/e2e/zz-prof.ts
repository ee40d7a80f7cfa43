// usage: DIST=... RATE=4 FOCUS=name npx node test/e2e/zz-prof.ts
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';
const server = await serveDist(process.env.DIST!);
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
const page = await context.newPage();
await page.goto(`${server.url}/lessons/backpropagation/`);
await page.waitForFunction(() => document.querySelectorAll('.sw-status').length === 0, undefined, { timeout: 20000 });
await page.evaluate(() => document.querySelector('sw-network')!.scrollIntoView({ block: 'start' }));
await page.waitForTimeout(1000);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
if (process.env.RATE) await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.RATE) });
await page.evaluate(async () => {
  const stepper = document.querySelector('sw-stepper')!;
  for (let round = 0; round < 2; round++) for (const key of ['Home', ...Array(12).fill('ArrowRight'), ...Array(12).fill('ArrowLeft')]) {
    await new Promise((done) => setTimeout(done, 150));
    stepper.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await (window as any).stepwiseFramesDrawn?.();
    await new Promise((done) => requestAnimationFrame(done));
  }
});
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
const { profile } = await cdp.send('Profiler.stop') as any;
const dt = profile.timeDeltas as number[];
const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
const selfT = new Map<number, number>();
profile.samples.forEach((id: number, k: number) => selfT.set(id, (selfT.get(id) ?? 0) + (dt[k] ?? 0)));
const keyOf = (n: any) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
const incl = (id: number): number => { const n = byId.get(id); return (selfT.get(id) ?? 0) + (n.children ?? []).reduce((t: number, c: number) => t + incl(c), 0); };
// Aggregate the subtree under every node whose key includes FOCUS, by child key, 3 levels deep.
const focus = process.env.FOCUS ?? 'paint EquationPanel';
const agg = new Map<string, number>();
let total = 0;
const walk = (id: number, depth: number, prefix: string) => {
  const n = byId.get(id);
  for (const c of n.children ?? []) {
    const k = `${prefix}${keyOf(byId.get(c))}`;
    agg.set(k, (agg.get(k) ?? 0) + incl(c));
    if (depth < Number(process.env.DEPTH ?? 3)) walk(c, depth + 1, `${prefix}  `);
  }
};
for (const n of profile.nodes) if (keyOf(n).includes(focus)) { total += incl(n.id); walk(n.id, 1, '  '); }
console.log(`${focus}: ${(total / 1000).toFixed(1)} ms over 50 steps`);
for (const [k, v] of agg) if (v > 2000) console.log((v / 1000).toFixed(1).padStart(8), k);
await browser.close(); await server.close();
