// The admin token as HTTP carries it: `Authorization: Bearer <token>`, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Config } from '../config.ts';
import { isLoopbackAddress } from '../net/address.ts';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/** Whether `header` carries `token`; constant time whatever either is (both are hashed first). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = bearerToken(header);
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** Speaker notes: a request from this machine, or one with `Authorization: Bearer <LECTERN_ADMIN_TOKEN>`. */
export function mayReadNotes(req: Request, config: Pick<Config, 'adminToken'>): boolean {
  if (config.adminToken && bearerMatches(req.get('authorization'), config.adminToken)) return true;
  // req.ip honours `trust proxy` (loopback only): behind a local proxy it is the real client.
  return isLoopbackAddress(req.ip);
}
