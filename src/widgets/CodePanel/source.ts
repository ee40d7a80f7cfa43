/**
 * Finding the code of a step in the real source text of the reference kernels (imported with
 * Vite's `?raw`, never copied). Each reference kernel carries an explicit marker comment,
 * `// step: <kind>`, naming the step it computes; nothing here guesses at lines by pattern.
 */

export interface SourceLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
  /** True for the lines that compute the step (the function body after its marker). */
  highlighted: boolean;
}

/** One function of the source that computes (part of) a step. */
export interface StepFunction {
  /** The function's name, e.g. `weightGradient`. */
  name: string;
  /** From its doc comment to its closing brace. */
  lines: SourceLine[];
}

/** The marker line of a step: `// step: weight-gradient`. */
export const STEP_MARKER = /^\s*\/\/ step: ([a-z-]+)\s*$/;

/** The step kinds that have a marker in `source`, in order of appearance. */
export function markedKinds(source: string): string[] {
  return source.split('\n').flatMap((line) => {
    const match = STEP_MARKER.exec(line);
    return match ? [match[1]] : [];
  });
}

/**
 * Every function of `source` that carries the marker `// step: <kind>`, whole (doc comment to
 * closing brace), the lines after the marker highlighted. Empty if no function carries it.
 */
export function stepFunctions(source: string, kind: string): StepFunction[] {
  const lines = source.split('\n');
  const result: StepFunction[] = [];
  lines.forEach((line, markerIndex) => {
    const match = STEP_MARKER.exec(line);
    if (!match || match[1] !== kind) return;
    let start = markerIndex;
    while (start > 0 && !lines[start].startsWith('export function ')) start--;
    const name = /^export function (\w+)/.exec(lines[start])?.[1] ?? '?';
    let docStart = start;
    while (docStart > 0 && /^\s*(\/\*\*|\*)/.test(lines[docStart - 1])) docStart--;
    let end = markerIndex;
    while (end < lines.length - 1 && lines[end] !== '}') end++;
    result.push({
      name,
      lines: lines.slice(docStart, end + 1).map((text, k) => {
        const index = docStart + k;
        return { number: index + 1, text, highlighted: index > markerIndex && index < end };
      }),
    });
  });
  return result;
}
