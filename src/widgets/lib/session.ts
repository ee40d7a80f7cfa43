/**
 * Connects a widget element to its session: the name comes from `data-session`, the network's
 * configuration from the page's <sw-session> element of that name (see StepSession.astro).
 */
import { getSession } from '../../state/registry.ts';
import type { Session, SessionConfig } from '../../state/session.ts';

export function sessionFor(element: HTMLElement): Session {
  const name = element.dataset.session ?? 'default';
  const declaration = document.querySelector<HTMLElement>(`sw-session[data-session="${CSS.escape(name)}"]`);
  const config: Partial<SessionConfig> = {};
  const data = declaration?.dataset ?? {};
  if (data.hidden) config.hidden = data.hidden.split(',').map(Number);
  if (data.activation === 'relu' || data.activation === 'sigmoid' || data.activation === 'tanh') config.activation = data.activation;
  if (data.seed) config.seed = Number(data.seed);
  if (data.digit) config.digit = Number(data.digit);
  if (data.lr) config.learningRate = Number(data.lr);
  // A range may be declared on the session or on its stepper (`<Stepper from="linear" to="loss">`).
  const stepper = document.querySelector<HTMLElement>(`sw-stepper[data-session="${CSS.escape(name)}"]`)?.dataset ?? {};
  const from = data.from || stepper.from;
  const to = data.to || stepper.to;
  const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return getSession(name, config, { url: data.url !== 'false', startStep: data.step || undefined, range });
}
