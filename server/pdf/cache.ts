// The server's PDF cache: finished PDFs by deck content hash and options, least recently used
// first out, bounded in bytes. An edited deck has a new hash, so its old PDFs are dropped as
// soon as the new one is stored (and would never be served anyway).

export interface CachedPdf {
  pdf: Uint8Array;
  pages: number;
  etag: string;
  /** `X-Lectern-Missing-Glyphs`: code points no font could draw (server/pdf/fonts.ts). */
  missingGlyphs?: string;
}

export class PdfCache {
  private readonly entries = new Map<string, CachedPdf & { family: string }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** `family` groups the versions of one deck and options ("slug|options"); `hash` is the version. */
  static key(family: string, hash: string): string {
    return `${family}|${hash}`;
  }

  get(key: string): CachedPdf | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-insert: Map order is the LRU order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(family: string, hash: string, value: CachedPdf): void {
    if (value.pdf.byteLength > this.maxBytes / 4) return; // one huge deck must not flush the rest
    for (const [key, entry] of this.entries) {
      if (entry.family === family) this.delete(key);
    }
    this.entries.set(PdfCache.key(family, hash), { ...value, family });
    this.bytes += value.pdf.byteLength;
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.pdf.byteLength;
    this.entries.delete(key);
  }
}
