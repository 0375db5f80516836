// reveal.js attribute comments, applied on the HTML that marked produced, with the same
// semantics as reveal.js's markdown plugin but without a browser DOM:
//
//   <!-- .slide: data-background-color="#000" class="x" -->  -> attributes of the slide's <section>
//   <!-- .element: class="fragment" -->                       -> the nearest previous sibling element
//                                                                 of the comment (<br> skipped), else
//                                                                 its parent element; at the top level
//                                                                 of a slide with nothing before it,
//                                                                 the slide itself (as reveal.js does)
//
// `<aside class="notes">` in a slide body is reveal.js's other way to write speaker notes, and
// `data-notes="…"` its third (on the slide, `<!-- .slide: data-notes="…" -->`, or on any
// element): both are moved out of the body here, so notes never reach the audience. An attribute's
// notes are text, as reveal.js shows them: escaped, line breaks kept.
//
// Nothing here is trusted: the result still goes through sanitize.ts.
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isComment, isTag, isText } from 'domutils';
import { Element, Text, type ChildNode, type ParentNode } from 'domhandler';
import { mergeClasses } from './sanitize.ts';

const SLIDE_COMMENT = /^\s*\.slide\b:?([\s\S]*)$/;
const ELEMENT_COMMENT = /^\s*\.element\b:?([\s\S]*)$/;
const NOTES_ATTRIBUTE = 'data-notes';

export type AttributePairs = Array<[string, string]>;

/**
 * Parses `class="a" data-x='1' data-flag` the way an HTML start tag is parsed: names are
 * lowercased, entities in values decoded, bare names get "". The first of a repeated name wins.
 */
export function parseAttributeList(text: string): AttributePairs {
  const source = text.trim();
  if (!source) return [];
  const doc = parseDocument(`<lectern-attributes ${source}>`);
  const element = doc.children[0];
  if (!element || !isTag(element)) return [];
  return Object.entries(element.attribs);
}

export interface AppliedAttributes {
  /** The HTML with `.slide`/`.element` comments removed and `.element` attributes applied. */
  html: string;
  /** Attributes for the slide's <section>, in source order (unsanitized). */
  slideAttributes: AttributePairs;
  /** Inner HTML of each `<aside class="notes">` and `data-notes` removed from the body (unsanitized). */
  notes: string[];
}

/** Applies reveal.js attribute comments found in `html`. Pure. */
export function applyAttributeComments(html: string): AppliedAttributes {
  // Most slides have neither; skip the parse/serialize round trip for them.
  if (!html.includes('<!--') && !/<aside\b|data-notes/i.test(html)) return { html, slideAttributes: [], notes: [] };
  const doc = parseDocument(html);
  const result: AppliedAttributes = { html: '', slideAttributes: [], notes: [] };
  walk(doc, result);
  result.html = render(doc, { encodeEntities: 'utf8' });
  return result;
}

// One pass over each parent's children, removing what goes in one rebuild of the list at the
// end: removing nodes one at a time (domutils' removeElement searches and splices the array)
// and looking back for the previous element at each comment would both be quadratic in a
// paragraph of 100,000 commented lines.
function walk(parent: ParentNode, result: AppliedAttributes): void {
  const removed = new Set<ChildNode>();
  // The nearest previous sibling element still in place (<br> skipped), as reveal.js looks back.
  let previous: Element | null = null;
  for (const node of parent.children) {
    if (isComment(node)) {
      const slide = SLIDE_COMMENT.exec(node.data);
      if (slide) {
        result.slideAttributes.push(...withoutNotes(parseAttributeList(slide[1]!), result));
        removed.add(node);
        continue;
      }
      const element = ELEMENT_COMMENT.exec(node.data);
      if (element) {
        const attributes = withoutNotes(parseAttributeList(element[1]!), result);
        const target = previous ?? (isTag(parent) ? parent : null);
        if (target) applyTo(target, attributes);
        else result.slideAttributes.push(...attributes);
        removed.add(node);
      }
    } else if (isTag(node)) {
      if (node.name === 'aside' && hasClass(node, 'notes')) {
        result.notes.push(render(node.children, { encodeEntities: 'utf8' }));
        removed.add(node);
        continue;
      }
      if (NOTES_ATTRIBUTE in node.attribs) {
        result.notes.push(textNotes(node.attribs[NOTES_ATTRIBUTE]));
        delete node.attribs[NOTES_ATTRIBUTE];
      }
      walk(node, result);
      if (node.name !== 'br') previous = node;
    }
  }
  if (removed.size > 0) removeChildren(parent, removed);
}

/** The attributes but `data-notes`, whose text goes to the notes. */
function withoutNotes(attributes: AttributePairs, result: AppliedAttributes): AttributePairs {
  return attributes.filter(([name, value]) => {
    if (name !== NOTES_ATTRIBUTE) return true;
    result.notes.push(textNotes(value));
    return false;
  });
}

/** Notes written as an attribute: text, not markup (as reveal.js's notes plugin shows them). */
function textNotes(text: string): string {
  const paragraph = new Element('p', { style: 'white-space: pre-wrap' }, [new Text(text.trim())]);
  return text.trim() ? render(paragraph, { encodeEntities: 'utf8' }) : '';
}

/**
 * Removes `removed` from `parent`'s children in one pass. A comment that ended its parent
 * ("Title <!-- .element: -->") takes the space left before it too.
 */
function removeChildren(parent: ParentNode, removed: ReadonlySet<ChildNode>): void {
  const children = parent.children;
  const last = children[children.length - 1];
  const kept = children.filter((child) => !removed.has(child));
  for (const child of removed) {
    child.parent = null;
    child.prev = null;
    child.next = null;
  }
  kept.forEach((child, i) => {
    child.prev = kept[i - 1] ?? null;
    child.next = kept[i + 1] ?? null;
  });
  parent.children = kept;
  const end = kept[kept.length - 1];
  if (last !== undefined && isComment(last) && removed.has(last) && end && isText(end)) end.data = end.data.trimEnd();
}

function hasClass(element: Element, name: string): boolean {
  return (element.attribs.class ?? '').split(/\s+/).includes(name);
}

function applyTo(element: Element, attributes: AttributePairs): void {
  for (const [name, value] of attributes) {
    if (name === 'class') element.attribs.class = mergeClasses(element.attribs.class ?? '', value);
    else element.attribs[name] = value;
  }
}
