/**
 * The URL table, value by value: each parameter's accepted range is pinned at its edges, so a
 * widened or narrowed check (an off-by-one, a dropped anchor of a pattern) fails here.
 */
import { describe, expect, it } from 'vitest';
import { readUrlState, URL_PARAMS, writeUrlState } from '../../src/state/url.ts';

const read = (query: string) => readUrlState(query, 's');

describe('URL parameters at the edges of their ranges', () => {
  it.each([
    ['digit', '0', 0],
    ['digit', '99', 99],
    ['digit', '007', 7],
    ['seed', '0', 0],
    ['seed', '4294967295', 4294967295],
    ['lr', '100', 100],
    ['lr', '.5', 0.5],
    ['lr', '0.001', 0.001],
    ['lr', '1e-3', 0.001],
    ['lr', '2E1', 20],
    ['lr', '3', 3],
    ['lr', '1e01', 10],
    ['lr', '5e-01', 0.5],
    ['step', 'ab', 'ab'],
    ['step', 'weight-gradient:12', 'weight-gradient:12'],
    ['step', 'a'.repeat(24), 'a'.repeat(24)],
    ['step', 'loss:1', 'loss:1'],
  ])('%s=%s is read as %s', (key, raw, value) => {
    expect(read(`?s.${key}=${raw}`)).toEqual({ state: { [key]: value }, notes: [] });
  });

  it.each([
    ['digit', '100'],
    ['digit', '1.0'],
    ['digit', ' 1x'],
    ['digit', 'x1'],
    ['seed', '4294967296'],
    ['lr', '100.5'],
    ['lr', '0.0'],
    ['lr', '1e'],
    ['lr', '1e-3x'],
    ['lr', 'x0.1'],
    ['lr', '0x10'],
    ['lr', '0b1'],
    ['step', 'a'],
    ['step', 'a'.repeat(25)],
    ['step', 'Loss'],
    ['step', 'loss:123'],
    ['step', 'loss:'],
    ['step', 'xloss!'],
    ['step', '!loss'],
  ])('%s=%s is refused', (key, raw) => {
    const { state, notes } = read(`?s.${key}=${encodeURIComponent(raw)}`);
    expect(state).toEqual({});
    expect(notes).toHaveLength(1);
  });

  it('surrounding spaces are trimmed before a value is read', () => {
    expect(read('?s.digit=%2012%20&s.lr=%200.5').state).toEqual({ digit: 12, lr: 0.5 });
  });

  it('a note names the parameter and quotes at most 40 characters of the bad value', () => {
    const raw = 'x'.repeat(50);
    const { notes } = read(`?s.digit=${raw}`);
    expect(notes).toEqual([`The link sets the digit to "${'x'.repeat(40)}", but it must be a whole number from 0 to 99, so the default is used.`]);
  });

  it('a refused digit, seed or η names the value used instead when the session says it; a refused selection keeps "the default"', () => {
    const { state, notes } = readUrlState('?a.digit=400&a.seed=x&a.lr=-3&a.sel=zz', 'a', { digit: 7, seed: 2, lr: 0.25 });
    expect(state).toEqual({});
    expect(notes).toEqual([
      'The link sets the digit to "400", but it must be a whole number from 0 to 99, so the default, 7, is used.',
      'The link sets the seed to "x", but it must be a whole number from 0 to 4294967295, so the default, 2, is used.',
      'The link sets the learning rate to "-3", but it must be a number from 0.0001 to 100, so the default, 0.25, is used.',
      'The link sets the selection to "zz", but it must be layer:unit or layer:row,column, such as 1:3, so the default is used.',
    ]);
  });

  it('each parameter formats its value as the text it reads back', () => {
    expect(URL_PARAMS.lr.format(0.25)).toBe('0.25');
    expect(URL_PARAMS.step.format('loss')).toBe('loss');
    expect(URL_PARAMS.digit.format(12)).toBe('12');
    expect(URL_PARAMS.sel.format({ layer: 2, row: 4, col: 7 })).toBe('2:4,7');
  });

  it('writing nothing over an empty query gives the empty string, not a lone "?"', () => {
    expect(writeUrlState('', 's', {})).toBe('');
    expect(writeUrlState('?s.digit=3', 's', {})).toBe('');
    expect(writeUrlState('', 's', { digit: 0 })).toBe('?s.digit=0');
  });
});

describe('keys without a session name', () => {
  it('are read by no session, and a note names the key the session would read', () => {
    expect(readUrlState('?lr=abc&step=99&backprop.digit=3', 'backprop')).toEqual({
      state: { digit: 3 },
      notes: ['The link\'s "lr", "step" are not read: this stepper\'s settings begin with its name, as in "backprop.lr".'],
    });
    expect(readUrlState('?seed=2', 'forward').notes).toEqual(['The link\'s "seed" is not read: this stepper\'s settings begin with its name, as in "forward.seed".']);
    // Other parameters (the lab's, anyone's) are not this table's business.
    expect(readUrlState('?lab.lr=0.5&utm=x&digits=3', 's').notes).toEqual([]);
  });
});
