/**
 * The training worker: a thin shell that wires the browser (fetch + Cache Storage, the kernel
 * backend, postMessage) to the host in `host.ts`, where all the logic lives and is tested.
 */
import { loadKernelBackend } from '../data/kernels-browser.ts';
import { loadDataset } from '../data/load-browser.ts';
import { createTrainingHost } from './host.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const host = createTrainingHost({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  loadData: async (baseUrl, onProgress) => {
    // Train and test download together; progress is their sum, at most ten messages a second.
    const parts = { train: { loaded: 0, total: 0 }, test: { loaded: 0, total: 0 } };
    let last = 0;
    const report = (force = false): void => {
      const now = performance.now();
      if (!force && now - last < 100) return;
      last = now;
      // A total only once both sizes are known: a sum of one file's size grew mid-download (9.2 → 10.7 MB)
      // when the other's arrived. Until then the lab reads "… of ? bytes".
      const known = parts.train.total > 0 && parts.test.total > 0;
      onProgress(parts.train.loaded + parts.test.loaded, known ? parts.train.total + parts.test.total : 0);
    };
    // One failed file ends the other downloads too, so no progress trails the error.
    const abort = new AbortController();
    const load = (name: 'train' | 'test') =>
      loadDataset(name, { baseUrl, cache: true, signal: abort.signal, onProgress: (p) => (abort.signal.aborted ? undefined : ((parts[name] = p), report())) }).catch((error: Error) => {
        abort.abort();
        throw error;
      });
    const [train, test] = await Promise.all([load('train'), load('test')]);
    report(true);
    return { train, test };
  },
  loadBackend: loadKernelBackend,
});

scope.onmessage = (event) => void host.receive(event.data);
