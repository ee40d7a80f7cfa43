/**
 * Not a test: measures the WebAssembly backend in Chromium (the built site's kernels and data,
 * under its Content-Security-Policy) against the same code in Node: the lab's headline
 * configurations (training seconds, test accuracy), one epoch's samples/s of 784-128-10 SGD in
 * both, and where an epoch goes (forward, backward, update) in both. Build first, then
 * `npx node test/e2e/measure-engine.ts` (Node 22). Runs on the page's main thread, not in the
 * lab's worker. `--quick` skips the 784-256-128-10 run; `--deep` runs only that one. Besides wall seconds of training it prints
 * the CPU seconds of the whole probe (the page's main thread, from CDP; Node's process), which a
 * loaded machine inflates less.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { loadKernelBackend } from '../../src/data/kernels-node.ts';
import { loadMnist } from '../../src/data/load-node.ts';
import { launch } from './harness.ts';
import { profileEpoch, runEngineProbe, type EpochSplit, type ProbeConfig, type ProbeResult } from './engine-probe.ts';
import { serveDist } from './serve.ts';

const code = (await build({ entryPoints: [join(import.meta.dirname, 'engine-entry.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' })).outputFiles[0].text;
const server = await serveDist(join(import.meta.dirname, '../../dist'));
const browser = await launch();
const page = await (await browser.newContext()).newPage();
await page.goto(`${server.url}/`);
// The site's Content-Security-Policy forbids inline scripts: serve the probe from the site's origin.
await page.route('**/__engine-probe.js', (route) => route.fulfill({ contentType: 'text/javascript', body: code }));
await page.addScriptTag({ url: `${server.url}/__engine-probe.js` });
type Engine = { probe(c: ProbeConfig): Promise<ProbeResult>; profile(hidden: number[], optimizer: string, learningRate: number): Promise<EpochSplit> };
// The page's main-thread CPU time (CDP's ThreadTime): a figure the machine's load inflates less than wall time.
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const threadTime = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
const inPage = async (config: ProbeConfig) => {
  const before = await threadTime();
  const result = await page.evaluate((c) => (globalThis as unknown as { stepwiseEngine: Engine }).stepwiseEngine.probe(c), config);
  return { result, cpu: (await threadTime()) - before };
};
const node = await loadKernelBackend('wasm');
const [train, test] = [loadMnist('train'), loadMnist('test')];
const show = (r: ProbeResult) => `${r.arithmetic}: train ${r.trainSeconds.toFixed(2)} s, ${Math.round(r.samplesPerSecond)} samples/s, test accuracy ${(100 * r.testAccuracy).toFixed(2)} %`;

const deep: ProbeConfig = { backend: 'wasm', hidden: [256, 128], optimizer: 'adam', learningRate: 0.001, epochs: 10, batches: 0, schedule: 'cosine' };
const configs: ProbeConfig[] = process.argv.includes('--deep') ? [deep] : [
  { backend: 'wasm', hidden: [128], optimizer: 'adam', learningRate: 0.001, epochs: 5, batches: 0 },
  ...(process.argv.includes('--quick') ? [] : [deep]),
  { backend: 'wasm', hidden: [128], optimizer: 'sgd', learningRate: 0.1, epochs: 1, batches: 0 },
];
for (const config of configs) {
  console.log(JSON.stringify(config));
  const chromium = await inPage(config);
  console.log(`  Chromium: ${show(chromium.result)}; main-thread CPU ${chromium.cpu.toFixed(2)} s for the whole probe (data, training, final evaluation)`);
  const cpu = process.cpuUsage();
  const inNode = runEngineProbe(node, train, test, config);
  const used = process.cpuUsage(cpu);
  console.log(`  Node:     ${show(inNode)}; CPU ${((used.user + used.system) / 1e6).toFixed(2)} s for the whole probe (training, final evaluation)`);
}
const split = (s: EpochSplit) => {
  const total = s.forward + s.backward + s.update;
  const part = (x: number) => `${x.toFixed(3)} s (${Math.round((100 * x) / total)} %)`;
  return `forward ${part(s.forward)}, backward ${part(s.backward)}, update ${part(s.update)}`;
};
for (const [optimizer, rate] of process.argv.includes('--deep') ? [] : ([['sgd', 0.1], ['adam', 0.001]] as const)) {
  const chromium = await page.evaluate(([o, r]) => (globalThis as unknown as { stepwiseEngine: Engine }).stepwiseEngine.profile([128], o, r), [optimizer, rate] as const);
  console.log(`where an epoch goes, 784-128-10 ${optimizer} (wall s): Chromium ${split(chromium)}`);
  console.log(`${' '.repeat(`where an epoch goes, 784-128-10 ${optimizer} (wall s): `.length)}Node     ${split(profileEpoch(node, train, [128], optimizer, rate))}`);
}
await browser.close();
await server.close();
