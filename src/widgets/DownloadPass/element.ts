/** <sw-download data-session="…">: downloads the current pass as the trace document (same format as `npm run trace`). */
import { traceToJson } from '../../nn/serialize.ts';
import type { Session } from '../../state/session.ts';
import { sessionFor } from '../lib/session.ts';

class DownloadElement extends HTMLElement {
  private session: Session | null = null;
  private unsubscribe: (() => void) | null = null;

  connectedCallback(): void {
    this.session = sessionFor(this);
    const button = this.querySelector('button');
    this.unsubscribe = this.session.store.subscribe((state) => {
      if (button) button.disabled = state.pass === null;
    });
    button?.addEventListener('click', this.onClick);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private readonly onClick = (): void => {
    const state = this.session?.store.get();
    if (!state?.pass) return;
    const doc = traceToJson(state.pass, { set: 'test', index: state.config.digit });
    const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `stepwise-trace-test-${state.config.digit}-seed-${state.config.seed}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
}

if (!customElements.get('sw-download')) customElements.define('sw-download', DownloadElement);
