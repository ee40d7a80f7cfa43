import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.ts';

// Stryker's test run: the unit tests without
// - the CLI suite: it runs the tools as child processes, which neither see Stryker's active mutant
//   nor finish in time on instrumented code, so it can kill nothing;
// - the WebAssembly backend's suite: it checks code Stryker does not mutate (AssemblyScript) against
//   the reference, takes 45 s of a 60 s run, and would rerun for every surviving mutant of
//   network.ts or reference.ts; the reference's own tests pin what it would catch there.
// Source-text reads go to the uninstrumented files (original-sources.ts).
export default mergeConfig(base, defineConfig({
  test: {
    exclude: ['test/cli/**', 'test/nn/backend-wasm.test.ts'],
    setupFiles: ['test/mutation/original-sources.ts'],
    // Instrumented code runs several times slower; the training tests need the room.
    testTimeout: 600_000,
  },
}));
