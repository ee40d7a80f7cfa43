/**
 * The typed table of URL parameters the step-through keeps (?digit=12&seed=3&lr=0.1).
 * Every value is validated; a bad one falls back to the default and produces a note the page
 * shows, so a mistyped or stale link never crashes a lesson.
 */

export interface UrlParam<T> {
  /** Name in the query string. */
  key: string;
  /** What the learner is told the value means, for notes. */
  label: string;
  parse(raw: string): T | undefined;
  format(value: T): string;
}

const wholeNumber = (min: number, max: number) => (raw: string): number | undefined => {
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
};

export const URL_PARAMS = {
  digit: { key: 'digit', label: 'digit (0–99)', parse: wholeNumber(0, 99), format: String } satisfies UrlParam<number>,
  seed: { key: 'seed', label: 'seed (0–4294967295)', parse: wholeNumber(0, 0xffffffff), format: String } satisfies UrlParam<number>,
  lr: {
    key: 'lr',
    label: 'learning rate (a number above 0, at most 100)',
    parse: (raw: string) => {
      if (!/^\d*\.?\d+(e-?\d+)?$/i.test(raw)) return undefined;
      const n = Number(raw);
      return Number.isFinite(n) && n > 0 && n <= 100 ? n : undefined;
    },
    format: (n: number) => String(n),
  } satisfies UrlParam<number>,
};

export type UrlState = { [K in keyof typeof URL_PARAMS]?: number };

/** Reads the table from a query string; returns the valid values and a note for each invalid one. */
export function readUrlState(search: string): { state: UrlState; notes: string[] } {
  const params = new URLSearchParams(search);
  const state: UrlState = {};
  const notes: string[] = [];
  for (const [name, param] of Object.entries(URL_PARAMS) as [keyof typeof URL_PARAMS, UrlParam<number>][]) {
    const raw = params.get(param.key);
    if (raw === null) continue;
    const value = param.parse(raw.trim());
    if (value === undefined) notes.push(`The link's ${param.label} "${raw.slice(0, 40)}" is not valid, so the default is used.`);
    else state[name] = value;
  }
  return { state, notes };
}

/** Writes the table into a query string, keeping unrelated parameters. */
export function writeUrlState(search: string, state: UrlState): string {
  const params = new URLSearchParams(search);
  for (const [name, param] of Object.entries(URL_PARAMS) as [keyof typeof URL_PARAMS, UrlParam<number>][]) {
    const value = state[name];
    if (value === undefined) params.delete(param.key);
    else params.set(param.key, param.format(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
