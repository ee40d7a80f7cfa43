/**
 * The kernel backend in the browser (the lab's worker): `loadKernelBackend('auto')` gives the
 * fastest backend that works in this browser (WebAssembly, served under the site's base URL:
 * `wasm/kernels-relaxed.wasm` where the browser runs relaxed SIMD, as Chromium does, else
 * `wasm/kernels.wasm`, plain SIMD; else TypeScript); 'ts' or 'wasm' asks for one by name and says
 * why if it cannot load. The page's Content-Security-Policy must allow `'wasm-unsafe-eval'`.
 */
import { tsBackend, type BackendChoice, type KernelBackend } from '../nn/index.ts';
import { createWasmBackend, wasmRelaxedSimdSupported, wasmSimdSupported, type WasmBackend } from '../nn/backends/wasm/session.ts';
import { fetchBytes } from './load-browser.ts';

/** Where the compiled kernels are served: the site's base URL + `wasm/kernels-relaxed.wasm` (relaxed SIMD, the default where the browser runs it) or `wasm/kernels.wasm` (plain SIMD). */
export function kernelsUrl(relaxed = wasmRelaxedSimdSupported()): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return `${base.endsWith('/') ? base : `${base}/`}wasm/${relaxed ? 'kernels-relaxed.wasm' : 'kernels.wasm'}`;
}

const compiled = new Map<string, Promise<WebAssembly.Module>>();

async function compileFrom(url: string): Promise<WasmBackend> {
  let module = compiled.get(url);
  if (!module) compiled.set(url, (module = fetchBytes(url).then((bytes) => WebAssembly.compile(bytes as BufferSource))));
  try {
    return createWasmBackend(await module);
  } catch (error) {
    compiled.delete(url); // let a later call try again
    throw error;
  }
}

/**
 * The WebAssembly backend (by default the relaxed-SIMD build where this browser runs relaxed SIMD,
 * falling back to the plain-SIMD build if that one cannot load); throws a learner-readable error
 * when this browser cannot run it.
 */
export async function loadWasmBackend(url?: string): Promise<WasmBackend> {
  if (!wasmSimdSupported()) throw new Error('this browser has no WebAssembly SIMD: training uses the (slower) TypeScript kernels');
  try {
    if (url) return await compileFrom(url);
    if (wasmRelaxedSimdSupported()) {
      try {
        return await compileFrom(kernelsUrl(true));
      } catch {
        // The plain build below.
      }
    }
    return await compileFrom(kernelsUrl(false));
  } catch (error) {
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
