/**
 * The lab settings' edges, each expectation worked out from the ranges the lab states: both ends of
 * every whole-number range are accepted and one past them refused with the exact message, choices
 * ignore case and spaces, a hidden-layer list may be split by spaces, a refused link value is quoted
 * by code point, and the note names the value actually kept (the base's, not the default's).
 */
import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS, LAB_FIELDS, fromRunConfig, parseHidden, readLabUrl, shown, toRunConfig, writeLabUrl, type LabSettings } from '../../src/state/lab-url.ts';

describe('whole-number fields accept both ends of their range and nothing past them', () => {
  it.each([
    ['batchSize', '1', '1024', '0', '1025', 'The batch size must be from 1 to 1024'],
    ['epochs', '1', '50', '0', '51', 'Epochs must be from 1 to 50'],
    ['seed', '0', '4294967295', null, '4294967296', 'The seed must be from 0 to 4294967295'],
    ['trainSize', '100', '60000', '99', '60001', 'Training digits must be from 100 to 60000'],
  ] as const)('%s: %s and %s pass, %s and %s do not', (name, low, high, below, above, message) => {
    const parse = LAB_FIELDS[name].parse as (raw: string) => unknown;
    expect(parse(low)).toEqual({ ok: true, value: Number(low) });
    expect(parse(` ${high} `)).toEqual({ ok: true, value: Number(high) });
    if (below !== null) expect(parse(below)).toEqual({ ok: false, message: `${message} (got ${below}).` });
    expect(parse(above)).toEqual({ ok: false, message: `${message} (got ${above}).` });
  });

  it('refuses signs, decimals and empty text with the whole-number message', () => {
    const parse = LAB_FIELDS.epochs.parse;
    for (const raw of ['-1', '+3', '2.0', '', '3 4']) expect(parse(raw)).toEqual({ ok: false, message: 'Epochs must be a whole number from 1 to 50.' });
  });
});

describe('choices and hidden layers', () => {
  it('reads a choice whatever its case and surrounding spaces, and lists the options when refused', () => {
    expect(LAB_FIELDS.optimizer.parse(' SGD ')).toEqual({ ok: true, value: 'sgd' });
    expect(LAB_FIELDS.schedule.parse('Cosine')).toEqual({ ok: true, value: 'cosine' });
    expect(LAB_FIELDS.activation.parse('relu6')).toEqual({ ok: false, message: 'The activation must be one of relu, sigmoid, tanh.' });
  });

  const message = 'Hidden layers: up to 4 widths from 1 to 1024, separated by commas, e.g. 128 or 256,128 (or 0 for none).';
  it.each([
    ['1', [1]],
    ['1024', [1024]],
    [' 0 ', []],
    ['256 128', [256, 128]],
    ['64 , 32,16', [64, 32, 16]],
    ['4,4,4,4', [4, 4, 4, 4]],
  ])('%j is %j', (raw, widths) => expect(parseHidden(raw)).toEqual({ ok: true, value: widths }));

  it.each(['1025', '00', '128,,128', '128,', 'a', '4,4,4,4,4', '   ', '1.5', '+5', '1e2', '1,2000', '128,1.5'])('%j is refused with the one message', (raw) => {
    expect(parseHidden(raw)).toEqual({ ok: false, message });
  });
});

describe('the address', () => {
  it('quotes a value by code points: 40 of them pass whole, invisible ones at their own width', () => {
    expect(shown('x'.repeat(40))).toBe('x'.repeat(40));
    expect(shown('x'.repeat(41))).toBe(`${'x'.repeat(40)}…`);
    // 40 emoji are 80 UTF-16 units but 40 code points: nothing is cut.
    expect(shown('😀'.repeat(40))).toBe('😀'.repeat(40));
    expect(shown('a\u2028b\u0085')).toBe('aU+2028bU+0085');
    expect(shown('\u{E0001}')).toBe('U+E0001');
  });

  it('names the value it keeps: the base settings, not the defaults', () => {
    const base: LabSettings = { ...LAB_DEFAULTS, hidden: [256, 128], epochs: 7 };
    const { settings, notes } = readLabUrl('?lab.hidden=x&lab.epochs=0', base);
    expect(settings).toEqual(base);
    expect(settings.hidden).not.toBe(base.hidden);
    expect(notes).toEqual([
      'The link sets the number of epochs to "0", but it must be a whole number from 1 to 50, so 7 is used.',
      'The link sets the hidden layers to "x", but they must be up to 4 widths from 1 to 1024 separated by commas, such as 128 or 256,128 (or 0 for none), so 256,128 is used.',
    ]);
    expect(readLabUrl('?lab.hidden=x', { ...LAB_DEFAULTS, hidden: [] }).notes[0]).toMatch(/so 0 is used/);
  });

  it('writes nothing for the defaults, drops stale lab keys, keeps the rest, and writes no layers as 0', () => {
    expect(writeLabUrl('', LAB_DEFAULTS)).toBe('');
    expect(writeLabUrl('?lab.epochs=9&lab.seed=4', LAB_DEFAULTS)).toBe('');
    expect(writeLabUrl('?step=3&lab.epochs=9', { ...LAB_DEFAULTS, hidden: [] })).toBe('?step=3&lab.hidden=0');
    const defaults = { ...LAB_DEFAULTS, epochs: 2 };
    expect(writeLabUrl('', { ...LAB_DEFAULTS, epochs: 2 }, defaults)).toBe('');
    expect(writeLabUrl('', LAB_DEFAULTS, defaults)).toBe('?lab.epochs=5');
  });

  it('turns settings into a run configuration and back without sharing the layer list', () => {
    const s: LabSettings = { learningRate: 0.05, optimizer: 'momentum', batchSize: 32, epochs: 3, hidden: [64, 32], activation: 'tanh', schedule: 'cosine', seed: 9, trainSize: 5000 };
    const config = toRunConfig(s);
    expect(config).toEqual({ hidden: [64, 32], activation: 'tanh', seed: 9, optimizer: { name: 'momentum', learningRate: 0.05 }, batchSize: 32, epochs: 3, schedule: 'cosine', trainSize: 5000 });
    expect(config.hidden).not.toBe(s.hidden);
    const back = fromRunConfig(config);
    expect(back).toEqual(s);
    expect(back.hidden).not.toBe(config.hidden);
  });
});
