/**
 * `npm run test:e2e`: the built site (dist/) in Debian's Chromium. Build first (`npm run build`).
 * Prints `N passed, N failed` and exits non-zero on any failure.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, launch, runTests, type E2ETest } from './harness.ts';
import { serveDist } from './serve.ts';

const dist = join(import.meta.dirname, '../../dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('The site is not built: run `npm run build` first.');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: install Debian's package with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  process.exit(1);
}

// Every `*.e2e.ts` in this folder is a suite: adding one needs no edit here.
const suites = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => f.slice(0, -'.e2e.ts'.length));
const tests: E2ETest[] = [];
for (const suite of suites) {
  const file = join(import.meta.dirname, `${suite}.e2e.ts`);
  if (existsSync(file)) tests.push(...((await import(file)) as { tests: E2ETest[] }).tests);
}
const only = process.argv[2];
const selected = only ? tests.filter((t) => t.name.includes(only)) : tests;

const server = await serveDist(dist);
const browser = await launch();
let result = { passed: 0, failed: 0 };
try {
  result = await runTests(browser, server.url, selected);
} finally {
  await browser.close();
  await server.close();
}
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed > 0 || result.passed === 0 ? 1 : 0);
