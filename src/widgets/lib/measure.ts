/**
 * Records how long a piece of drawing took, as a performance measure named `name` (read in the
 * browser's tools, by the e2e guards and by measure-lab). The browser keeps measures until they
 * are cleared, so every CAP of one name they are cleared: a long session keeps at most that many.
 */
const CAP = 2000;
const counts = new Map<string, number>();

export function recordMeasure(name: string, start: number): void {
  performance.measure?.(name, { start, end: performance.now() });
  const count = (counts.get(name) ?? 0) + 1;
  counts.set(name, count);
  if (count % CAP === 0) performance.clearMeasures?.(name);
}
