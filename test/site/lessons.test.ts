import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderLessons } from '../../src/layouts/lesson-order.ts';
import { functionSource } from '../../src/widgets/CodePanel/source.ts';

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

describe('code panel source lookup', () => {
  const kernels = readFileSync(join(import.meta.dirname, '../../src/nn/kernels.ts'), 'utf8');
  it('finds a function with its doc comment and marks the lines of the step', () => {
    const lines = functionSource(kernels, 'activate', 'activation', 'relu');
    expect(lines[0].text).toMatch(/^\/\*\*/);
    expect(lines.at(-1)!.text).toBe('}');
    expect(lines.filter((l) => l.highlighted).map((l) => l.text.trim())).toEqual(['for (let k = 0; k < length; k++) a[k] = z[k] > 0 ? z[k] : 0;']);
    const tanh = functionSource(kernels, 'activate', 'activation', 'tanh').filter((l) => l.highlighted);
    expect(tanh.map((l) => l.text.trim())).toEqual(['for (let k = 0; k < length; k++) a[k] = Math.tanh(z[k]);']);
  });
  it('says so when a function is missing', () => {
    expect(functionSource(kernels, 'nope', 'linear')[0].text).toMatch(/nope not found/);
  });
});
