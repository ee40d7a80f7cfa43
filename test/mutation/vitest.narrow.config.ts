import { defineConfig, mergeConfig } from 'vitest/config';
import mutation from './vitest.config.ts';

// A module group's own tests only, so each mutant runs in seconds, not the whole suite:
//   MUTATION_TESTS='test/train/host.test.ts,test/train/client-lab.test.ts' \
//   MUTATION_REPORT=host npm run test:mutation -- --mutate src/train/host.ts
// (test/stryker.config.mjs switches to this config when MUTATION_TESTS is set). A mutant only
// these tests miss is reported as surviving even if another test would kill it: a narrowed run
// can only undercount the score.
const tests = (process.env.MUTATION_TESTS ?? '').split(',').map((t) => t.trim()).filter(Boolean);
export default mergeConfig(
  {
    ...mutation,
    test: {
      ...mutation.test,
      include: tests.length > 0 ? tests : mutation.test?.include,
      // A group that names a left-out suite (the WebAssembly one, for its session) runs it.
      exclude: (mutation.test?.exclude ?? []).filter((pattern: string) => !tests.includes(pattern)),
    },
  },
  defineConfig({}),
);
