// Raw `<section>` elements in a slide's markdown. reveal.js puts a markdown slide's HTML inside
// its own <section>, so `<section>`s written at the top level of a slide become slides of their
// own: the slide turns into a vertical stack of them (decks use this for auto-animate steps).
// Here they become vertical slides, each with its section's attributes; what stands before the
// first section (a heading over all of them, as reveal.js shows it) starts each of them, and
// what stands after a section ends it. Deeper sections are left to the sanitizer (their
// content stays, the tags go).
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isTag, isText } from 'domutils';
import type { ChildNode, Element } from 'domhandler';
import type { AttributePairs } from './attributes.ts';

export interface RawSection {
  /** Unsanitized HTML of the section's slide. */
  html: string;
  /** The <section>'s own attributes (unsanitized). */
  attributes: AttributePairs;
}

/** The top-level sections of a slide's HTML, or null when it has none. */
export function splitSections(html: string): RawSection[] | null {
  if (!/<section\b/i.test(html)) return null;
  const doc = parseDocument(html);
  const isSection = (node: ChildNode): node is Element => isTag(node) && node.name === 'section';
  const first = doc.children.findIndex(isSection);
  if (first === -1) return null;
  const lead = doc.children.slice(0, first).filter((node) => !(isText(node) && !node.data.trim()));
  const leadHtml = render(lead, { encodeEntities: 'utf8' });
  const sections: Array<{ element: Element; after: ChildNode[] }> = [];
  for (const node of doc.children.slice(first)) {
    if (isSection(node)) sections.push({ element: node, after: [] });
    else sections[sections.length - 1]!.after.push(node); // the slice starts with a section
  }
  return sections.map(({ element, after }) => ({
    html: [leadHtml, render(element.children, { encodeEntities: 'utf8' }), render(after, { encodeEntities: 'utf8' })].map((p) => p.trim()).filter(Boolean).join('\n'),
    attributes: Object.entries(element.attribs),
  }));
}
