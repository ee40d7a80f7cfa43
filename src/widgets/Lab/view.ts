/**
 * What the lab's views show, computed from the lab state and the run history (pure, no DOM):
 * curve series, the progress line, the divergence explanation in plain words.
 */
import type { LabState, LiveRun } from '../../state/lab.ts';
import type { RunRecord } from '../../state/run-store.ts';
import type { BatchPoints } from '../../train/protocol.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const RUN_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

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
    label: `This run (η ${formatNumber(run.config.optimizer.learningRate)})`,
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
      `Why: every step moves each weight by the learning rate times its gradient. With η = ${formatNumber(d.learningRate)} the steps are so large that they jump past the bottom of the loss valley and land higher up the other side; there the gradients are steeper, so the next step is larger still. The weights grow until the numbers overflow.`,
      `What to try: a learning rate about ten times smaller, η = ${formatNumber(suggestion)}. The red ✕ on the loss curve marks where it blew up.`,
    ],
    suggestion,
  };
}

/** A one-line summary of the lab's phase for the live region. */
export function statusText(state: LabState): string {
  const backend = state.backend ? ` Arithmetic: ${state.backend === 'wasm' ? 'WebAssembly' : 'TypeScript'} backend.` : '';
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
