/**
 * Runs Stryker over one module group with only that group's tests (so each mutant takes seconds),
 * under its own incremental report (test/mutation/reports/<group>*.json):
 *   npx node test/mutation/group.ts kernels [--concurrency 2]     # extra flags go to Stryker
 *   npx node test/mutation/group.ts --list
 * A narrowed run can only undercount: a mutant these tests miss may be killed by another suite.
 * `timeoutMS` is per group: a mutant that makes a loop endless costs that much plus a restart.
 */
import { spawnSync } from 'node:child_process';

interface Group {
  mutate: string[];
  tests: string[];
  timeoutMS: number;
}

const trainerTests = ['test/nn/backend-trainer.test.ts', 'test/nn/trainer-edges.test.ts', 'test/nn/schedule-applied.test.ts', 'test/nn/optimizer-memory.test.ts', 'test/nn/evaluate.test.ts'];
const nnCoreTests = [
  'reference', 'network', 'rng', 'batch', 'evaluate', 'pass-by-hand', 'core', 'gradient-check', 'softmax', 'dead-units', 'sparse-rows', 'nn-core-edges',
].map((file) => `test/nn/${file}.test.ts`);
const labTests = ['test/train/host.test.ts', 'test/train/host-edges.test.ts', 'test/train/client-lab.test.ts', 'test/train/client.test.ts', 'test/train/worker.test.ts', 'test/widgets/lab-element.test.ts'];

export const GROUPS: Record<string, Group> = {
  host: { mutate: ['src/train/host.ts'], tests: labTests, timeoutMS: 4000 },
  client: { mutate: ['src/train/client.ts', 'src/train/worker.ts'], tests: labTests, timeoutMS: 4000 },
  serialize: {
    mutate: ['src/nn/serialize.ts', 'src/nn/train.ts'],
    tests: ['test/nn/serialize.test.ts', 'test/nn/serialize-edges.test.ts', 'test/nn/train-loop.test.ts', 'test/train/weights-import.test.ts', 'test/train/run-store.test.ts', 'test/nn/core.test.ts', 'test/state/drawing.test.ts', ...trainerTests],
    timeoutMS: 4000,
  },
  // The fast kernels against the reference only: the table-driven tests take about a second, while
  // the trainer's suites would run for minutes per surviving kernel mutant on instrumented loops.
  kernels: {
    mutate: ['src/nn/backends/ts/kernels.ts'],
    tests: ['test/nn/backend-ts.test.ts', 'test/nn/sparse-rows.test.ts', 'test/nn/batch.test.ts', 'test/nn/kernels-edges.test.ts'],
    timeoutMS: 3000,
  },
  'ts-session': {
    mutate: ['src/nn/backends/ts/index.ts', 'src/nn/backends/ts/batch.ts'],
    tests: ['test/nn/backend-ts.test.ts', 'test/nn/batch.test.ts', 'test/nn/ts-session.test.ts', 'test/nn/dead-units.test.ts', ...trainerTests],
    timeoutMS: 4000,
  },
  'state-lab': {
    mutate: [
      'lab', 'lab-facts', 'lab-mistakes', 'lab-url', 'run-store', 'trained', 'bridge', 'mistakes', 'mistakes-facts', 'mistakes-prose',
      'drawing', 'draw-facts', 'optimizer-facts', 'optimizer-steps', 'learning-rate', 'sample', 'reference-network',
    ].map((file) => `src/state/${file}.ts`),
    tests: [
      'test/state/*.test.ts', 'test/train/lab-*.test.ts', 'test/train/run-store*.test.ts', 'test/train/client-lab.test.ts', 'test/train/weights-import.test.ts',
      'test/data/draw.test.ts', 'test/widgets/lab-element.test.ts',
    ],
    timeoutMS: 5000,
  },
  // One group per file of the mistakes, drawing and optimizer lessons' state, each with only the tests
  // that reach it (run one at a time: `group.ts state-mistakes --concurrency 1`).
  ...Object.fromEntries(Object.entries({
    mistakes: ['test/state/mistakes.test.ts', 'test/state/mistakes-session.test.ts', 'test/state/mistakes-results.test.ts'],
    'mistakes-prose': ['test/state/mistakes.test.ts', 'test/state/mistakes-prose.test.ts'],
    'mistakes-facts': ['test/state/lesson-facts.test.ts'],
    'reference-network': ['test/state/lesson-facts.test.ts'],
    drawing: ['test/state/drawing.test.ts', 'test/state/drawing-session.test.ts'],
    'draw-facts': ['test/state/lesson-facts.test.ts'],
    sample: ['test/state/sample.test.ts'],
    'optimizer-facts': ['test/state/lesson-facts.test.ts'],
    'optimizer-steps': ['test/state/optimizer-steps.test.ts', 'test/state/optimizer-steps-hand.test.ts'],
    'learning-rate': ['test/state/learning-rate.test.ts', 'test/train/lab-url-edges.test.ts'],
  }).map(([file, tests]) => [`state-${file}`, { mutate: [`src/state/${file}.ts`], tests, timeoutMS: 5000 }])),
  // One file of the lab's state at a time, with only the tests that reach it (issue 7 item 10).
  'run-store': { mutate: ['src/state/run-store.ts'], tests: ['test/train/run-store*.test.ts'], timeoutMS: 4000 },
  lab: {
    mutate: ['src/state/lab.ts'],
    // Before test/state/lab-state.test.ts the file was reached only by client-lab (real training
    // through the host: a mutant that stalls it costs the whole timeout) and lab-element; the unit
    // tests now pin it alone, so the group runs them and the fast lab view tests.
    tests: ['test/state/lab-state.test.ts', 'test/train/lab-view.test.ts', 'test/nn/backend-arithmetic-shown.test.ts'],
    timeoutMS: 4000,
  },
  'lab-facts': { mutate: ['src/state/lab-facts.ts'], tests: ['test/state/lab-facts-edges.test.ts', 'test/state/lab-facts-loops.test.ts', 'test/state/lab-facts.test.ts'], timeoutMS: 8000 },
  'lab-mistakes': { mutate: ['src/state/lab-mistakes.ts'], tests: ['test/state/lab-mistakes.test.ts'], timeoutMS: 4000 },
  trained: { mutate: ['src/state/trained.ts'], tests: ['test/state/trained.test.ts', 'test/state/drawing.test.ts', 'test/state/mistakes.test.ts', 'test/state/mistakes-url.test.ts'], timeoutMS: 5000 },
  bridge: { mutate: ['src/state/bridge.ts'], tests: ['test/state/bridge.test.ts', 'test/state/drawing.test.ts', 'test/state/mistakes.test.ts', 'test/state/mistakes-url.test.ts'], timeoutMS: 5000 },
  // The core of src/nn one file at a time (`nn-<file>`), with the fast unit tests that reach it (about
  // 2 s together; no training suites), and the WebAssembly session with its own suite (node@22 via npx).
  // reference.ts and pass.ts leave out the gradient check: instrumented, its finite differences
  // take about 30 s per mutant; the hand-worked passes pin the same formulas.
  ...Object.fromEntries(['reference', 'pass', 'network', 'rng', 'batch', 'evaluate'].map((file) => [`nn-${file}`, {
    mutate: [`src/nn/${file}.ts`],
    tests: file === 'reference' || file === 'pass' ? nnCoreTests.filter((test) => !/gradient-check|evaluate|dead-units/.test(test)) : nnCoreTests,
    timeoutMS: 3000,
  }])),
  'wasm-session': { mutate: ['src/nn/backends/wasm/session.ts', 'src/nn/backends/backend.ts'], tests: ['test/nn/backend-wasm.test.ts', 'test/nn/wasm-session-edges.test.ts', 'test/nn/backend-arithmetic-shown.test.ts'], timeoutMS: 8000 },
  // The steppers' link parameters and the chain-rule widget's model, each with only the tests that
  // reach it (issue 7 item 10: rescored after the shared refused-value sentence and the refusal wording).
  'state-url': {
    mutate: ['src/state/url.ts'],
    tests: ['test/state/url.test.ts', 'test/state/url-defaults.test.ts', 'test/state/session.test.ts', 'test/state/learning-rate.test.ts', 'test/state/registry.test.ts', 'test/widgets/picker-note.test.ts', 'test/train/lab-url.test.ts', 'test/train/lab-url-edges.test.ts'],
    timeoutMS: 4000,
  },
  'state-chain-rule': {
    mutate: ['src/state/chain-rule.ts'],
    tests: ['test/state/chain-rule.test.ts', 'test/widgets/render.test.ts'],
    timeoutMS: 5000,
  },
  // The steppers' session and the three files under it, each with only the tests that import it (or,
  // for selection and store, reach it through the session or the page's registry): issue 7 item 10,
  // rescored one file at a time after the combined run with url and chain-rule.
  'state-session': {
    mutate: ['src/state/session.ts'],
    tests: [
      'session', 'session-edges', 'follow', 'registry', 'bridge', 'diagram-notation', 'quantity-view', 'views', 'pass-facts', 'pass-facts-tiny', 'prerender',
    ].map((file) => `test/state/${file}.test.ts`).concat('test/explain/explain.test.ts', 'test/widgets/render.test.ts', 'test/widgets/diagram-wide.test.ts'),
    timeoutMS: 5000,
  },
  'state-selection': {
    mutate: ['src/state/selection.ts'],
    tests: ['test/state/selection.test.ts', 'test/state/selection-edges.test.ts', 'test/state/session.test.ts', 'test/state/session-edges.test.ts', 'test/state/follow.test.ts'],
    timeoutMS: 4000,
  },
  'state-descent': {
    mutate: ['src/state/descent.ts'],
    tests: ['test/state/descent.test.ts', 'test/state/descent-edges.test.ts', 'test/state/learning-rate.test.ts', 'test/state/views.test.ts', 'test/widgets/render.test.ts'],
    timeoutMS: 4000,
  },
  'state-store': {
    mutate: ['src/state/store.ts'],
    tests: ['test/state/store.test.ts', 'test/state/registry.test.ts', 'test/state/session.test.ts'],
    timeoutMS: 4000,
  },
  // Files changed after their last run (issue 7 item 10), each rescored alone with the tests that reach it:
  // the one number format (its table, and the narration, verdict, facts and render tests that print
  // through it), the narration (the explain tests and the render test that narrate a pass), the lab's
  // address (its unit tests and the lab's state, view and element tests; not client-lab, which trains
  // for real) and the lesson prose facts (their tests and the prerender's).
  'explain-format': {
    mutate: ['src/explain/format.ts'],
    tests: [
      'test/explain/number-format.test.ts', 'test/explain/hand-pass.test.ts', 'test/explain/survivors.test.ts', 'test/explain/explain.test.ts',
      'test/state/descent.test.ts', 'test/state/descent-edges.test.ts', 'test/state/pass-facts.test.ts', 'test/state/pass-facts-tiny.test.ts', 'test/widgets/render.test.ts',
    ],
    timeoutMS: 4000,
  },
  'explain-narration': {
    mutate: ['src/explain/narration.ts'],
    tests: ['test/explain/explain.test.ts', 'test/explain/hand-pass.test.ts', 'test/explain/zero-gradient.test.ts', 'test/explain/survivors.test.ts', 'test/explain/steps-notation.test.ts', 'test/explain/number-format.test.ts', 'test/widgets/render.test.ts'],
    timeoutMS: 5000,
  },
  'state-lab-url': {
    mutate: ['src/state/lab-url.ts'],
    tests: ['test/train/lab-url.test.ts', 'test/train/lab-url-edges.test.ts', 'test/state/learning-rate.test.ts', 'test/state/lab-state.test.ts', 'test/train/lab-view.test.ts', 'test/widgets/lab-element.test.ts'],
    timeoutMS: 4000,
  },
  'state-pass-facts': {
    mutate: ['src/state/pass-facts.ts'],
    tests: ['test/state/pass-facts.test.ts', 'test/state/pass-facts-tiny.test.ts', 'test/state/prerender.test.ts'],
    timeoutMS: 5000,
  },
  'state-views': {
    mutate: ['diagram-view', 'quantity-view', 'views', 'registry', 'prerender', 'pass-facts'].map((file) => `src/state/${file}.ts`),
    tests: ['test/state/*.test.ts', 'test/widgets/*.test.ts', 'test/explain/*.test.ts'],
    timeoutMS: 5000,
  },
};

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--list' || !(name in GROUPS)) {
  for (const [key, group] of Object.entries(GROUPS)) console.log(`${key}: ${group.mutate.join(' ')}\n    tests: ${group.tests.join(' ')}`);
  process.exit(name && name !== '--list' ? 2 : 0);
}
const group = GROUPS[name];
const result = spawnSync(
  'npx',
  ['stryker', 'run', 'test/stryker.config.mjs', '--mutate', group.mutate.join(','), '--timeoutMS', String(group.timeoutMS), ...rest],
  { stdio: 'inherit', env: { ...process.env, MUTATION_REPORT: name, MUTATION_TESTS: group.tests.join(',') } },
);
process.exit(result.status ?? 1);
