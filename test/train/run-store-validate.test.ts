/**
 * A stored or imported run is refused with the reason of its first damage, one damage at a time
 * against a record the store itself would write; each reason is the text the history shows.
 */
import { describe, expect, it } from 'vitest';
import { validateRunRecord, type RunRecord } from '../../src/state/run-store.ts';

function record(): Record<string, unknown> {
  return {
    id: 'run-1',
    name: '8 relu, sgd 0.1',
    createdAt: 1,
    status: 'completed',
    config: { hidden: [8], activation: 'relu', seed: 3, optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 64, epochs: 2, schedule: 'constant', trainSize: 60000 },
    backend: 'ts',
    curves: {
      batches: { samplesSeen: [64, 128], loss: [2.3, 1.9] },
      epochs: [{ epoch: 1, loss: 0.5, samplesSeen: 60000 }],
      changes: [{ samplesSeen: 128, learningRate: 0.05 }],
      diverged: null,
    },
    finalAccuracy: 0.9,
    evaluation: { accuracy: 0.9, confusion: [[1, 0], [0, 1]], misclassified: [3], predicted: [9], confidence: [0.8] },
    net: null,
    trainSeconds: 2,
  };
}

type Edit = (r: Record<string, any>) => void;
const cases: [string, Edit, string][] = [
  ['an id of 101 characters', (r) => (r.id = 'x'.repeat(101)), 'its id is missing'],
  ['an id as a number', (r) => (r.id = 7), 'its id is missing'],
  ['a name as a number', (r) => (r.name = 7), 'its name is missing or too long'],
  ['hidden widths of which one is text', (r) => (r.config.hidden = [8, '8']), 'its hidden layers are not a short list of numbers'],
  ['a loss curve without its samples', (r) => delete r.curves.batches.samplesSeen, 'its loss curve is damaged'],
  ['an epoch without its number, after a good one', (r) => r.curves.epochs.push({ loss: 0.4, samplesSeen: 1 }), 'its epoch results are damaged'],
  ['a rate change without its samples', (r) => delete r.curves.changes[0].samplesSeen, 'its learning-rate changes are damaged'],
  ['an evaluation without its accuracy', (r) => delete r.evaluation.accuracy, 'its evaluation is damaged'],
  ['a confusion row of text after a good one', (r) => r.evaluation.confusion.push(['1']), 'its evaluation is damaged'],
  ['an empty id', (r) => (r.id = ''), 'its id is missing'],
  ['a name of 201 characters', (r) => (r.name = 'x'.repeat(201)), 'its name is missing or too long'],
  ['a date of Infinity', (r) => (r.createdAt = Infinity), 'its date is missing'],
  ['a date as text', (r) => (r.createdAt = '1'), 'its date is missing'],
  ['settings as a list', (r) => (r.config = []), 'its settings are missing'],
  ['five hidden layers', (r) => (r.config.hidden = [1, 2, 3, 4, 5]), 'its hidden layers are not a short list of numbers'],
  ['hidden widths as text', (r) => (r.config.hidden = ['8']), 'its hidden layers are not a short list of numbers'],
  ['an optimizer without a rate', (r) => (r.config.optimizer = { name: 'sgd' }), 'its optimizer is missing'],
  ['an optimizer as a list', (r) => (r.config.optimizer = [0.1]), 'its optimizer is missing'],
  ['no seed', (r) => delete r.config.seed, 'its seed is not a number'],
  ['a batch size as text', (r) => (r.config.batchSize = '64'), 'its batchSize is not a number'],
  ['no epochs', (r) => delete r.config.epochs, 'its epochs is not a number'],
  ['no training size', (r) => delete r.config.trainSize, 'its trainSize is not a number'],
  ['no activation', (r) => delete r.config.activation, 'its activation or schedule is missing'],
  ['no schedule', (r) => delete r.config.schedule, 'its activation or schedule is missing'],
  ['a backend named gpu', (r) => (r.backend = 'gpu'), 'its backend is unknown'],
  ['curves as null', (r) => (r.curves = null), 'its curves are missing'],
  ['a loss curve one point short', (r) => r.curves.batches.loss.pop(), 'its loss curve is damaged'],
  ['a loss curve as a list', (r) => (r.curves.batches = []), 'its loss curve is damaged'],
  ['an epoch without its loss', (r) => delete r.curves.epochs[0].loss, 'its epoch results are damaged'],
  ['an epoch as a number', (r) => (r.curves.epochs = [1]), 'its epoch results are damaged'],
  ['a rate change without its rate', (r) => delete r.curves.changes[0].learningRate, 'its learning-rate changes are damaged'],
  ['changes as an object', (r) => (r.curves.changes = {}), 'its learning-rate changes are damaged'],
  ['a divergence mark without its sample', (r) => (r.curves.diverged = {}), 'its divergence mark is damaged'],
  ['a divergence mark as a number', (r) => (r.curves.diverged = 5), 'its divergence mark is damaged'],
  ['a final accuracy as text', (r) => (r.finalAccuracy = '0.9'), 'its final accuracy is not a number'],
  ['an evaluation as a list', (r) => (r.evaluation = []), 'its evaluation is damaged'],
  ['a confusion row of text', (r) => (r.evaluation.confusion = [['1']]), 'its evaluation is damaged'],
  ['predictions missing', (r) => delete r.evaluation.predicted, 'its list of mistakes is damaged'],
  ['one confidence too many', (r) => r.evaluation.confidence.push(0.5), 'its list of mistakes is damaged'],
  ['one prediction too many', (r) => r.evaluation.predicted.push(1), 'its list of mistakes is damaged'],
  ['weights as a list', (r) => (r.net = []), 'its weights are damaged'],
  ['no training time', (r) => delete r.trainSeconds, 'its training time is missing'],
  ['a weights flag as text', (r) => (r.hasWeights = 'yes'), 'its weights flag is damaged'],
];

describe('a damaged run record', () => {
  it('is accepted undamaged, with the optional parts empty', () => {
    const r = record();
    expect(validateRunRecord(r)).toBe(r as unknown as RunRecord);
    expect(() => validateRunRecord({ ...record(), evaluation: null, finalAccuracy: null, hasWeights: false, status: 'diverged', backend: 'wasm' })).not.toThrow();
    expect(() => validateRunRecord({ ...record(), id: 'x'.repeat(100), name: 'x'.repeat(200), config: { ...(record().config as object), hidden: [1, 2, 3, 4] } })).not.toThrow();
    expect(() => validateRunRecord({ ...record(), status: 'stopped', curves: { ...(record().curves as object), diverged: { samplesSeen: 64 } } })).not.toThrow();
  });

  it.each(cases)('with %s is refused: %s', (_, edit, reason) => {
    const r = record();
    edit(r);
    expect(() => validateRunRecord(r)).toThrow(new RangeError(reason));
  });

  it('as a list, null or text is not an object', () => {
    for (const value of [[], null, 'run']) expect(() => validateRunRecord(value)).toThrow(new RangeError('it is not an object'));
  });
});
