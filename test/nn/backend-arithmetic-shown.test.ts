/**
 * The page says which arithmetic trained: the worker's `ready` and `started` messages carry the
 * backend's description (`describeBackend`), the lab state keeps it and the status line shows it,
 * so a run on the relaxed-SIMD build reads differently from one on the plain-SIMD fallback.
 */
import { describe, expect, it } from 'vitest';
import { describeBackend, tsBackend } from '../../src/nn/index.ts';
import { INITIAL_LAB, reduceLab } from '../../src/state/lab.ts';
import { statusText } from '../../src/widgets/Lab/view.ts';
import { loadWasmBackend } from '../../src/data/kernels-node.ts';

describe('which arithmetic ran, in the lab status line', () => {
  it.each([
    ['relaxed SIMD', true, 'Arithmetic: WebAssembly relaxed SIMD backend.'],
    ['plain SIMD', false, 'Arithmetic: WebAssembly SIMD backend.'],
  ] as const)('%s build', async (_name, relaxed, said) => {
    const backend = await loadWasmBackend({ relaxed });
    const state = reduceLab(INITIAL_LAB, { type: 'ready', backend: backend.name, arithmetic: describeBackend(backend), trainCount: 60000, testCount: 10000 });
    expect(statusText(state)).toBe(`The digits are loaded. ${said}`);
  });

  it('TypeScript, and a worker that does not say (older message): the backend name alone', () => {
    const ts = reduceLab(INITIAL_LAB, { type: 'ready', backend: 'ts', arithmetic: describeBackend(tsBackend), trainCount: 1, testCount: 1 });
    expect(statusText(ts)).toBe('The digits are loaded. Arithmetic: TypeScript backend.');
    const silent = reduceLab(INITIAL_LAB, { type: 'ready', backend: 'wasm', trainCount: 1, testCount: 1 });
    expect(statusText(silent)).toBe('The digits are loaded. Arithmetic: WebAssembly backend.');
  });
});
