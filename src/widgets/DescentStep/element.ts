/**
 * <sw-descent-step data-session="…">: sets the session's η (slider or exact field) and shows what
 * one step does, for this digit and for the 100 sample digits, plus more steps on this digit.
 * The loss-against-η curve is computed a few η at a time between frames, so no single piece of
 * work blocks the page; the numbers come from src/state/descent.ts (the core).
 */
import type { Dataset } from '../../data/dataset.ts';
import type { Pass } from '../../nn/index.ts';
import { descentVerdict, etaGrid, iterate, parseEta, startIteration, stepAt, type EtaPoint, type Iteration } from '../../state/descent.ts';
import { sampleState } from '../../state/sample.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { renderDescentStep, type DescentView } from './render.ts';

/** η values computed per slice of work (each a full step and an evaluation of 100 digits). */
const PER_SLICE = 2;

class DescentStepElement extends SessionElement<DescentView> {
  private sample: Dataset | null = null;
  private curveFor: Pass | null = null;
  private curveKey = '';
  private points: EtaPoint[] = [];
  private readonly etas = etaGrid();
  private iteration: Iteration | null = null;
  private error: string | null = null;
  private unsubscribeSample: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly uid = `sw-descent-${Math.random().toString(36).slice(2, 10)}`;

  connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribeSample = sampleState().subscribe((state) => {
      if (state.status !== 'ready') return;
      this.sample = state.sample;
      this.scheduler.request();
    });
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribeSample?.();
    if (this.timer) clearTimeout(this.timer);
  }

  protected view(state: SessionState): DescentView | null {
    const { pass } = state;
    if (!pass || !this.sample || !state.labelKnown) return null;
    if (pass !== this.curveFor) {
      // A new digit, seed or network starts the curve again; a new η only moves its marker (the
      // weights and gradients a step starts from are the same) and restarts the extra steps.
      const key = JSON.stringify([{ ...state.config, learningRate: null }, state.weightsSource, state.inputSource]);
      if (key !== this.curveKey) {
        this.points = [];
        this.iteration = null;
        this.curveKey = key;
      }
      if (!this.iteration || this.iteration.eta !== pass.learningRate) {
        const before = this.iteration;
        this.iteration = startIteration(pass, this.sample);
        // Say so when a new η drops steps the learner took (review: they vanished silently).
        if (before && before.points.length > 1) this.iteration.restartedFrom = { eta: before.eta, steps: before.points.length - 1 };
      }
      this.curveFor = pass;
      this.continueCurve();
    }
    const before = { digit: pass.trace.loss, mean: state.sampleLoss?.before ?? null };
    const after = { digit: pass.after.loss, mean: state.sampleLoss?.after ?? null };
    return {
      eta: pass.learningRate,
      before, after,
      curve: { points: this.points, total: this.etas.length },
      verdict: descentVerdict(pass.learningRate, { before: before.digit, after: after.digit }, before.mean !== null && after.mean !== null ? { before: before.mean, after: after.mean } : null),
      iteration: this.iteration,
      error: this.error,
    };
  }

  protected paint(view: DescentView): void {
    renderDescentStep(this, view, this.uid, this.width || 560);
  }

  /** Computes the next few points of the curve, then yields to the page. */
  private continueCurve(): void {
    if (this.timer || !this.curveFor || !this.sample) return;
    const pass = this.curveFor;
    const sample = this.sample;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (pass !== this.curveFor) return this.continueCurve();
      const next = this.etas.slice(this.points.length, this.points.length + PER_SLICE).map((eta) => stepAt(pass, sample, eta));
      this.points = [...this.points, ...next];
      this.scheduler.request();
      if (this.points.length < this.etas.length) this.continueCurve();
    }, 0);
  }

  protected setup(): void {
    this.addEventListener('input', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.name !== 'log-eta' || !this.session) return;
      // Two significant digits along the slider: η values a learner can read and type again.
      const eta = Number((10 ** Number(input.value)).toPrecision(2));
      this.error = null;
      this.session.setLearningRate(eta);
    });
    this.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.name !== 'eta' || !this.session) return;
      const parsed = parseEta(input.value);
      if ('error' in parsed) {
        this.error = parsed.error;
        this.scheduler.request();
        return;
      }
      this.error = null;
      this.session.setLearningRate(parsed.eta);
      this.scheduler.request();
    });
    this.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      const pass = this.curveFor;
      if (!button || !pass || !this.sample || !this.iteration) return;
      const action = button.dataset.action;
      if (action === 'restart') this.iteration = startIteration(pass, this.sample);
      else this.iteration = iterate(this.iteration, pass.trace.input, pass.trace.label, this.sample, action === 'ten' ? 10 : 1);
      this.scheduler.request();
    });
  }
}

if (!customElements.get('sw-descent-step')) customElements.define('sw-descent-step', DescentStepElement);
