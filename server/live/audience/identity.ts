// Who a member is among the audience. A follower sends a random id kept on their device with
// every join, so their questions and votes stay theirs across reconnects and reloads; the id
// itself never leaves the server. Clients see only a tag: a one-way hash of the id in this
// session, from which nobody can vote or ask as them.
import { createHash, randomBytes } from 'node:crypto';

/** For members who send no id (a third-party remote): an identity for this connection alone. */
export function connectionId(): string {
  return randomBytes(16).toString('base64url');
}

export function authorTag(session: string, who: string): string {
  return createHash('sha256').update(`${session}\n${who}`).digest('base64url').slice(0, 16);
}
