// What every feature module is handed: the types of the application's shared parts. They live
// here, not in app.ts, so a module that needs them never imports the module that wires it in.
import type { DefaultEventsMap, Server } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { DeckStore } from './decks/store.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../shared/protocol.ts';

export type { Logger };

export type LecternIo = Server<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

/** What every feature module gets: the config, the decks, the socket.io server, a logger. */
export interface AppContext {
  config: Config;
  decks: DeckStore;
  io: LecternIo;
  logger: Logger;
  /** Called on close(), after socket.io has closed, in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
  /** Something the operator should read at start-up, one line each (main.ts prints them). */
  notice(line: string): void;
}
