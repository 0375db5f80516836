// New session ids people can read out and type (six characters of an unambiguous alphabet,
// shared/protocol.ts) and presenter keys nobody can guess (192 random bits), stored and compared
// as hashes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { ID_ALPHABET, ID_LENGTH } from '../../../shared/protocol.ts';

export function newSessionId(): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
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
