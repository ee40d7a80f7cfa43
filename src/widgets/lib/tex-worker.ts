/**
 * The typesetting worker: KaTeX off the page's main thread. It answers `{ id, tex }` with
 * `{ id, html }`, the same HTML `texHtml` gives on the page (lib/tex.ts asks it for the equations
 * of the steps next to the one shown; at 4x CPU throttling one took 20-45 ms of the page's time).
 */
import { texHtml } from './tex-html.ts';

export interface TexRequest { id: number; tex: string }
export interface TexReply { id: number; html: string }

const scope = self as unknown as { postMessage(message: TexReply): void; onmessage: ((event: MessageEvent<TexRequest>) => void) | null };
scope.onmessage = (event) => {
  const { id, tex } = event.data;
  scope.postMessage({ id, html: texHtml(tex) });
};
