/**
 * <sw-draw-digit>: the drawing pad (pointer events for mouse, touch and pen; arrow keys and Space
 * for the keyboard) feeding the page's drawing session, and the session drawn by `renderDrawDigit`.
 */
import { inkFromAlpha } from '../../data/draw.ts';
import { createDrawingSession, type DrawingSession } from '../../state/drawing.ts';
import { sampleState } from '../../state/sample.ts';
import { trainedState, useWeightsText } from '../../state/trained.ts';
import { aDigit, LAB_PATH, stepThroughHref } from '../../state/bridge.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { renderDrawDigit, type DrawDigitView } from './render.ts';
import { LEARNING_RATE_RANGE_TEXT, readLearningRate } from '../../state/learning-rate.ts';

/** The keyboard brush moves on a GRID × GRID lattice over the pad. */
const GRID = 14;
/** Stroke width as a fraction of the pad: MNIST strokes are about 1/10 of a digit's height. */
const STROKE = 1 / 12;

class DrawDigitElement extends HTMLElement {
  private session: DrawingSession = createDrawingSession();
  private unsubscribers: (() => void)[] = [];
  private canvas!: HTMLCanvasElement;
  private cursor = { row: 7, col: 7 };
  private last: { x: number; y: number } | null = null;
  private form = { label: null as number | null, learningRate: '0.1', error: null as string | null };
  private fileError: string | null = null;
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-draw-digit');
  private readonly readScheduler = frameScheduler(() => this.readPad(), 'sw-draw-digit-read');

  connectedCallback(): void {
    this.canvas = this.querySelector<HTMLCanvasElement>('canvas.sw-draw-canvas')!;
    this.sizeCanvas();
    this.unsubscribers = [
      this.session.store.subscribe(() => this.scheduler.request()),
      trainedState().subscribe((state) => this.session.setTrained(state)),
      sampleState().subscribe((state) => {
        if (state.status !== 'ready') return;
        const select = this.querySelector<HTMLSelectElement>('select[data-action="sample"]');
        if (!select || select.options.length > 1) return;
        for (let k = 0; k < state.sample.count; k++) select.add(new Option(`#${k} (${aDigit(state.sample.labels[k])})`, String(k)));
      }),
    ];
    this.canvas.addEventListener('pointerdown', this.onPointerDown);
    this.canvas.addEventListener('pointermove', this.onPointerMove);
    this.canvas.addEventListener('pointerup', this.onPointerUp);
    this.canvas.addEventListener('pointercancel', this.onPointerUp);
    this.canvas.addEventListener('keydown', this.onKey);
    this.addEventListener('click', this.onClick);
    this.addEventListener('change', this.onChange);
    this.moveCursor(0, 0);
    this.dataset.ready = 'true';
  }

  disconnectedCallback(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }

  /** Backing store at the device's pixel density; strokes are drawn in backing pixels. */
  private sizeCanvas(): void {
    const side = Math.round(280 * Math.min(3, Math.max(1, window.devicePixelRatio || 1)));
    this.canvas.width = side;
    this.canvas.height = side;
  }

  private context(): CanvasRenderingContext2D | null {
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return null;
    // Ink is the alpha channel, so the stroke colour can follow the theme (light on dark).
    context.strokeStyle = context.fillStyle = getComputedStyle(this.canvas).color || '#000';
    context.lineWidth = this.canvas.width * STROKE;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    return context;
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * this.canvas.width, y: ((event.clientY - box.top) / box.height) * this.canvas.height };
  }

  private stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const context = this.context();
    if (!context) return;
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    event.preventDefault();
    try {
      this.canvas.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks: the stroke still draws, only without capture.
    }
    this.last = this.point(event);
    this.stroke(this.last, this.last);
    this.readScheduler.request();
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    if (!this.last) return;
    const next = this.point(event);
    this.stroke(this.last, next);
    this.last = next;
    this.readScheduler.request();
  };

  private readonly onPointerUp = (): void => {
    if (!this.last) return;
    this.last = null;
    this.readScheduler.request();
  };

  /** The brush centre of grid cell (row, col), in backing pixels. */
  private cellCentre(row: number, col: number): { x: number; y: number } {
    const cell = this.canvas.width / GRID;
    return { x: (col + 0.5) * cell, y: (row + 0.5) * cell };
  }

  private moveCursor(dRow: number, dCol: number): void {
    this.cursor = { row: Math.max(0, Math.min(GRID - 1, this.cursor.row + dRow)), col: Math.max(0, Math.min(GRID - 1, this.cursor.col + dCol)) };
    const rect = this.querySelector('.sw-draw-cursor rect');
    rect?.setAttribute('x', String(this.cursor.col));
    rect?.setAttribute('y', String(this.cursor.row));
    this.canvas.setAttribute('aria-label', `Drawing pad, brush at row ${this.cursor.row + 1}, column ${this.cursor.col + 1} of ${GRID}`);
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const from = this.cellCentre(this.cursor.row, this.cursor.col);
      this.moveCursor(move[0], move[1]);
      if (event.shiftKey) {
        this.stroke(from, this.cellCentre(this.cursor.row, this.cursor.col));
        this.readScheduler.request();
      }
    } else if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      const at = this.cellCentre(this.cursor.row, this.cursor.col);
      this.stroke(at, at);
      this.readScheduler.request();
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      this.clear();
    }
  };

  private clear(): void {
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.session.clear();
  }

  /** Reads the pad's ink and hands it to the session (which preprocesses and predicts). */
  private readPad(): void {
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return;
    const { width, height } = this.canvas;
    this.session.setDrawing(inkFromAlpha(context.getImageData(0, 0, width, height).data, width, height));
  }

  /** Paints sample digit `index` on the pad (each MNIST pixel a square), to edit or keep. */
  private startFromSample(index: number): void {
    const state = sampleState().get();
    const context = this.canvas.getContext('2d');
    if (state.status !== 'ready' || !context || !(index >= 0 && index < state.sample.count)) return;
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const cell = this.canvas.width / 28;
    const colour = getComputedStyle(this.canvas).color || '#000';
    for (let k = 0; k < 784; k++) {
      const value = state.sample.pixels[index * 784 + k];
      if (!value) continue;
      context.globalAlpha = value / 255;
      context.fillStyle = colour;
      context.fillRect((k % 28) * cell, Math.floor(k / 28) * cell, Math.ceil(cell), Math.ceil(cell));
    }
    context.globalAlpha = 1;
    this.form = { ...this.form, label: state.sample.labels[index] };
    this.readPad();
  }

  private readonly onClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'clear') this.clear();
    else if (action === 'reset-network') this.session.resetNetwork();
    else if (action === 'train') this.train();
  };

  private train(): void {
    const lrText = this.querySelector<HTMLInputElement>('input[data-field="lr"]')?.value.trim() ?? '';
    const chosen = this.querySelector<HTMLSelectElement>('select[data-field="label"]')?.value ?? '';
    const label = /^[0-9]$/.test(chosen) ? Number(chosen) : null;
    if (label === null) {
      this.form = { label, learningRate: lrText, error: 'Choose the digit you meant first: the step needs the true label.' };
      this.scheduler.request();
      return;
    }
    const learningRate = readLearningRate(lrText) ?? Number.NaN;
    if (Number.isNaN(learningRate)) {
      this.form = { label, learningRate: lrText, error: `“${lrText}” is not a learning rate: use a number ${LEARNING_RATE_RANGE_TEXT}, such as 0.1.` };
      this.scheduler.request();
      return;
    }
    this.form = { label, learningRate: lrText, error: null };
    this.session.trainStep(label, learningRate);
  }

  private readonly onChange = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.dataset.action === 'sample' && target.value !== '') this.startFromSample(Number(target.value));
    else if (target.dataset.field === 'label') this.form = { ...this.form, label: /^[0-9]$/.test(target.value) ? Number(target.value) : null };
    else if (target.dataset.action === 'weights-file') {
      const file = (target as HTMLInputElement).files?.[0];
      if (!file) return;
      if (file.size > 64 * 1024 * 1024) {
        this.fileError = `${file.name} is ${(file.size / 1048576).toFixed(0)} MB: a weights file of the lab is a few MB at most.`;
        this.scheduler.request();
        return;
      }
      void file.text().then((text) => {
        this.fileError = useWeightsText(text, file.name);
        this.scheduler.request();
      });
    }
  };

  private draw(): void {
    const state = this.session.store.get();
    const base = this.dataset.base ?? '/';
    const output = this.querySelector<HTMLElement>('.sw-draw-output');
    if (!output || trainedState().get().status === 'looking') return;
    const view: DrawDigitView = {
      state,
      labHref: `${base}${LAB_PATH}`,
      stepThroughHref: state.digit
        ? stepThroughHref(base, { pixels: state.digit.pixels, label: state.lastStep?.label ?? null, origin: { kind: 'drawing' } }, state.trained ? state.ref : null)
        : null,
      form: this.form,
      canLoadFile: !state.trained,
      fileError: this.fileError,
    };
    renderDrawDigit(output, view);
  }
}

if (!customElements.get('sw-draw-digit')) customElements.define('sw-draw-digit', DrawDigitElement);
