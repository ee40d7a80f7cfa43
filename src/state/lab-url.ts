/**
 * The lab's settings: one typed table of fields, each with its URL key, its valid range and a
 * parser that either returns a value or a message naming that range. The controls refuse what
 * the parser refuses; a link with a bad value falls back to the default with a note. The lab's
 * URL keys start with `lab.` so they never collide with a step-through session's.
 */
import { ACTIVATIONS, MAX_UNITS, type Activation } from '../nn/network.ts';
import { OPTIMIZERS, SCHEDULES, type OptimizerName, type Schedule } from '../nn/optimizers.ts';
import { LEARNING_RATE_RANGE, LEARNING_RATE_RANGE_TEXT, LEARNING_RATE_SLIDER, readLearningRate } from './learning-rate.ts';
import { MAX_HIDDEN_LAYERS } from '../nn/serialize.ts';
import type { RunConfig } from '../train/protocol.ts';
import { refusedLinkValue, unreadLinkKeys } from './url.ts';

export interface LabSettings {
  learningRate: number;
  optimizer: OptimizerName;
  batchSize: number;
  epochs: number;
  /** Hidden layer widths, e.g. [128] or [256, 128]. */
  hidden: number[];
  activation: Activation;
  schedule: Schedule;
  seed: number;
  /** Training digits used (the first ones of the 60,000). */
  trainSize: number;
}

/** Reaches 97.69 % test accuracy on this machine (README, `npm run train -- --optimizer adam --epochs 5`). */
export const LAB_DEFAULTS: LabSettings = {
  learningRate: 0.001,
  optimizer: 'adam',
  batchSize: 64,
  epochs: 5,
  hidden: [128],
  activation: 'relu',
  schedule: 'constant',
  seed: 1,
  trainSize: 60000,
};

/** The ranges the lab accepts (the core accepts more; these keep a run in the page sensible). */
export const LAB_LIMITS = {
  /** The slider's and the exact input's ranges: the site's one learning-rate range (learning-rate.ts). */
  sliderLearningRate: [LEARNING_RATE_SLIDER.min, LEARNING_RATE_SLIDER.max] as const,
  learningRate: [LEARNING_RATE_RANGE.min, LEARNING_RATE_RANGE.max] as const,
  batchSize: [1, 1024] as const,
  epochs: [1, 50] as const,
  width: [1, Math.min(1024, MAX_UNITS)] as const,
  layers: MAX_HIDDEN_LAYERS,
  seed: [0, 0xffffffff] as const,
  trainSize: [100, 60000] as const,
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const whole = (label: string, [min, max]: readonly [number, number]) => (raw: string): Parsed<number> => {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return { ok: false, message: `${label} must be a whole number from ${min} to ${max}.` };
  const n = Number(text);
  return n >= min && n <= max ? { ok: true, value: n } : { ok: false, message: `${label} must be from ${min} to ${max} (got ${text}).` };
};

const oneOf = <T extends string>(label: string, options: readonly T[]) => (raw: string): Parsed<T> => {
  const text = raw.trim().toLowerCase();
  return (options as readonly string[]).includes(text) ? { ok: true, value: text as T } : { ok: false, message: `${label} must be one of ${options.join(', ')}.` };
};

export function parseLearningRate(raw: string): Parsed<number> {
  const n = readLearningRate(raw);
  return n === null ? { ok: false, message: `The learning rate must be a number ${LEARNING_RATE_RANGE_TEXT}, e.g. 0.001 or 1e-3.` } : { ok: true, value: n };
}

export function parseHidden(raw: string): Parsed<number[]> {
  const [min, max] = LAB_LIMITS.width;
  const text = raw.trim();
  const message = `Hidden layers: up to ${LAB_LIMITS.layers} widths from ${min} to ${max}, separated by commas, e.g. 128 or 256,128 (or 0 for none).`;
  if (text === '0' || text === '') return text === '0' ? { ok: true, value: [] } : { ok: false, message };
  const parts = text.split(/\s*[,\s]\s*/);
  if (parts.length > LAB_LIMITS.layers || !parts.every((p) => /^\d+$/.test(p))) return { ok: false, message };
  const widths = parts.map(Number);
  return widths.every((w) => w >= min && w <= max) ? { ok: true, value: widths } : { ok: false, message };
}

/** One field of the table: its URL key, label and parser. */
export interface LabField<K extends keyof LabSettings> {
  name: K;
  key: string;
  label: string;
  /** The setting named in a sentence ("the number of epochs"), and whether it takes "they". */
  setting: string;
  plural?: boolean;
  /** What a value must be, to follow "must be" ("a whole number from 1 to 50"). */
  rule: string;
  parse(raw: string): Parsed<LabSettings[K]>;
  format(value: LabSettings[K]): string;
}

const wholeRule = ([min, max]: readonly [number, number]) => `a whole number from ${min} to ${max}`;
const oneOfRule = (options: readonly string[]) => `one of ${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;

export const LAB_FIELDS: { [K in keyof LabSettings]: LabField<K> } = {
  learningRate: { name: 'learningRate', key: 'lab.lr', label: 'learning rate', setting: 'the learning rate', rule: `a number ${LEARNING_RATE_RANGE_TEXT}`, parse: parseLearningRate, format: (v) => String(v) },
  optimizer: { name: 'optimizer', key: 'lab.opt', label: 'optimizer', setting: 'the optimizer', rule: oneOfRule(OPTIMIZERS), parse: oneOf('The optimizer', OPTIMIZERS), format: (v) => v },
  batchSize: { name: 'batchSize', key: 'lab.batch', label: 'batch size', setting: 'the batch size', rule: wholeRule(LAB_LIMITS.batchSize), parse: whole('The batch size', LAB_LIMITS.batchSize), format: String },
  epochs: { name: 'epochs', key: 'lab.epochs', label: 'epochs', setting: 'the number of epochs', rule: wholeRule(LAB_LIMITS.epochs), parse: whole('Epochs', LAB_LIMITS.epochs), format: String },
  hidden: {
    name: 'hidden', key: 'lab.hidden', label: 'hidden layers', setting: 'the hidden layers', plural: true,
    rule: `up to ${LAB_LIMITS.layers} widths from ${LAB_LIMITS.width[0]} to ${LAB_LIMITS.width[1]} separated by commas, such as 128 or 256,128 (or 0 for none)`,
    parse: parseHidden, format: (v) => (v.length ? v.join(',') : '0'),
  },
  activation: { name: 'activation', key: 'lab.act', label: 'activation', setting: 'the activation', rule: oneOfRule(ACTIVATIONS), parse: oneOf('The activation', ACTIVATIONS), format: (v) => v },
  schedule: { name: 'schedule', key: 'lab.schedule', label: 'schedule', setting: 'the schedule', rule: oneOfRule(SCHEDULES), parse: oneOf('The schedule', SCHEDULES), format: (v) => v },
  seed: { name: 'seed', key: 'lab.seed', label: 'seed', setting: 'the seed', rule: wholeRule(LAB_LIMITS.seed), parse: whole('The seed', LAB_LIMITS.seed), format: String },
  trainSize: { name: 'trainSize', key: 'lab.n', label: 'training digits', setting: 'the number of training digits', rule: wholeRule(LAB_LIMITS.trainSize), parse: whole('Training digits', LAB_LIMITS.trainSize), format: String },
};

/**
 * The note for a value of the link the lab cannot use, as one sentence naming the setting, the
 * value and what it must be: 'The link sets the number of epochs to "-3", but it must be a whole
 * number from 1 to 50, so 5 is used.'
 */
export function badLinkNote<K extends keyof LabSettings>(field: LabField<K>, raw: string, fallback: LabSettings[K]): string {
  return refusedLinkValue(field.setting, shown(raw), field.rule, field.format(fallback), field.plural);
}

const fields = (): LabField<keyof LabSettings>[] => Object.values(LAB_FIELDS) as LabField<keyof LabSettings>[];

/**
 * Reads the lab's settings from a query string over `base`; a bad value keeps the base value and adds a note.
 * `refused` counts those values; `unread` lists the keys without "lab." (each also has a note), which the
 * address keeps, as the steppers' addresses keep theirs.
 */
export function readLabUrl(search: string, base: LabSettings = LAB_DEFAULTS): { settings: LabSettings; notes: string[]; refused: number; unread: string[] } {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { settings: { ...base }, notes: ['The link could not be read, so the default settings are used.'], refused: 1, unread: [] };
  }
  const settings = { ...base, hidden: [...base.hidden] } as Record<keyof LabSettings, unknown>;
  const notes: string[] = [];
  for (const field of fields()) {
    const raw = params.get(field.key);
    if (raw === null) continue;
    const parsed = field.parse(raw);
    if (parsed.ok) settings[field.name] = parsed.value;
    else notes.push(badLinkNote(field, raw, base[field.name] as never));
  }
  // A key without "lab." (?lr=0.5, as a stepper's link might be trimmed to) is read by nothing: say
  // which name would be, as the steppers' links do, instead of ignoring it without a word.
  const bare = fields().map((field) => field.key.slice('lab.'.length)).filter((key) => params.has(key));
  const refused = notes.length;
  if (bare.length > 0) notes.push(unreadLinkKeys(bare, `the lab's settings begin with "lab."`, 'lab.'));
  return { settings: settings as unknown as LabSettings, notes, refused, unread: bare };
}

/** A value from the address as the learner can read it: at most 40 characters, invisible ones as U+XXXX. */
export function shown(raw: string): string {
  const cut = [...raw].slice(0, 40).join('');
  return cut.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`) + (cut.length < raw.length ? '…' : '');
}

/** Writes the settings into a query string, keeping other parameters; defaults are left out. */
export function writeLabUrl(search: string, settings: LabSettings, defaults: LabSettings = LAB_DEFAULTS): string {
  const params = new URLSearchParams(search);
  for (const field of fields()) {
    const text = field.format(settings[field.name] as never);
    if (text === field.format(defaults[field.name] as never)) params.delete(field.key);
    else params.set(field.key, text);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The worker's run configuration for these settings. */
export function toRunConfig(s: LabSettings): RunConfig {
  return {
    hidden: [...s.hidden],
    activation: s.activation,
    seed: s.seed,
    optimizer: { name: s.optimizer, learningRate: s.learningRate },
    batchSize: s.batchSize,
    epochs: s.epochs,
    schedule: s.schedule,
    trainSize: s.trainSize,
  };
}

/** The settings of a stored run (for "load these settings" in the history). */
export function fromRunConfig(c: RunConfig): LabSettings {
  return {
    learningRate: c.optimizer.learningRate,
    optimizer: c.optimizer.name,
    batchSize: c.batchSize,
    epochs: c.epochs,
    hidden: [...c.hidden],
    activation: c.activation,
    schedule: c.schedule,
    seed: c.seed,
    trainSize: c.trainSize,
  };
}

/**
 * What the lab says after it rewrote the address without the refused values: the address holds the
 * settings in use, and still the keys without "lab." it does not read (review: it said the address
 * held the settings in use while "?lr=" stayed in it). Those stay, as in the steppers' addresses,
 * where another widget of the page might read a key the lab does not.
 */
export function rewrittenAddressNote(unread: string[]): string {
  const kept = unread.length === 0 ? '' : `; it still has ${unread.map((key) => `"${key}"`).join(', ')}, which nothing reads`;
  return `The address now holds the settings in use, so a copied link opens this lab as you see it${kept}.`;
}
