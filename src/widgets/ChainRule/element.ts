/**
 * <sw-chain-rule data-session="…" [data-layer data-unit data-input]>: one weight of the session's
 * network, moved by slider, arrow keys or by dragging on the plot. The element keeps which weight
 * and which w; the numbers come from src/state/chain-rule.ts (the core, run again for each w).
 */
import { chainRuleModel, chainRulePoint, checkChoice, defaultWeight, type ChainRuleModel, type WeightChoice } from '../../state/chain-rule.ts';
import type { Pass } from '../../nn/index.ts';
import type { SessionState } from '../../state/session.ts';
import { SessionElement } from '../lib/session-element.ts';
import { choiceError, plotArea, renderChainRule, SLIDER_STEPS, type ChainRuleView } from './render.ts';

class ChainRuleElement extends SessionElement<ChainRuleView> {
  private choice: WeightChoice | null = null;
  private w: number | null = null;
  private error: string | null = null;
  private errorField: string | null = null;
  private model: ChainRuleModel | null = null;
  private modelFor: { pass: Pass; choice: WeightChoice } | null = null;
  private lastView: ChainRuleView | null = null;
  private lastWidth = 0;
  // Ids for label/field pairs; random so several widgets on a page never collide.
  private readonly uid = `sw-chain-${Math.random().toString(36).slice(2, 10)}`;

  protected view(state: SessionState): ChainRuleView | null {
    const { pass } = state;
    if (!pass) return null;
    if (!this.choice || !fits(pass, this.choice)) this.choice = this.initialChoice(pass);
    if (!this.model || this.modelFor?.pass !== pass || this.modelFor.choice !== this.choice) {
      this.model = chainRuleModel(pass, this.choice);
      this.modelFor = { pass, choice: this.choice };
      this.w = null;
    }
    const w = this.w ?? this.model.w0;
    // Stepping through the pass changes nothing here: keep the view (and skip the redraw).
    const last = this.lastView;
    if (last && last.model === this.model && last.point.w === w && last.error === this.error && last.errorField === this.errorField) return last;
    return { model: this.model, point: chainRulePoint(this.model, w), error: this.error, errorField: this.errorField };
  }

  protected paint(view: ChainRuleView): void {
    const width = this.width || 560;
    if (view === this.lastView && width === this.lastWidth) return;
    renderChainRule(this, view, this.uid, width);
    this.lastView = view;
    this.lastWidth = width;
  }

  protected setup(): void {
    this.addEventListener('input', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.name !== 'w') return;
      this.w = Number(input.value);
      this.scheduler.request();
    });
    this.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      const pass = this.session?.store.get().pass;
      if (!pass || !this.choice || !['layer', 'row', 'col'].includes(input.name)) return;
      const value = Number(input.value);
      const next = input.name === 'layer' && Number.isInteger(value) && value >= 1 && value <= pass.net.layers.length
        ? defaultWeight(pass, value) // a new layer starts on a weight worth looking at
        : { ...this.choice, [input.name]: value };
      try {
        // Named like the fields: "Into output (digit)" or "Into unit", "From pixel" or "From hidden unit".
        const field = input.name === 'col' ? (this.choice.layer === 1 ? 'pixel' : 'hidden unit') : input.name === 'row' ? (this.choice.layer === pass.net.layers.length ? 'output digit' : 'unit') : 'layer';
        if (input.value.trim() === '') throw new RangeError(`type a whole number for the ${field}`);
        checkChoice(pass, next);
        this.choice = next;
        this.error = null;
        this.errorField = null;
      } catch (error) {
        this.error = choiceError((error as Error).message, this.choice, pass.net.layers.length);
        this.errorField = input.name;
      }
      this.scheduler.request();
    });
    this.addEventListener('click', (event) => {
      if ((event.target as HTMLElement).closest('button[data-action="reset-w"]')) {
        this.w = null;
        this.scheduler.request();
      }
    });
    // Drag on the plot: the pointer's x is the new w.
    const drag = (event: PointerEvent): void => {
      const svg = this.querySelector<SVGSVGElement>('svg.sw-chain-plot');
      if (!svg || !this.model || (event.type === 'pointermove' && !(event.buttons & 1))) return;
      const box = svg.getBoundingClientRect();
      const PLOT = plotArea(svg.viewBox.baseVal.width);
      const viewX = ((event.clientX - box.left) / box.width) * svg.viewBox.baseVal.width;
      const t = Math.max(0, Math.min(1, (viewX - PLOT.left) / (PLOT.right - PLOT.left)));
      // On the slider's own steps: the browser snaps the slider's value to them, and the thumb, the
      // "w = …" beside it and the numbers must all show the same w.
      this.w = this.model.min + (Math.round(t * SLIDER_STEPS) * (this.model.max - this.model.min)) / SLIDER_STEPS;
      this.scheduler.request();
    };
    this.addEventListener('pointerdown', (event) => {
      if (!(event.target as Element).closest('svg.sw-chain-plot')) return;
      (event.target as Element).setPointerCapture?.(event.pointerId);
      drag(event);
    });
    this.addEventListener('pointermove', (event) => {
      if ((event.target as Element).closest('svg.sw-chain-plot')) drag(event);
    });
  }

  /** The page's choice (data-layer/unit/input) if it names a weight, else a default one. */
  private initialChoice(pass: Pass): WeightChoice {
    const { layer, unit, input } = this.dataset;
    const base = defaultWeight(pass, layer ? Number(layer) : pass.net.layers.length);
    const choice = { layer: base.layer, row: unit ? Number(unit) : base.row, col: input ? Number(input) : base.col };
    return fits(pass, choice) ? choice : base;
  }
}

function fits(pass: Pass, choice: WeightChoice): boolean {
  try {
    checkChoice(pass, choice);
    return true;
  } catch {
    return false;
  }
}

if (!customElements.get('sw-chain-rule')) customElements.define('sw-chain-rule', ChainRuleElement);
