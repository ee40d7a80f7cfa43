/**
 * Setup for mutation runs only. Stryker runs the tests on an instrumented copy of the project, in
 * which every file under src/ carries all its mutants at once. Behaviour is unchanged unless a
 * mutant is switched on, but the *text* is not: tests that read a source file (the code panel
 * finding its step markers, the purity check of src/nn) would fail on the copy. Those reads are
 * sent to the original file; everything imported still runs the instrumented code.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { relative, resolve } from 'node:path';

const original = process.env.STEPWISE_ORIGINAL_ROOT;
// import.meta.dirname, not a URL: under jsdom the global URL is not Node's.
const sandbox = resolve(import.meta.dirname, '../..');

if (original && resolve(original) !== resolve(sandbox)) {
  const sandboxSources = resolve(sandbox, 'src');
  const readFileSync = fs.readFileSync;
  const redirect = (path: unknown): unknown => {
    if (typeof path !== 'string') return path;
    const absolute = resolve(path);
    return absolute.startsWith(sandboxSources + '/') ? resolve(original, relative(sandbox, absolute)) : path;
  };
  fs.readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) =>
    (readFileSync as (...args: unknown[]) => unknown)(redirect(path), ...rest)) as typeof fs.readFileSync;
  syncBuiltinESMExports();
}
