// @vitest-environment jsdom
/**
 * The frame scheduler: one draw per frame however many requests; an out-of-view widget waits for
 * idle time; `flush()` brings that wait forward to the next frame; `drawNow()` draws a waiting
 * redraw at once (an event handler's guarantee that it acts on the current step's picture), and
 * the frame or idle callback queued before it then draws nothing more. Every widget's redraws
 * share one queue, drawn in the order asked, as many a frame as fit in FRAME_BUDGET ms.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_BUDGET, frameScheduler, framesDrawn, framesPending, IDLE_TIMEOUT } from '../../src/widgets/lib/schedule.ts';

let frames: FrameRequestCallback[] = [];
let idles: { callback: IdleRequestCallback; options?: IdleRequestOptions; cancelled: boolean }[] = [];

beforeEach(() => {
  frames = [];
  idles = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback, options?: IdleRequestOptions) => idles.push({ callback, options, cancelled: false }));
  vi.stubGlobal('cancelIdleCallback', (id: number) => { idles[id - 1].cancelled = true; });
});
afterEach(() => {
  // The queue is the page's (module state): leave it empty for the next test.
  for (let k = 0; k < 10 && frames.length; k++) runFrames();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const runFrames = () => { const queued = frames; frames = []; queued.forEach((f) => f(0)); };
const runIdles = () => idles.filter((i) => !i.cancelled).forEach((i) => i.callback({ didTimeout: false, timeRemaining: () => 10 }));

describe('frameScheduler', () => {
  it('draws once per frame however many times a redraw is requested', () => {
    const draw = vi.fn();
    const s = frameScheduler(draw);
    s.request(); s.request(); s.request();
    expect(draw).not.toHaveBeenCalled();
    expect(frames).toHaveLength(1);
    runFrames();
    expect(draw).toHaveBeenCalledTimes(1);
    s.request();
    runFrames();
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('an out-of-view widget waits for idle time (at most IDLE_TIMEOUT ms), and flush() brings it to the next frame', () => {
    const draw = vi.fn();
    let inView = false;
    const s = frameScheduler(draw, 'w', () => inView);
    s.request();
    expect(frames).toHaveLength(0);
    expect(idles).toHaveLength(1);
    expect(idles[0].options).toEqual({ timeout: IDLE_TIMEOUT });
    inView = true;
    s.flush();
    expect(idles[0].cancelled).toBe(true);
    expect(frames).toHaveLength(1);
    runFrames();
    expect(draw).toHaveBeenCalledTimes(1);
    s.flush(); // nothing waiting: no frame asked for
    expect(frames).toHaveLength(0);
  });

  it('drawNow() draws a waiting redraw at once; the queued frame then draws nothing more', () => {
    const draw = vi.fn();
    const s = frameScheduler(draw);
    s.drawNow(); // nothing waiting
    expect(draw).not.toHaveBeenCalled();
    s.request();
    s.drawNow();
    expect(draw).toHaveBeenCalledTimes(1);
    runFrames();
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('drawNow() on an out-of-view widget cancels its idle wait and draws once', () => {
    const draw = vi.fn();
    const s = frameScheduler(draw, 'w', () => false);
    s.request();
    s.drawNow();
    expect(draw).toHaveBeenCalledTimes(1);
    expect(idles[0].cancelled).toBe(true);
    runIdles();
    expect(draw).toHaveBeenCalledTimes(1);
    s.request();
    runIdles();
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('the redraws of all widgets share one frame, drawn in the order they were asked for', () => {
    const order: string[] = [];
    const a = frameScheduler(() => order.push('a'), 'a');
    const b = frameScheduler(() => order.push('b'), 'b');
    b.request();
    a.request();
    expect(frames).toHaveLength(1);
    runFrames();
    expect(order).toEqual(['b', 'a']);
    expect(frames).toHaveLength(0);
  });

  it('a redraw that would take the frame past FRAME_BUDGET (by its last duration) waits for the next frame; the first of a frame always runs', async () => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const order: string[] = [];
    // Each draw takes 60 % of the budget: two fit in a frame only while their durations are unknown.
    const cost = FRAME_BUDGET * 0.6;
    const a = frameScheduler(() => { order.push('a'); clock += cost; }, 'a');
    const b = frameScheduler(() => { order.push('b'); clock += cost; }, 'b');
    const c = frameScheduler(() => { order.push('c'); clock += 5 * FRAME_BUDGET; }, 'c');
    a.request(); b.request();
    runFrames();
    expect(order).toEqual(['a', 'b']);
    // Now each is known to take 0.6 of the budget: the frame draws a, and b waits.
    a.request(); b.request();
    let drawn = false;
    void framesDrawn().then(() => { drawn = true; });
    runFrames();
    expect(order).toEqual(['a', 'b', 'a']);
    expect(frames).toHaveLength(1);
    await Promise.resolve();
    expect(drawn).toBe(false);
    runFrames();
    expect(order).toEqual(['a', 'b', 'a', 'b']);
    await Promise.resolve();
    expect(drawn).toBe(true);
    // A redraw longer than the whole budget still runs, first in its frame; what follows waits.
    c.request(); a.request();
    runFrames();
    expect(order.slice(4)).toEqual(['c']);
    c.request();
    runFrames();
    expect(order.slice(4)).toEqual(['c', 'a']);
    runFrames();
    expect(order.slice(4)).toEqual(['c', 'a', 'c']);
  });

  it('framesDrawn() resolves at once when no redraw waits for a frame', async () => {
    let drawn = false;
    await framesDrawn().then(() => { drawn = true; });
    expect(drawn).toBe(true);
  });

  it('an out-of-view redraw waits while a step is still being drawn in view: its idle time comes after the last frame', () => {
    const order: string[] = [];
    const shown = frameScheduler(() => order.push('shown'), 'shown');
    const hidden = frameScheduler(() => order.push('hidden'), 'hidden', () => false);
    hidden.request();
    shown.request();
    expect(framesPending()).toBe(true);
    runIdles(); // idle time between frames: the out-of-view widget asks again instead of drawing
    expect(order).toEqual([]);
    expect(idles.filter((i) => !i.cancelled)).toHaveLength(2);
    expect(idles[1].options).toEqual({ timeout: IDLE_TIMEOUT });
    runFrames();
    expect(framesPending()).toBe(false);
    idles[1].callback({ didTimeout: false, timeRemaining: () => 10 });
    expect(order).toEqual(['shown', 'hidden']);
  });

  it('a redraw drawn at once (drawNow) leaves its place in the queue without holding up the frame', () => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const order: string[] = [];
    const first = frameScheduler(() => { order.push('first'); }, 'first');
    const slow = frameScheduler(() => { order.push('slow'); clock += 2 * FRAME_BUDGET; }, 'slow');
    const cheap = frameScheduler(() => { order.push('cheap'); }, 'cheap');
    slow.request();
    runFrames(); // slow is now known to take twice the budget
    first.request(); slow.request(); cheap.request();
    slow.drawNow();
    expect(order).toEqual(['slow', 'slow']);
    // Its place in the queue, between first and cheap, is skipped: not expected to take 2 budgets.
    runFrames();
    expect(order).toEqual(['slow', 'slow', 'first', 'cheap']);
    expect(frames).toHaveLength(0);
  });

  it('a widget is expected to take the longest of its last few redraws, not only its last (its cost varies by step)', () => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const order: string[] = [];
    let costA = 0.8 * FRAME_BUDGET;
    const b = frameScheduler(() => { order.push('b'); clock += 0.3 * FRAME_BUDGET; }, 'b');
    const a = frameScheduler(() => { order.push('a'); clock += costA; }, 'a');
    const round = () => { b.request(); a.request(); runFrames(); };
    round(); // nothing known yet: both in one frame
    expect(order).toEqual(['b', 'a']);
    costA = 0.05 * FRAME_BUDGET;
    round(); // a expected 0.8: waits
    expect(order).toEqual(['b', 'a', 'b']);
    runFrames();
    expect(order).toEqual(['b', 'a', 'b', 'a']);
    round(); // a's last took 0.05, but one of its last few took 0.8: it still waits
    expect(order).toEqual(['b', 'a', 'b', 'a', 'b']);
    runFrames();
  });
});
