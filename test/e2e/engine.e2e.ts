/**
 * The engine in Chromium: the same seeds give the same losses and bit-identical weights in the
 * browser (WebAssembly backend loaded from the built site, data from the site's assets) as in
 * Node, for the default build (relaxed SIMD in both) and for the plain-SIMD fallback, forced; and
 * how fast one epoch trains in the page. The browser code is the project's own,
 * bundled for this test with esbuild (the bundler Vite uses) from test/e2e/engine-entry.ts.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { loadKernelBackend } from '../../src/data/kernels-node.ts';
import { loadMnist } from '../../src/data/load-node.ts';
import type { E2ETest } from './harness.ts';
import { runEngineProbe, type ProbeConfig, type ProbeResult } from './engine-probe.ts';

async function bundle(): Promise<string> {
  const result = await build({ entryPoints: [join(import.meta.dirname, 'engine-entry.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' });
  return result.outputFiles[0].text;
}

async function inNode(config: ProbeConfig): Promise<ProbeResult> {
  return runEngineProbe(await loadKernelBackend(config.backend, { relaxed: config.plain ? false : undefined }), loadMnist('train'), loadMnist('test'), config);
}

const fail = (message: string): never => {
  throw new Error(message);
};

export const tests: E2ETest[] = [
  {
    name: 'engine: the same seed gives the same losses and bit-identical weights in Chromium (WebAssembly) as in Node; samples/s in the page',
    async run({ base, page }) {
      const tab = await page();
      await tab.goto(`${base}/`);
      // The site's Content-Security-Policy forbids inline scripts: serve the probe from the site's origin.
      const code = await bundle();
      await tab.route('**/__engine-probe.js', (route) => route.fulfill({ contentType: 'text/javascript', body: code }));
      await tab.addScriptTag({ url: `${base}/__engine-probe.js` });
      const probe = (config: ProbeConfig) =>
        tab.evaluate((c) => (globalThis as unknown as { stepwiseEngine: { probe(c: ProbeConfig): Promise<ProbeResult> } }).stepwiseEngine.probe(c), config);
      for (const config of [
        { backend: 'wasm', hidden: [128], optimizer: 'sgd', learningRate: 0.1, epochs: 1, batches: 200 },
        { backend: 'wasm', hidden: [256, 128], optimizer: 'adam', learningRate: 0.001, epochs: 1, batches: 100 },
        // The fallback build, forced: plain SIMD, also bit-identical in both.
        { backend: 'wasm', hidden: [128], optimizer: 'sgd', learningRate: 0.1, epochs: 1, batches: 100, plain: true },
      ] satisfies ProbeConfig[]) {
        const [browser, node] = [await probe(config), await inNode(config)];
        const label = `${config.hidden.join(',')} ${config.optimizer}${config.plain ? ' (plain SIMD)' : ''}`;
        const expected = config.plain ? 'WebAssembly SIMD' : 'WebAssembly relaxed SIMD';
        if (browser.arithmetic !== expected) fail(`${label}: Chromium ran ${browser.arithmetic}, not ${expected}`);
        if (browser.backend !== 'wasm') fail(`${label}: Chromium trained on the ${browser.backend} backend, not wasm`);
        if (browser.arithmetic !== node.arithmetic) fail(`${label}: Chromium ran ${browser.arithmetic}, Node ${node.arithmetic}`);
        if (browser.losses.length !== config.batches) fail(`${label}: ${browser.losses.length} batches in Chromium`);
        const differ = browser.losses.findIndex((loss, k) => loss !== node.losses[k]);
        if (differ >= 0) fail(`${label}: batch ${differ + 1} loss ${browser.losses[differ]} in Chromium, ${node.losses[differ]} in Node`);
        if (browser.weightsHash !== node.weightsHash) fail(`${label}: weights differ (hash ${browser.weightsHash} vs ${node.weightsHash})`);
        if (browser.testAccuracy !== node.testAccuracy) fail(`${label}: test accuracy ${browser.testAccuracy} vs ${node.testAccuracy}`);
      }
      // One full epoch of the default network in the page: speed and accuracy.
      const epoch: ProbeConfig = { backend: 'wasm', hidden: [128], optimizer: 'sgd', learningRate: 0.1, epochs: 1, batches: 0 };
      const [browser, node] = [await probe(epoch), await inNode(epoch)];
      if (browser.testAccuracy < 0.9) fail(`one epoch in Chromium reached only ${(100 * browser.testAccuracy).toFixed(2)} %`);
      console.log(
        `    one epoch 784-128-10 SGD 0.1 batch 64 (${browser.arithmetic} in Chromium, ${node.arithmetic} in Node): Chromium ${browser.trainSeconds.toFixed(2)} s, ${Math.round(browser.samplesPerSecond)} samples/s; ` +
          `Node ${node.trainSeconds.toFixed(2)} s, ${Math.round(node.samplesPerSecond)} samples/s; test accuracy ${(100 * browser.testAccuracy).toFixed(2)} % (same bits: ${browser.weightsHash === node.weightsHash})`,
      );
    },
  },
];
