/**
 * One learning-rate range for the whole site: every η control and every link accepts exactly the
 * same values (typed: 0.0001 to 100; dragged: 0.0001 to 10), from one definition.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ETA, MIN_ETA, parseEta, SLIDER_ETA } from '../../src/state/descent.ts';
import { LAB_LIMITS, parseLearningRate, readLabUrl, writeLabUrl } from '../../src/state/lab-url.ts';
import { LEARNING_RATE_RANGE, LEARNING_RATE_SLIDER, readLearningRate } from '../../src/state/learning-rate.ts';
import { URL_PARAMS } from '../../src/state/url.ts';
import { labMarkup } from '../../src/widgets/Lab/markup.ts';
import { LAB_DEFAULTS } from '../../src/state/lab-url.ts';

const accepted = ['0.0001', '1e-4', '0.001', ' 0.5 ', '.5', '+3', '10', '50', '100', '1E+2', '2.5e1'];
const refused = ['0.00009999', '0.00005', '1e-5', '0', '100.0001', '1e9', '-1', '++1', 'NaN', 'Infinity', '', ' ', '0x10', '1,5', '1e', '5 0', 'e3'];

describe('the site’s learning-rate range', () => {
  it('is 0.0001 to 100 typed and 0.0001 to 10 on a slider', () => {
    expect(LEARNING_RATE_RANGE).toEqual({ min: 0.0001, max: 100 });
    expect(LEARNING_RATE_SLIDER).toEqual({ min: 0.0001, max: 10 });
  });

  it('reads numbers at and inside the ends, refuses the rest', () => {
    expect(accepted.map(readLearningRate)).toEqual([0.0001, 0.0001, 0.001, 0.5, 0.5, 3, 10, 50, 100, 100, 25]);
    for (const text of refused) expect(readLearningRate(text), JSON.stringify(text)).toBeNull();
  });

  it('the lab, its address, the step-through’s address and the gradient-descent lesson’s η agree on every value', () => {
    for (const text of [...accepted, ...refused]) {
      const want = readLearningRate(text);
      const lab = parseLearningRate(text);
      expect(lab.ok ? lab.value : null, `lab ${JSON.stringify(text)}`).toBe(want);
      const url = readLabUrl(`?lab.lr=${encodeURIComponent(text)}`).settings.learningRate;
      expect(url, `lab.lr=${JSON.stringify(text)}`).toBe(want ?? LAB_DEFAULTS.learningRate);
      expect(URL_PARAMS.lr.parse(text.trim()) ?? null, `backprop.lr=${JSON.stringify(text)}`).toBe(want);
      const eta = parseEta(text);
      expect('eta' in eta ? eta.eta : null, `descent η ${JSON.stringify(text)}`).toBe(want);
    }
    expect(parseLearningRate('1e-5')).toMatchObject({ ok: false, message: 'The learning rate must be a number from 0.0001 to 100, e.g. 0.001 or 1e-3.' });
  });

  it('the sliders (lab and gradient-descent lesson) span the slider range; the exact fields the typed range', () => {
    expect([MIN_ETA, MAX_ETA]).toEqual([0.0001, 100]);
    expect(SLIDER_ETA).toBe(LEARNING_RATE_SLIDER);
    expect(LAB_LIMITS.learningRate).toEqual([0.0001, 100]);
    const html = labMarkup({ id: 'l', settings: LAB_DEFAULTS, history: [], inside: true } as unknown as Parameters<typeof labMarkup>[0]);
    expect(html).toMatch(/name="lr-slider" min="-4" max="1"/);
    expect(html).toContain('Slider 0.0001 to 10; type any value from 0.0001 to 100.');
  });

  it('a link with a refused value is rewritten to the value in use', () => {
    const bad = '?lab.lr=NaN&lab.opt=rmsprop&lab.batch=32&other=1';
    const { settings, notes } = readLabUrl(bad);
    expect(notes).toHaveLength(2);
    expect(writeLabUrl(bad, settings)).toBe('?lab.batch=32&other=1');
  });

  it('no other source file defines a learning-rate range of its own', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|astro|mdx)$/.test(name)) files.push(path);
      }
    };
    const root = join(import.meta.dirname, '../..');
    walk(join(root, 'src'));
    walk(join(root, 'content'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // The old ranges' wordings and checks: "above 0, at most", "lr > 0 && lr <= 10", "1e-5".
      expect(text, file).not.toMatch(/above 0,? (and )?at most|(learningRate|lr) > 0 && (learningRate|lr) <= \d|\b1e-5\b/);
    }
  });
});
