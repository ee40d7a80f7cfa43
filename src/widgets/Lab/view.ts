/**
 * What the lab's views show, computed from the lab state and the run history (pure, no DOM):
 * curve series, the progress line, the divergence explanation in plain words.
 */
import type { LabState, LiveRun } from '../../state/lab.ts';
import { describeConfig, type RunRecord } from '../../state/run-store.ts';
import type { BatchPoints } from '../../train/protocol.ts';
import { formatNumber, formatPercent, formatSetting } from '../lib/format.ts';
import type { OptimizerName } from '../../nn/optimizers.ts';

/**
 * Run (and layer) colours: the Okabe–Ito hues (told apart with the common colour-vision
 * deficiencies), each in a darker shade for the light theme and a lighter one for the dark theme,
 * so every line has at least 4.5:1 contrast with the page and panel backgrounds of its theme
 * (Okabe–Ito's own blue #0072B2 is 3.5:1 on the dark background; its black is invisible there).
 * Tested in test/train/lab-palette.test.ts.
 */
export const RUN_PALETTE = [
  { name: 'blue', light: '#0072B2', dark: '#56B4E9' },
  { name: 'vermillion', light: '#B84A00', dark: '#F07F3C' },
  { name: 'bluish green', light: '#007A5A', dark: '#1FBF8F' },
  { name: 'reddish purple', light: '#A8457E', dark: '#E08BC0' },
  { name: 'orange', light: '#8A6100', dark: '#E6B000' },
  { name: 'black / white', light: '#1b1e23', dark: '#e7eaf0' },
] as const;

/** The colours as the charts use them: CSS variables that follow the theme (see `runPaletteCss`). */
export const RUN_COLOURS = RUN_PALETTE.map((_, k) => `var(--sw-run-${k})`);

/** The CSS that defines `RUN_COLOURS` for both themes. */
export function runPaletteCss(): string {
  const vars = (theme: 'light' | 'dark') => RUN_PALETTE.map((c, k) => `--sw-run-${k}: ${c[theme]};`).join(' ');
  return `:root { ${vars('light')} } @media (prefers-color-scheme: dark) { :root { ${vars('dark')} } }`;
}

/** One run's curves on the shared axis (x = samples seen). */
export interface CurveSeries {
  key: string;
  label: string;
  colour: string;
  /** Per-batch loss, raw. */
  raw: BatchPoints;
  /** Exponential moving average of the raw loss. */
  smooth: BatchPoints;
  /** Test accuracy at the end of each epoch. */
  testAccuracy: { x: number; y: number }[];
  /** Training accuracy (running, over the epoch's batches) at the end of each epoch. */
  trainAccuracy: { x: number; y: number }[];
  /** Where η changed. */
  changes: { x: number; learningRate: number }[];
  /** Where the loss blew up. */
  diverged: { x: number; loss: number } | null;
  live: boolean;
}

/** Exponential moving average with bias correction (early points are not pulled toward 0). */
export function smoothLoss(points: BatchPoints, weight = 0.95): BatchPoints {
  const out: BatchPoints = { samplesSeen: [], loss: [] };
  let average = 0;
  let correction = 1;
  for (let k = 0; k < points.loss.length; k++) {
    const y = points.loss[k];
    if (!Number.isFinite(y)) continue;
    average = weight * average + (1 - weight) * y;
    correction *= weight;
    out.samplesSeen.push(points.samplesSeen[k]);
    out.loss.push(average / (1 - correction));
  }
  return out;
}

export function liveSeries(run: LiveRun): CurveSeries {
  return {
    key: `live-${run.runId}`,
    label: `This run: ${describeConfig(run.config)}`,
    colour: RUN_COLOURS[0],
    raw: run.loss,
    smooth: smoothLoss(run.loss),
    testAccuracy: run.epochs.filter((e) => e.testAccuracy !== undefined).map((e) => ({ x: e.samplesSeen, y: e.testAccuracy! })),
    trainAccuracy: run.epochs.map((e) => ({ x: e.samplesSeen, y: e.trainAccuracy })),
    changes: run.changes.map((c) => ({ x: c.samplesSeen, learningRate: c.learningRate })),
    diverged: run.diverged && { x: run.diverged.samplesSeen, loss: run.diverged.loss },
    live: true,
  };
}

export function recordSeries(record: RunRecord, colour: string): CurveSeries {
  const c = record.curves;
  return {
    key: record.id,
    label: record.name,
    colour,
    raw: c.batches,
    smooth: smoothLoss(c.batches),
    testAccuracy: c.epochs.filter((e) => e.testAccuracy !== undefined).map((e) => ({ x: e.samplesSeen, y: e.testAccuracy! })),
    trainAccuracy: c.epochs.map((e) => ({ x: e.samplesSeen, y: e.trainAccuracy })),
    changes: c.changes.map((ch) => ({ x: ch.samplesSeen, learningRate: ch.learningRate })),
    diverged: c.diverged && { x: c.diverged.samplesSeen, loss: c.diverged.loss },
    live: false,
  };
}

/** Labels for a legend: a label met again gets " #2", " #3", … (runs named alike before names were made unique, or imported). */
export function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  });
}

/** "1 min 05 s", "12 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** The progress line and the bar's fraction. */
export function progressView(run: LiveRun): { fraction: number; text: string } {
  const total = run.config.epochs * run.trainCount;
  const fraction = total > 0 ? Math.min(1, run.samplesSeen / total) : 0;
  const left = run.samplesPerSecond > 0 ? (total - run.samplesSeen) / run.samplesPerSecond : Number.NaN;
  const parts = [
    `Epoch ${run.epoch} of ${run.config.epochs}`,
    `batch ${Math.min(run.batch + 1, run.batchesPerEpoch)} of ${run.batchesPerEpoch}`,
    `${Math.round(run.samplesPerSecond).toLocaleString('en')} samples/s`,
    `about ${formatDuration(left)} left`,
  ];
  return { fraction, text: parts.join(' · ') };
}

/**
 * Why a run blew up, for the optimizer it ran: plain gradient descent and momentum step by η
 * times the gradient (or the velocity), so a step grows with the gradient; Adam steps each weight
 * by about η whatever its gradient (the momentum-and-Adam lesson), so η itself is the step.
 */
export function divergenceWhy(optimizer: OptimizerName, learningRate: number): string {
  const eta = formatSetting(learningRate); // as the learner typed it: 0.0005, not 5e−4
  if (optimizer === 'adam') {
    return `Why: Adam moves every weight by about η at each step, whatever the size of its gradient (it divides by the gradient's own running size). With η = ${eta} every weight can jump by up to ${eta} at once, far more than the size of the weights the network started with: the weighted sums z become huge, the network is sure of a wrong digit, and the loss explodes.`;
  }
  const moved = optimizer === 'momentum' ? 'the learning rate times its velocity (a running sum of its gradients)' : 'the learning rate times its gradient';
  return `Why: every step moves each weight by ${moved}. With η = ${eta} the steps are so large that they jump past the bottom of the loss valley and land higher up the other side; there the gradients are steeper, so the next step is larger still. The weights grow until the numbers overflow.`;
}

/** The divergence explanation, in plain words, for the learner. */
export function divergenceView(run: LiveRun): { title: string; body: string[]; suggestion: number } | null {
  const d = run.diverged;
  if (!d) return null;
  const suggestion = +(d.learningRate / 10).toPrecision(2);
  const what = Number.isFinite(d.loss)
    ? `the mean loss of a batch jumped to ${formatNumber(d.loss)}, more than ten times the loss of a blind guess between the ten digits`
    : 'the loss stopped being a number: the weights had grown so large that the arithmetic overflowed';
  return {
    title: 'Training stopped: the loss blew up',
    body: [
      `At epoch ${d.epoch}, batch ${d.batch + 1} (after ${d.samplesSeen.toLocaleString('en')} training digits), ${what}. The lab stopped the run there.`,
      divergenceWhy(run.config.optimizer.name, d.learningRate),
      `What to try: a learning rate about ten times smaller, η = ${formatSetting(suggestion)}. The red ✕ on the loss curve marks where it blew up.`,
    ],
    suggestion,
  };
}

/** A one-line summary of the lab's phase for the live region. */
export function statusText(state: LabState): string {
  const backend = state.backend ? ` Arithmetic: ${state.arithmetic ?? (state.backend === 'wasm' ? 'WebAssembly' : 'TypeScript')} backend.` : '';
  const run = state.run;
  switch (state.phase) {
    case 'idle':
      return 'Ready to train. The training digits download the first time you press Train.';
    case 'loading': {
      const l = state.loading;
      if (!l) return 'Downloading the MNIST digits…';
      const mb = (n: number) => (n / 1048576).toFixed(1);
      return l.total > 0
        ? `Downloading the MNIST digits: ${mb(l.loaded)} of ${mb(l.total)} MB (${Math.floor((100 * l.loaded) / l.total)} %)`
        : `Downloading the MNIST digits: ${mb(l.loaded)} MB`;
    }
    case 'ready':
      return `The digits are loaded.${backend}`;
    case 'starting':
      return 'Starting…';
    case 'running':
      return `Training.${backend}`;
    case 'paused':
      return `Paused.${backend}`;
    case 'finished':
      return `Finished: test accuracy ${run?.evaluation ? formatPercent(run.evaluation.accuracy) : '–'}.${backend}`;
    case 'stopped':
      return `Stopped: test accuracy at that point ${run?.evaluation ? formatPercent(run.evaluation.accuracy) : '–'}.${backend}`;
    case 'diverged':
      return 'Training stopped: the loss blew up.';
    case 'error':
      return `This run could not start: ${state.message ?? ''}`;
    case 'load-failed':
      return 'The digits could not be loaded (see below).';
    case 'crashed':
      return `${state.message ?? 'The training worker stopped.'} Restart it to train again.`;
  }
}

/** Mean of each layer's ‖dL/dW‖ over a run's progress messages (zeros, before the first batch, left out). */
export function meanGradientNorms(history: { norms: number[] }[], layers: number): number[] {
  return Array.from({ length: layers }, (_, l) => {
    const values = history.map((h) => h.norms[l]).filter((v) => v !== undefined && v > 0 && Number.isFinite(v));
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  });
}

/** What the lab says about a run that ended no better than guessing: computed from the run, with what to try. */
export interface StuckView {
  title: string;
  body: string[];
  /** Train the same settings again with this activation (the contrast run), if that is the cure. */
  retryWith: 'relu' | null;
}

/** Below this test accuracy a 10-class network has learned next to nothing (guessing gives 10 %). */
export const STUCK_ACCURACY = 0.2;

export function stuckView(run: LiveRun): StuckView | null {
  const e = run.evaluation;
  if (!e || run.diverged || e.accuracy >= STUCK_ACCURACY) return null;
  const total = e.confusion.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const columns = e.confusion[0]?.map((_, p) => e.confusion.reduce((s, row) => s + row[p], 0)) ?? [];
  const top = columns.indexOf(Math.max(...columns));
  const topShare = total > 0 ? columns[top] / total : 0;
  const body = [
    `Test accuracy ${formatPercent(e.accuracy)}: no better than guessing, which is right one time in ten. The network answers ${top} for ${formatPercent(topShare)} of the test digits${topShare > 0.8 ? ': it has learned which answer is safest on average, and nothing about the pixels' : ''}.`,
  ];
  const hidden = run.config.hidden.length;
  const norms = meanGradientNorms(run.normHistory, hidden + 1);
  const first = norms[0];
  const output = norms[hidden];
  const names = norms.map((_, l) => (l === hidden ? 'output' : `layer ${l + 1}`));
  const vanished = hidden > 0 && first > 0 && output / first >= 10;
  const activation = run.config.activation;
  const sigmoidLike = activation === 'sigmoid' || activation === 'tanh';
  if (vanished) {
    const slope = activation === 'sigmoid' ? 'at most ¼' : activation === 'tanh' ? 'at most 1, and near 0 where a unit saturates' : 'zero wherever a unit is inactive';
    body.push(
      `Why: the gradient vanished on its way back. Averaged over the run, ‖dL/dW‖ was ${formatNumber(output, 2)} at the output layer but ${formatNumber(first, 2)} at the first hidden layer: ${Math.round(output / first).toLocaleString('en')} times smaller (${names.map((n, l) => `${n} ${formatNumber(norms[l], 2)}`).join(', ')}). Backpropagation multiplies the error by the ${activation} slope at every layer, and that slope is ${slope}; through ${hidden} hidden layer${hidden === 1 ? '' : 's'} the error shrinks layer after layer. The first layers barely move, so what reaches the output hardly depends on the digit.`,
    );
  } else if (hidden > 0 && first > 0) {
    body.push(`The gradient did reach the first layer (‖dL/dW‖ averaged ${formatNumber(first, 2)} there and ${formatNumber(output, 2)} at the output), so it did not vanish: with η = ${formatSetting(run.config.optimizer.learningRate)} and ${run.samplesSeen.toLocaleString('en')} digits, the steps may have been too small or too few.`);
  }
  const retryWith = vanished && sigmoidLike ? 'relu' : null;
  body.push(
    retryWith
      ? 'What to try: the same network with ReLU units, whose slope is exactly 1 wherever a unit is active, so the error reaches the first layer undiminished. The button below trains it and overlays both runs.'
      : 'What to try: a larger learning rate, more epochs, or fewer layers.',
  );
  return { title: 'What happened: the network learned next to nothing', body, retryWith };
}

/**
 * What the panels show before the first run: what will appear there, and the control that starts
 * it (review: before the first run, the going-deeper lab showed a dead area).
 */
export const EMPTY_TEXT = {
  weights: (outputs: boolean): string => `Press Train above: the first layer’s weights appear here, one 28×28 image per ${outputs ? 'digit' : 'unit'} (what it looks for), redrawn as it trains.`,
  curves: 'Press Train: the curves appear here.', // short: it is one SVG line across the plot, 350 px wide on a phone
  norms: 'Press Train above: one line per layer appears here, the size of its weight gradient ‖dL/dW‖ as training goes on.',
  history: 'No runs yet: press Train above, and the run is listed here.',
};
