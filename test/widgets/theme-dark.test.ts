/**
 * Dark-mode colour scales (review D1): a gradient a tenth of the extent must still stand out from
 * the dark background, while zero stays the background and the ends and order are unchanged.
 */
import { describe, expect, it, vi } from 'vitest';
import { lab } from 'd3';
import { divergingScale, onSchemeChange, PALETTE, sequentialScale } from '../../src/widgets/lib/theme.ts';

const lightness = (colour: string) => lab(colour).l;

describe('dark-scheme scales', () => {
  const bg = lightness(PALETTE.dark.bg);
  it('diverging: 13 % of the extent is at least 15 L* brighter than the background; 0 is the background; ends fixed; monotone', () => {
    const scale = divergingScale(0.4647, 'dark');
    for (const v of [0.06, -0.06]) expect(lightness(scale(v)) - bg).toBeGreaterThan(15);
    expect(scale(0)).toBe(divergingScale(1, 'dark')(0));
    expect(lab(scale(0)).l).toBeCloseTo(bg, 0);
    expect(scale(0.4647)).toBe(divergingScale(1, 'dark')(1));
    expect(scale(-0.4647)).toBe(divergingScale(1, 'dark')(-1));
    const ramp = [0, 0.05, 0.1, 0.2, 0.3, 0.4].map((v) => lightness(scale(v)));
    for (let k = 1; k < ramp.length; k++) expect(ramp[k]).toBeGreaterThan(ramp[k - 1]);
  });
  it('sequential: p = 0.1 stands out; the light scheme is unchanged (linear)', () => {
    expect(lightness(sequentialScale(1, 'dark')(0.1)) - bg).toBeGreaterThan(12);
    const light = divergingScale(1, 'light');
    expect(lab(light(0.5)).l).toBeCloseTo((lab(light(0)).l + lab(light(1)).l) / 2, -1);
  });
  it('a scale asked for again is the one made before, only for the same scheme, kind and extent', () => {
    expect(divergingScale(0.25, 'light')).toBe(divergingScale(0.25, 'light'));
    expect(divergingScale(0.25, 'dark')).not.toBe(divergingScale(0.25, 'light'));
    expect(divergingScale(0.5, 'light')).not.toBe(divergingScale(0.25, 'light'));
    expect(sequentialScale(0.25, 'light')).not.toBe(divergingScale(0.25, 'light'));
    // Made again after the store was emptied (past 256), it colours alike.
    const before = divergingScale(0.3, 'dark')(0.1);
    for (let k = 1; k <= 300; k++) divergingScale(k, 'light');
    expect(divergingScale(0.3, 'dark')(0.1)).toBe(before);
    expect(divergingScale(0.3, 'dark')(-0.3)).toBe(divergingScale(1, 'dark')(-1));
  });
  it('onSchemeChange calls back on each change of the system scheme until stopped; without matchMedia it does nothing', () => {
    const query = new EventTarget();
    vi.stubGlobal('matchMedia', (q: string) => (q === '(prefers-color-scheme: dark)' ? query : null));
    try {
      let calls = 0;
      const stop = onSchemeChange(() => calls++);
      query.dispatchEvent(new Event('change'));
      query.dispatchEvent(new Event('change'));
      expect(calls).toBe(2);
      stop();
      query.dispatchEvent(new Event('change'));
      expect(calls).toBe(2);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(() => onSchemeChange(() => {})()).not.toThrow();
  });
});
