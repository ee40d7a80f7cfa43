/** Number formats shared by the widgets: learners see the same rounding everywhere. */

/** 4 significant digits, plain notation for ordinary magnitudes, proper minus sign. */
export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude < 1e-4 || magnitude >= 1e6 ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
  return text.replace('-', '−');
}

/** A probability as a percentage with one decimal. */
export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/** The one mark of the true digit in every chart and label. */
export const trueDigitMark = '✓';

/** A class label with the true digit marked: `classLabel(7, 7)` → "7 ✓". */
export function classLabel(digit: number, trueDigit: number): string {
  return digit === trueDigit ? `${digit} ${trueDigitMark}` : String(digit);
}
