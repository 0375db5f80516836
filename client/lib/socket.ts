// The typed socket.io client every page uses (protocol types shared with the server).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';

export type LecternSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(): LecternSocket {
  return io({ transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 4000 });
}
