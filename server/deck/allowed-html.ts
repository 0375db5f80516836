// What slide HTML may hold, as sanitize.ts's allow-lists: the elements and attributes of
// HTML, SVG and KaTeX's MathML that stay, the elements dropped with their content, and the
// attributes that carry a URL and so have their values checked.
export const SVG_TAGS = [
  'svg', 'g', 'path', 'circle', 'rect', 'line', 'polyline', 'polygon', 'ellipse', 'text', 'tspan',
  'defs', 'lineargradient', 'radialgradient', 'stop', 'use', 'symbol', 'marker',
];

// htmlparser2 lowercases names; the browser's HTML parser restores SVG's camelCase
// (viewbox -> viewBox, lineargradient -> linearGradient) when it reads the output.
const SVG_ATTRIBUTES = [
  'viewbox', 'xmlns', 'xmlns:xlink', 'preserveaspectratio', 'width', 'height', 'x', 'y', 'x1', 'y1',
  'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points', 'pathlength', 'transform',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'stroke-miterlimit', 'opacity',
  'clip-rule', 'color', 'visibility', 'display', 'vector-effect', 'shape-rendering', 'paint-order',
  'font-size', 'font-family', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline',
  'alignment-baseline', 'letter-spacing', 'dx', 'dy', 'rotate', 'textlength', 'lengthadjust',
  'offset', 'stop-color', 'stop-opacity', 'gradientunits', 'gradienttransform', 'spreadmethod',
  'href', 'xlink:href', 'marker-start', 'marker-mid', 'marker-end', 'markerwidth', 'markerheight',
  'markerunits', 'refx', 'refy', 'orient', 'focusable',
];

/** The MathML elements KaTeX emits (its MathNode types), and nothing else of MathML. */
const MATHML_TAGS = [
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mn', 'mo', 'mtext', 'mspace', 'msup', 'msub', 'msubsup',
  'mfrac', 'msqrt', 'mroot', 'mstyle', 'mtable', 'mtr', 'mtd', 'mlabeledtr', 'mover', 'munder', 'munderover',
  'mpadded', 'mphantom', 'menclose', 'none',
];

/** MathML presentation attributes KaTeX sets (inert on other elements, like the SVG ones below). */
const MATHML_ATTRIBUTES = [
  'display', 'encoding', 'mathvariant', 'mathsize', 'mathcolor', 'mathbackground', 'stretchy', 'fence',
  'separator', 'lspace', 'rspace', 'minsize', 'maxsize', 'symmetric', 'largeop', 'movablelimits', 'accent',
  'accentunder', 'linethickness', 'scriptlevel', 'displaystyle', 'columnalign', 'columnlines', 'columnspacing',
  'rowlines', 'rowspacing', 'rowalign', 'frame', 'framespacing', 'notation', 'depth', 'voffset', 'linebreak',
];

const HTML_TAGS = [
  'address', 'article', 'aside', 'footer', 'header', 'hgroup',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'hr', 'li', 'ol', 'p', 'pre', 'ul',
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'i', 'kbd', 'mark', 'q',
  'rb', 'rp', 'rt', 'rtc', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
  'var', 'wbr', 'del', 'ins',
  'caption', 'col', 'colgroup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr',
  'img', 'picture', 'source', 'video', 'audio', 'track', 'iframe',
  'details', 'summary',
  // Only as GFM task-list checkboxes; see transformInput.
  'input',
];

export const ALLOWED_TAGS = [...HTML_TAGS, ...SVG_TAGS, ...MATHML_TAGS];

/** Disallowed tags whose content goes too (raw text, foreign content, active content). */
export const NON_TEXT_TAGS = [
  'script', 'style', 'textarea', 'option', 'select', 'xmp', 'noscript', 'noembed', 'noframes',
  'template', 'title', 'annotation-xml', 'mglyph', 'maction', 'object', 'embed', 'applet', 'plaintext', 'frameset', 'head',
  'foreignobject', 'animate', 'set', 'animatemotion', 'animatetransform',
];

const GLOBAL_ATTRIBUTES = ['class', 'id', 'style', 'title', 'lang', 'dir', 'role', 'hidden', 'data-*', 'aria-*'];

// SVG's presentational attributes are allowed on every element rather than per SVG tag:
// they are inert on HTML elements, and sanitize-html rebuilds its per-tag tables on every
// call, so 18 copies of this list cost more than the rest of the sanitizing (~2x slower).
// URL-bearing ones (href, xlink:href) are still scheme-checked everywhere.
export const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': [...GLOBAL_ATTRIBUTES, ...SVG_ATTRIBUTES, ...MATHML_ATTRIBUTES],
  a: ['href', 'target', 'rel', 'hreflang'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding'],
  video: ['src', 'poster', 'controls', 'autoplay', 'loop', 'muted', 'playsinline', 'preload', 'width', 'height'],
  audio: ['src', 'controls', 'autoplay', 'loop', 'muted', 'preload'],
  source: ['src', 'srcset', 'sizes', 'type', 'media'],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  iframe: ['src', 'width', 'height', 'allow', 'allowfullscreen', 'loading', 'frameborder', 'referrerpolicy', 'sandbox'],
  td: ['colspan', 'rowspan', 'align', 'valign', 'headers'],
  th: ['colspan', 'rowspan', 'align', 'valign', 'headers', 'scope'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  details: ['open'],
  time: ['datetime'],
  data: ['value'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  input: ['type', 'checked', 'disabled'],
};

/** Attributes holding a URL (besides data-*, which are all checked). */
export const URL_ATTRIBUTES = new Set([
  'href', 'src', 'srcset', 'cite', 'action', 'formaction', 'poster', 'background', 'xlink:href',
  'data', 'ping', 'longdesc', 'usemap', 'codebase', 'manifest', 'lowsrc', 'dynsrc',
]);

/**
 * reveal.js attributes that would load and render unsanitized content on the client, open an
 * unsandboxed frame over the deck (`data-preview-link`: the link still opens as a link), and
 * speaker notes (`data-notes`), which are private.
 */
export const FORBIDDEN_DATA_ATTRIBUTE = /^data-(?:markdown|external|external-replace|notes|preview-link)$/;
