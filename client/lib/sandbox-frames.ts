// reveal.js creates the iframes of `data-background-iframe` slides itself, without a sandbox,
// setting their src in the same task it inserts them. A frame's sandbox flags are taken when a
// navigation starts, and navigations start after the task: so each such frame gets the deck
// sandbox here and its src set again, and the document it commits is sandboxed like every slide
// <iframe> the sanitizer lets through.
import { IFRAME_SANDBOX } from '../../shared/embeds.ts';

function sandbox(frame: HTMLIFrameElement): void {
  if (frame.getAttribute('sandbox') === IFRAME_SANDBOX) return;
  frame.setAttribute('sandbox', IFRAME_SANDBOX);
  const src = frame.getAttribute('src');
  if (src) frame.setAttribute('src', src);
}

/** Sandboxes every iframe that appears (or gets a src) under `root`, from now on. */
export function sandboxFrames(root: HTMLElement): void {
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.target instanceof HTMLIFrameElement) sandbox(record.target);
      for (const node of record.addedNodes) {
        if (node instanceof HTMLIFrameElement) sandbox(node);
        else if (node instanceof HTMLElement) node.querySelectorAll('iframe').forEach(sandbox);
      }
    }
  }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
}
