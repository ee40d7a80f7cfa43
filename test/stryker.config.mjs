// StrykerJS: which changes to the core leave every test green. Run with `npm run test:mutation`
// (the whole set, incremental) or `npm run test:mutation -- --mutate src/nn/optimizers.ts` (one file).
// Lives in test/ because the project's top level is kept to the files its layout names.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Tests that read source text read it here, not in the instrumented copy (test/mutation/original-sources.ts).
process.env.STEPWISE_ORIGINAL_ROOT = fileURLToPath(new URL('..', import.meta.url));

// Reports go to test/mutation/reports/<name>.{html,json}; name a partial run so it keeps the full one:
// MUTATION_REPORT=optimizers npm run test:mutation -- --mutate src/nn/optimizers.ts
const report = process.env.MUTATION_REPORT ?? 'mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // MUTATION_TESTS (comma-separated test files) narrows the run to a module group's own tests.
  vitest: {
    configFile: process.env.MUTATION_TESTS ? 'test/mutation/vitest.narrow.config.ts' : 'test/mutation/vitest.config.ts',
    related: true,
  },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/nn/**/*.ts',
    '!src/nn/index.ts',
    // AssemblyScript, compiled to WebAssembly: not run by vitest as TypeScript, so not mutated here.
    '!src/nn/wasm/**',
    'src/explain/**/*.ts',
    'src/state/**/*.ts',
    'src/train/**/*.ts',
    'src/data/idx.ts',
  ],
  // Copies of the project live outside it, so nothing appears at the top level during a run.
  tempDirName: join(tmpdir(), 'stepwise-stryker'),
  ignorePatterns: ['dist', '.astro', 'test/e2e/screenshots', 'test/mutation/reports'],
  coverageAnalysis: 'perTest',
  // Two cores shared with the rest of the machine's work (other sessions' builds and tests).
  concurrency: 1,
  timeoutMS: 15000,
  // The first full run (with per-test coverage) can take minutes on a loaded machine.
  dryRunTimeoutMinutes: 30,
  // Mutants that only run when a module loads (top-level constants) need a fresh test environment
  // per mutant: 38 % of the mutants but 83 % of the run time. They are reported as ignored.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `test/mutation/reports/${report}-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `test/mutation/reports/${report}.html` },
  jsonReporter: { fileName: `test/mutation/reports/${report}.json` },
  thresholds: { high: 90, low: 75, break: null },
};
