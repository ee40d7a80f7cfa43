/**
 * A small, strict flag parser for the command-line tools: `--name value` or `--name=value`,
 * boolean flags, `--help`. Unknown flags and bad values stop with a one-line message.
 */
import { ACTIVATIONS, OPTIMIZERS, type Activation, type OptimizerName } from '../nn/index.ts';

export interface FlagSpec {
  /** Shown in --help. */
  help: string;
  /** Boolean flags take no value. */
  boolean?: boolean;
  default?: string;
}

export class UsageError extends Error {}

export function parseFlags(argv: string[], spec: Record<string, FlagSpec>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [name, flag] of Object.entries(spec)) if (flag.default !== undefined) out[name] = flag.default;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (flags start with --)`);
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const flag = spec[rawName];
    if (!flag) throw new UsageError(`unknown flag --${rawName}`);
    if (flag.boolean) {
      out[rawName] = true;
      continue;
    }
    const value = inline ?? argv[++k];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${rawName} needs a value`);
    out[rawName] = value;
  }
  return out;
}

export function helpText(usage: string, spec: Record<string, FlagSpec>): string {
  const width = Math.max(...Object.keys(spec).map((n) => n.length)) + 4;
  const lines = Object.entries(spec).map(([name, flag]) => `  --${name.padEnd(width)}${flag.help}${flag.default !== undefined ? ` (default ${flag.default})` : ''}`);
  return `${usage}\n\nOptions:\n${lines.join('\n')}\n  --${'help'.padEnd(width)}show this help\n`;
}

export function intFlag(value: string | boolean | undefined, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
  }
  return n;
}

export function numberFlag(value: string | boolean | undefined, name: string): number {
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || Number.isNaN(n)) throw new UsageError(`--${name} must be a number, got "${String(value)}"`);
  return n;
}

/** `--hidden 256,128` → [256, 128]; `--hidden 0` or "" → no hidden layer is not allowed here. */
export function hiddenFlag(value: string | boolean | undefined): number[] {
  const text = String(value ?? '');
  if (!/^\d+(,\d+)*$/.test(text)) throw new UsageError(`--hidden must be layer widths separated by commas, like 128 or 256,128; got "${text}"`);
  const sizes = text.split(',').map(Number);
  if (sizes.some((n) => n < 1)) throw new UsageError(`--hidden widths must be at least 1, got "${text}"`);
  return sizes;
}

export function choiceFlag<T extends string>(value: string | boolean | undefined, name: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(value)}"`);
  }
  return value as T;
}

export const activationFlag = (value: string | boolean | undefined): Activation => choiceFlag(value, 'activation', ACTIVATIONS);
export const optimizerFlag = (value: string | boolean | undefined): OptimizerName => choiceFlag(value, 'optimizer', OPTIMIZERS);

/** Runs a CLI main: usage errors and learner-facing errors print one line on stderr and exit 2 / 1. */
export async function runCli(main: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    const message = (error as Error).message;
    console.error(`error: ${message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

/** A command: `--help` prints the usage and the flags; otherwise `main` gets the parsed flags. */
export async function runCommand(usage: string, spec: Record<string, FlagSpec>, main: (flags: Record<string, string | boolean>) => Promise<number | void>): Promise<void> {
  await runCli(async () => {
    const argv = process.argv.slice(2);
    if (argv.includes('--help')) {
      process.stdout.write(helpText(usage, spec));
      return 0;
    }
    return main(parseFlags(argv, spec));
  });
}
