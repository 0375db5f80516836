// Files served beside a folder deck (by the public app and by the PDF exporter's own server):
// which types, and how a request path is kept inside the deck's folder.
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Never markdown (a deck's index.md holds its speaker notes), nor CSS: a deck's stylesheets reach
 * a page only sanitized and scoped (server/deck/stylesheet.ts, /decks/<slug>/lectern-deck.css).
 */
export const DECK_ASSET_TYPES: ReadonlySet<string> = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp', '.avif', '.ico',
  '.mp4', '.webm', '.mp3', '.ogg', '.wav',
  '.woff2', '.woff', '.ttf', '.otf',
  '.txt', '.csv', '.json',
]);

/**
 * What a deck file's neighbours may be served as (DeckStore fileDeckAssets): the folder is the
 * speaker's own, with whatever else they keep there, so only what a slide shows (images, media,
 * fonts, styles) and no data files (.txt, .csv, .json).
 */
export const NEIGHBOUR_ASSET_TYPES: ReadonlySet<string> = new Set([...DECK_ASSET_TYPES].filter((ext) => !['.txt', '.csv', '.json'].includes(ext)));

/** No empty, hidden, "." or ".." segment, and no separator or NUL smuggled inside one. */
export function safeSegments(parts: string[]): boolean {
  return parts.length > 0 && parts.every((p) => p !== '' && p !== '.' && p !== '..' && !p.startsWith('.') && !/[\\/\0]/.test(p));
}

/** `root/...parts` if it is a regular file really inside root (symlinks resolved). */
export async function fileInside(root: string, parts: string[]): Promise<string | undefined> {
  const [realRoot, realFile] = await Promise.all([
    fs.realpath(root).catch(() => undefined),
    fs.realpath(path.join(root, ...parts)).catch(() => undefined),
  ]);
  if (!realRoot || !realFile) return undefined;
  const rel = path.relative(realRoot, realFile);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const stat = await fs.stat(realFile).catch(() => undefined);
  return stat?.isFile() ? realFile : undefined;
}

/** The deck asset at `parts` under `assetDir`, if it is safe and of a served type. */
export async function resolveDeckAsset(assetDir: string, parts: string[], types: ReadonlySet<string> = DECK_ASSET_TYPES): Promise<string | undefined> {
  if (!safeSegments(parts)) return undefined;
  if (!types.has(path.extname(parts.at(-1) ?? '').toLowerCase())) return undefined;
  return fileInside(assetDir, parts);
}
