/**
 * `npm run train -- --hidden 128 --activation relu --optimizer sgd --lr 0.1 --batch 64 --epochs 5 --seed 1 [--save w.json] [--json]`
 * Trains on the 60,000 MNIST training digits and evaluates on the 10,000 test digits after each epoch.
 */
import { writeFileSync } from 'node:fs';
import { loadKernelBackend } from '../data/kernels-node.ts';
import { loadMnist } from '../data/load-node.ts';
import { createNetwork, DEFAULT_LEARNING_RATE, describeBackend, SCHEDULES, train, weightsToJson, type EpochResult } from '../nn/index.ts';
import { activationFlag, choiceFlag, hiddenFlag, intFlag, numberFlag, optimizerFlag, runCommand, type FlagSpec } from './args.ts';

const SPEC: Record<string, FlagSpec> = {
  hidden: { help: 'hidden layer widths, comma-separated, e.g. 128 or 256,128', default: '128' },
  activation: { help: 'hidden activation: relu, sigmoid or tanh', default: 'relu' },
  optimizer: { help: 'sgd, momentum or adam', default: 'sgd' },
  lr: { help: 'learning rate (default: sgd 0.1, momentum 0.01, adam 0.001)' },
  schedule: { help: 'learning-rate schedule: constant, or cosine (anneals to 0 over the run)', default: 'constant' },
  batch: { help: 'mini-batch size', default: '64' },
  epochs: { help: 'passes over the training set', default: '5' },
  seed: { help: 'seed for the initial weights and the shuffling', default: '1' },
  save: { help: 'write the trained weights to this JSON file' },
  backend: { help: 'kernel backend: auto (the fastest available), ts or wasm', default: 'auto' },
  json: { help: 'print a JSON summary as the last line of stdout', boolean: true },
};

function progressBar(fraction: number, width = 30): string {
  const filled = Math.round(fraction * width);
  return `[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)} %`;
}

await runCommand('Train a network on MNIST.\n\nUsage: npm run train -- [options]', SPEC, async (flags) => {
  const hidden = hiddenFlag(flags.hidden);
  const activation = activationFlag(flags.activation);
  const optimizer = optimizerFlag(flags.optimizer);
  const learningRate = flags.lr === undefined ? DEFAULT_LEARNING_RATE[optimizer] : numberFlag(flags.lr, 'lr');
  const schedule = choiceFlag(flags.schedule, 'schedule', SCHEDULES);
  const batchSize = intFlag(flags.batch, 'batch', 1, 60000);
  const epochs = intFlag(flags.epochs, 'epochs', 1, 1000);
  const seed = intFlag(flags.seed, 'seed', 0, 0xffffffff);
  const backend = await loadKernelBackend(choiceFlag(flags.backend, 'backend', ['auto', 'ts', 'wasm'] as const));

  const trainSet = loadMnist('train');
  const testSet = loadMnist('test');
  const sizes = [trainSet.rows * trainSet.cols, ...hidden, 10];
  const net = createNetwork({ sizes, activation, seed });
  console.log(`network ${sizes.join('-')} ${activation}, ${optimizer} lr ${learningRate} (${schedule}), batch ${batchSize}, ${epochs} epoch(s), seed ${seed}, backend ${backend.name} (${describeBackend(backend)})`);

  const tty = process.stderr.isTTY;
  let lastDraw = 0;
  let lastQuarter = -1;
  const started = performance.now();
  const result = await train(net, trainSet, {
    optimizer: { name: optimizer, learningRate },
    batchSize,
    epochs,
    shuffleSeed: seed,
    schedule,
    backend,
    test: testSet,
    onBatch: (p) => {
      const fraction = (p.batch + 1) / p.batchesPerEpoch;
      const now = performance.now();
      if (tty && (now - lastDraw > 100 || p.batch + 1 === p.batchesPerEpoch)) {
        lastDraw = now;
        process.stderr.write(`\repoch ${p.epoch}/${epochs} ${progressBar(fraction)} loss ${p.loss.toFixed(4)}`);
      } else if (!tty && Math.floor(fraction * 4) !== lastQuarter) {
        lastQuarter = Math.floor(fraction * 4);
        if (lastQuarter > 0 && lastQuarter < 4) process.stderr.write(`epoch ${p.epoch}/${epochs} ${progressBar(fraction)}\n`);
      }
    },
    onEpoch: (e: EpochResult) => {
      if (tty) process.stderr.write('\r\x1b[K');
      lastQuarter = -1;
      console.log(
        `epoch ${e.epoch}: loss ${e.loss.toFixed(4)}  train acc ${(100 * e.trainAccuracy).toFixed(2)} %  ` +
          `test acc ${(100 * (e.testAccuracy ?? 0)).toFixed(2)} %  ${e.seconds.toFixed(2)} s  ${Math.round(e.samplesPerSecond)} samples/s`,
      );
    },
  });
  const totalSeconds = (performance.now() - started) / 1000;
  if (result.status === 'diverged') console.error(`training diverged: ${result.reason}. ${result.suggestion}`);
  if (flags.save && result.status === 'completed') {
    writeFileSync(String(flags.save), JSON.stringify(weightsToJson(net)));
    console.log(`weights saved to ${String(flags.save)}`);
  }
  const trainedSeconds = result.epochs.reduce((s, e) => s + e.seconds, 0);
  const samples = result.epochs.length * trainSet.count;
  if (flags.json) {
    console.log(
      JSON.stringify({
        status: result.status,
        network: { sizes, activation, seed },
        optimizer,
        learningRate,
        schedule,
        batchSize,
        backend: backend.name,
        arithmetic: describeBackend(backend),
        testAccuracy: result.epochs.at(-1)?.testAccuracy ?? null,
        epochs: result.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, trainAccuracy: e.trainAccuracy, testAccuracy: e.testAccuracy, seconds: e.seconds })),
        samplesPerSecond: trainedSeconds > 0 ? samples / trainedSeconds : null,
        totalSeconds,
        ...(result.status === 'diverged' ? { reason: result.reason, suggestion: result.suggestion } : {}),
      }),
    );
  }
  return result.status === 'completed' ? 0 : 1;
});
