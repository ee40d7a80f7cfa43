/**
 * <sw-lab>: wires the controls to the lab (worker client + run store) and renders its state at
 * most once per animation frame. The maths runs in the worker; this element only reads the
 * learner's settings (refusing invalid ones at the control), sends commands and draws.
 */
import { weightsToJson } from '../../nn/serialize.ts';
import { createLab, type Lab, type LabState } from '../../state/lab.ts';
import { fromRunConfig, LAB_FIELDS, readLabUrl, rewrittenAddressNote, writeLabUrl, type LabSettings } from '../../state/lab-url.ts';
import { openRunStore, runMetricsCsv, type RunRecord, type RunStore } from '../../state/run-store.ts';
import { browserWorker, createTrainingClient, type TrainingClient } from '../../train/client.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { setAttr, setText } from '../lib/dom.ts';
import { recordMeasure } from '../lib/measure.ts';
import { onSchemeChange } from '../lib/theme.ts';
import { renderCurves } from './render-curves.ts';
import { renderNorms, renderWeights } from './render-panels.ts';
import { distinctLabels, divergenceView, EMPTY_TEXT, liveSeries, progressView, recordSeries, RUN_COLOURS, statusText, stuckView, type CurveSeries } from './view.ts';

type FieldName = keyof LabSettings;

/** What the element builds on: the page's Worker and IndexedDB history (a test swaps in its own). */
export const labDependencies = {
  createWorker: browserWorker as () => ReturnType<typeof browserWorker>,
  openStore: (): RunStore => openRunStore(),
};
const INPUT_FIELDS: FieldName[] = ['learningRate', 'optimizer', 'batchSize', 'epochs', 'hidden', 'activation', 'schedule', 'seed', 'trainSize'];

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The shortest time between two redraws while a run trains, ms. */
const RUNNING_REDRAW_MS = 200;
/** The lab's charts' share of a frame, ms: after that, the next chart waits for the next redraw. */
const FRAME_BUDGET_MS = 8;

/** DOM writes that do nothing when the value is already there (an unchanged write still invalidates style and layout; setText and setAttr from lib/dom.ts). */
function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}
function setDisabled(el: HTMLButtonElement, disabled: boolean): void {
  if (el.disabled !== disabled) el.disabled = disabled;
}
function setValue(el: HTMLProgressElement, value: number): void {
  if (Math.abs(el.value - value) > 1e-4) el.value = value;
}

class LabElement extends HTMLElement {
  private client: TrainingClient | null = null;
  private lab: Lab | null = null;
  private store: RunStore | null = null;
  private settings!: LabSettings;
  private invalid = new Map<FieldName, string>();
  private frame = 0;
  private runs: RunRecord[] = [];
  private overlay = new Set<string>();
  private historyNotes: string[] = [];
  private unsubscribers: (() => void)[] = [];
  private useUrl = true;
  private lastDivergence: number | null = null;
  /** What each view last drew (so an unchanged view is not redrawn). */
  private drawn: { curves?: string; weights?: Float32Array | null; norms?: string } = {};
  /** Widths of the lab and its charts, from a ResizeObserver (reading clientWidth in a frame would force a layout). */
  private widths = new Map<Element, number>();
  private wait: ReturnType<typeof setTimeout> | 0 = 0;
  private lastRender = -Infinity;

  connectedCallback(): void {
    this.useUrl = this.dataset.url !== 'false';
    const preset = JSON.parse(this.dataset.preset ?? '{}') as LabSettings;
    const { settings, notes, refused, unread } = this.useUrl ? readLabUrl(location.search, preset) : { settings: preset, notes: [], refused: 0, unread: [] };
    this.settings = settings;
    this.writeControls();
    if (this.useUrl && refused > 0) {
      // The address must not keep what was refused: it now holds the settings in use (keys without
      // "lab." stay, unread, as in the steppers' addresses; the note says so).
      this.writeUrl();
      notes.push(rewrittenAddressNote(unread));
    }
    this.showNotes('.sw-lab-notes', notes);
    // Tells tests the link has been read (its notes shown, the address rewritten).
    this.dataset.linkRead = 'true';
    const base = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}data/`;
    this.client = createTrainingClient({ createWorker: labDependencies.createWorker, baseUrl: base });
    try {
      this.store = labDependencies.openStore();
    } catch {
      this.store = null;
    }
    this.lab = createLab(this.client, this.store);
    this.unsubscribers.push(this.lab.state.subscribe(() => this.schedule()));
    this.unsubscribers.push(this.lab.saveNotes.subscribe((n) => this.showNotes('.sw-history-notes', n)));
    if (this.store) this.unsubscribers.push(this.store.subscribe(() => void this.loadHistory()));
    void this.loadHistory();
    this.bind();
    // Charts follow the width they are given (phone ↔ desktop, rotation).
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) this.widths.set(entry.target, Math.round(entry.contentRect.width));
      this.schedule();
    });
    for (const el of [this, this.q('.sw-lab-curves'), this.q('.sw-lab-norms')]) if (el) observer.observe(el);
    this.unsubscribers.push(() => observer.disconnect());
    // The loss canvas resolves the theme's colours: a theme change redraws it.
    this.unsubscribers.push(onSchemeChange(() => {
      this.drawn = {};
      this.schedule();
    }));
  }

  disconnectedCallback(): void {
    for (const u of this.unsubscribers) u();
    this.unsubscribers = [];
    this.client?.dispose();
    cancelAnimationFrame(this.frame);
    if (this.wait) clearTimeout(this.wait);
    this.frame = 0;
    this.wait = 0;
  }

  private q<T extends Element>(selector: string): T | null {
    return this.querySelector<T>(selector);
  }

  private input(name: FieldName): HTMLInputElement | HTMLSelectElement | null {
    return this.q(`[name="${name}"]`);
  }

  private writeControls(): void {
    for (const name of INPUT_FIELDS) {
      const el = this.input(name);
      if (el) el.value = LAB_FIELDS[name].format(this.settings[name] as never);
    }
    const slider = this.q<HTMLInputElement>('[name="lr-slider"]');
    if (slider) slider.value = String(Math.log10(this.settings.learningRate));
  }

  private showNotes(selector: string, notes: string[]): void {
    const box = this.q<HTMLElement>(selector);
    if (!box) return;
    box.replaceChildren(...notes.map((text) => Object.assign(document.createElement('p'), { className: 'sw-note', textContent: text })));
  }

  /** Parses one control; shows its message and marks it invalid if the value is refused. */
  private readField(name: FieldName, writeUrl = true): void {
    const el = this.input(name);
    if (!el) return;
    const parsed = LAB_FIELDS[name].parse(el.value);
    const msg = this.q<HTMLElement>(`#${el.id}-msg`);
    if (parsed.ok) {
      (this.settings as unknown as Record<string, unknown>)[name] = parsed.value;
      this.invalid.delete(name);
      el.removeAttribute('aria-invalid');
      if (msg) {
        msg.classList.remove('sw-invalid');
        msg.textContent = msg.dataset.hint ?? msg.textContent;
      }
    } else {
      this.invalid.set(name, parsed.message);
      el.setAttribute('aria-invalid', 'true');
      if (msg) {
        msg.dataset.hint ??= msg.textContent ?? '';
        msg.classList.add('sw-invalid');
        msg.textContent = parsed.message;
      }
    }
    if (name === 'learningRate') this.q('[name="lr-slider"]')?.setAttribute('aria-valuetext', `η ${this.settings.learningRate}`);
    if (writeUrl) this.writeUrl();
    // The Train button follows the refusal at once (not a frame later): a refused value can never be trained on.
    if (this.lab) this.drawTrain(this.lab.state.get());
    this.schedule();
  }

  /** The settings into the address (a few ms a call: once per change, never once per field). */
  private writeUrl(): void {
    if (this.useUrl && this.invalid.size === 0) history.replaceState(history.state, '', `${location.pathname}${writeLabUrl(location.search, this.settings)}${location.hash}`);
  }

  private bind(): void {
    for (const name of INPUT_FIELDS) {
      const el = this.input(name);
      el?.addEventListener(el instanceof HTMLSelectElement ? 'change' : 'input', () => {
        this.readField(name);
        if (name === 'learningRate' && !this.invalid.has('learningRate')) {
          const slider = this.q<HTMLInputElement>('[name="lr-slider"]');
          if (slider) slider.value = String(Math.log10(this.settings.learningRate));
        }
      });
    }
    const slider = this.q<HTMLInputElement>('[name="lr-slider"]');
    slider?.addEventListener('input', () => {
      const lr = +(10 ** Number(slider.value)).toPrecision(2);
      const text = this.input('learningRate');
      if (text) text.value = String(lr);
      this.readField('learningRate');
    });
    slider?.setAttribute('aria-valuetext', `η ${this.settings.learningRate}`);
    this.q<HTMLFormElement>('form')?.addEventListener('submit', (event) => {
      event.preventDefault();
      for (const name of INPUT_FIELDS) this.readField(name, false);
      this.writeUrl();
      if (this.invalid.size > 0) {
        const first = this.input([...this.invalid.keys()][0]);
        first?.focus();
        return;
      }
      this.lastDivergence = null;
      this.lab?.train({ ...this.settings, hidden: [...this.settings.hidden] });
    });
    this.q('.sw-pause')?.addEventListener('click', () => {
      const phase = this.lab?.state.get().phase;
      if (phase === 'paused') this.lab?.resume();
      else this.lab?.pause();
    });
    this.q('.sw-stop')?.addEventListener('click', () => this.lab?.stop());
    this.q('.sw-apply-lr')?.addEventListener('click', () => {
      this.readField('learningRate');
      if (!this.invalid.has('learningRate')) this.lab?.setLearningRate(this.settings.learningRate);
    });
    this.q('.sw-retry')?.addEventListener('click', () => {
      const phase = this.lab?.state.get().phase;
      if (phase === 'crashed') this.lab?.restart();
      else this.lab?.retry();
    });
    this.q('.sw-use-suggestion')?.addEventListener('click', () => {
      if (this.lastDivergence === null) return;
      const text = this.input('learningRate');
      if (text) text.value = String(this.lastDivergence);
      this.readField('learningRate');
      const slider2 = this.q<HTMLInputElement>('[name="lr-slider"]');
      if (slider2) slider2.value = String(Math.log10(this.settings.learningRate));
      text?.focus();
    });
    // The contrast run: the same settings with ReLU, overlaid on the run that learned nothing.
    this.q('.sw-stuck-retry')?.addEventListener('click', () => {
      const ended = this.lab?.state.get().run;
      const activation = this.input('activation');
      if (!ended || !activation) return;
      activation.value = 'relu';
      this.readField('activation');
      if (ended.recordId) this.overlay.add(ended.recordId);
      this.renderHistory();
      this.q<HTMLFormElement>('form')?.requestSubmit();
    });
    this.q('.sw-export-all')?.addEventListener('click', async () => {
      if (this.store) download('stepwise-runs.json', await this.store.exportJson(), 'application/json');
    });
    this.q<HTMLInputElement>('.sw-import')?.addEventListener('change', async (event) => {
      const input = event.target as HTMLInputElement;
      const file = input.files?.[0];
      if (!file || !this.store) return;
      try {
        const { imported, notes } = await this.store.importJson(await file.text());
        this.historyNotes = [`Imported ${imported} run${imported === 1 ? '' : 's'} from ${file.name}.`, ...notes];
      } catch (error) {
        this.historyNotes = [(error as Error).message];
      }
      input.value = '';
      this.showNotes('.sw-history-notes', this.historyNotes);
    });
    this.q('.sw-history-list')?.addEventListener('click', (event) => void this.onHistoryClick(event));
    this.q('.sw-history-list')?.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      if (box.type !== 'checkbox') return;
      if (box.checked) this.overlay.add(box.value);
      else this.overlay.delete(box.value);
      this.schedule();
    });
  }

  private async onHistoryClick(event: Event): Promise<void> {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const item = button?.closest<HTMLElement>('[data-run]');
    if (!button || !item || !this.store) return;
    const id = item.dataset.run!;
    const record = this.runs.find((r) => r.id === id);
    if (!record) return;
    const action = button.dataset.action;
    const slug = record.name.replace(/[^a-z0-9.]+/gi, '-').slice(0, 60);
    if (action === 'rename') {
      const name = item.querySelector<HTMLInputElement>('input[type="text"]')?.value ?? '';
      await this.store.rename(id, name);
    } else if (action === 'delete') {
      this.overlay.delete(id);
      await this.store.remove(id);
    } else if (action === 'weights') {
      const full = await this.store.get(id);
      if (full?.net) download(`stepwise-weights-${slug}.json`, JSON.stringify(weightsToJson(full.net)), 'application/json');
      else this.showNotes('.sw-history-notes', [`The weights of "${record.name}" could not be read (they are missing or damaged).`]);
    } else if (action === 'csv') {
      download(`stepwise-metrics-${slug}.csv`, runMetricsCsv(record), 'text/csv');
    } else if (action === 'settings') {
      this.settings = fromRunConfig(record.config);
      this.writeControls();
      for (const name of INPUT_FIELDS) this.readField(name, false);
      this.writeUrl();
      this.input('learningRate')?.focus();
    }
  }

  private async loadHistory(): Promise<void> {
    // Without a history section nothing shows old runs: keep them on disk, not in memory.
    if (!this.store || !this.q('.sw-history-list')) return;
    const { runs, notes } = await this.store.list();
    this.runs = runs;
    for (const id of [...this.overlay]) if (!runs.some((r) => r.id === id)) this.overlay.delete(id);
    this.showNotes('.sw-history-notes', [...notes, ...this.historyNotes]);
    this.renderHistory();
    this.schedule();
  }

  private renderHistory(): void {
    const list = this.q<HTMLUListElement>('.sw-history-list');
    if (!list) return;
    if (this.runs.length === 0) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'sw-muted sw-history-empty', textContent: EMPTY_TEXT.history }));
      return;
    }
    list.replaceChildren(
      ...this.runs.map((r) => {
        const li = document.createElement('li');
        li.className = 'sw-history-item';
        li.dataset.run = r.id;
        const head = document.createElement('div');
        head.className = 'sw-history-head';
        const check = Object.assign(document.createElement('input'), { type: 'checkbox', value: r.id, checked: this.overlay.has(r.id) });
        check.setAttribute('aria-label', `Overlay the curves of ${r.name}`);
        const name = Object.assign(document.createElement('input'), { type: 'text', value: r.name });
        name.setAttribute('aria-label', 'Run name');
        name.maxLength = 200;
        head.append(check, name, this.button('rename', 'Rename'));
        const meta = document.createElement('p');
        meta.className = 'sw-history-meta';
        const outcome = r.status === 'diverged' ? 'diverged' : `${r.status}, test accuracy ${r.finalAccuracy === null ? '–' : formatPercent(r.finalAccuracy)}`;
        meta.textContent = `${outcome} · ${r.config.trainSize.toLocaleString('en')} digits · ${r.curves.epochs.length} epoch${r.curves.epochs.length === 1 ? '' : 's'} done · ${formatNumber(r.trainSeconds, 3)} s · ${r.backend === 'wasm' ? 'WebAssembly' : 'TypeScript'} · ${new Date(r.createdAt).toLocaleString()}`;
        const actions = document.createElement('div');
        actions.className = 'sw-history-actions';
        actions.append(this.button('settings', 'Use these settings'), this.button('csv', 'Metrics (CSV)'));
        if (r.net || r.hasWeights) actions.append(this.button('weights', 'Weights (JSON)'));
        actions.append(this.button('delete', 'Delete'));
        li.append(head, meta, actions);
        return li;
      }),
    );
  }

  private button(action: string, text: string): HTMLButtonElement {
    const b = Object.assign(document.createElement('button'), { type: 'button', textContent: text });
    b.dataset.action = action;
    return b;
  }

  private schedule(): void {
    if (this.frame || this.wait) return;
    // While a run trains, at most five redraws a second: each frame that changes the page costs a
    // commit to the compositor, which on a busy machine is where the main thread waits longest.
    const early = this.lab?.state.get().phase === 'running' ? this.lastRender + RUNNING_REDRAW_MS - performance.now() : 0;
    if (early > 0) {
      this.wait = setTimeout(() => {
        this.wait = 0;
        this.schedule();
      }, early);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.lab) return;
      const started = performance.now();
      this.lastRender = started;
      this.render(this.lab.state.get());
      recordMeasure('sw-draw:sw-lab', started); // the frame's cost, for the e2e guard and measure-lab
    });
  }

  /** The Train button: disabled while a field is refused, the data loads or the trainer crashed. */
  private drawTrain(state: LabState): void {
    const train = this.q<HTMLButtonElement>('.sw-train');
    if (!train) return;
    const busy = state.phase === 'running' || state.phase === 'paused' || state.phase === 'starting';
    setDisabled(train, this.invalid.size > 0 || state.phase === 'loading' || state.phase === 'crashed');
    setText(train, busy ? 'Train again (ends this run)' : 'Train');
  }

  private render(state: LabState): void {
    const run = state.run;
    this.drawTrain(state);
    const pause = this.q<HTMLButtonElement>('.sw-pause');
    // Every write below is skipped when the value is already there: while a run trains, most of
    // them are, and an unchanged write would still cost style and layout.
    if (pause) {
      setDisabled(pause, !(state.phase === 'running' || state.phase === 'paused'));
      setText(pause, state.phase === 'paused' ? 'Resume' : 'Pause');
    }
    const stop = this.q<HTMLButtonElement>('.sw-stop');
    if (stop) setDisabled(stop, !(state.phase === 'running' || state.phase === 'paused'));
    const apply = this.q<HTMLButtonElement>('.sw-apply-lr');
    if (apply) setDisabled(apply, !(state.phase === 'running' || state.phase === 'paused') || this.invalid.has('learningRate'));
    const status = this.q<HTMLElement>('.sw-lab-status');
    if (status) setText(status, statusText(state) + (state.message && (state.phase === 'running' || state.phase === 'paused') ? ` ${state.message}` : ''));

    const progress = this.q<HTMLElement>('.sw-lab-progress');
    const bar = progress?.querySelector('progress');
    const text = progress?.querySelector('.sw-progress-text');
    if (progress && bar && text) {
      if (state.phase === 'loading' && state.loading) {
        setHidden(progress, false);
        setAttr(bar, 'aria-label', 'Download progress');
        setValue(bar, state.loading.total > 0 ? state.loading.loaded / state.loading.total : 0);
        setText(text, `${state.loading.loaded.toLocaleString('en')} of ${state.loading.total > 0 ? state.loading.total.toLocaleString('en') : '?'} bytes`);
      } else if (run) {
        setHidden(progress, false);
        setAttr(bar, 'aria-label', 'Training progress');
        const p = progressView(run);
        setValue(bar, p.fraction);
        setText(text, state.phase === 'running' || state.phase === 'paused' ? p.text : `${run.samplesSeen.toLocaleString('en')} digits trained${run.trainSeconds > 0 ? ` in ${formatNumber(run.trainSeconds, 3)} s` : ''}.`);
      } else setHidden(progress, true);
    }

    const failure = this.q<HTMLElement>('.sw-lab-failure');
    if (failure) {
      const failed = state.phase === 'load-failed' || state.phase === 'crashed';
      setHidden(failure, !failed);
      const ft = failure.querySelector<HTMLElement>('.sw-failure-text');
      if (ft) setText(ft, state.phase === 'crashed' ? statusText(state) : `The training digits could not be loaded. ${state.message ?? ''}`);
      const retry = failure.querySelector('button');
      if (retry) setText(retry, state.phase === 'crashed' ? 'Restart the trainer' : 'Retry');
    }

    const box = this.q<HTMLElement>('.sw-lab-divergence');
    const d = run ? divergenceView(run) : null;
    if (box) {
      setHidden(box, !d);
      if (d) this.lastDivergence = d.suggestion;
      // Its words are fixed for a run: written once.
      if (d && box.dataset.shown !== `${run?.runId}`) {
        box.dataset.shown = `${run?.runId}`;
        box.querySelector('.sw-divergence-title')!.textContent = d.title;
        box.querySelector('.sw-divergence-body')!.replaceChildren(...d.body.map((t) => Object.assign(document.createElement('p'), { textContent: t })));
        box.querySelector('.sw-use-suggestion')!.textContent = `Set η to ${formatNumber(d.suggestion)}`;
      }
    }

    const stuckBox = this.q<HTMLElement>('.sw-lab-stuck');
    const stuck = run && (state.phase === 'finished' || state.phase === 'stopped') ? stuckView(run) : null;
    if (stuckBox) {
      setHidden(stuckBox, !stuck);
      if (stuck) {
        stuckBox.querySelector('.sw-stuck-title')!.textContent = stuck.title;
        const body = stuckBox.querySelector('.sw-stuck-body')!;
        if (body.textContent !== stuck.body.join('')) body.replaceChildren(...stuck.body.map((t) => Object.assign(document.createElement('p'), { textContent: t })));
        stuckBox.querySelector<HTMLButtonElement>('.sw-stuck-retry')!.hidden = stuck.retryWith === null;
      }
    }

    // Each view redraws only when its data (or its width) changed: while training, that keeps
    // every main-thread task short.
    const width = this.widths.get(this) ?? this.clientWidth;
    // The loss curve: about four redraws a second while training (every message while it ends).
    const live = state.phase === 'running';
    const curvesKey = [run ? '' : `${this.settings.epochs}×${this.settings.trainSize}`, run?.runId, live ? Math.floor(performance.now() / 250) : run?.loss.loss.length, run?.loss.loss.length === 0, state.phase, run?.epochs.length, run?.changes.length, run?.diverged?.samplesSeen, run?.recordId, [...this.overlay].join(','), this.runs.length, width].join('|');
    // A frame budget for the charts: a chart whose data changed draws in this frame unless the
    // charts drawn before it already took FRAME_BUDGET_MS; then it waits for the next redraw. (All
    // three at once took ~40 ms at an epoch's end when each rebuilt its SVG; now each is a few ms.)
    const chartsFrom = performance.now();
    let drewChart = false;
    /** Whether a chart whose data changed may draw in this frame; if not, another redraw is asked for. */
    const chartDue = (changed: boolean): boolean => {
      if (!changed) return false;
      if (drewChart && performance.now() - chartsFrom > FRAME_BUDGET_MS) {
        this.schedule();
        return false;
      }
      drewChart = true;
      return true;
    };
    const curves = this.q<HTMLElement>('.sw-lab-curves');
    if (curves && chartDue(curvesKey !== this.drawn.curves)) {
      this.drawn.curves = curvesKey;
      const series: CurveSeries[] = [];
      // Once saved, the live run is also in the history: draw it once, in its history colour if ticked.
      if (run && !(run.recordId && this.overlay.has(run.recordId))) series.push(liveSeries(run));
      let colour = 1;
      for (const r of this.runs) if (this.overlay.has(r.id)) series.push(recordSeries(r, RUN_COLOURS[colour++ % RUN_COLOURS.length]));
      const labels = distinctLabels(series.map((s) => s.label));
      series.forEach((s, k) => (s.label = labels[k]));
      // Before any run the axis spans the run the settings describe (not an empty 0–1).
      renderCurves(curves, { series, xMax: run ? run.config.epochs * run.trainCount : this.settings.epochs * this.settings.trainSize }, this.widths.get(curves));
    }
    const weights = this.q<HTMLElement>('.sw-lab-weights');
    const first = run?.firstLayer ?? null;
    if (weights && chartDue(first !== this.drawn.weights || this.drawn.weights === undefined)) {
      this.drawn.weights = first;
      renderWeights(weights, first, (run?.config.hidden.length ?? 1) === 0);
    }
    const norms = this.q<HTMLElement>('.sw-lab-norms');
    // Gradient norms arrive ten times a second; half a second between redraws is plenty.
    const normsKey = [run?.runId, Math.floor((run?.normHistory.length ?? 0) / 5), state.phase, run?.evaluation?.deadFraction.join(','), run?.diverged?.samplesSeen, width].join('|');
    if (norms && chartDue(normsKey !== this.drawn.norms)) {
      this.drawn.norms = normsKey;
      const layers = run ? run.config.hidden.length + 1 : 0;
      const names = Array.from({ length: layers }, (_, l) => (l === layers - 1 ? 'output layer' : `hidden layer ${l + 1}`));
      renderNorms(norms, run?.normHistory ?? [], names, run?.evaluation?.deadFraction ?? [], run?.diverged?.samplesSeen ?? null, run ? run.config.epochs * run.trainCount : undefined, this.widths.get(norms));
    }
  }
}

if (!customElements.get('sw-lab')) customElements.define('sw-lab', LabElement);
