/**
 * Browser entry of the engine e2e (bundled by engine.e2e.ts with esbuild): trains with the very
 * code Node runs — the steppable trainer over the WebAssembly backend, loaded from the built
 * site's `wasm/` (the relaxed-SIMD build where Chromium runs it, as Node 22 does), on the site's own
 * MNIST assets — and reports what came out.
 */
import { kernelsUrl, loadKernelBackend } from '../../src/data/kernels-browser.ts';
import { loadDataset } from '../../src/data/load-browser.ts';
import { profileEpoch, runEngineProbe, type ProbeConfig } from './engine-probe.ts';

(globalThis as unknown as { stepwiseEngine: unknown }).stepwiseEngine = {
  async probe(config: ProbeConfig) {
    const [train, test, backend] = await Promise.all([loadDataset('train'), loadDataset('test'), loadKernelBackend(config.backend, config.plain ? kernelsUrl(false) : undefined)]);
    return runEngineProbe(backend, train, test, config);
  },
  async profile(hidden: number[], optimizer: ProbeConfig['optimizer'], learningRate: number) {
    const [train, backend] = await Promise.all([loadDataset('train'), loadKernelBackend('wasm')]);
    return profileEpoch(backend, train, hidden, optimizer, learningRate);
  },
};
