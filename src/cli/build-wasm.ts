/**
 * `npm run wasm`: compiles the trainer's WebAssembly SIMD kernels (AssemblyScript sources in
 * `src/nn/wasm/`) into `public/wasm/`. Runs before dev, build, test, train and bench (npm `pre*`
 * scripts) and skips itself when up to date (a stamp of the sources, this script and the
 * compiler's version). Two builds: `kernels-relaxed.wasm` (relaxed SIMD's fused multiply-add: the
 * default wherever the engine runs relaxed SIMD) and `kernels.wasm` (plain SIMD: the fallback, for
 * Node 20 and browsers without relaxed SIMD; the same bits on every CPU).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_DIR = join(root, 'src/nn/wasm');
export const PUBLIC_WASM_DIR = join(root, 'public/wasm');
const ENTRY = join(SOURCE_DIR, 'kernels.ts');
const STAMP = 'stamp.json';

/** The builds: output file and the extra compiler flags. */
export const WASM_BUILDS = { 'kernels.wasm': [], 'kernels-relaxed.wasm': ['--enable', 'relaxed-simd'] } as const;

function stamp(): string {
  const hash = createHash('sha256');
  const version = (createRequire(import.meta.url)('assemblyscript/package.json') as { version: string }).version;
  hash.update(`asc ${version}\n`);
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  for (const file of readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.ts')).sort()) hash.update(`${file}\n`).update(readFileSync(join(SOURCE_DIR, file)));
  return hash.digest('hex');
}

function upToDate(current: string): boolean {
  try {
    const written = JSON.parse(readFileSync(join(PUBLIC_WASM_DIR, STAMP), 'utf8')) as { stamp: string };
    return written.stamp === current && Object.keys(WASM_BUILDS).every((name) => existsSync(join(PUBLIC_WASM_DIR, name)));
  } catch {
    return false;
  }
}

/** Compiles the kernels if missing or stale; returns whether it did. */
export async function buildWasm(force = false): Promise<boolean> {
  const current = stamp();
  if (!force && upToDate(current)) return false;
  const asc = (await import('assemblyscript/asc')).default;
  mkdirSync(PUBLIC_WASM_DIR, { recursive: true });
  for (const [name, extra] of Object.entries(WASM_BUILDS)) {
    const output = join(PUBLIC_WASM_DIR, `${name}.tmp`);
    let log = '';
    const sink = { write: (chunk: string | Uint8Array) => ((log += String(chunk)), true) };
    const { error } = await asc.main(
      [ENTRY, '-o', output, '--runtime', 'stub', '-O3', '--noAssert', '--use', 'abort=', '--enable', 'simd', ...extra],
      { stdout: sink, stderr: sink },
    );
    if (error) throw new Error(`${name}: ${error.message}\n${log}`);
    // Write then rename: an interrupted build never leaves a truncated module behind.
    renameSync(output, join(PUBLIC_WASM_DIR, name));
  }
  writeFileSync(join(PUBLIC_WASM_DIR, STAMP), `${JSON.stringify({ stamp: current }, null, 2)}\n`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const started = performance.now();
    if (await buildWasm(process.argv.includes('--force'))) {
      console.error(`WebAssembly kernels compiled to public/wasm in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    console.error(`Could not compile the WebAssembly kernels: ${(error as Error).message}`);
    process.exit(1);
  }
}
