/** Every DOM mutation under `root` that `change` makes (attributes, children, text). */
export async function mutationsOf(root: Element, change: () => void): Promise<MutationRecord[]> {
  const seen: MutationRecord[] = [];
  const observer = new MutationObserver((records) => seen.push(...records));
  observer.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
  change();
  await Promise.resolve();
  observer.disconnect();
  return seen;
}
