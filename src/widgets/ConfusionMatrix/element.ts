/** <sw-confusion-matrix data-session="…">: the mistakes session's confusion matrix; cells choose the gallery's digits. */
import { select } from 'd3';
import { LAB_PATH } from '../../state/bridge.ts';
import { choiceKey, confusionCells, largestMistakeShare, type MistakesSession } from '../../state/mistakes.ts';
import { useWeightsText } from '../../state/trained.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { mistakesFor, statusText } from './mistakes-element.ts';
import { moveFocus, renderConfusion, renderNotes } from './render.ts';

class ConfusionMatrixElement extends HTMLElement {
  private session: MistakesSession | null = null;
  private unsubscribe: (() => void) | null = null;
  private focusCell = { truth: 0, predicted: 0 };
  private fileError: string | null = null;
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-confusion-matrix');

  connectedCallback(): void {
    this.session = mistakesFor(this);
    this.unsubscribe = this.session.store.subscribe(() => this.scheduler.request());
    this.addEventListener('click', this.onClick);
    this.addEventListener('keydown', this.onKey);
    this.addEventListener('change', this.onChange);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private draw(): void {
    if (!this.session) return;
    const state = this.session.store.get();
    const status = select(this).selectAll<HTMLDivElement, null>('div.sw-status');
    // The file's error (or its absence after a good file) shows at once, also while the new network is evaluated.
    select(this).select('.sw-cm-file-error').text(this.fileError ?? '');
    if (!state.results || !state.network) {
      renderNotes(this, state.notes);
      status.data([null]).join('div').attr('class', 'sw-status').attr('role', state.status.kind === 'error' ? 'alert' : 'status').text(statusText(state.status));
      return;
    }
    status.remove();
    select(this).selectChildren('div.sw-cm-notes').remove();
    const cells = confusionCells(state.results.confusion);
    renderConfusion(this, {
      cells,
      maxShare: largestMistakeShare(cells),
      selected: state.cell,
      focus: this.focusCell,
      accuracy: state.results.accuracy,
      total: state.results.labels.length,
      source: state.network.source,
      builtIn: state.builtIn,
      labHref: `${this.dataset.base ?? '/'}${LAB_PATH}`,
      fileError: this.fileError,
      choices: state.choices,
      chosen: choiceKey(state.network),
      offerFile: this.dataset.builtin !== 'false',
      notes: state.notes,
    });
    this.dataset.ready = 'true';
  }

  private readonly onClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('table.sw-cm button');
    if (!button || !this.session) return;
    const cell = { truth: Number(button.dataset.truth), predicted: Number(button.dataset.predicted) };
    this.focusCell = cell;
    const current = this.session.store.get().cell;
    // A second press on the chosen cell goes back to the most confident mistakes.
    this.session.selectCell(current && current.truth === cell.truth && current.predicted === cell.predicted ? null : cell);
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    const button = (event.target as HTMLElement).closest?.('table.sw-cm button');
    if (!button) return;
    const next = moveFocus(this.focusCell, event.key);
    if (!next) return;
    event.preventDefault();
    this.focusCell = next;
    this.draw();
    this.querySelector<HTMLButtonElement>(`button[data-truth="${next.truth}"][data-predicted="${next.predicted}"]`)?.focus();
  };

  private readonly onChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.dataset.action === 'network') {
      void this.session?.choose((input as unknown as HTMLSelectElement).value);
      return;
    }
    if (input.dataset.action !== 'weights-file') return;
    const file = input.files?.[0];
    if (!file) return;
    this.fileError = null;
    this.scheduler.request();
    void file.text().then((text) => {
      this.fileError = useWeightsText(text, file.name);
      this.scheduler.request();
    });
  };
}

if (!customElements.get('sw-confusion-matrix')) customElements.define('sw-confusion-matrix', ConfusionMatrixElement);
