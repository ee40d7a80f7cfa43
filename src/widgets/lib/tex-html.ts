/**
 * KaTeX's HTML for a display equation (MathML for screen readers included): a pure function of
 * the TeX, run on the page (lib/tex.ts) and in the typesetting worker (lib/tex-worker.ts), so both
 * give the same nodes.
 */
import katex from 'katex';

export function texHtml(tex: string): string {
  return katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
}
