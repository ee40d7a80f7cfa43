/**
 * Numbers the "Draw your own digit" lesson quotes, computed at build time from the sample digits
 * with the same preprocessing the page applies to a drawing. Node only.
 */
import { centreOfMass, FIELD, FIT, inkBox, prepareDrawing } from '../data/draw.ts';
import { loadSample } from '../data/load-node.ts';

export function drawFacts() {
  const sample = loadSample();
  const size = sample.rows * sample.cols;
  const digit = (k: number) => ({ width: sample.cols, height: sample.rows, ink: Float32Array.from(sample.pixels.subarray(k * size, (k + 1) * size), (p) => p / 255) });
  const longest: number[] = [];
  let worstCentre = 0;
  let unchanged = 0;
  for (let k = 0; k < sample.count; k++) {
    const d = digit(k);
    const box = inkBox(d)!;
    longest.push(Math.max(box.width, box.height));
    const com = centreOfMass(d.ink, d.width, d.height);
    worstCentre = Math.max(worstCentre, Math.abs(com.row - FIELD / 2), Math.abs(com.col - FIELD / 2));
    // Preprocessing an MNIST digit again: how many come back exactly as they were?
    const again = prepareDrawing(d).pixels;
    if (again.every((p, i) => p === sample.pixels[k * size + i])) unchanged++;
  }
  const first = digit(0);
  const firstBox = inkBox(first)!;
  const firstCentre = centreOfMass(first.ink, first.width, first.height);
  return {
    field: FIELD,
    fit: FIT,
    count: sample.count,
    /** Sample digits whose ink box's longer side is exactly 20 pixels, and the range of that side. */
    exactlyFit: longest.filter((n) => n === FIT).length,
    longestMin: Math.min(...longest),
    longestMax: Math.max(...longest),
    /** Largest distance of a sample digit's centre of mass from (14, 14), per axis. */
    worstCentre,
    unchanged,
    first: { label: sample.labels[0], box: firstBox, centre: firstCentre },
  };
}
