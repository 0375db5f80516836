// Which session each connection on this process is in, and as what: kept three ways that must
// agree — the socket's own `data.live` (socket.io's connection state recovery restores it), the
// session's rooms (what broadcasts reach), and the session's member map and follower count.
import type { DefaultEventsMap, Socket } from 'socket.io';
import type { ClientToServerEvents, LiveRole, ServerToClientEvents, SocketData } from '../../../shared/protocol.ts';
import type { FollowerCounts } from './presence.ts';
import { authorTag } from '../audience/identity.ts';
import type { LiveSession } from '../sessions/sessions.ts';

export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

/** What a connection remembers; socket.io's connection state recovery restores it. */
export type Membership = NonNullable<SocketData['live']>;

export const room = (id: string) => `live:${id}`;
export const presentersRoom = (id: string) => `live:${id}:presenters`;
export const followersRoom = (id: string) => `live:${id}:followers`;
/** Presenters and audience windows: who shows the room's reactions. Phones do not get them. */
export const reactionsRoom = (id: string) => `live:${id}:reactions`;
/** Every connection of one follower (by their author tag): lists that include their own questions. */
export const authorRoom = (id: string, tag: string) => `live:${id}:by:${tag}`;

/** This module owns `socket.data.live`; everything else reads it through here. */
export function membership(socket: LiveSocket): Membership | undefined {
  return socket.data.live;
}

export function setMembership(socket: LiveSocket, value: Membership | undefined): void {
  socket.data.live = value;
}

export class Members {
  constructor(
    private readonly sessions: ReadonlyMap<string, LiveSession>,
    private readonly counts: FollowerCounts,
  ) {}

  /**
   * Into the session's rooms as `role` (`who`: the member's follower id), out of any other
   * session; counted once. `presenter`: a presenter's seat and name (presenter/driver.ts).
   */
  enter(socket: LiveSocket, session: LiveSession, role: LiveRole, who: string, reactions = false, presenter: Pick<Membership, 'seat' | 'name'> = {}): void {
    const tag = authorTag(session.id, who);
    const previous = membership(socket);
    if (previous && previous.session !== session.id) this.exit(socket);
    const before = session.members.get(socket.id);
    session.members.set(socket.id, role);
    if (before !== role) this.counts.add(session.id, (role === 'follower' ? 1 : 0) - (before === 'follower' ? 1 : 0));
    void socket.join(room(session.id));
    const own = [...socket.rooms].filter((r) => r.startsWith(`live:${session.id}:by:`) && r !== authorRoom(session.id, tag));
    for (const r of own) void socket.leave(r);
    if (role === 'presenter') {
      void socket.join(presentersRoom(session.id));
      void socket.leave(followersRoom(session.id));
      void socket.leave(authorRoom(session.id, tag));
    } else {
      void socket.leave(presentersRoom(session.id));
      void socket.join([followersRoom(session.id), authorRoom(session.id, tag)]);
    }
    if (role === 'presenter' || reactions) void socket.join(reactionsRoom(session.id));
    else void socket.leave(reactionsRoom(session.id));
    const seat = role === 'presenter' ? { ...(presenter.seat && { seat: presenter.seat }), ...(presenter.name && { name: presenter.name }) } : {};
    setMembership(socket, { session: session.id, role, who, reactions: role === 'presenter' || reactions, ...seat });
  }

  /** Leaves the session for good (another join, expiry): rooms, role and count. */
  exit(socket: LiveSocket): void {
    const current = membership(socket);
    if (!current) return;
    setMembership(socket, undefined);
    for (const r of [...socket.rooms]) if (r.startsWith(`live:${current.session}`)) void socket.leave(r);
    this.remove(current.session, socket.id);
  }

  /** Only the member map and count: a disconnect, whose socket.data must keep `.live`. */
  remove(id: string, socketId: string): void {
    const session = this.sessions.get(id);
    const role = session?.members.get(socketId);
    if (!session || !role) return;
    session.members.delete(socketId);
    if (role === 'follower') this.counts.add(id, -1);
  }
}
