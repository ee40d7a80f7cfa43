/**
 * The kernel backend in the browser (the lab's worker): `loadKernelBackend('auto')` gives the
 * fastest backend that works in this browser (WebAssembly SIMD, served from `wasm/kernels.wasm`
 * under the site's base URL, else TypeScript); 'ts' or 'wasm' asks for one by name and says why
 * if it cannot load. The page's Content-Security-Policy must allow `'wasm-unsafe-eval'`.
 */
import { tsBackend, type BackendChoice, type KernelBackend } from '../nn/index.ts';
import { createWasmBackend, wasmSimdSupported, type WasmBackend } from '../nn/backends/wasm/session.ts';
import { fetchBytes } from './load-browser.ts';

/** Where the compiled kernels are served: the site's base URL + `wasm/kernels.wasm` (plain SIMD, the default build). */
export function kernelsUrl(relaxed = false): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base.endsWith('/') ? base : `${base}/`}wasm/${relaxed ? 'kernels-relaxed.wasm' : 'kernels.wasm'}`;
}

let compiled: Promise<WebAssembly.Module> | null = null;

/** The WebAssembly backend; throws a learner-readable error when this browser cannot run it. */
export async function loadWasmBackend(url = kernelsUrl()): Promise<WasmBackend> {
  if (!wasmSimdSupported()) throw new Error('this browser has no WebAssembly SIMD: training uses the (slower) TypeScript kernels');
  compiled ??= fetchBytes(url).then((bytes) => WebAssembly.compile(bytes as BufferSource));
  try {
    return createWasmBackend(await compiled);
  } catch (error) {
    compiled = null; // let a later call try again
    throw new Error(`the WebAssembly kernels could not load (${(error as Error).message}): training uses the TypeScript kernels`);
  }
}

/** Loads the kernel backend `kind` ('auto': WebAssembly SIMD when it loads here, else TypeScript). */
export async function loadKernelBackend(kind: BackendChoice = 'auto', url?: string): Promise<KernelBackend> {
  if (kind === 'ts') return tsBackend;
  if (kind === 'wasm') return loadWasmBackend(url);
  if (kind === 'auto') {
    try {
      return await loadWasmBackend(url);
    } catch {
      return tsBackend; // the TypeScript kernels always work: the fallback
    }
  }
  throw new RangeError(`unknown backend "${String(kind)}": use auto, ts or wasm`);
}
