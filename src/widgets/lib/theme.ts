/**
 * One place for look: colour scales, sizes and durations shared by every widget.
 *
 * Scales are colour-blind safe: pixel intensities use a grey ramp (ink on paper); signed
 * quantities (weights, gradients) use ColorBrewer's RdBu, a diverging scheme safe for the common
 * colour-vision deficiencies, centred on zero so white always means 0.
 */
import { interpolateRdBu, scaleDiverging } from 'd3';

/** Paper-and-ink grey for a pixel value in [0, 1]: 0 is white paper, 1 is black ink. */
export function inkGrey(value: number): number {
  const v = Math.min(1, Math.max(0, value));
  return Math.round(255 * (1 - v));
}

/** A diverging scale for signed values, symmetric around 0 with the given extent (blue +, red −). */
export function divergingScale(extent: number): (value: number) => string {
  const m = extent > 0 && Number.isFinite(extent) ? extent : 1;
  return scaleDiverging<string>(interpolateRdBu).domain([-m, 0, m]).clamp(true);
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
} as const;
