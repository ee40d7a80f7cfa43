/**
 * Orders lessons for the course and its previous/next links. Pure, so the rule is tested
 * directly: lessons sort by `order`, drafts are left out of production builds, and two lessons
 * claiming the same order stop the build with a message naming both files.
 */
export interface LessonLike {
  id: string;
  data: { title: string; order: number; draft?: boolean };
}

export interface OrderedLesson<T extends LessonLike> {
  lesson: T;
  previous: T | undefined;
  next: T | undefined;
}

export function orderLessons<T extends LessonLike>(entries: T[], includeDrafts = false): OrderedLesson<T>[] {
  const visible = entries.filter((entry) => includeDrafts || !entry.data.draft);
  const byOrder = new Map<number, T>();
  for (const entry of visible) {
    const clash = byOrder.get(entry.data.order);
    if (clash) {
      throw new Error(
        `Lessons "${clash.id}" and "${entry.id}" both have order ${entry.data.order}. ` +
          'Give each lesson a unique `order` in its front matter.',
      );
    }
    byOrder.set(entry.data.order, entry);
  }
  const sorted = [...visible].sort((a, b) => a.data.order - b.data.order);
  return sorted.map((lesson, k) => ({ lesson, previous: sorted[k - 1], next: sorted[k + 1] }));
}
