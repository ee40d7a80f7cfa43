/**
 * The 100-digit sample, loaded once per page and shared by every widget on it. Loading is a
 * small store: widgets subscribe and get `loading`, `ready` or `error` (with a message to show).
 */
import type { Dataset } from '../data/dataset.ts';
import { loadDataset } from '../data/load-browser.ts';
import { createStore, type Store } from './store.ts';

export type SampleState =
  | { status: 'loading'; loaded: number; total: number }
  | { status: 'ready'; sample: Dataset }
  | { status: 'error'; message: string };

let sampleStore: Store<SampleState> | undefined;

/** The page's sample store; the first call starts the download. */
export function sampleState(): Store<SampleState> {
  if (sampleStore) return sampleStore;
  const store = createStore<SampleState>({ status: 'loading', loaded: 0, total: 0 });
  sampleStore = store;
  loadDataset('sample', { onProgress: ({ loaded, total }) => store.set({ status: 'loading', loaded, total }) })
    .then((sample) => store.set({ status: 'ready', sample }))
    .catch((error: Error) => store.set({ status: 'error', message: error.message }));
  return store;
}
