/**
 * The lab's settings in the address: every field validated, a bad value falls back with a note
 * naming the valid range, defaults stay out of the address, and no string ever throws.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS, LAB_FIELDS, parseHidden, parseLearningRate, readLabUrl, rewrittenAddressNote, shown, toRunConfig, writeLabUrl } from '../../src/state/lab-url.ts';

describe('lab settings in the URL', () => {
  it('reads every field and writes back only what differs from the defaults', () => {
    const { settings, notes } = readLabUrl('?lab.lr=0.05&lab.opt=sgd&lab.batch=32&lab.epochs=3&lab.hidden=256,128&lab.act=tanh&lab.schedule=cosine&lab.seed=9&lab.n=5000&digit=4');
    expect(notes).toEqual([]);
    expect(settings).toEqual({ learningRate: 0.05, optimizer: 'sgd', batchSize: 32, epochs: 3, hidden: [256, 128], activation: 'tanh', schedule: 'cosine', seed: 9, trainSize: 5000 });
    expect(writeLabUrl('?digit=4', settings)).toBe('?digit=4&lab.lr=0.05&lab.opt=sgd&lab.batch=32&lab.epochs=3&lab.hidden=256%2C128&lab.act=tanh&lab.schedule=cosine&lab.seed=9&lab.n=5000');
    expect(writeLabUrl('?digit=4&lab.lr=3', LAB_DEFAULTS)).toBe('?digit=4');
    expect(toRunConfig(settings).optimizer).toEqual({ name: 'sgd', learningRate: 0.05 });
  });

  it.each([
    ['lab.lr', '1000', /^The link sets the learning rate to "1000", but it must be a number from 0\.0001 to 100, so 0\.001 is used\.$/],
    ['lab.lr', '-1', /from 0.0001 to 100/],
    ['lab.lr', 'NaN', /from 0.0001 to 100/],
    ['lab.batch', '0', /^The link sets the batch size to "0", but it must be a whole number from 1 to 1024, so 64 is used\.$/],
    ['lab.epochs', '2.5', /^The link sets the number of epochs to "2\.5", but it must be a whole number from 1 to 50, so 5 is used\.$/],
    ['lab.hidden', '128,128,128,128,128', /up to 4 widths from 1 to 1024/],
    ['lab.hidden', '5000', /up to 4 widths from 1 to 1024/],
    ['lab.opt', 'rmsprop', /^The link sets the optimizer to "rmsprop", but it must be one of sgd, momentum or adam, so adam is used\.$/],
    ['lab.n', '99', /^The link sets the number of training digits to "99", but it must be a whole number from 100 to 60000, so 60000 is used\.$/],
  ])('%s=%s falls back to the default with a note naming the range', (key, value, message) => {
    const { settings, notes } = readLabUrl(`?${key}=${encodeURIComponent(value)}`);
    expect(settings).toEqual(LAB_DEFAULTS);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(message);
  });

  it('parses learning rates and hidden layers as the controls do', () => {
    expect(parseLearningRate('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseLearningRate(' 50 ')).toEqual({ ok: true, value: 50 });
    expect(parseLearningRate('0')).toMatchObject({ ok: false });
    expect(parseHidden('256, 128')).toEqual({ ok: true, value: [256, 128] });
    expect(parseHidden('0')).toEqual({ ok: true, value: [] });
    expect(parseHidden('')).toMatchObject({ ok: false });
  });

  test.prop([fc.string({ maxLength: 200 })], { numRuns: 300 })('any query string: no throw, valid settings, one note per bad field', (search) => {
    const { settings, notes } = readLabUrl(search);
    for (const field of Object.values(LAB_FIELDS)) {
      const parsed = (field.parse as (raw: string) => { ok: boolean })(field.format(settings[field.name as keyof typeof settings] as never));
      expect(parsed.ok).toBe(true);
    }
    expect(notes.length).toBeLessThanOrEqual(Object.keys(LAB_FIELDS).length);
  });

  test.prop([fc.constantFrom(...Object.values(LAB_FIELDS).map((f) => f.key)), fc.string({ maxLength: 60 })], { numRuns: 400 })(
    'any value for any key either parses or falls back to the default with a note',
    (key, value) => {
      const search = `?${key}=${encodeURIComponent(value)}`;
      const { settings, notes } = readLabUrl(search);
      const field = Object.values(LAB_FIELDS).find((f) => f.key === key)!;
      const parsed = (field.parse as (raw: string) => { ok: boolean })(value);
      if (parsed.ok) expect(notes).toEqual([]);
      else {
        expect(notes).toHaveLength(1);
        expect(settings[field.name as keyof typeof settings]).toEqual(LAB_DEFAULTS[field.name as keyof typeof LAB_DEFAULTS]);
      }
    },
  );

  test.prop([fc.record({ lr: fc.double({ min: 1e-4, max: 100, noNaN: true }), seed: fc.nat() })], { numRuns: 100 })('written settings read back the same', ({ lr, seed }) => {
    const s = { ...LAB_DEFAULTS, learningRate: lr, seed };
    expect(readLabUrl(writeLabUrl('', s)).settings).toEqual(s);
  });
});

describe('a key without "lab." in the address', () => {
  it('is not read, and a note names the key the lab would read', () => {
    expect(readLabUrl('?lr=abc')).toEqual({ settings: LAB_DEFAULTS, notes: ['The link\'s "lr" is not read: the lab\'s settings begin with "lab.", as in "lab.lr".'], refused: 0, unread: ['lr'] });
    // Several at once, beside a lab key that is read; another page's keys (backprop.lr) are left alone.
    const { settings, notes } = readLabUrl('?epochs=3&lab.epochs=7&seed=2&backprop.lr=0.5');
    expect(settings.epochs).toBe(7);
    expect(settings.seed).toBe(LAB_DEFAULTS.seed);
    expect(notes).toEqual(['The link\'s "epochs", "seed" are not read: the lab\'s settings begin with "lab.", as in "lab.epochs".']);
  });

  it('is counted apart from the refused values: only those make the lab rewrite the address, and the note after it says the bare keys stay', () => {
    // Two refused (lr, opt), one read (batch), two bare (epochs, seed), one of another widget (backprop.lr).
    expect(readLabUrl('?lab.lr=NaN&lab.opt=rmsprop&lab.batch=32&epochs=3&seed=2&backprop.lr=0.5')).toMatchObject({ refused: 2, unread: ['epochs', 'seed'] });
    expect(readLabUrl('?lab.lr=NaN')).toMatchObject({ refused: 1, unread: [] });
    expect(readLabUrl('?lr=0.5&lab.lr=0.05')).toMatchObject({ refused: 0, unread: ['lr'] });
    expect(rewrittenAddressNote([])).toBe('The address now holds the settings in use, so a copied link opens this lab as you see it.');
    expect(rewrittenAddressNote(['lr'])).toBe('The address now holds the settings in use, so a copied link opens this lab as you see it; it still has "lr", which nothing reads.');
    expect(rewrittenAddressNote(['epochs', 'seed'])).toBe('The address now holds the settings in use, so a copied link opens this lab as you see it; it still has "epochs", "seed", which nothing reads.');
  });
});

describe('a refused value from the address, quoted in the note', () => {
  it('shows invisible characters as U+XXXX and cuts long values at 40 characters', () => {
    expect(shown('\u0000')).toBe('U+0000');
    expect(shown('1\u200b2\n')).toBe('1U+200B2U+000A');
    expect(shown('x'.repeat(45))).toBe(`${'x'.repeat(40)}…`);
    expect(shown('0.1')).toBe('0.1');
    expect(readLabUrl('?lab.epochs=%00').notes[0]).toBe('The link sets the number of epochs to "U+0000", but it must be a whole number from 1 to 50, so 5 is used.');
  });
});
