/**
 * The bridge back to backpropagation: a link that opens any digit (a drawing, a test digit the
 * network got wrong) in the step-through, with the trained network's weights. The digit travels
 * in the address (`encodeDigit`, validated on arrival), the weights by reference (`weights=file`
 * for the file loaded in this tab, `weights=run:<id>` for a run of the lab).
 */
import { decodeDigit, encodeDigit, DrawingError } from '../data/draw.ts';
import type { Session } from './session.ts';
import { trainedState, weightsParam, type TrainedState, type WeightsRef } from './trained.ts';

/** The step-through lesson the bridge opens, and the name of its session. */
export const STEP_THROUGH = { path: 'lessons/backpropagation/', session: 'backprop' } as const;

/** The lab's page, relative to the site's base (lab-a's). */
export const LAB_PATH = 'lab/';

/** "a 7" but "an 8": the article before a digit's name. */
export const aDigit = (digit: number): string => `${digit === 8 ? 'an' : 'a'} ${digit}`;

/** Where a digit came from: the learner's drawing, or a digit of the test set. */
export type DigitOrigin = { kind: 'drawing' } | { kind: 'test'; index: number };

export function originText(origin: DigitOrigin): string {
  return origin.kind === 'drawing' ? 'your drawing' : `test digit #${origin.index}`;
}

/** The address of the step-through for a digit (784 bytes), its label if known, and the weights. */
export function stepThroughHref(base: string, digit: { pixels: Uint8Array; label: number | null; origin: DigitOrigin }, weights: WeightsRef | null): string {
  const s = STEP_THROUGH.session;
  const params = new URLSearchParams();
  params.set(`${s}.input`, encodeDigit(digit.pixels, digit.label));
  params.set(`${s}.from`, digit.origin.kind === 'drawing' ? 'drawing' : `test:${digit.origin.index}`);
  if (weights) params.set('weights', weightsParam(weights));
  const root = base.endsWith('/') ? base : `${base}/`;
  return `${root}${STEP_THROUGH.path}?${params.toString()}`;
}

/** What a step-through page reads from its address for session `session`; a note for anything damaged. */
export function readBridge(search: string, session: string): { input: { pixels: Float32Array; label: number | null; source: string } | null; notes: string[] } {
  const params = new URLSearchParams(search);
  const raw = params.get(`${session}.input`);
  if (raw === null) return { input: null, notes: [] };
  try {
    const { pixels, label } = decodeDigit(raw);
    const from = params.get(`${session}.from`) ?? '';
    const test = /^test:(\d{1,4})$/.exec(from);
    const origin: DigitOrigin = test ? { kind: 'test', index: Number(test[1]) } : { kind: 'drawing' };
    return { input: { pixels: Float32Array.from(pixels, (p) => p / 255), label, source: originText(origin) }, notes: [] };
  } catch (error) {
    return { input: null, notes: [error instanceof DrawingError ? error.message : 'The digit in this link could not be read, so a sample digit is shown.'] };
  }
}

/**
 * Connects a step-through session to what its address carries: the digit (`<session>.input`) and
 * the weights (`weights=`). Called once by the registry when it creates a session. The learner is
 * told in a note where the digit and the weights came from, or why they could not be used.
 */
export function connectBridge(session: Session, search: string): void {
  const { input, notes } = readBridge(search, session.name);
  session.addNotes(notes);
  if (input) {
    session.setInput(input.pixels, input.label, input.source);
    session.addNotes([`The digit is ${input.source}${input.label === null ? ', with no true label: the walk stops at the probabilities' : `, labelled ${input.label}`}.`]);
  }
  if (!new URLSearchParams(search).has('weights')) return;
  let applied = false;
  const stop = trainedState().subscribe((state) => {
    if (applied || state.status === 'looking') return;
    applied = true;
    if (state.status === 'ready') {
      session.setNetwork(state.trained.net, state.trained.source);
      session.addNotes([weightsNote(state.trained.source)]);
    } else {
      session.addNotes([seededFallbackNote(state)]);
    }
    queueMicrotask(() => stop());
  });
}

/**
 * Where the step-through's weights came from, and what its update step is: one plain
 * gradient-descent step with the η set on the page, whatever optimizer trained them (review: a
 * run trained with Adam η 0.001 showed an SGD step with η 0.1 and nothing said why).
 */
export function weightsNote(source: string): string {
  return `The weights are ${source}. The update step below is one plain gradient-descent step on this digit with the η set here, whatever optimizer trained these weights: it shows what one step does from them.`;
}

/** What the step-through says when a link's weights are not here: it shows the seeded, untrained network. */
export function seededFallbackNote(state: TrainedState): string {
  const why =
    state.status === 'none' && state.missing
      ? state.missing
      : state.status === 'error'
        ? state.message
        : 'The link asked for trained weights this tab does not have (a weights file stays in the tab that loaded it).';
  return `${/[.!?]$/.test(why) ? why : `${why}.`} So these are NOT the trained weights: the step-through below uses its seeded, untrained weights, and every number it shows is that network’s.`;
}
