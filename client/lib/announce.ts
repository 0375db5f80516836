// Each slide a follower's page lands on, read out to screen readers once: its title, then its
// text, images by their alt text, through one polite live region (the reader's focus never
// moves). A fragment shown on a live move is read out on its own. reveal.js's own status region
// is silenced, so a move is not announced twice.
import type { RevealApi } from 'reveal.js';

/** What a slide's copy never reads out: notes, the footer, fragments not shown yet. */
const SKIPPED = 'aside.notes, .slide-footer, script, style, template, .fragment:not(.visible)';

function textOf(node: Node, parts: string[], skip?: Node | null): void {
  if (node === skip) return;
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.textContent?.replace(/\s+/g, ' ').trim();
    if (text) parts.push(text);
    return;
  }
  if (!(node instanceof Element)) return;
  if (node.matches(SKIPPED) || node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('hidden')) return;
  if (node instanceof HTMLImageElement) {
    const alt = node.alt.trim();
    if (alt) parts.push(`Image: ${alt}`);
    return;
  }
  const label = node.getAttribute('aria-label')?.trim();
  if (label && node.getAttribute('role') === 'img') {
    parts.push(`Image: ${label}`);
    return;
  }
  // Block elements end a sentence; inline ones run on.
  const block = /^(P|LI|H[1-6]|BLOCKQUOTE|PRE|TD|TH|FIGCAPTION|DT|DD)$/.test(node.tagName);
  const inner: string[] = [];
  for (const child of node.childNodes) textOf(child, inner, skip);
  if (inner.length === 0) return;
  if (block) parts.push(sentence(inner.join(' ')));
  else parts.push(...inner);
}

const sentence = (s: string) => (/[.!?:…]$/.test(s) ? s : `${s}.`);

/** "Title. Text. Image: alt." for a slide's <section>, or for one fragment. */
export function spokenText(element: Element): string {
  const heading = element.matches('section') ? element.querySelector('h1, h2, h3, h4, h5, h6') : null;
  const parts: string[] = [];
  if (heading) textOf(heading, parts);
  textOf(element, parts, heading);
  return parts.map(sentence).join(' ');
}

export class SlideAnnouncer {
  readonly region: HTMLElement;

  constructor(private readonly deck: RevealApi) {
    this.region = document.createElement('div');
    this.region.id = 'lectern-announce';
    this.region.className = 'visually-hidden';
    this.region.setAttribute('aria-live', 'polite');
    this.region.setAttribute('aria-atomic', 'true');
    document.body.append(this.region);
    deck.getRevealElement()?.querySelector('.aria-status')?.setAttribute('aria-live', 'off');
    deck.on('slidechanged', () => this.slide());
    deck.on('fragmentshown', (event) => {
      const fragment = (event as unknown as { fragment?: Element }).fragment;
      if (fragment) this.say(spokenText(fragment));
    });
  }

  /** Reads out the slide on show. */
  slide(): void {
    const current = this.deck.getCurrentSlide();
    if (current) this.say(spokenText(current));
  }

  private say(text: string): void {
    if (!text) return;
    // The same words again (a fragment hidden and shown) are still a new announcement.
    this.region.textContent = this.region.textContent === text ? `${text}\u00a0` : text;
  }
}
