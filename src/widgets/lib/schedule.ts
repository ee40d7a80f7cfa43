/**
 * Coalesces redraws: however many times `request()` is called in a frame, `draw` runs once, on
 * the next animation frame (or a microtask where there is none, as in tests).
 *
 * The redraws of every widget on the page share one queue, drawn in the order they were asked for
 * (a step's key asks the step bar first, then the widgets in page order). A frame draws what fits
 * in `FRAME_BUDGET` ms of script (each widget is expected to take as long as the longest of its
 * last few redraws) and leaves the rest to the next frame: on a slow phone a step then paints in a
 * few short frames instead of one long task that blocks the page (each frame's style, layout and
 * paint grow with what it drew). A fast machine draws a step in one frame, as before.
 *
 * A widget out of view need not hold up the frame the learner is looking at: when `inView()` says
 * false, the redraw waits for idle time instead (at most `IDLE_TIMEOUT` ms), and `flush()` (called
 * when the widget scrolls into view) brings a waiting redraw forward to the frame queue.
 * `drawNow()` runs a waiting redraw at once: an event handler calls it so that it acts on the
 * state the learner asked for, not on a picture drawn for an earlier step.
 */
import { recordMeasure } from './measure.ts';

/** The longest an out-of-view widget's redraw waits for idle time, ms. */
export const IDLE_TIMEOUT = 500;
/**
 * Script time a frame may spend on redraws, ms. A redraw that would take the frame past it (by
 * the longest of its last few durations) waits for the next frame. A frame's rendering (style,
 * layout, paint) grows with what it drew, so a frame that keeps to this budget stays near or under
 * the 50 ms of a long task at 4x CPU throttling; the first redraw of a frame always runs.
 * A smaller budget trades a step's total for its longest task: each extra frame adds ~10-15 ms of
 * rendering at 4x. Measured 2026-12-06 on a quiet machine: 6 ms gave the longest task 22-25 ms
 * (worst 32-46) but all of a step's work 54-60 ms over 3 frames; 12 ms gives 28-32 ms (worst
 * 39-51) and 35-41 ms in all, mostly in one frame (both medians under 50 ms); 18 ms, with `ab-step`,
 * a paired +4.6 ms longest and -8.7 ms in all. A fast machine draws a step in one frame.
 * (`globalThis.SW_BUDGET`, set before the page's scripts run, overrides it for measurements.)
 */
export const FRAME_BUDGET = Number((globalThis as { SW_BUDGET?: number }).SW_BUDGET ?? 12);

interface Queued {
  run: () => void;
  /** What this widget's redraw is expected to take, ms: the longest of its last few. */
  estimate: () => number;
}

/** How many of a widget's last redraws its expected time is taken from (the longest of them). */
const RECENT = 4;

/** Redraws waiting for a frame, in the order they were asked for. */
const queue: Queued[] = [];
let frameAsked = false;
let waiters: (() => void)[] = [];

function askFrame(): void {
  if (frameAsked) return;
  frameAsked = true;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(runFrame);
  else queueMicrotask(runFrame);
}

function runFrame(): void {
  frameAsked = false;
  const started = performance.now();
  let drawn = 0;
  while (queue.length > 0 && (drawn === 0 || performance.now() - started + queue[0].estimate() <= FRAME_BUDGET)) {
    queue.shift()!.run();
    drawn++;
  }
  // The script of this frame, for the browser tests and profiling (the rendering follows it).
  recordMeasure('sw-frame', started);
  if (queue.length > 0) {
    askFrame();
    return;
  }
  const done = waiters;
  waiters = [];
  for (const resolve of done) resolve();
}

/** Whether redraws wait for a frame (idle-time work should then wait: the step being drawn comes first). */
export function framesPending(): boolean {
  return queue.length > 0;
}

/**
 * Resolves once every redraw queued for a frame has been drawn (at once when none waits). For
 * tools and the browser tests: a step's picture may take more than one frame to finish.
 */
export function framesDrawn(): Promise<void> {
  if (queue.length === 0) return Promise.resolve();
  return new Promise((resolve) => waiters.push(resolve));
}
if (typeof window !== 'undefined') (window as unknown as { stepwiseFramesDrawn?: () => Promise<void> }).stepwiseFramesDrawn = framesDrawn;

/**
 * `requestIdleCallback` that never runs between the frames of a step being drawn: while redraws
 * wait for a frame, it asks for idle time again (the step in view comes first). Returns what
 * cancels it. Every idle-time job of the widgets goes through it: out-of-view redraws, the
 * scroller marks, the equations typeset ahead.
 */
export function whenIdle(callback: (deadline: IdleDeadline) => void, options?: IdleRequestOptions): () => void {
  const tick = (deadline: IdleDeadline): void => {
    if (queue.length > 0) id = requestIdleCallback(tick, options);
    else callback(deadline);
  };
  let id = requestIdleCallback(tick, options);
  return () => cancelIdleCallback(id);
}

export function frameScheduler(draw: () => void, name = 'widget', inView: () => boolean = () => true): { request(): void; flush(): void; drawNow(): void } {
  let pending = false;
  let queued = false;
  let cancelIdle: (() => void) | null = null;
  // The durations of its last redraws: a widget's cost varies from step to step (the diagram redraws
  // its edges on some steps only), and the longest of the last few predicts a step's worst case.
  const recent: number[] = [];
  const drawTimed = (measure: string): void => {
    pending = false;
    const started = performance.now();
    draw();
    recent.push(performance.now() - started);
    if (recent.length > RECENT) recent.shift();
    recordMeasure(`${measure}:${name}`, started);
  };
  const run = (): void => {
    queued = false;
    cancelIdle?.();
    cancelIdle = null;
    if (pending) drawTimed('sw-draw');
  };
  const entry: Queued = { run, estimate: () => Math.max(0, ...recent) };
  const nextFrame = (): void => {
    if (queued) return;
    queued = true;
    queue.push(entry);
    askFrame();
  };
  return {
    request() {
      if (pending) return;
      pending = true;
      if (!inView() && typeof requestIdleCallback === 'function') {
        cancelIdle = whenIdle(() => {
          cancelIdle = null;
          if (pending) drawTimed('sw-idle-draw');
        }, { timeout: IDLE_TIMEOUT });
      } else nextFrame();
    },
    flush() {
      if (pending && cancelIdle) {
        cancelIdle();
        cancelIdle = null;
        nextFrame();
      }
    },
    drawNow() {
      if (!pending) return;
      // Drawn now: its place in the queue goes (it would only hold up the frame by its expected time).
      if (queued) queue.splice(queue.indexOf(entry), 1);
      run();
    },
  };
}
