// Schemas for every inbound live-session payload (issue #3, "Bad input"). Unknown keys are
// stripped, never trusted; numbers are bounded before any range check against the deck.
import { z } from 'zod';
import { ID_LENGTH, normalizeSessionId } from './ids.ts';

const sessionId = z
  .string()
  .length(ID_LENGTH)
  .transform((raw, ctx) => {
    const id = normalizeSessionId(raw);
    if (!id) ctx.addIssue({ code: 'custom', message: 'not a session id' });
    return id ?? z.NEVER;
  });

/** Keys are 32 characters of base64url; room for other generators, nothing huge. */
const presenterKey = z.string().min(16).max(128);

const index = z.number().int().min(0).max(100_000);

export const joinSchema = z.object({ session: sessionId, key: presenterKey.optional() });

export const navigateSchema = z.object({
  h: index,
  v: index,
  f: z.number().int().min(-1).max(100_000),
  paused: z.boolean().optional(),
});

export const stepSchema = z.object({ to: z.enum(['next', 'prev', 'first', 'last']) });

export const timerSchema = z.object({ action: z.enum(['start', 'pause', 'reset']) });

export const endSchema = z.object({}).strict();

export const createSessionSchema = z.object({ deck: z.string().min(1).max(128) });
