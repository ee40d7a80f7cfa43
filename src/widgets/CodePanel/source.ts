/**
 * Finding a core function in its real source text (imported with Vite's `?raw`, never copied),
 * and the lines of it that a step is about.
 */
import type { StepKind } from '../../nn/steps.ts';

export interface SourceLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
  highlighted: boolean;
}

/**
 * Lines a step is about, within its function: matched by pattern; the whole body if none match.
 * The step-through runs one digit (a batch of one), so the patterns point at the lines that run
 * for one sample (for example the one-sample remainder loop of a kernel blocked over samples).
 */
const FOCUS: Partial<Record<StepKind, RegExp>> = {
  'weight-gradient': /dLdW\[w \+ i\] \+= g \* X/,
  'bias-gradient': /biasSum \+= g;|dLdb\[o\] \+=/,
  softmax: /Math\.exp|P\[offset \+ c\] (=|\/=)|sum \+= P/,
  loss: /total \+=|Math\.log/,
  'output-error': /dLdz\[offset \+ c\] =/,
  'input-gradient': /sum \+= W|dLdx\[xOffset \+ i\] =/,
  linear: /s\d \+= W|sum \+= W|Z\[zOffset \+ o( \+ \d)?\] =/,
  activation: /a\[k\] =/,
  'activation-gradient': /dLdz\[k\] =/,
  update: /-= learningRate/,
};

/** The function `name` (from its doc comment to its closing brace) with the step's lines marked. */
export function functionSource(source: string, name: string, kind: StepKind, activation?: string): SourceLine[] {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`export function ${name}(`));
  if (start < 0) return [{ number: 1, text: `// ${name} not found in this file`, highlighted: false }];
  let docStart = start;
  while (docStart > 0 && /^\s*(\/\*\*|\*)/.test(lines[docStart - 1])) docStart--;
  let end = start;
  while (end < lines.length - 1 && lines[end] !== '}') end++;
  const pattern = FOCUS[kind];
  const result = lines.slice(docStart, end + 1).map((text, k) => ({ number: docStart + k + 1, text, highlighted: false }));
  const body = result.filter((line) => line.number > start + 1);
  // For activations, only the branch of the network's own activation.
  const inBranch = (line: SourceLine): boolean => {
    if (!activation || (kind !== 'activation' && kind !== 'activation-gradient')) return true;
    const branchStart = body.findIndex((l) => l.text.includes(`'${activation}'`));
    const index = body.indexOf(line);
    if (branchStart < 0) return /} else {/.test(body[index - 1]?.text ?? '');
    return index === branchStart + 1;
  };
  let any = false;
  for (const line of body) {
    if (pattern && pattern.test(line.text) && inBranch(line)) {
      line.highlighted = true;
      any = true;
    }
  }
  if (!any) for (const line of body) line.highlighted = true;
  return result;
}
