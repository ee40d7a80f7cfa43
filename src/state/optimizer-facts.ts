/** Numbers the "Momentum and Adam" lesson quotes: the widget's own runs, computed at build time. Node only. */
import { loadSample } from '../data/load-node.ts';
import { runOptimizerSteps, steadyWeight } from './optimizer-steps.ts';

export function optimizerFacts() {
  const sample = loadSample();
  const weight = steadyWeight(sample);
  const momentum = runOptimizerSteps(sample, { optimizer: 'momentum', weight });
  const adam = runOptimizerSteps(sample, { optimizer: 'adam', weight });
  const last = momentum.steps[momentum.steps.length - 1];
  const ratio = (r: typeof momentum) => r.steps.map((s) => Math.abs(s.delta / s.sgdDelta));
  return {
    weight,
    steps: momentum.steps.length,
    batchSize: momentum.batchSize,
    momentum: {
      mu: momentum.settings.momentum,
      eta: momentum.learningRate,
      g1: momentum.steps[0].g,
      v1: momentum.steps[0].memory.velocity!,
      gLast: last.g,
      vLast: last.memory.velocity!,
      ratioLast: ratio(momentum)[momentum.steps.length - 1],
      ratioMax: Math.max(...ratio(momentum)),
      lossBefore: momentum.sampleLoss[0],
      lossAfter: momentum.sampleLoss[momentum.sampleLoss.length - 1],
    },
    adam: {
      eta: adam.learningRate,
      beta1: adam.settings.beta1,
      beta2: adam.settings.beta2,
      m1: adam.steps[0].memory.m!,
      mHat1: adam.steps[0].memory.mHat!,
      delta1: adam.steps[0].delta,
      deltas: adam.steps.map((s) => Math.abs(s.delta)),
      sgdDeltas: adam.steps.map((s) => Math.abs(s.sgdDelta)),
      lossAfter: adam.sampleLoss[adam.sampleLoss.length - 1],
    },
  };
}
