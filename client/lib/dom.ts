// The page's own elements: their ids carry the `lectern-` prefix, a namespace slide authors
// cannot use (server/deck/sanitize.ts), so no slide markup can stand in for them.

/** The page element `lectern-<id>`; every caller asks for one its page's markup has. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(`lectern-${id}`) as T;

/** A new element with its class and, if given, its text (never markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
