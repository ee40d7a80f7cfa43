/** Finds a page's mistakes session for a widget: by `data-session`, with the built-in network embedded by the ConfusionMatrix. */
import { mistakesSession, type MistakesSession, type MistakesStatus } from '../../state/mistakes.ts';

export function mistakesFor(element: HTMLElement): MistakesSession {
  const name = element.dataset.session ?? 'mistakes';
  const script = document.querySelector(`script.sw-builtin-net[data-session="${CSS.escape(name)}"]`);
  // A matrix declared without a built-in network (data-builtin="false") reads only the learner's.
  if (!script && document.querySelector(`sw-confusion-matrix[data-session="${CSS.escape(name)}"][data-builtin="false"]`)) return mistakesSession(name, undefined);
  let record: unknown = null;
  try {
    record = script ? JSON.parse(script.textContent ?? 'null') : null;
  } catch {
    record = null; // reported by the session as a damaged copy
  }
  return mistakesSession(name, record);
}

/** The loading or evaluating line while the results are not there yet. */
export function statusText(status: MistakesStatus): string {
  switch (status.kind) {
    case 'loading': return status.total > 0 ? `Loading the 10,000 test digits… ${Math.round((100 * status.loaded) / status.total)} %` : 'Loading the 10,000 test digits…';
    case 'evaluating': return `Running the network on the test digits… ${status.done.toLocaleString('en')} of ${status.total.toLocaleString('en')}`;
    case 'error': return status.message;
    default: return '';
  }
}
