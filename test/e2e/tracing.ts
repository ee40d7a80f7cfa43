/**
 * A Chromium performance trace over CDP, for the tracing scripts (trace-step.ts, trace-lab.ts):
 * `startTrace` starts recording the given categories and returns `stop`, which ends the trace and
 * resolves with every event recorded.
 */
import type { CDPSession } from 'playwright-core';

export interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: Record<string, unknown> }

export async function startTrace(cdp: CDPSession, categories: string[]): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } } as never);
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    return events;
  };
}
