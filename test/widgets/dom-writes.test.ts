// @vitest-environment jsdom
/**
 * attrIfChanged / textIfChanged: a redraw that leaves a value as it was writes nothing (no
 * mutation, so no restyle), and one that changes it writes exactly that.
 */
import { describe, expect, it } from 'vitest';
import { select } from 'd3';
import { attrIfChanged, textIfChanged } from '../../src/widgets/lib/dom.ts';
import { mutationsOf } from './mutations.ts';

/** The mutations `change` makes, as "id@attribute" or "id:type". */
async function mutations(root: Element, change: () => void): Promise<string[]> {
  return (await mutationsOf(root, change)).map((r) => (r.type === 'attributes' ? `${(r.target as Element).id}@${r.attributeName}` : `${(r.target as Element).id}:${r.type}`));
}

describe('writes that skip what is already there', () => {
  it('sets only the attributes and texts that change; null removes', async () => {
    const root = document.createElement('div');
    root.innerHTML = '<span id="a" x="1" title="t">one</span><span id="b" x="2">two</span>';
    const spans = select(root).selectAll<HTMLSpanElement, number>('span').data([1, 3]);
    const seen = await mutations(root, () => {
      attrIfChanged(spans, 'x', (d) => d); // a keeps 1; b 2 → 3
      attrIfChanged(spans, 'title', null); // a loses its title; b has none
      textIfChanged(spans, (d) => (d === 1 ? 'one' : 'three')); // only b's text
    });
    expect(seen).toEqual(['b@x', 'a@title', 'b:childList']);
    expect(root.innerHTML).toBe('<span id="a" x="1">one</span><span id="b" x="3">three</span>');
    // The same draw again writes nothing at all.
    expect(await mutations(root, () => {
      attrIfChanged(spans, 'x', (d) => d);
      attrIfChanged(spans, 'title', null);
      textIfChanged(spans, (d) => (d === 1 ? 'one' : 'three'));
    })).toEqual([]);
  });
});
