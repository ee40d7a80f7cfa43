/**
 * The mistakes view's "Network shown" in the address, under its session's own key
 * (`?mistakes.net=run:run-1733400000000-1`, `lab-mistakes.net=builtin`), so a link opens the
 * matrix on the network the learner chose. Values are validated: `builtin`, `file` or
 * `run:<id>`; anything else falls back to the default with a note, and the address drops it.
 */

/** The address key of session `session`'s network choice. */
export const networkKey = (session: string): string => `${session}.net`;

/** A run's id as the run store makes them (`run-<ms>-<n>`), or an imported one: letters, digits, `-` and `_`. */
const RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The choice key a raw address value names, or undefined when it names none. */
export function parseNetworkChoice(raw: string): string | undefined {
  const value = raw.trim();
  if (value === 'builtin' || value === 'file') return value;
  if (value.startsWith('run:') && RUN_ID.test(value.slice(4))) return value;
  return undefined;
}

/** Session `session`'s network choice in `search`: the key, and a note when the value was refused. */
export function readNetworkChoice(search: string, session: string): { key: string | null; notes: string[] } {
  const raw = new URLSearchParams(search).get(networkKey(session));
  if (raw === null) return { key: null, notes: [] };
  const key = parseNetworkChoice(raw);
  if (key !== undefined) return { key, notes: [] };
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return { key: null, notes: [`The link's network "${shown}" is not one this page can show (builtin, file or run:<id>), so the matrix shows the default.`] };
}

/** `search` with session `session`'s network choice set (or removed for null), every other parameter kept. */
export function writeNetworkChoice(search: string, session: string, key: string | null): string {
  const params = new URLSearchParams(search);
  if (key === null || parseNetworkChoice(key) === undefined) params.delete(networkKey(session));
  else params.set(networkKey(session), key);
  const text = params.toString();
  return text ? `?${text}` : '';
}
