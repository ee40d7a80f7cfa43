// @vitest-environment jsdom
/**
 * The frame scheduler: one draw per frame however many requests; an out-of-view widget waits for
 * idle time; `flush()` brings that wait forward to the next frame; `drawNow()` draws a waiting
 * redraw at once (an event handler's guarantee that it acts on the current step's picture), and
 * the frame or idle callback queued before it then draws nothing more.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameScheduler, IDLE_TIMEOUT } from '../../src/widgets/lib/schedule.ts';

let frames: FrameRequestCallback[] = [];
let idles: { callback: IdleRequestCallback; options?: IdleRequestOptions; cancelled: boolean }[] = [];

beforeEach(() => {
  frames = [];
  idles = [];
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
  vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback, options?: IdleRequestOptions) => idles.push({ callback, options, cancelled: false }));
  vi.stubGlobal('cancelIdleCallback', (id: number) => { idles[id - 1].cancelled = true; });
});
afterEach(() => vi.unstubAllGlobals());

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
});
