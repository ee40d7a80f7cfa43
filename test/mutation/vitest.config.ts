import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.ts';

// Stryker's test run: the unit tests without the CLI suite (it runs the tools as child processes,
// which neither see Stryker's active mutant nor finish in time on instrumented code, so it can
// kill nothing), with source-text reads sent to the uninstrumented files.
export default mergeConfig(base, defineConfig({
  test: {
    exclude: ['test/cli/**'],
    setupFiles: ['test/mutation/original-sources.ts'],
    // Instrumented code runs several times slower; the training tests need the room.
    testTimeout: 600_000,
  },
}));
