/** Number formats shared by the widgets: learners see the same rounding everywhere. */

/** The site's one number format (src/explain/format.ts): narration, equations' limits and widgets agree. */
export { formatNumber, formatPair, formatSetting } from '../../explain/format.ts';

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
