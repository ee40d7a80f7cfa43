// @vitest-environment jsdom
/**
 * The network diagram stays readable for any shape the lab trains (M2 of the learner review): a
 * layer of 128 or 256 units is drawn 16 units at a time with "▲/▼ N more", every drawn unit and
 * every output keeps a 28 px pitch (no label on top of another), and the selected unit is drawn.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createNetwork } from '../../src/nn/index.ts';
import { createSession } from '../../src/state/session.ts';
import { diagramView } from '../../src/state/views.ts';
import { MAX_SHOWN, paleNote, pageWindow, renderNetworkDiagram, unitWindow } from '../../src/widgets/NetworkDiagram/render.ts';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

const fresh = () => {
  const root = document.createElement('div');
  document.body.append(root);
  return root;
};

function sessionWith(hidden: number[]) {
  const session = createSession(`wide${hidden.join('-')}`);
  session.setSample(loadSample());
  session.setNetwork(createNetwork({ sizes: [784, ...hidden, 10], activation: 'relu', seed: 3 }), 'a test network');
  return session;
}

/** Every drawn unit of a layer: its unit number and centre height. */
const units = (root: Element, layer: number) =>
  [...root.querySelectorAll(`circle.sw-unit[data-layer="${layer}"]`)].map((c) => ({ unit: Number(c.getAttribute('data-unit')), y: Number(c.getAttribute('cy')), r: Number(c.getAttribute('r')) }));

/**
 * Pairs of labels whose boxes overlap, each box estimated from its text (12 px font: at most
 * 7 px a character, 12 px high) and its anchor (jsdom does no layout).
 */
function overlaps(root: Element): string[] {
  const boxes = [...root.querySelectorAll('svg.sw-net text')].map((t) => {
    const text = t.textContent ?? '';
    const w = 7 * [...text].length;
    const x = Number(t.getAttribute('x'));
    const left = t.getAttribute('text-anchor') === 'middle' ? x - w / 2 : x;
    return { text, left, right: left + w, top: Number(t.getAttribute('y')) - 12, bottom: Number(t.getAttribute('y')) };
  });
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`"${a.text}" / "${b.text}"`);
    }
  }
  return found;
}

describe('network diagram for lab-sized networks', () => {
  it('the window: all of a small layer; a wide one keeps its window while the anchor is in it and moves just enough otherwise', () => {
    expect(unitWindow(16, 3, undefined)).toEqual({ start: 0, count: 16, size: 16, windowed: false });
    expect(unitWindow(128, null, undefined)).toEqual({ start: 0, count: 16, size: 128, windowed: true });
    expect(unitWindow(128, 100, undefined).start).toBe(92); // centred on the anchor
    expect(unitWindow(128, 15, 0).start).toBe(0);
    expect(unitWindow(128, 16, 0).start).toBe(1); // one past the end scrolls by one
    expect(unitWindow(128, 4, 10).start).toBe(4);
    expect(unitWindow(128, 127, 0).start).toBe(112);
    expect(unitWindow(128, null, 500).start).toBe(112); // clamped
  });

  for (const hidden of [[128], [256, 128]]) {
    for (const width of [560, 358]) {
      it(`${hidden.join(',')} hidden units at ${width} px: 16 units a column, 28 px apart, outputs readable, "more" counts right`, () => {
        const session = sessionWith(hidden);
        const root = fresh();
        for (const step of [0, 5, 12]) {
          session.goTo(step);
          renderNetworkDiagram(root, diagramView(session.store.get())!, null, width);
          hidden.forEach((size, l) => {
            const drawn = units(root, l + 1);
            expect(drawn).toHaveLength(MAX_SHOWN);
            expect(drawn.map((u) => u.unit)).toEqual(Array.from({ length: MAX_SHOWN }, (_, k) => k));
            const more = [...root.querySelectorAll(`g.sw-more[data-layer="${l + 1}"]`)].map((m) => `${m.getAttribute('data-dir')}:${m.getAttribute('data-count')}:${m.textContent}`);
            expect(more).toEqual(['up:0:first', `down:${size - MAX_SHOWN}:▼ ${size - MAX_SHOWN} more`]);
          });
          for (let l = 1; l <= hidden.length + 1; l++) {
            const ys = units(root, l).map((u) => u.y);
            for (let k = 1; k < ys.length; k++) expect(ys[k] - ys[k - 1]).toBeGreaterThanOrEqual(28);
            expect(units(root, l).every((u) => u.r >= 12)).toBe(true); // 24 px tap targets
          }
          const labels = [...root.querySelectorAll('text.sw-class')].map((t) => Number(t.getAttribute('y')));
          expect(labels).toHaveLength(10);
          for (let k = 1; k < labels.length; k++) expect(labels[k] - labels[k - 1]).toBeGreaterThanOrEqual(28);
          expect(overlaps(root)).toEqual([]);
          // Edges drawn only between drawn units.
          const out = hidden.length + 1;
          const edges = root.querySelectorAll(`g.sw-edges[data-layer="${out}"] line`).length;
          expect(edges).toBe(MAX_SHOWN * 10);
          expect(root.querySelectorAll('g.sw-edges[data-layer="1"] line')).toHaveLength(MAX_SHOWN);
        }
      });
    }
  }

  it('a selected unit far down a wide layer is drawn (and is the tab stop); paging shows the next units', () => {
    const session = sessionWith([256, 128]);
    const root = fresh();
    session.goTo(8);
    session.selectUnit({ layer: 1, unit: 200 });
    renderNetworkDiagram(root, diagramView(session.store.get())!, null, 560);
    const drawn = units(root, 1).map((u) => u.unit);
    expect(drawn).toContain(200);
    expect(root.querySelector('circle.sw-unit[data-layer="1"][data-unit="200"]')!.getAttribute('aria-pressed')).toBe('true');
    expect([...root.querySelectorAll('circle.sw-unit[tabindex="0"]')].map((c) => `${c.getAttribute('data-layer')}:${c.getAttribute('data-unit')}`)).toEqual(['1:200']);
    const start = drawn[0];
    expect(root.querySelector('g.sw-more[data-layer="1"][data-dir="up"]')!.getAttribute('data-count')).toBe(String(start));
    // Page down from the selected unit's window: the next 16 units; the selection stays put.
    const view = diagramView(session.store.get())!;
    const next = pageWindow(root, view, 1, 'down');
    expect(next).toBe(Math.min(256 - MAX_SHOWN, start + MAX_SHOWN));
    renderNetworkDiagram(root, view, null, 560, { layer: 1, unit: next });
    expect(units(root, 1)[0].unit).toBe(next);
    // The selection moves (another widget picks unit 3): the window brings it into view.
    session.selectUnit({ layer: 1, unit: 3 });
    renderNetworkDiagram(root, diagramView(session.store.get())!, null, 560, { layer: 1, unit: next });
    expect(units(root, 1).map((u) => u.unit)).toContain(3);
    session.selectUnit(null);
  });

  it('a deeper network replacing the shown one (a lab run opened in the step-through): one digit label per output, none left on the old output column', () => {
    const root = fresh();
    const shallow = sessionWith([16]);
    shallow.goTo(3);
    renderNetworkDiagram(root, diagramView(shallow.store.get())!, null, 560);
    expect(root.querySelectorAll('text.sw-class')).toHaveLength(10);
    const deep = sessionWith([64, 40]);
    deep.goTo(3);
    renderNetworkDiagram(root, diagramView(deep.store.get())!, null, 560);
    const labels = [...root.querySelectorAll('text.sw-class')];
    expect(labels.map((t) => t.textContent!.split(' ')[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // All of them beside the output column (layer 3), none beside layer 2.
    const outputX = Number(root.querySelector('circle.sw-unit[data-layer="3"]')!.getAttribute('cx'));
    for (const t of labels) expect(Number(t.getAttribute('x'))).toBeGreaterThan(outputX);
    expect(root.querySelectorAll('g.sw-layer text.sw-class').length).toBe(10);
  });

  it('on a phone (358 px, the loss under the outputs) the output labels, "7 ✓ guess" the longest, end inside the drawing', () => {
    for (const hidden of [[16], [64, 40]]) {
      const root = fresh();
      const session = sessionWith(hidden);
      session.goTo(3);
      const view = diagramView(session.store.get())!;
      renderNetworkDiagram(root, view, null, 358);
      const width = Number(root.querySelector('svg.sw-net')!.getAttribute('width'));
      const longest = [...root.querySelectorAll('text.sw-class')].map((t) => Number(t.getAttribute('x')) + 7 * [...(t.textContent ?? '')].length);
      // "d ✓ guess" (9 characters at ≤ 7 px) whether or not this network guesses right.
      const worst = Number(root.querySelector('text.sw-class')!.getAttribute('x')) + 7 * 9;
      expect(Math.max(...longest, worst)).toBeLessThanOrEqual(width);
    }
  });

  it('at the softmax step, small probabilities are explained (pale circles), with the pass’s smallest and largest p', () => {
    const session = sessionWith([16]);
    const steps = session.store.get().steps!;
    const softmax = steps.findIndex((s) => s.output.name === 'p');
    session.goTo(softmax - 1);
    expect(paleNote(diagramView(session.store.get())!)).toBe('');
    session.goTo(softmax);
    const view = diagramView(session.store.get())!;
    const p = [...session.store.get().pass!.trace.probabilities];
    expect(Math.max(...p)).toBeLessThan(0.5); // a fresh network (seed 3) is unsure
    const fmt = (x: number) => String(Number(x.toPrecision(2)));
    expect(paleNote(view)).toBe(` The output circles are pale because every p is small, from ${fmt(Math.min(...p))} to ${fmt(Math.max(...p))}: this network is not yet sure of any digit.`);
    const root = fresh();
    renderNetworkDiagram(root, view, null, 560);
    expect(root.querySelector('p.sw-diagram-active')!.textContent).toContain('pale because every p is small');
    // A sure network: no note.
    const out = view.columns.at(-1)!;
    const sure = { ...view, columns: [...view.columns.slice(0, -1), { ...out, shown: { ...out.shown!, values: out.shown!.values.map((_, k) => (k === 3 ? 0.91 : 0.01)) } }] };
    expect(paleNote(sure)).toBe('');
  });
});

describe('the diagram readout', () => {
  it('is a grey hint until a unit is pointed at, then that unit’s numbers in the text colour', () => {
    const session = sessionWith([16]);
    const root = fresh();
    renderNetworkDiagram(root, diagramView(session.store.get())!, null, 560);
    const readout = () => root.querySelector('p.sw-readout')!;
    expect(readout().classList.contains('sw-hint')).toBe(true);
    expect(readout().textContent).toMatch(/^Hover over or focus a unit/);
    const view = diagramView(session.store.get())!;
    renderNetworkDiagram(root, view, view.columns[0].readouts[3], 560);
    expect(readout().classList.contains('sw-hint')).toBe(false);
    expect(readout().textContent).toMatch(/^hidden layer 1, unit 3: z⁽¹⁾ =/);
  });
});
