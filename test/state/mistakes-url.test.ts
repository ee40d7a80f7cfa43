/** The mistakes view's network choice in the address (`<session>.net`): validated, own key, refused values noted. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { networkKey, parseNetworkChoice, readNetworkChoice, writeNetworkChoice } from '../../src/state/mistakes-url.ts';

describe('the network choice in the address', () => {
  it('reads builtin, file and run:<id> under the session’s own key', () => {
    expect(readNetworkChoice('?mistakes.net=builtin', 'mistakes')).toEqual({ key: 'builtin', notes: [] });
    expect(readNetworkChoice('?mistakes.net=file', 'mistakes')).toEqual({ key: 'file', notes: [] });
    expect(readNetworkChoice('?lab-mistakes.net=run:run-1733400000000-7', 'lab-mistakes')).toEqual({ key: 'run:run-1733400000000-7', notes: [] });
    // Another session's key is not this one's.
    expect(readNetworkChoice('?lab-mistakes.net=builtin', 'mistakes')).toEqual({ key: null, notes: [] });
    expect(networkKey('mistakes')).toBe('mistakes.net');
  });

  it('refuses malformed values with a note that quotes them (shortened), so the default is shown', () => {
    for (const raw of ['', 'built-in', 'run:', 'run:a b', 'run:<script>', 'RUN:x', 'file ', `run:${'x'.repeat(81)}`]) {
      const read = readNetworkChoice(`?mistakes.net=${encodeURIComponent(raw)}`, 'mistakes');
      if (raw === 'file ') {
        expect(read.key).toBe('file'); // surrounding spaces are forgiven, as in the lab's keys
        continue;
      }
      expect(read.key, raw).toBeNull();
      expect(read.notes, raw).toHaveLength(1);
      expect(read.notes[0]).toContain('is not one this page can show (builtin, file or run:<id>)');
    }
    const long = readNetworkChoice(`?mistakes.net=${'y'.repeat(100)}`, 'mistakes');
    expect(long.notes[0]).toContain(`"${'y'.repeat(40)}…"`);
  });

  it('writes its key and keeps every other parameter; null or an invalid key removes it', () => {
    expect(writeNetworkChoice('?lab.lr=0.1&mistakes.net=file', 'mistakes', 'run:run-1-2')).toBe('?lab.lr=0.1&mistakes.net=run%3Arun-1-2');
    expect(writeNetworkChoice('?lab.lr=0.1&mistakes.net=file', 'mistakes', null)).toBe('?lab.lr=0.1');
    expect(writeNetworkChoice('?mistakes.net=file', 'mistakes', 'nonsense')).toBe('');
    expect(readNetworkChoice(writeNetworkChoice('', 'mistakes', 'run:run-1-2'), 'mistakes').key).toBe('run:run-1-2');
  });

  test.prop([fc.string({ maxLength: 200 })])('random values never throw: either a valid choice or null with one note', (raw) => {
    const read = readNetworkChoice(`?mistakes.net=${encodeURIComponent(raw)}`, 'mistakes');
    if (read.key === null) expect(read.notes).toHaveLength(1);
    else {
      expect(parseNetworkChoice(read.key)).toBe(read.key);
      expect(read.notes).toEqual([]);
    }
    // Whatever was read, writing it back and reading again gives the same choice.
    expect(readNetworkChoice(writeNetworkChoice('?a=1', 'mistakes', read.key), 'mistakes').key).toBe(read.key);
  });
});
