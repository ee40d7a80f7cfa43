/**
 * Coalesces redraws: however many times `request()` is called in a frame, `draw` runs once, on
 * the next animation frame (or a microtask where there is none, as in tests).
 */
export function frameScheduler(draw: () => void): { request(): void; flush(): void } {
  let pending = false;
  const run = (): void => {
    if (!pending) return;
    pending = false;
    draw();
  };
  return {
    request() {
      if (pending) return;
      pending = true;
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
      else queueMicrotask(run);
    },
    flush: run,
  };
}
