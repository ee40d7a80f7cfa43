/**
 * One place for look: colour scales, sizes and durations shared by every widget.
 *
 * Scales are colour-blind safe and drawn on the page's own background: pixel intensities use a
 * ramp from paper (the background) to ink; signed quantities (weights, gradients) use the hues of
 * ColorBrewer's RdBu, a diverging scheme safe for the common colour-vision deficiencies, centred
 * on zero, and zero is the background colour in both the light and the dark scheme (no glaring
 * white squares at night). Non-negative quantities (probabilities) use a sequential ramp from the
 * background to the blue end.
 */
import { interpolateLab, piecewise, scaleDiverging, scaleSequential } from 'd3';

export type Scheme = 'light' | 'dark';

/** The colours each scheme draws with; `bg` must equal the layout's `--bg`. */
export const PALETTE: Record<Scheme, { bg: string; ink: string; negative: string; positive: string }> = {
  light: { bg: '#ffffff', ink: '#000000', negative: '#b2182b', positive: '#2166ac' },
  dark: { bg: '#14171c', ink: '#e7eaf0', negative: '#f4866c', positive: '#67aee8' },
};

/** The system's dark-scheme query, or null where there is none (tests, Node). */
function darkQuery(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
}

/** The colour scheme the page is shown in (light where the browser cannot say, as in tests). */
export function currentScheme(): Scheme {
  return darkQuery()?.matches ? 'dark' : 'light';
}

/** Calls `callback` whenever the system's colour scheme changes; returns what stops it. */
export function onSchemeChange(callback: () => void): () => void {
  const query = darkQuery();
  if (!query?.addEventListener) return () => {};
  query.addEventListener('change', callback);
  return () => query.removeEventListener('change', callback);
}

/** Paper-and-ink grey for a pixel value in [0, 1] in the light scheme: 0 is white paper, 1 is black ink. */
export function inkGrey(value: number): number {
  const v = Math.min(1, Math.max(0, value));
  return Math.round(255 * (1 - v));
}

const hex = (text: string): [number, number, number] => [1, 3, 5].map((k) => parseInt(text.slice(k, k + 2), 16)) as [number, number, number];

/** A pixel value in [0, 1] as [r, g, b]: the page background for 0, ink for 1 (inkGrey in light). */
export function inkRgb(value: number, scheme: Scheme = 'light'): [number, number, number] {
  if (scheme === 'light') {
    const g = inkGrey(value);
    return [g, g, g];
  }
  const v = Math.min(1, Math.max(0, value));
  const paper = hex(PALETTE.dark.bg);
  const ink = hex(PALETTE.dark.ink);
  return [0, 1, 2].map((c) => Math.round(paper[c] + (ink[c] - paper[c]) * v)) as [number, number, number];
}

/**
 * Scales already made, by scheme, kind and extent: the diagram and the matrix views ask for the
 * same few at every step, and making one converts its colours to Lab (a third of the diagram's
 * colouring time in a profile of the step-through). Emptied when it grows past 256.
 */
const made = new Map<string, (value: number) => string>();
function remembered(key: string, make: () => (value: number) => string): (value: number) => string {
  let scale = made.get(key);
  if (!scale) {
    if (made.size >= 256) made.clear();
    scale = make();
    made.set(key, scale);
  }
  return scale;
}

/** A diverging scale for signed values, symmetric around 0 with the given extent (blue +, red −, 0 the background). */
export function divergingScale(extent: number, scheme: Scheme = currentScheme()): (value: number) => string {
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  return remembered(`d|${scheme}|${m}`, () => makeDiverging(m, scheme));
}

function makeDiverging(m: number, scheme: Scheme): (value: number) => string {
  const { negative, bg, positive } = PALETTE[scheme];
  const scale = scaleDiverging<string>(piecewise(interpolateLab, [negative, bg, positive])).domain([-m, 0, m]).clamp(true);
  if (scheme === 'light') return scale;
  // On the dark background a straight ramp leaves a tenth of the extent nearly black (review D1:
  // rows of ∂L/∂W⁽²⁾ at 13 % looked empty): lift small sizes, keeping sign, order and both ends.
  return (value: number) => scale(Math.sign(value) * m * Math.pow(Math.min(1, Math.abs(value) / m), DARK_GAMMA));
}

/** Exponent applied to |value| / extent in the dark scheme (below 1 lifts small values). */
export const DARK_GAMMA = 0.6;

/** A sequential scale for values from 0 (the background) to `max` (the blue end). */
export function sequentialScale(max: number, scheme: Scheme = currentScheme()): (value: number) => string {
  const m = max > 0 && Number.isFinite(max) ? max : 1;
  return remembered(`s|${scheme}|${m}`, () => makeSequential(m, scheme));
}

function makeSequential(m: number, scheme: Scheme): (value: number) => string {
  const scale = scaleSequential<string>(interpolateLab(PALETTE[scheme].bg, PALETTE[scheme].positive)).domain([0, m]).clamp(true);
  if (scheme === 'light') return scale;
  return (value: number) => scale(m * Math.pow(Math.min(1, Math.max(0, value) / m), DARK_GAMMA));
}

/** Largest |value| (for symmetric diverging domains); 0 for an empty or all-zero array. */
export function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let k = 0; k < values.length; k++) {
    const v = Math.abs(values[k]);
    if (v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

export const SIZES = {
  /** CSS pixels per MNIST pixel in the digit grid. */
  digitCell: 10,
  /** Smallest distance between the centres of two tappable units in the diagram (a 24 px target each). */
  tapTarget: 24,
} as const;
