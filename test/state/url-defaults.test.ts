/**
 * readUrlState's `defaults` name the value used instead of a refused digit, seed or η only. A
 * caller may hand it a whole UrlState (the type admits one: it has every key `defaults` needs), but
 * a refused step or selection still says only "the default": the session picks those from the
 * network, not from these values.
 */
import { describe, expect, it } from 'vitest';
import { readUrlState, type UrlState } from '../../src/state/url.ts';

describe('readUrlState with a whole UrlState as defaults', () => {
  it('names the default digit, but not a step or selection passed beside it', () => {
    const defaults: UrlState = { digit: 7, seed: 3, lr: 0.1, step: 'loss', sel: { layer: 1, row: 3, col: null } };
    const { state, notes } = readUrlState('?s.digit=400&s.step=Bad!&s.sel=zz', 's', defaults);
    expect(state).toEqual({});
    expect(notes).toEqual([
      'The link sets the digit to "400", but it must be a whole number from 0 to 99, so the default, 7, is used.',
      'The link sets the step to "Bad!", but it must be a step name such as weight-gradient:1, so the default is used.',
      'The link sets the selection to "zz", but it must be layer:unit or layer:row,column, such as 1:3, so the default is used.',
    ]);
  });
});
