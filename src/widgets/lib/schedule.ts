/**
 * Coalesces redraws: however many times `request()` is called in a frame, `draw` runs once, on
 * the next animation frame (or a microtask where there is none, as in tests).
 */
export function frameScheduler(draw: () => void, name = 'widget'): { request(): void } {
  let pending = false;
  const run = (): void => {
    if (!pending) return;
    pending = false;
    const started = performance.now();
    draw();
    // Recorded as a performance measure so render cost can be read in the browser's tools (and by e2e).
    performance.measure?.(`sw-draw:${name}`, { start: started, end: performance.now() });
  };
  return {
    request() {
      if (pending) return;
      pending = true;
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
      else queueMicrotask(run);
    },
  };
}
