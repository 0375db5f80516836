// Session ids people can read out and type (issue #3: 6 characters, unambiguous alphabet) and
// presenter keys nobody can guess (192 random bits), stored and compared as hashes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Digits and capitals without 0/O, 1/I/L: nothing to mistake when read aloud or from a slide. */
export const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ID_LENGTH = 6;
export const ID_PATTERN = /^[2-9A-HJKMNP-Z]{6}$/;

export function newSessionId(): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** "abc234" typed on a phone → "ABC234"; undefined for anything that cannot be an id. */
export function normalizeSessionId(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length !== ID_LENGTH) return undefined;
  const id = raw.toUpperCase();
  return ID_PATTERN.test(id) ? id : undefined;
}

export function newPresenterKey(): string {
  return randomBytes(24).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant time whatever the input: both sides are hashed to 32 bytes first. */
export function secretMatches(given: string, expectedHash: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = Buffer.from(expectedHash, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}
