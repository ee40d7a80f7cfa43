// @vitest-environment jsdom
/**
 * The <sw-lab> element in jsdom, rendered from the same markup Lab.astro serves, over the real
 * training host in this process and an in-memory run history: every control has an accessible
 * name; invalid input is refused at the control with a message naming the valid range (and Train
 * is disabled until it is fixed); and no button is dead: each enabled button, pressed, changes
 * something the learner can see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeFirst } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/load-node.ts';
import { tsBackend } from '../../src/nn/index.ts';
import { LAB_DEFAULTS, type LabSettings } from '../../src/state/lab-url.ts';
import { memoryBackend, openRunStore, type RunStore } from '../../src/state/run-store.ts';
import type { WorkerLike } from '../../src/train/client.ts';
import { createTrainingHost } from '../../src/train/host.ts';
import type { FromWorker, ToWorker } from '../../src/train/protocol.ts';
import { labMarkup } from '../../src/widgets/Lab/markup.ts';

/**
 * structuredClone that makes typed arrays of this realm: under jsdom, Node's structuredClone
 * returns Float32Arrays that fail `instanceof Float32Array` in the page's code (the browser has one realm).
 */
const sameRealmClone = <T>(value: T): T => {
  if (ArrayBuffer.isView(value)) return new (globalThis as unknown as Record<string, new (v: unknown) => T>)[value.constructor.name](value);
  if (Array.isArray(value)) return value.map(sameRealmClone) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sameRealmClone(v)])) as T;
  return value;
};
globalThis.structuredClone = sameRealmClone as typeof structuredClone;

const data = { train: takeFirst(loadMnist('train'), 300), test: takeFirst(loadMnist('test'), 200) };

class InProcessWorker implements WorkerLike {
  onmessage: ((event: { data: FromWorker }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  private dead = false;
  private host = createTrainingHost({
    post: (message) => {
      if (!this.dead) setTimeout(() => this.onmessage?.({ data: structuredClone(message) }), 0);
    },
    loadData: async (_b, progress) => (progress(1, 1), data),
    loadBackend: async () => tsBackend,
    yieldThen: (next) => setTimeout(next, 0),
  });
  postMessage(message: ToWorker): void {
    if (!this.dead) void this.host.receive(structuredClone(message));
  }
  terminate(): void {
    this.dead = true;
  }
}

const settings: LabSettings = { ...LAB_DEFAULTS, hidden: [8], batchSize: 1, epochs: 50, trainSize: 300 };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const until = async (what: () => boolean, label: string, timeout = 30_000): Promise<void> => {
  const started = Date.now();
  while (!what()) {
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${label}; the lab says “${document.querySelector('.sw-lab-status')?.textContent}” ${document.querySelector('.sw-history-notes')?.textContent} ${document.querySelector('.sw-history-list')?.textContent}`);
    await sleep(10);
  }
};

let root: HTMLElement;
let store: RunStore;
const downloads: string[] = [];
const q = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
const button = (text: string | RegExp) => {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => (typeof text === 'string' ? b.textContent === text : text.test(b.textContent ?? '')));
  if (!found) throw new Error(`no button ${text}`);
  return found;
};
const status = () => q('.sw-lab-status').textContent ?? '';
/** The accessible name as the accessibility tree computes it for these simple cases. */
function accessibleName(el: HTMLElement): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  if (el.id) {
    const label = root.querySelector(`label[for="${el.id}"]`);
    if (label) return (label.textContent ?? '').trim();
  }
  const wrapping = el.closest('label');
  if (wrapping) return (wrapping.textContent ?? '').trim();
  return el instanceof HTMLButtonElement ? (el.textContent ?? '').trim() : '';
}
const typeInto = (name: string, value: string) => {
  const input = q<HTMLInputElement>(`[name="${name}"]`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return input;
};
const message = (name: string) => document.getElementById(q(`[name="${name}"]`).getAttribute('aria-describedby')!)!.textContent;

beforeAll(async () => {
  // What jsdom lacks: canvas drawing, layout observers, animation frames, object URLs.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = class { observe() {} disconnect() {} };
  globalThis.requestAnimationFrame = (callback) => setTimeout(() => callback(performance.now()), 0) as unknown as number;
  globalThis.cancelAnimationFrame = (handle) => clearTimeout(handle);
  URL.createObjectURL = (blob: Blob) => (downloads.push(blob.type), `blob:${downloads.length}`);
  URL.revokeObjectURL = () => undefined;
  HTMLAnchorElement.prototype.click = function () {};
  HTMLFormElement.prototype.requestSubmit ??= function (this: HTMLFormElement) { this.dispatchEvent(new Event('submit', { cancelable: true })); };
  const { labDependencies } = await import('../../src/widgets/Lab/element.ts');
  store = openRunStore(memoryBackend());
  labDependencies.createWorker = () => new InProcessWorker() as never;
  labDependencies.openStore = () => store;
  root = document.createElement('sw-lab');
  root.dataset.preset = JSON.stringify(settings);
  root.dataset.url = 'false';
  root.innerHTML = labMarkup({ id: 'lab', settings, history: true, inside: true });
  document.body.append(root);
  await sleep(20);
});
afterAll(() => root.remove());

describe('the lab element (jsdom)', () => {
  it('every control has an accessible name', () => {
    const controls = [...root.querySelectorAll<HTMLElement>('input, select, button, progress')];
    expect(controls.length).toBeGreaterThanOrEqual(18);
    const unnamed = controls.filter((c) => accessibleName(c) === '').map((c) => c.outerHTML.slice(0, 80));
    expect(unnamed).toEqual([]);
    expect(accessibleName(q('[name="learningRate"]'))).toBe('Learning rate η');
    expect(accessibleName(q('[name="lr-slider"]'))).toBe('Learning rate on a log scale, 0.0001 to 10');
    expect(accessibleName(q('[name="trainSize"]'))).toBe('Training digits');
  });

  it('refuses invalid input at the control with a message naming the valid range, and Train waits until it is fixed', async () => {
    const cases: [string, string, string][] = [
      ['learningRate', 'NaN', 'The learning rate must be a number from 0.0001 to 100, e.g. 0.001 or 1e-3.'],
      ['learningRate', '-1', 'The learning rate must be a number from 0.0001 to 100, e.g. 0.001 or 1e-3.'],
      ['learningRate', '1e9', 'The learning rate must be a number from 0.0001 to 100, e.g. 0.001 or 1e-3.'],
      ['batchSize', '0', 'The batch size must be from 1 to 1024 (got 0).'],
      ['epochs', '51', 'Epochs must be from 1 to 50 (got 51).'],
      ['hidden', '2000', 'Hidden layers: up to 4 widths from 1 to 1024, separated by commas, e.g. 128 or 256,128 (or 0 for none).'],
      ['seed', '-1', 'The seed must be a whole number from 0 to 4294967295.'],
      ['trainSize', '99', 'Training digits must be from 100 to 60000 (got 99).'],
    ];
    for (const [name, bad, expected] of cases) {
      const hint = message(name);
      const input = typeInto(name, bad);
      await sleep(5);
      expect(input.getAttribute('aria-invalid'), `${name} = ${bad}`).toBe('true');
      expect(message(name)).toBe(expected);
      expect(button('Train').disabled).toBe(true);
      typeInto(name, name === 'learningRate' ? '0.001' : name === 'hidden' ? '8' : String(settings[name as keyof LabSettings]));
      await sleep(5);
      expect(input.hasAttribute('aria-invalid')).toBe(false);
      expect(message(name)).toBe(hint);
      expect(button('Train').disabled).toBe(false);
    }
    // η = 50 is allowed (it diverges, and the lab explains why); the slider (1e-4 to 10) follows the text.
    typeInto('learningRate', '50');
    expect(q<HTMLInputElement>('[name="learningRate"]').hasAttribute('aria-invalid')).toBe(false);
    expect(q<HTMLInputElement>('[name="lr-slider"]').value).toBe('1');
    typeInto('learningRate', '0.1');
    expect(q<HTMLInputElement>('[name="lr-slider"]').value).toBe('-1');
    typeInto('learningRate', '0.001');
  });

  it('no dead buttons: Train, Pause, Resume, Use this η now, Stop, and every history button do what they say', async () => {
    expect(button('Pause').disabled && button('Stop').disabled && button('Use this η now').disabled).toBe(true);
    q<HTMLFormElement>('form').requestSubmit();
    await until(() => status().startsWith('Training.'), 'training');
    await until(() => !button('Pause').disabled, 'Pause enabled');
    expect(button(/^Train again/).disabled).toBe(false);
    button('Pause').click();
    await until(() => status().startsWith('Paused.'), 'paused');
    expect(button('Resume').disabled).toBe(false);
    button('Resume').click();
    await until(() => status().startsWith('Training.'), 'resumed');
    typeInto('learningRate', '0.002');
    button('Use this η now').click();
    await until(() => (q('.sw-lab-curves').textContent ?? '').includes('η → 0.002') || q('.sw-lab-curves svg .sw-lr-change') !== null, 'the η change marked on the curve');
    button('Stop').click();
    await until(() => status().startsWith('Stopped: test accuracy at that point'), 'stopped');
    await until(() => root.querySelectorAll('.sw-history-item').length === 1, 'the run in the history');
    expect(button('Pause').disabled && button('Stop').disabled).toBe(true);

    const item = () => q('.sw-history-item');
    const inItem = (text: string) => [...item().querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text)!;
    // Overlay: ticking draws the kept run's curve next to the live one.
    const box = item().querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box.checked = true;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => root.querySelectorAll('.sw-curves-legend .sw-run-key').length >= 1, 'the overlay legend');
    // Rename.
    item().querySelector<HTMLInputElement>('input[type="text"]')!.value = 'my first run';
    inItem('Rename').click();
    let names: string[] = [];
    await until(() => (void store.list().then(({ runs }) => (names = runs.map((r) => r.name))), names[0] === 'my first run'), 'rename');
    // Downloads: metrics, weights, everything.
    downloads.length = 0;
    inItem('Metrics (CSV)').click();
    await until(() => downloads.length === 1, 'the CSV download');
    inItem('Weights (JSON)').click();
    await until(() => downloads.length === 2, 'the weights download');
    button('Export all runs (JSON)').click();
    await until(() => downloads.length === 3, 'the export');
    expect(downloads).toEqual(['text/csv', 'application/json', 'application/json']);
    // Use these settings: the controls take the run's (η was changed in the field since).
    typeInto('learningRate', '0.5');
    inItem('Use these settings').click();
    await until(() => q<HTMLInputElement>('[name="learningRate"]').value === '0.001', 'the run’s settings back in the controls');
    // Delete.
    inItem('Delete').click();
    await until(() => root.querySelectorAll('.sw-history-item').length === 0, 'delete');
    expect((await store.list()).runs).toEqual([]);
  });
});
