import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.ts';

// The unit tests without the CLI suite: those run the tools as child processes, which neither see
// Stryker's active mutant nor finish in time on instrumented code, so they can kill nothing.
export default mergeConfig(base, defineConfig({
  test: { exclude: ['test/cli/**'] },
}));
