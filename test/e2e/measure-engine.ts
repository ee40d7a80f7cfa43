/**
 * Not a test: measures the lab's headline configurations in Chromium with the WebAssembly backend
 * (training seconds, samples/s, test accuracy). Build first, then `node test/e2e/measure-engine.ts`
 * (through npx, for Node 22). Runs on the page's main thread, not in the lab's worker.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { launch } from './harness.ts';
import { serveDist } from './serve.ts';
const code = (await build({ entryPoints: [join(import.meta.dirname, 'engine-entry.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' })).outputFiles[0].text;
const server = await serveDist(join(import.meta.dirname, '../../dist'));
const browser = await launch();
const page = await (await browser.newContext()).newPage();
await page.goto(`${server.url}/`);
// The site's Content-Security-Policy forbids inline scripts: serve the probe from the site's origin.
await page.route('**/__engine-probe.js', (route) => route.fulfill({ contentType: 'text/javascript', body: code }));
await page.addScriptTag({ url: `${server.url}/__engine-probe.js` });
for (const config of [
  { backend: 'wasm', hidden: [128], optimizer: 'adam', learningRate: 0.001, epochs: 5, batches: 0 },
  { backend: 'wasm', hidden: [256, 128], optimizer: 'adam', learningRate: 0.001, epochs: 10, batches: 0, schedule: 'cosine' },
]) {
  const r = await page.evaluate((c) => (globalThis as unknown as { stepwiseEngine: { probe(c: unknown): Promise<{ trainSeconds: number; samplesPerSecond: number; testAccuracy: number }> } }).stepwiseEngine.probe(c), config);
  console.log(JSON.stringify(config), 'train s', r.trainSeconds.toFixed(2), 'samples/s', Math.round(r.samplesPerSecond), 'test acc', r.testAccuracy);
}
await browser.close(); await server.close();
