/** <sw-digit-picker data-session="…">: choose the digit, the seed and the learning rate of a session. */
import { sampleState, type SampleState } from '../../state/sample.ts';
import type { Session } from '../../state/session.ts';
import { URL_PARAMS } from '../../state/url.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { sessionFor } from '../lib/session.ts';
import { clearStatus, renderStatus } from '../lib/status.ts';
import { onSchemeChange } from '../lib/theme.ts';
import { refusedValueNote, renderPicker, type PickerView } from './render.ts';

class DigitPickerElement extends HTMLElement {
  private session: Session | null = null;
  private sample: SampleState = { status: 'loading', loaded: 0, total: 0 };
  private errors: PickerView['errors'] = {};
  private lastConfig: unknown = null;
  private lastSource: string | null = null;
  /** The thumbnail that has (or last had) keyboard focus: the roving tab stop. */
  private focusIndex: number | null = null;
  private unsubscribers: (() => void)[] = [];
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-digit-picker');

  connectedCallback(): void {
    // Ids for label/field pairs; random so several pickers on a page never collide.
    if (!this.id) this.id = `sw-picker-${Math.random().toString(36).slice(2, 10)}`;
    this.session = sessionFor(this);
    this.unsubscribers = [
      // Only the digit, seed and learning rate concern the picker; stepping through the pass doesn't.
      this.session.store.subscribe((state) => {
        if (state.config === this.lastConfig && state.inputSource === this.lastSource) return;
        this.lastConfig = state.config;
        this.lastSource = state.inputSource;
        this.scheduler.request();
      }),
      sampleState().subscribe((state) => {
        this.sample = state;
        this.scheduler.request();
      }),
      // The thumbnails are drawn in the page's colours (paper and ink).
      onSchemeChange(() => this.scheduler.request()),
    ];
    this.addEventListener('click', this.onClick);
    this.addEventListener('change', this.onChange);
    this.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private draw(): void {
    if (!this.session) return;
    if (this.sample.status !== 'ready') return renderStatus(this, this.sample);
    clearStatus(this);
    const { sample } = this.sample;
    const { config, inputSource } = this.session.store.get();
    const selected = inputSource ? null : config.digit;
    renderPicker(this, {
      digits: Array.from({ length: sample.count }, (_, index) => ({ index, label: sample.labels[index], pixels: sample.pixels.subarray(index * 784, index * 784 + 784) })),
      selected,
      tabStop: this.focusIndex ?? selected ?? 0,
      inputSource,
      seed: config.seed,
      learningRate: config.learningRate,
      errors: this.errors,
    });
  }

  private readonly onClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button || !this.session) return;
    if (button.dataset.digit !== undefined) this.session.setDigit(Number(button.dataset.digit));
    else if (button.dataset.action === 'random') {
      const current = this.session.store.get().config.digit;
      const pick = crypto.getRandomValues(new Uint32Array(1))[0] % 99;
      this.session.setDigit(pick >= current ? pick + 1 : pick); // never the same digit again
    }
  };

  /** Arrow keys move between thumbnails (up/down by a row as laid out), Home/End to the first/last; Enter or Space picks. */
  private readonly onKey = (event: KeyboardEvent): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-digit]');
    if (!button || event.altKey || event.ctrlKey || event.metaKey) return;
    const all = [...this.querySelectorAll<HTMLButtonElement>('.sw-thumbs button[data-digit]')];
    const at = all.indexOf(button);
    // Thumbnails a row: those on the first one's line.
    const perRow = Math.max(1, all.filter((b) => b.offsetTop === all[0].offsetTop).length);
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, ArrowUp: at - perRow, ArrowDown: at + perRow, Home: 0, End: all.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = all[Math.max(0, Math.min(all.length - 1, moves[event.key]))];
    for (const b of all) b.tabIndex = b === next ? 0 : -1;
    this.focusIndex = Number(next.dataset.digit);
    next.focus();
  };

  private readonly onChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (!this.session || (input.name !== 'seed' && input.name !== 'lr')) return;
    const param = input.name === 'seed' ? URL_PARAMS.seed : URL_PARAMS.lr;
    const value = param.parse(input.value.trim());
    if (value === undefined) {
      const config = this.session.store.get().config;
      this.errors = { ...this.errors, [input.name]: refusedValueNote(input.value, param, input.name === 'seed' ? config.seed : config.learningRate) };
    } else {
      this.errors = { ...this.errors, [input.name]: undefined };
      if (input.name === 'seed') this.session.setSeed(value);
      else this.session.setLearningRate(value);
    }
    this.scheduler.request();
  };
}

if (!customElements.get('sw-digit-picker')) customElements.define('sw-digit-picker', DigitPickerElement);
