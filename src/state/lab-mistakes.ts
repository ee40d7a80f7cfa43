/**
 * The lab page's mistakes section: hidden (and its widgets not even created, so the test digits
 * are not fetched) until the run history holds a run with weights; then its template's widgets are
 * put in the page once. The widgets follow the newest run themselves (trained.ts).
 */
import { openRunStore, type RunStore } from './run-store.ts';

/** Shows `section` (filling it from its `<template>`) once `store` has a run with weights. Returns a stop function. */
export function showWhenTrained(section: HTMLElement | null, store: RunStore | null = typeof indexedDB === 'undefined' ? null : openRunStore()): () => void {
  const template = section?.querySelector('template');
  if (!section || !template || !store) return () => undefined;
  let shown = false;
  let stop: () => void = () => undefined;
  const look = async (): Promise<void> => {
    if (shown) return;
    const { runs } = await store.list();
    if (shown || !runs.some((r) => r.net !== null || r.hasWeights)) return;
    shown = true;
    section.append(template.content.cloneNode(true));
    template.remove();
    section.hidden = false;
    stop();
  };
  stop = store.subscribe(() => void look());
  void look();
  return () => stop();
}
