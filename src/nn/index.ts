/**
 * The public face of the instrumented network. Everything here is pure TypeScript: no DOM, no
 * d3, no Astro, no fetch, no Math.random (a test enforces it).
 */
export * from './network.ts';
export * from './rng.ts';
export * from './pass.ts';
export * from './batch.ts';
export * from './optimizers.ts';
export * from './evaluate.ts';
export * from './trainer.ts';
export * from './train.ts';
export * from './backends/backend.ts';
export { tsBackend, evaluateNetwork } from './backends/ts/index.ts';
export * from './serialize.ts';
