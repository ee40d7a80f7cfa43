/** Loading and error states shared by widgets: progress while the data arrives, a clear message if it fails. */
import { select } from 'd3';

export function renderStatus(root: HTMLElement, state: { status: 'loading'; loaded: number; total: number } | { status: 'error'; message: string }): void {
  const box = select(root).selectAll<HTMLDivElement, null>('div.sw-status').data([null]).join('div').attr('class', 'sw-status');
  if (state.status === 'error') {
    box.attr('role', 'alert').text(`Could not load the digits: ${state.message}`);
    return;
  }
  box.attr('role', 'status');
  const percent = state.total > 0 ? Math.round((100 * state.loaded) / state.total) : null;
  box.text(percent === null ? 'Loading digits…' : `Loading digits… ${percent} %`);
}

export function clearStatus(root: HTMLElement): void {
  select(root).selectAll('div.sw-status').remove();
}
