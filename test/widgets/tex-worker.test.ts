// @vitest-environment jsdom
/**
 * Typesetting ahead in a Web Worker (lib/tex.ts typesetAhead, lib/tex-worker.ts): each TeX is
 * asked for once; the nodes a panel then shows are built from the worker's HTML (not typeset on
 * the page); a worker that fails hands every waiting and later equation back to the page. The
 * worker here is a stand-in that runs the real worker script's handler.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { texHtml } from '../../src/widgets/lib/tex-html.ts';

interface Sent { id: number; tex: string }
let workers: FakeWorker[] = [];

class FakeWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  sent: Sent[] = [];
  terminated = false;
  url: URL;
  options: WorkerOptions;
  constructor(url: URL, options: WorkerOptions) {
    this.url = url;
    this.options = options;
    workers.push(this);
  }
  postMessage(message: Sent): void { this.sent.push(message); }
  terminate(): void { this.terminated = true; }
  /** Answers every request as the real worker does, marking the HTML so a test can tell where nodes came from. */
  answer(): void {
    const sent = this.sent;
    this.sent = [];
    for (const { id, tex } of sent) this.onmessage?.({ data: { id, html: texHtml(tex).replace('class="katex-display"', 'class="katex-display from-worker"') } } as MessageEvent);
  }
}

beforeEach(() => {
  workers = [];
  vi.resetModules();
  vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => vi.unstubAllGlobals());

describe('typesetAhead', () => {
  it('asks the worker once per TeX and builds the shown nodes from its HTML', async () => {
    const { typesetAhead, setTex } = await import('../../src/widgets/lib/tex.ts');
    const first = typesetAhead('w = 1');
    const again = typesetAhead('w = 1');
    expect(workers).toHaveLength(1);
    expect(workers[0].options).toMatchObject({ type: 'module' });
    expect(String(workers[0].url)).toMatch(/tex-worker/);
    // Both calls wait for one reply; nothing is typeset yet.
    expect(workers[0].sent.map((m) => m.tex)).toEqual(['w = 1', 'w = 1']);
    workers[0].answer();
    await expect(first).resolves.toBe(true);
    await expect(again).resolves.toBe(true);
    // Ready: asking again resolves at once without a message.
    await expect(typesetAhead('w = 1')).resolves.toBe(true);
    expect(workers[0].sent).toEqual([]);
    const panel = document.body.appendChild(document.createElement('div'));
    setTex(panel, 'w = 1');
    expect(panel.querySelector('.katex-display')!.classList.contains('from-worker')).toBe(true);
    // A TeX the worker never saw is typeset on the page.
    setTex(panel, 'v = 2');
    expect(panel.querySelector('[data-slot-tex="v = 2"] .katex-display')!.classList.contains('from-worker')).toBe(false);
  });

  it('a worker that fails resolves every waiting request false, and later ones at once without it', async () => {
    const { typesetAhead, setTex } = await import('../../src/widgets/lib/tex.ts');
    const waiting = typesetAhead('u = 3');
    workers[0].onerror?.(new Event('error'));
    await expect(waiting).resolves.toBe(false);
    expect(workers[0].terminated).toBe(true);
    await expect(typesetAhead('u = 4')).resolves.toBe(false);
    expect(workers).toHaveLength(1);
    // The page typesets them itself.
    const panel = document.body.appendChild(document.createElement('div'));
    setTex(panel, 'u = 3');
    expect(panel.textContent).toContain('u');
  });

  it('without Worker (an old browser, or tests) it resolves false and the page typesets', async () => {
    vi.stubGlobal('Worker', undefined);
    const { typesetAhead } = await import('../../src/widgets/lib/tex.ts');
    await expect(typesetAhead('t = 5')).resolves.toBe(false);
  });

  it("the worker script answers { id, tex } with { id, html } equal to the page's typesetting", async () => {
    const posted: unknown[] = [];
    const scope = { postMessage: (m: unknown) => posted.push(m), onmessage: null as ((e: MessageEvent) => void) | null };
    vi.stubGlobal('self', scope);
    await import('../../src/widgets/lib/tex-worker.ts');
    scope.onmessage!({ data: { id: 7, tex: '\\frac{1}{2}' } } as MessageEvent);
    expect(posted).toEqual([{ id: 7, html: texHtml('\\frac{1}{2}') }]);
  });
});
