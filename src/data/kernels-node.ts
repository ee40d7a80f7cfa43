/**
 * The kernel backend in Node (CLI, bench, tests): `loadKernelBackend('auto')` gives the fastest
 * backend that works here (WebAssembly, compiled by `npm run wasm` into public/wasm/: the
 * relaxed-SIMD build where this engine runs relaxed SIMD (Node 22), else the plain-SIMD build
 * (Node 20); else TypeScript); 'ts' or 'wasm' asks for one by name and says why if it cannot load.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsBackend, type BackendChoice, type KernelBackend } from '../nn/index.ts';
import { createWasmBackend, wasmRelaxedSimdSupported, wasmSimdSupported, type WasmBackend } from '../nn/backends/wasm/session.ts';

/** Where `npm run wasm` writes the compiled kernels. */
export const WASM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/wasm');

/** Which WebAssembly build: relaxed SIMD (fused multiply-add; the default where the engine runs it) or plain SIMD (the same bits on every CPU). */
export interface WasmChoice {
  /** true: the relaxed-SIMD build; false: the plain-SIMD build; omitted: relaxed when this engine runs relaxed SIMD, else plain. */
  relaxed?: boolean;
  /** Where the compiled kernels are (default public/wasm; tests point it elsewhere to force the fallback). */
  dir?: string;
}

const modules = new Map<string, WebAssembly.Module>();

/** The compiled WebAssembly backend; throws a learner-readable error when it cannot run here. */
export async function loadWasmBackend(choice: WasmChoice = {}): Promise<WasmBackend> {
  if (!wasmSimdSupported()) throw new Error(`this JavaScript engine (Node ${process.version}) has no WebAssembly SIMD: use --backend ts`);
  if (choice.relaxed !== undefined) return createWasmBackend(await compileBuild(choice.dir ?? WASM_DIR, choice.relaxed));
  if (wasmRelaxedSimdSupported()) {
    try {
      return createWasmBackend(await compileBuild(choice.dir ?? WASM_DIR, true));
    } catch {
      // The relaxed build is missing or does not compile here: the plain build below.
    }
  }
  return createWasmBackend(await compileBuild(choice.dir ?? WASM_DIR, false));
}

async function compileBuild(dir: string, relaxed: boolean): Promise<WebAssembly.Module> {
  const file = join(dir, relaxed ? 'kernels-relaxed.wasm' : 'kernels.wasm');
  let module = modules.get(file);
  if (!module) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new Error(`the WebAssembly kernels are not built (${file} is missing): run \`npm run wasm\``);
    }
    try {
      module = await WebAssembly.compile(bytes as BufferSource);
    } catch (error) {
      throw new Error(`this engine cannot compile the ${relaxed ? 'relaxed-SIMD' : 'SIMD'} kernels (${(error as Error).message}): use --backend ts`);
    }
    modules.set(file, module);
  }
  return module;
}

/** Loads the kernel backend `kind` ('auto': WebAssembly SIMD when it loads here, else TypeScript). */
export async function loadKernelBackend(kind: BackendChoice = 'auto', choice: WasmChoice = {}): Promise<KernelBackend> {
  if (kind === 'ts') return tsBackend;
  if (kind === 'wasm') return loadWasmBackend(choice);
  if (kind === 'auto') {
    try {
      return await loadWasmBackend(choice);
    } catch {
      return tsBackend; // the TypeScript kernels always work: the fallback
    }
  }
  throw new RangeError(`unknown backend "${String(kind)}": use auto, ts or wasm`);
}
