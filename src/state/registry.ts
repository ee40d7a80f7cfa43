/**
 * Sessions by name for one page. The first widget that asks for a session creates it from the
 * page's configuration, connects it to the sample digits and to the URL, and starts the autoplay
 * clock; later widgets get the same session.
 */
import { sampleState } from './sample.ts';
import { createSession, type Session, type SessionConfig } from './session.ts';
import { readUrlState, writeUrlState } from './url.ts';

const sessions = new Map<string, Session>();

/** Autoplay interval, ms. */
export const PLAY_INTERVAL = 1200;

export function getSession(name: string, config: Partial<SessionConfig> = {}, options: { url?: boolean; startStep?: number } = {}): Session {
  const existing = sessions.get(name);
  if (existing) return existing;
  const useUrl = options.url ?? true;
  const fromUrl = useUrl && typeof location !== 'undefined' ? readUrlState(location.search) : { state: {}, notes: [] };
  const session = createSession(name, {
    ...config,
    ...(fromUrl.state.digit !== undefined ? { digit: fromUrl.state.digit } : {}),
    ...(fromUrl.state.seed !== undefined ? { seed: fromUrl.state.seed } : {}),
    ...(fromUrl.state.lr !== undefined ? { learningRate: fromUrl.state.lr } : {}),
  });
  sessions.set(name, session);
  session.addNotes(fromUrl.notes);
  if (options.startStep) session.goTo(options.startStep);

  sampleState().subscribe((state) => {
    if (state.status === 'ready') session.setSample(state.sample);
    else if (state.status === 'error') session.store.set({ ...session.store.get(), error: `Could not load the digits: ${state.message}` });
  });

  let timer: ReturnType<typeof setInterval> | null = null;
  let written = '';
  session.store.subscribe((state) => {
    if (state.playing && !timer) timer = setInterval(() => session.next(), PLAY_INTERVAL);
    if (!state.playing && timer) {
      clearInterval(timer);
      timer = null;
    }
    if (useUrl && typeof history !== 'undefined' && state.pass) {
      // Keep the digit, seed and learning rate in the address, so a link reopens the same pass.
      const search = writeUrlState(location.search, { digit: state.config.digit, seed: state.config.seed, lr: state.config.learningRate });
      if (search !== written && search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
      written = search;
    }
  });
  return session;
}
