/**
 * The one number format for text the learner reads: the narration, notes and verdicts, and every
 * widget's readouts and labels (src/widgets/lib/format.ts re-exports it), so one number reads the
 * same wherever it appears on a page (review: the update step's verdict said 0.399 beside a
 * narration and a readout that said 0.3988). No DOM.
 */

/**
 * `digits` significant figures (4 unless a chart's ticks ask for fewer), trailing zeros dropped;
 * scientific below 10⁻³ and from 10⁵ on, decided on the number as shown (99999 reads 1e+5, not
 * 100000), the limits of the equations' `texNumber`; every minus a real minus ("−1.66e−4").
 */
export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(digits));
  const magnitude = Math.abs(rounded);
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${Number(mantissa)}e${exponent}`.replaceAll('-', '−');
  }
  return String(rounded).replaceAll('-', '−');
}

/**
 * A number before and after a change, as `formatNumber` prints them, with more figures (up to 8)
 * only when 4 would print two different numbers alike: a tiny step's "2.0945 → 2.0944", never
 * "2.094 → 2.094" beside a verdict that it fell.
 */
export function formatPair(before: number, after: number): [string, string] {
  let digits = 4;
  while (digits < 8 && before !== after && formatNumber(before, digits) === formatNumber(after, digits)) digits++;
  return [formatNumber(before, digits), formatNumber(after, digits)];
}

/** A setting as the learner types it (a learning rate: 0.0005, not 5e−4), to 4 significant figures. */
export function formatSetting(value: number): string {
  return String(Number(value.toPrecision(4)));
}
