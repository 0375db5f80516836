// After layout every character of the printed text is checked for a font that draws it (the
// print bundle's theme fonts carry faces for other scripts: scripts/print-fonts.ts), so the
// exporter can name the ones that would print as "no glyph" boxes instead of printing them
// silently.
import { MAX_MISSING_GLYPHS, type MissingGlyph } from '../../shared/print.ts';

/** Characters worth checking: letters, digits, punctuation and symbols beyond ASCII (theme fonts all have ASCII). */
const CHECKED = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** A code point no font maps (the last of the supplementary private use area B): it draws as "no glyph". */
const NO_GLYPH = '\u{10FFFD}';

/** Draws characters in a font and compares them with the font's "no glyph" box. */
class GlyphProbe {
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;
  private readonly boxes = new Map<string, { width: number; pixels: Uint8ClampedArray }>();

  constructor() {
    this.canvas.width = 96;
    this.canvas.height = 64;
    this.context = this.canvas.getContext('2d', { willReadFrequently: true })!;
  }

  private draw(font: string, text: string): { width: number; pixels: Uint8ClampedArray } {
    const c = this.context;
    c.clearRect(0, 0, this.canvas.width, this.canvas.height);
    c.font = font;
    c.fillText(text, 8, 44);
    return { width: c.measureText(text).width, pixels: c.getImageData(0, 0, this.canvas.width, this.canvas.height).data };
  }

  /** True when `char` in `font` (the script faces and the system's fonts included) draws as the "no glyph" box. */
  missing(font: string, char: string): boolean {
    let box = this.boxes.get(font);
    if (!box) {
      box = this.draw(font, NO_GLYPH);
      this.boxes.set(font, box);
    }
    if (box.width === 0) return false;
    // Most characters differ from the box in width already: measuring is far cheaper than drawing.
    this.context.font = font;
    if (Math.abs(this.context.measureText(char).width - box.width) > 0.01) return false;
    const drawn = this.draw(font, char);
    for (let i = 0; i < drawn.pixels.length; i++) if (drawn.pixels[i] !== box.pixels[i]) return false;
    return true;
  }
}

/**
 * The characters of the printed text that no font could draw, with the slide numbers they are
 * on. `slideOf(page)` numbers each printed page. Text of elements not shown is skipped.
 */
export function missingGlyphs(pages: Element[], slideOf: (page: Element) => number | undefined): MissingGlyph[] {
  const fonts = new Map<Element, string | undefined>();
  const fontOf = (element: Element): string | undefined => {
    if (fonts.has(element)) return fonts.get(element);
    const shown = element.checkVisibility ? element.checkVisibility() : true;
    const style = getComputedStyle(element);
    const font = shown ? `${style.fontStyle} ${style.fontWeight} 32px ${style.fontFamily}` : undefined;
    fonts.set(element, font);
    return font;
  };
  const found = new Map<string, Map<string, Set<number>>>();
  for (const page of pages) {
    const slide = slideOf(page);
    const walker = document.createTreeWalker(page, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? '';
      if (!/[^\x00-\x7e]/.test(text) || !node.parentElement) continue;
      const font = fontOf(node.parentElement);
      if (!font) continue;
      for (const char of text) {
        if (char.charCodeAt(0) <= 0x7e || !CHECKED.test(char)) continue;
        const chars = found.get(font) ?? found.set(font, new Map()).get(font)!;
        const slides = chars.get(char) ?? chars.set(char, new Set()).get(char)!;
        if (slide !== undefined) slides.add(slide);
      }
    }
  }
  const probe = new GlyphProbe();
  const missing = new Map<string, Set<number>>();
  for (const [font, chars] of found) {
    for (const [char, slides] of chars) {
      if (!probe.missing(font, char)) continue;
      const all = missing.get(char) ?? missing.set(char, new Set()).get(char)!;
      for (const n of slides) all.add(n);
    }
  }
  return [...missing]
    .slice(0, MAX_MISSING_GLYPHS)
    .map(([char, slides]) => ({ char, slides: [...slides].sort((a, b) => a - b) }));
}
