/** <sw-optimizer-step data-optimizer="momentum|adam">: runs the updates in src/state and draws them. */
import { DEFAULT_LEARNING_RATE } from '../../nn/index.ts';
import { runOptimizerSteps, steadyWeight, type OptimizerRun, type WeightAddress } from '../../state/optimizer-steps.ts';
import { sampleState, type SampleState } from '../../state/sample.ts';
import { frameScheduler } from '../lib/schedule.ts';
import { clearStatus, renderStatus } from '../lib/status.ts';
import { renderOptimizer, type OptimizerView } from './render.ts';
import { LEARNING_RATE_RANGE_TEXT, readLearningRate } from '../../state/learning-rate.ts';

type Name = OptimizerRun['optimizer'];

class OptimizerStepElement extends HTMLElement {
  private sample: SampleState = { status: 'loading', loaded: 0, total: 0 };
  private optimizer: Name = 'momentum';
  private weight: WeightAddress | null = null;
  private learningRate: Record<Name, number> = { momentum: DEFAULT_LEARNING_RATE.momentum, adam: DEFAULT_LEARNING_RATE.adam };
  private run: OptimizerRun | null = null;
  private current = 0;
  private error: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly scheduler = frameScheduler(() => this.draw(), 'sw-optimizer-step');

  connectedCallback(): void {
    if (!this.id) this.id = `sw-opt-${Math.random().toString(36).slice(2, 10)}`;
    this.optimizer = this.dataset.optimizer === 'adam' ? 'adam' : 'momentum';
    this.unsubscribe = sampleState().subscribe((state) => {
      this.sample = state;
      if (state.status === 'ready' && !this.run) this.recompute();
      this.scheduler.request();
    });
    this.addEventListener('click', this.onClick);
    this.addEventListener('change', this.onChange);
    this.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback(): void {
    this.unsubscribe?.();
  }

  private recompute(): void {
    if (this.sample.status !== 'ready') return;
    try {
      this.weight ??= steadyWeight(this.sample.sample);
      this.run = runOptimizerSteps(this.sample.sample, { optimizer: this.optimizer, weight: this.weight, learningRate: this.learningRate[this.optimizer] });
      this.current = Math.min(this.current, this.run.steps.length - 1);
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.scheduler.request();
  }

  private draw(): void {
    if (this.sample.status !== 'ready') return renderStatus(this, this.sample);
    clearStatus(this);
    if (!this.run) return;
    const view: OptimizerView = {
      run: this.run,
      current: this.current,
      form: { layer: String(this.run.weight.layer), row: String(this.run.weight.row), col: String(this.run.weight.col), lr: String(this.run.learningRate), error: this.error },
    };
    renderOptimizer(this, view);
    this.dataset.ready = 'true';
  }

  private readonly onClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button) return;
    if (button.dataset.step !== undefined) {
      this.current = Number(button.dataset.step);
      this.scheduler.request();
    } else if (button.dataset.action === 'apply') this.apply();
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    // Arrow keys on a step's button walk through the steps.
    const button = (event.target as HTMLElement).closest?.('button[data-step]');
    if (!button || !this.run || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    event.preventDefault();
    this.current = Math.max(0, Math.min(this.run.steps.length - 1, this.current + (event.key === 'ArrowDown' ? 1 : -1)));
    this.draw();
    this.querySelector<HTMLButtonElement>(`button[data-step="${this.current}"]`)?.focus();
  };

  private readonly onChange = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.dataset.field === 'optimizer') {
      this.optimizer = input.value === 'adam' ? 'adam' : 'momentum';
      this.recompute();
    } else if (input.dataset.field === 'lr' || input.dataset.field === 'layer' || input.dataset.field === 'row' || input.dataset.field === 'col') {
      this.apply();
    }
  };

  /** Reads the weight and η fields; an invalid entry is refused with a message naming the range. */
  private apply(): void {
    const read = (field: string) => this.querySelector<HTMLInputElement>(`input[data-field="${field}"]`)?.value.trim() ?? '';
    const whole = (text: string) => (/^\d{1,4}$/.test(text) ? Number(text) : Number.NaN);
    const weight = { layer: whole(read('layer')), row: whole(read('row')), col: whole(read('col')) };
    const lrText = read('lr');
    const lr = readLearningRate(lrText) ?? Number.NaN;
    if (Number.isNaN(lr)) {
      this.error = `“${lrText}” is not a learning rate: use a number ${LEARNING_RATE_RANGE_TEXT}.`;
      this.scheduler.request();
      return;
    }
    if (Object.values(weight).some(Number.isNaN)) {
      this.error = 'Layer, row and column must be whole numbers (layer 1 or 2).';
      this.scheduler.request();
      return;
    }
    const previous = this.weight;
    this.weight = weight;
    this.learningRate = { ...this.learningRate, [this.optimizer]: lr };
    this.recompute();
    if (this.error) this.weight = previous;
  }
}

if (!customElements.get('sw-optimizer-step')) customElements.define('sw-optimizer-step', OptimizerStepElement);
