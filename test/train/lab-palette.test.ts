/**
 * The lab's run colours: readable in both themes (WCAG contrast against the page and panel
 * backgrounds Base.astro defines for each theme), distinct from each other, and the CSS that
 * defines them matches the palette.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_COLOURS, RUN_PALETTE, runPaletteCss } from '../../src/widgets/Lab/view.ts';
import { cellColour, cellTextColour, contrastRatio } from '../../src/widgets/ConfusionMatrix/render.ts';

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/** The theme backgrounds, read from the layout (so a theme change re-checks the palette). */
function themeColours(): { light: Record<string, string>; dark: Record<string, string> } {
  const css = readFileSync(join(import.meta.dirname, '../../src/layouts/Base.astro'), 'utf8');
  const darkAt = css.indexOf('prefers-color-scheme: dark');
  const read = (part: string) => Object.fromEntries([...part.matchAll(/--(bg|panel):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
  return { light: read(css.slice(0, darkAt)), dark: read(css.slice(darkAt)) };
}

describe('run colours', () => {
  it('the contrast formula matches known values (white on black 21:1, #777 on white 4.48:1)', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 6);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('every colour has at least 4.5:1 contrast with the page and the panel, in the light and the dark theme', () => {
    const themes = themeColours();
    expect(themes.light).toEqual({ bg: '#ffffff', panel: '#f4f6f9' });
    expect(Object.keys(themes.dark).sort()).toEqual(['bg', 'panel']);
    for (const colour of RUN_PALETTE) {
      for (const theme of ['light', 'dark'] as const) {
        for (const background of Object.values(themes[theme])) {
          expect(contrast(colour[theme], background), `${colour.name} (${colour[theme]}) on ${theme} ${background}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
    // The colour this replaced: Okabe–Ito blue on the dark page is only 3.5:1.
    expect(contrast('#0072B2', themes.dark.bg)).toBeLessThan(4.5);
  });

  it('colours of one theme are distinct (no two lines share a colour)', () => {
    for (const theme of ['light', 'dark'] as const) expect(new Set(RUN_PALETTE.map((c) => c[theme].toLowerCase())).size).toBe(RUN_PALETTE.length);
  });

  it('the charts use one CSS variable per colour, defined for both themes', () => {
    expect(RUN_COLOURS).toEqual(['var(--sw-run-0)', 'var(--sw-run-1)', 'var(--sw-run-2)', 'var(--sw-run-3)', 'var(--sw-run-4)', 'var(--sw-run-5)']);
    const css = runPaletteCss();
    const [light, dark] = css.split('prefers-color-scheme: dark');
    expect(light).toContain('--sw-run-0: #0072B2;');
    expect(dark).toContain('--sw-run-0: #56B4E9;');
    expect(dark).toContain('--sw-run-5: #e7eaf0;');
  });
});

/** Every text colour of the theme (page text, muted text) and its backgrounds, read from the layout. */
function themeText(): Record<'light' | 'dark', Record<string, string>> {
  const css = readFileSync(join(import.meta.dirname, '../../src/layouts/Base.astro'), 'utf8');
  const darkAt = css.indexOf('prefers-color-scheme: dark');
  const read = (part: string) => Object.fromEntries([...part.matchAll(/--(bg|panel|fg|muted):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
  return { light: read(css.slice(0, darkAt)), dark: read(css.slice(darkAt)) };
}

describe('confusion-matrix cells', () => {
  it('the widget’s contrast formula is the WCAG one (the same as this file’s)', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(contrast('#777777', '#ffffff'), 9);
    expect(contrastRatio('rgb(245, 68, 40)', '#1b1e23')).toBeCloseTo(contrast('#f54428', '#1b1e23'), 9);
  });

  it('every coloured cell’s count has at least 4.5:1 contrast (the colours are the same in both themes)', () => {
    let worst = Infinity;
    for (let k = 1; k <= 1000; k++) {
      const background = cellColour(k / 1000, 1)!;
      const ratio = contrastRatio(background, cellTextColour(background));
      worst = Math.min(worst, ratio);
      expect(ratio, `count on ${background} (share ${k / 1000} of the top)`).toBeGreaterThanOrEqual(4.5);
    }
    expect(worst).toBeLessThan(4.7); // the scale really reaches the hard middle (orange-red)
    // What this replaced: the page's near-black text up to 60 % of the top, white above, fell to ~4.1:1.
    const old = (t: number) => contrastRatio(cellColour(t, 1)!, t > 0.6 ? '#fff' : '#1b1e23');
    expect(Math.min(...Array.from({ length: 1000 }, (_, k) => old((k + 1) / 1000)))).toBeLessThan(4.5);
  });

  it('the diagonal (page text on the panel) and empty cells (muted text on the page) read at 4.5:1 in both themes', () => {
    for (const [theme, c] of Object.entries(themeText())) {
      expect(contrast(c.fg, c.panel), `${theme} diagonal`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.muted, c.bg), `${theme} empty cell`).toBeGreaterThanOrEqual(4.5);
    }
  });
});
