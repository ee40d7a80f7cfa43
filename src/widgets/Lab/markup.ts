/**
 * The lab's markup (controls, status, boxes, figures, history) as one string: Lab.astro renders it
 * on the server, and the jsdom test renders the very same markup to drive the element. Every
 * value is escaped.
 */
import { ACTIVATIONS } from '../../nn/network.ts';
import { OPTIMIZERS, SCHEDULES } from '../../nn/optimizers.ts';
import { LAB_FIELDS, LAB_LIMITS, type LabSettings } from '../../state/lab-url.ts';

export interface LabMarkupOptions {
  id: string;
  settings: LabSettings;
  history: boolean;
  inside: boolean;
}

const escape = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const OPTIMIZER_NAMES: Record<string, string> = { sgd: 'SGD', momentum: 'Momentum (μ 0.9)', adam: 'Adam' };

export function labMarkup({ id, settings, history, inside }: LabMarkupOptions): string {
  const f = (name: string) => escape(`${id}-${name}`);
  const [lrMin, lrMax] = LAB_LIMITS.learningRate;
  const [sMin, sMax] = LAB_LIMITS.sliderLearningRate;
  const options = (values: readonly string[], selected: string, names: Record<string, string> = {}) =>
    values.map((v) => `<option value="${escape(v)}"${v === selected ? ' selected' : ''}>${escape(names[v] ?? v)}</option>`).join('');
  const textField = (name: keyof LabSettings, key: string, label: string, hint: string, size: number, numeric = true) => `
      <div class="sw-field">
        <label for="${f(key)}">${escape(label)}</label>
        <input type="text"${numeric ? ' inputmode="numeric"' : ''} id="${f(key)}" name="${name}" value="${escape(LAB_FIELDS[name].format(settings[name] as never))}" aria-describedby="${f(`${key}-msg`)}" size="${size}" />
        <p class="sw-field-msg" id="${f(`${key}-msg`)}">${escape(hint)}</p>
      </div>`;
  const select = (name: keyof LabSettings, key: string, label: string, body: string) => `
      <div class="sw-field">
        <label for="${f(key)}">${escape(label)}</label>
        <select id="${f(key)}" name="${name}">${body}</select>
      </div>`;
  return `
  <div class="sw-notes sw-lab-notes" aria-live="polite"></div>
  <form class="sw-lab-controls" novalidate>
    <fieldset>
      <legend>Settings</legend>
      <div class="sw-field sw-field-lr">
        <label for="${f('lr')}">Learning rate η</label>
        <div class="sw-lr-row">
          <input type="range" id="${f('lr-slider')}" name="lr-slider" min="${Math.log10(sMin)}" max="${Math.log10(sMax)}" step="0.01" value="${Math.log10(settings.learningRate)}" aria-label="Learning rate on a log scale, ${sMin} to ${sMax}" />
          <input type="text" id="${f('lr')}" name="learningRate" inputmode="decimal" value="${escape(settings.learningRate)}" aria-describedby="${f('lr-msg')}" size="8" />
        </div>
        <p class="sw-field-msg" id="${f('lr-msg')}">Slider ${sMin} to ${sMax}; type any value from ${lrMin} to ${lrMax}.</p>
      </div>${select('optimizer', 'opt', 'Optimizer', options(OPTIMIZERS, settings.optimizer, OPTIMIZER_NAMES))}${textField('batchSize', 'batch', 'Batch size', `${LAB_LIMITS.batchSize[0]} to ${LAB_LIMITS.batchSize[1]}`, 5)}${textField('epochs', 'epochs', 'Epochs', `${LAB_LIMITS.epochs[0]} to ${LAB_LIMITS.epochs[1]}`, 4)}${textField('hidden', 'hidden', 'Hidden layers', `e.g. 128 or 256,128 (up to ${LAB_LIMITS.layers}, each ${LAB_LIMITS.width[0]}–${LAB_LIMITS.width[1]}; 0 for none)`, 10, false)}${select('activation', 'act', 'Activation', options(ACTIVATIONS, settings.activation))}${select('schedule', 'schedule', 'η schedule', options(SCHEDULES, settings.schedule))}${textField('seed', 'seed', 'Seed', `${LAB_LIMITS.seed[0]} to ${LAB_LIMITS.seed[1]}`, 6)}${textField('trainSize', 'n', 'Training digits', `${LAB_LIMITS.trainSize[0]} to ${LAB_LIMITS.trainSize[1]} (the first ones)`, 6)}
    </fieldset>
    <div class="sw-lab-buttons">
      <button type="submit" class="sw-train">Train</button>
      <button type="button" class="sw-pause" disabled>Pause</button>
      <button type="button" class="sw-stop" disabled>Stop</button>
      <button type="button" class="sw-apply-lr" disabled>Use this η now</button>
    </div>
  </form>
  <div class="sw-lab-status" role="status" aria-live="polite">Ready to train. The training digits download the first time you press Train.</div>
  <div class="sw-lab-progress" hidden>
    <progress max="1" value="0" aria-label="Training progress"></progress>
    <p class="sw-progress-text"></p>
  </div>
  <div class="sw-lab-failure" role="alert" hidden>
    <p class="sw-failure-text"></p>
    <button type="button" class="sw-retry">Retry</button>
  </div>
  <div class="sw-lab-divergence" role="alert" hidden>
    <h3 class="sw-divergence-title"></h3>
    <div class="sw-divergence-body"></div>
    <button type="button" class="sw-use-suggestion">Use the suggested η</button>
  </div>
  <section class="sw-lab-stuck" aria-labelledby="${f('stuck-title')}" hidden>
    <h3 class="sw-stuck-title" id="${f('stuck-title')}"></h3>
    <div class="sw-stuck-body"></div>
    <button type="button" class="sw-stuck-retry" hidden>Train the same network with ReLU</button>
  </section>
  <figure class="sw-lab-figure">
    <figcaption>Loss and accuracy as training goes on</figcaption>
    <div class="sw-lab-curves"></div>
  </figure>${
    inside
      ? `
  <div class="sw-lab-inside">
    <figure class="sw-lab-figure">
      <figcaption>First-layer weights: what each unit looks for (updates while it trains)</figcaption>
      <div class="sw-lab-weights"></div>
    </figure>
    <figure class="sw-lab-figure">
      <figcaption>Gradient size per layer (‖dL/dW‖, log scale)</figcaption>
      <div class="sw-lab-norms"></div>
    </figure>
  </div>`
      : ''
  }${
    history
      ? `
  <section class="sw-lab-history" aria-label="Run history">
    <h3>Your runs</h3>
    <p class="sw-muted">Every finished, stopped or diverged run is kept in this browser. Tick runs to overlay their curves.</p>
    <div class="sw-notes sw-history-notes" aria-live="polite"></div>
    <ul class="sw-history-list"></ul>
    <div class="sw-history-buttons">
      <button type="button" class="sw-export-all">Export all runs (JSON)</button>
      <label class="sw-import-label">Import runs (JSON) <input type="file" class="sw-import" accept="application/json,.json" /></label>
    </div>
  </section>`
      : ''
  }
`;
}
