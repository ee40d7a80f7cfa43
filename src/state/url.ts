/**
 * The typed table of URL parameters a step-through session keeps, each under its session's own
 * name (`?backprop.digit=12&backprop.step=weight-gradient:1`), so two sessions on one page never
 * read or write each other's values. Every value is validated; a bad one falls back to the
 * default and produces a note the page shows, so a mistyped or stale link never breaks a lesson.
 */
import { parseSelection, formatSelection, type Selection } from './selection.ts';
import { LEARNING_RATE_RANGE_TEXT, readLearningRate } from './learning-rate.ts';

export interface UrlParam<T> {
  /** Name in the query string, after `<session>.`. */
  key: string;
  /** What the value is, for notes ("the digit"). */
  label: string;
  /** What a valid value is, for notes ("a whole number from 0 to 99"). */
  valid: string;
  parse(raw: string): T | undefined;
  format(value: T): string;
}

const wholeNumber = (min: number, max: number) => (raw: string): number | undefined => {
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
};

export const URL_PARAMS = {
  digit: { key: 'digit', label: 'the digit', valid: 'a whole number from 0 to 99', parse: wholeNumber(0, 99), format: String } satisfies UrlParam<number>,
  seed: { key: 'seed', label: 'the seed', valid: 'a whole number from 0 to 4294967295', parse: wholeNumber(0, 0xffffffff), format: String } satisfies UrlParam<number>,
  lr: {
    key: 'lr',
    label: 'the learning rate',
    valid: `a number ${LEARNING_RATE_RANGE_TEXT}`,
    parse: (raw: string) => readLearningRate(raw) ?? undefined,
    format: (n: number) => String(n),
  } satisfies UrlParam<number>,
  step: {
    key: 'step',
    label: 'the step',
    valid: 'a step name such as weight-gradient:1',
    // Only the form is checked here; whether the network has that step, the session decides.
    parse: (raw: string) => (/^[a-z-]{2,24}(:\d{1,2})?$/.test(raw) ? raw : undefined),
    format: (s: string) => s,
  } satisfies UrlParam<string>,
  sel: {
    key: 'sel',
    label: 'the selection',
    valid: 'layer:unit or layer:row,column, such as 1:3',
    parse: parseSelection,
    format: formatSelection,
  } satisfies UrlParam<Selection>,
};

export interface UrlState {
  digit?: number;
  seed?: number;
  lr?: number;
  step?: string;
  sel?: Selection;
}

type Entry = [keyof UrlState, UrlParam<unknown>];
const entries = () => Object.entries(URL_PARAMS) as Entry[];
const keyOf = (session: string, param: UrlParam<unknown>) => `${session}.${param.key}`;

/**
 * The note for a value of a link that cannot be used, one sentence for the steppers' links and
 * the lab's: 'The link sets the digit to "400", but it must be a whole number from 0 to 99, so the
 * default is used.' `shown` is the value as quoted (already shortened), `fallback` what is used.
 */
export function refusedLinkValue(setting: string, shown: string, rule: string, fallback: string, plural = false): string {
  return `The link sets ${setting} to "${shown}", but ${plural ? 'they' : 'it'} must be ${rule}, so ${fallback} is used.`;
}

/**
 * The note for link keys that nothing reads because they lack a prefix (?lr=0.5 where the page
 * reads backprop.lr or lab.lr): `keys` as written, `rule` how the names begin, `prefix` the name
 * the first key wants.
 */
export function unreadLinkKeys(keys: string[], rule: string, prefix: string): string {
  return `The link's ${keys.map((key) => `"${key}"`).join(', ')} ${keys.length === 1 ? 'is' : 'are'} not read: ${rule}, as in "${prefix}${keys[0]}".`;
}

/**
 * Reads session `session`'s values from a query string; returns the valid ones and a note for each
 * invalid one. `defaults` (the session's own digit, seed and η) lets a note say which value is used
 * instead ("so the default, 0, is used"), not only that some default is.
 */
export function readUrlState(search: string, session: string, defaults: Partial<Pick<UrlState, 'digit' | 'seed' | 'lr'>> = {}): { state: UrlState; notes: string[] } {
  const params = new URLSearchParams(search);
  const state: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [name, param] of entries()) {
    const raw = params.get(keyOf(session, param));
    if (raw === null) continue;
    const value = param.parse(raw.trim());
    if (value === undefined) {
      const fallback = name === 'digit' || name === 'seed' || name === 'lr' ? defaults[name] : undefined;
      notes.push(refusedLinkValue(param.label, raw.slice(0, 40), param.valid, fallback === undefined ? 'the default' : `the default, ${String(fallback)},`));
    }
    else state[name] = value;
  }
  // A key without a session's name (?lr=0.5) is read by no widget: say which name would be.
  const bare = entries().map(([, param]) => param.key).filter((key) => params.has(key));
  if (bare.length > 0) notes.push(unreadLinkKeys(bare, "this stepper's settings begin with its name", `${session}.`));
  return { state: state as UrlState, notes };
}

/** Writes session `session`'s values into a query string (absent ones removed), keeping every other parameter. */
export function writeUrlState(search: string, session: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const [name, param] of entries()) {
    const value = state[name];
    if (value === undefined) params.delete(keyOf(session, param));
    else params.set(keyOf(session, param), param.format(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
