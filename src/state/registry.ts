/**
 * Sessions by name for one page. The first widget that asks for a session creates it from the
 * page's configuration, connects it to the sample digits and to the URL, and starts the autoplay
 * clock; later widgets get the same session.
 */
import { stepAddress } from '../explain/index.ts';
import { connectBridge } from './bridge.ts';
import { sampleState } from './sample.ts';
import { selectionFits } from './selection.ts';
import { createSession, DEFAULT_CONFIG, type Session, type SessionConfig, type StepRange } from './session.ts';
import { readUrlState, writeUrlState, type UrlState } from './url.ts';

const sessions = new Map<string, Session>();

/** Autoplay interval, ms. */
export const PLAY_INTERVAL = 1200;
/** How long the address waits for the learner to stop stepping before it is rewritten, ms. */
export const URL_DELAY = 250;

export interface SessionOptions {
  /** Keep this session's digit, seed, η, step and selection in the address (default true). */
  url?: boolean;
  /** The step the page opens on, by address (`"softmax"`, `"weight-gradient:1"`). */
  startStep?: string;
  /** The part of the pass this session walks. */
  range?: StepRange;
}

export function getSession(name: string, config: Partial<SessionConfig> = {}, options: SessionOptions = {}): Session {
  const existing = sessions.get(name);
  if (existing) return existing;
  const useUrl = options.url ?? true;
  const fromUrl = useUrl && typeof location !== 'undefined' ? readUrlState(location.search, name, { digit: config.digit ?? DEFAULT_CONFIG.digit, seed: config.seed ?? DEFAULT_CONFIG.seed, lr: config.learningRate ?? DEFAULT_CONFIG.learningRate }) : { state: {} as UrlState, notes: [] };
  const url = fromUrl.state;
  const session = createSession(name, {
    ...config,
    ...(url.digit !== undefined ? { digit: url.digit } : {}),
    ...(url.seed !== undefined ? { seed: url.seed } : {}),
    ...(url.lr !== undefined ? { learningRate: url.lr } : {}),
  }, options.range ?? {});
  sessions.set(name, session);
  session.addNotes(fromUrl.notes);
  // A digit and weights sent from the mistakes gallery or the drawing pad (lab-b's bridge).
  if (useUrl && typeof location !== 'undefined') connectBridge(session, location.search);
  if (options.startStep && !session.goToStep(options.startStep)) {
    session.addNotes([`This lesson asked to open on the step "${options.startStep}", which this stepper does not have.`]);
  }
  if (url.step !== undefined && !session.goToStep(url.step)) {
    // Said as the step bar says it ("step 1 of 13, forward: …"), not as an address the learner never sees.
    const { steps, stepIndex, range } = session.store.get();
    session.addNotes([`The link's step "${url.step}" is not one of this stepper's steps, so it opens on step ${stepIndex - range.from + 1} of ${range.to - range.from + 1}, ${steps[stepIndex].title}.`]);
  }
  // The selection can only be checked against the network once the pass exists.
  let pendingSelection = url.sel;

  sampleState().subscribe((state) => {
    if (state.status === 'ready') session.setSample(state.sample);
    else if (state.status === 'error') session.store.set({ ...session.store.get(), error: `Could not load the digits: ${state.message}` });
  });

  let timer: ReturnType<typeof setInterval> | null = null;
  let written = '';
  // history.replaceState costs a few ms a call (more on a slow phone), too much for every step
  // of a walk: the address is written once the learner pauses, and at the latest when the page is left.
  // The keys to write, applied to the address as it is when written (another session on the page may have written its own keys since).
  let pendingKeys: UrlState | null = null;
  let urlTimer: ReturnType<typeof setTimeout> | null = null;
  const flushUrl = (): void => {
    if (urlTimer !== null) clearTimeout(urlTimer);
    urlTimer = null;
    if (pendingKeys === null) return;
    const search = writeUrlState(location.search, name, pendingKeys);
    pendingKeys = null;
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  };
  if (useUrl && typeof addEventListener === 'function') addEventListener('pagehide', flushUrl);
  session.store.subscribe((state) => {
    if (state.playing && !timer) timer = setInterval(() => session.next(), PLAY_INTERVAL);
    if (!state.playing && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (state.pass && pendingSelection) {
      const selection = pendingSelection;
      pendingSelection = undefined;
      if (selectionFits(state.pass, selection)) session.select(selection);
      else session.addNotes([`The link's selection is not a unit or entry of this network, so nothing is selected.`]);
      return;
    }
    if (useUrl && typeof history !== 'undefined' && state.pass) {
      // The address reopens the same pass on the same step: digit (unless the input was drawn),
      // seed (unless the weights came from a run), η, step and selection.
      const step = state.steps[state.stepIndex];
      const keys: UrlState = {
        digit: state.inputSource === null ? state.config.digit : undefined,
        seed: state.weightsSource === null ? state.config.seed : undefined,
        lr: state.config.learningRate,
        // Left out only where the page opens without it: the range's first step, unless the lesson
        // opens on a later one (there the first step left out reopened the lesson's start step).
        step: state.stepIndex === state.range.from && !options.startStep ? undefined : stepAddress(step),
        sel: state.selection ?? undefined,
      };
      const search = JSON.stringify(keys);
      if (search !== written) {
        pendingKeys = keys;
        if (urlTimer !== null) clearTimeout(urlTimer);
        urlTimer = setTimeout(flushUrl, URL_DELAY);
      }
      written = search;
    }
  });
  return session;
}
