/**
 * The one learning-rate range of the whole site, for every control and every link: the lab, its
 * address (`lab.lr`), the step-through's (`backprop.lr`, `descent.lr`), the gradient-descent
 * lesson's η, the optimizer steps' η and the drawing's one-step η.
 *
 * - Typed exactly (a number box or a link): from 0.0001 to 100. Below 0.0001 nothing visibly
 *   moves in the lessons' step counts; above 100 the core refuses (MAX_LEARNING_RATE). 50 is in
 *   range on purpose: it is how the lessons show a run blowing up.
 * - Dragged (a logarithmic slider): from 0.0001 to 10, the range where a learner's choice changes
 *   what training does; larger values are typed.
 */
import { MAX_LEARNING_RATE } from '../nn/optimizers.ts';

/** What a typed or linked learning rate may be. */
export const LEARNING_RATE_RANGE = { min: 1e-4, max: MAX_LEARNING_RATE } as const;
/** What a logarithmic learning-rate slider spans. */
export const LEARNING_RATE_SLIDER = { min: 1e-4, max: 10 } as const;

/** "from 0.0001 to 100", for messages. */
export const LEARNING_RATE_RANGE_TEXT = `from ${LEARNING_RATE_RANGE.min} to ${LEARNING_RATE_RANGE.max}`;

/** Plain decimal or scientific notation, an optional leading +, no spaces inside: 0.1, .5, +3, 1e-3, 2.5E+1. */
const NUMBER = /^\+?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Reads a typed or linked learning rate (surrounding spaces ignored); null unless it is in the range. */
export function readLearningRate(raw: string): number | null {
  const text = raw.trim();
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return inLearningRateRange(n) ? n : null;
}

/** True when `n` is a learning rate the site accepts. */
export function inLearningRateRange(n: number): boolean {
  return Number.isFinite(n) && n >= LEARNING_RATE_RANGE.min && n <= LEARNING_RATE_RANGE.max;
}
