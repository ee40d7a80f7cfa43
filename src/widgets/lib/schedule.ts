/**
 * Coalesces redraws: however many times `request()` is called in a frame, `draw` runs once, on
 * the next animation frame (or a microtask where there is none, as in tests).
 *
 * A widget out of view need not hold up the frame the learner is looking at: when `inView()` says
 * false, the redraw waits for idle time instead (at most `IDLE_TIMEOUT` ms), and `flush()` (called
 * when the widget scrolls into view) brings a waiting redraw forward to the next frame.
 * `drawNow()` runs a waiting redraw at once: an event handler calls it so that it acts on the
 * state the learner asked for, not on a picture drawn for an earlier step.
 */
import { recordMeasure } from './measure.ts';

/** The longest an out-of-view widget's redraw waits for idle time, ms. */
export const IDLE_TIMEOUT = 500;

export function frameScheduler(draw: () => void, name = 'widget', inView: () => boolean = () => true): { request(): void; flush(): void; drawNow(): void } {
  let pending = false;
  let idle: number | null = null;
  const run = (): void => {
    if (idle !== null) cancelIdleCallback(idle);
    idle = null;
    if (!pending) return;
    pending = false;
    const started = performance.now();
    draw();
    recordMeasure(`sw-draw:${name}`, started);
  };
  const runIdle = (): void => {
    idle = null;
    if (!pending) return;
    pending = false;
    const started = performance.now();
    draw();
    recordMeasure(`sw-idle-draw:${name}`, started);
  };
  const nextFrame = (): void => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else queueMicrotask(run);
  };
  return {
    request() {
      if (pending) return;
      pending = true;
      if (!inView() && typeof requestIdleCallback === 'function') idle = requestIdleCallback(runIdle, { timeout: IDLE_TIMEOUT });
      else nextFrame();
    },
    flush() {
      if (pending && idle !== null) {
        cancelIdleCallback(idle);
        idle = null;
        nextFrame();
      }
    },
    drawNow() {
      // The frame or idle callback already queued finds nothing pending and returns.
      if (pending) run();
    },
  };
}
