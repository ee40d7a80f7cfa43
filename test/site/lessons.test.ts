import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderLessons } from '../../src/layouts/lesson-order.ts';
import { stepFunctions } from '../../src/widgets/CodePanel/source.ts';

const lesson = (id: string, order: number, draft = false) => ({ id, data: { title: id, order, draft } });

describe('lesson order', () => {
  it('sorts by order and links previous/next', () => {
    const ordered = orderLessons([lesson('b', 2), lesson('a', 1), lesson('c', 3)]);
    expect(ordered.map((o) => o.lesson.id)).toEqual(['a', 'b', 'c']);
    expect(ordered[1].previous?.id).toBe('a');
    expect(ordered[1].next?.id).toBe('c');
    expect(ordered[0].previous).toBeUndefined();
  });
  it('fails with both names when two lessons share an order', () => {
    expect(() => orderLessons([lesson('meet', 1), lesson('other', 1)])).toThrow(/"meet" and "other" both have order 1/);
  });
  it('leaves drafts out unless asked', () => {
    expect(orderLessons([lesson('a', 1), lesson('d', 2, true)]).map((o) => o.lesson.id)).toEqual(['a']);
    expect(orderLessons([lesson('a', 1), lesson('d', 2, true)], true)).toHaveLength(2);
  });
  it('the lessons in content/ have unique orders', () => {
    const dir = join(import.meta.dirname, '../../content/lessons');
    const orders = readdirSync(dir).map((file) => Number(/^order: (\d+)$/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1]));
    expect(new Set(orders).size).toBe(orders.length);
  });
});

describe('lesson prose about layout', () => {
  // Review (390 px): the backprop lesson said each step's "why" sits beside the stepper's controls
  // and the drawing lesson said the network's reading sits beside the pad; on a narrow screen the
  // first is under the stepper's Why? button and the second below the pad.
  it('a sentence that puts one part "beside" another also says where it goes on a narrow screen', () => {
    const dir = join(import.meta.dirname, '../../content/lessons');
    const sentences = readdirSync(dir).flatMap((file) => readFileSync(join(dir, file), 'utf8').replace(/\s+/g, ' ').split(/(?<=[.:])\s/)
      .filter((sentence) => /\bBeside (it|the controls)\b/.test(sentence)).map((sentence) => ({ file, sentence })));
    expect(sentences.map((s) => s.file).sort()).toEqual(['backpropagation.mdx', 'draw-your-own-digit.mdx']);
    for (const { file, sentence } of sentences) expect(sentence, file).toMatch(/narrow screen/);
    expect(sentences.find((s) => s.file === 'backpropagation.mdx')!.sentence).toContain('**Why?**');
  });
});

describe('code panel source lookup', () => {
  const reference = readFileSync(join(import.meta.dirname, '../../src/nn/reference.ts'), 'utf8');
  it('finds the function carrying a step marker, whole, with the lines after the marker highlighted', () => {
    const [fn] = stepFunctions(reference, 'activation');
    expect(fn.name).toBe('activate');
    expect(fn.lines[0].text).toMatch(/^\/\*\*/);
    expect(fn.lines.at(-1)!.text).toBe('}');
    const highlighted = fn.lines.filter((l) => l.highlighted).map((l) => l.text.trim());
    expect(highlighted[0]).toMatch(/^for \(let j = 0; j < z.length; j\+\+\)/);
    expect(highlighted).toContain("if (kind === 'relu') a[j] = z[j] > 0 ? z[j] : 0;");
    expect(highlighted.some((l) => l.includes('// step:'))).toBe(false);
  });
  it('shows every function that carries the marker, in source order', () => {
    expect(stepFunctions(reference, 'activation-gradient').map((f) => f.name)).toEqual(['activationDerivative', 'activationGradient']);
  });
  it('finds nothing (and the panel says so) when a step has no marker', () => {
    expect(stepFunctions(reference.replace('// step: linear', '// linear'), 'linear')).toEqual([]);
  });
});
