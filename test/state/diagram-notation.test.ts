/**
 * The diagram and the quantity view name things with the one notation table (src/explain/notation.ts):
 * the same symbols, with the same (l) superscripts, as the equations and step titles. Expected
 * names are written out by hand, including a layer number of two digits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSample } from '../../src/data/load-node.ts';
import { createSession } from '../../src/state/session.ts';
import { diagramView, shortName } from '../../src/state/diagram-view.ts';
import { quantityView, symbolOf } from '../../src/state/quantity-view.ts';
import { changeSymbol, changeTex, quantitySymbol } from '../../src/explain/notation.ts';

describe('the diagram speaks the notation table', () => {
  it.each([
    ['z', 1, 'z⁽¹⁾'],
    ['a', 2, 'a⁽²⁾'],
    ['p', 2, 'p'],
    ['dLdz', 2, '∂L/∂z⁽²⁾'],
    ['dLda', 1, '∂L/∂a⁽¹⁾'],
    ['dLdb', 12, '∂L/∂b⁽¹²⁾'],
    ['W', 1, 'W⁽¹⁾'],
    ['dLdW', 2, '∂L/∂W⁽²⁾'],
    ['dW', 1, 'ΔW⁽¹⁾'],
    ['db', 10, 'Δb⁽¹⁰⁾'],
  ] as const)('%s of layer %i is "%s"', (name, layer, expected) => {
    expect(shortName(name, layer)).toBe(expected);
  });

  it('the change of a step has a plain symbol and a TeX symbol', () => {
    expect(changeSymbol('W', 2)).toBe('ΔW⁽²⁾');
    expect(changeTex('b', 1)).toBe('\\Delta b^{(1)}');
  });

  it('the quantity view names the update by W, and the rest as the table does', () => {
    expect(symbolOf({ name: 'Wnew', layer: 2 })).toBe('W⁽²⁾');
    expect(symbolOf({ name: 'dLdz', layer: 1 })).toBe('∂L/∂z⁽¹⁾');
    expect(symbolOf({ name: 'eta' })).toBe('η');
  });

  it('at every step, every name the diagram shows is a symbol of the table', () => {
    const session = createSession('notation', { hidden: [16, 12] });
    session.setSample(loadSample());
    const { steps } = session.store.get();
    const layered = ['z', 'a', 'dLdz', 'dLda', 'dLdb', 'W', 'dLdW', 'b'] as const;
    const known = new Set<string>(['x', 'y', 'L', 'p', 'η']);
    for (let l = 1; l <= 3; l++) {
      for (const name of layered) known.add(quantitySymbol({ name, layer: l }));
      known.add(changeSymbol('W', l));
      known.add(changeSymbol('b', l));
    }
    for (let k = 0; k < steps.length; k++) {
      session.goTo(k);
      const view = diagramView(session.store.get())!;
      const names = [
        ...view.columns.flatMap((c) => (c.shown ? [c.shown.label] : [])),
        ...view.edges.map((e) => e.label),
        ...view.columns.flatMap((c) => c.readouts.flatMap((r) => r.numbers.map((n) => n.label.replace(/ (before|after)$/, '')))),
        ...(steps[k].kind === 'update' ? [] : [view.produces, ...view.reads]),
      ];
      for (const name of names) expect(known, `step ${k + 1}: "${name}"`).toContain(name);
      expect(quantityView(session.store.get())!.label, `step ${k + 1}`).toMatch(/^(∂L\/∂)?[zaWbpLx]?(⁽[¹²³]⁾)?$|^η$/);
    }
    // The step of the second hidden layer's weight gradient: edges of layer 2 show ∂L/∂W⁽²⁾.
    session.goToStep('weight-gradient:2');
    expect(diagramView(session.store.get())!.edges[1].label).toBe('∂L/∂W⁽²⁾');
    session.goToStep('update');
    const update = diagramView(session.store.get())!;
    expect(update.columns.map((c) => c.shown?.label)).toEqual(['Δb⁽¹⁾', 'Δb⁽²⁾', 'Δb⁽³⁾']);
    expect(update.produces).toContain('ΔW⁽ˡ⁾ = −η·∂L/∂W⁽ˡ⁾');
  });

  it('no private superscript table is left in the views (one convention, kept in one place)', () => {
    for (const file of ['diagram-view.ts', 'quantity-view.ts']) {
      const source = readFileSync(join(import.meta.dirname, '../../src/state', file), 'utf8');
      expect(source, file).not.toMatch(/'⁰'|'¹'|layerMark/);
    }
    for (const file of ['NetworkDiagram/render.ts', 'QuantityView/render.ts', 'ChainRule/render.ts']) {
      const source = readFileSync(join(import.meta.dirname, '../../src/widgets', file), 'utf8');
      expect(source, file).not.toMatch(/'⁰'|'¹'|⁽¹⁾/);
    }
  });

  it('every lesson writes layers as (l) superscripts, never [l]', () => {
    const dir = join(import.meta.dirname, '../../content/lessons');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/\^\{\[|<sup>\[/);
    }
  });

  it('the taught code (reference.ts, shown in the code panel) writes derivatives as the lessons do: ∂L/∂z, not dL/dz', () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/nn/reference.ts'), 'utf8');
    const comments = source.split('\n').filter((line) => /^\s*(\*|\/\/)/.test(line)).join('\n');
    expect(comments).toContain('∂L/∂z');
    expect(comments).not.toMatch(/\bdL\/d/);
  });
});
