// subset-font ships no declarations: the part of its API scripts/print-fonts.ts uses.
declare module 'subset-font' {
  interface SubsetOptions {
    targetFormat?: 'truetype' | 'woff' | 'woff2' | 'sfnt';
    /** Keep every glyph (the text must then be null). */
    keepAllGlyphs?: boolean;
    /** Axis tag → a value to pin it to (an instance), or a range to keep. */
    variationAxes?: Record<string, number | { min: number; max: number; default?: number }>;
  }
  export default function subsetFont(font: Uint8Array, text: string | null, options?: SubsetOptions): Promise<Buffer>;
}
