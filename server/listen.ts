// Listening and stopping, as `npm start` (main.ts) and the `lectern` command (cli/lectern/) both
// do it: a port that cannot be had is one line saying what to pass, and Ctrl+C or SIGTERM closes
// the server cleanly (a second one stops at once).
import type { AddressInfo } from 'node:net';
import { LecternError } from '../shared/errors.ts';
import type { Lectern } from './app.ts';

/** Listens on `port`; a port in use or not allowed is a 'config' error naming the flag to change. */
export async function listenOrExplain(lectern: Lectern, port: number, host: string): Promise<AddressInfo> {
  try {
    return await lectern.listen(port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new LecternError('config', `port ${port} is in use: pass --port <another> (or set PORT)`);
    if (code === 'EACCES') throw new LecternError('config', `not allowed to listen on port ${port}: pass --port 3000 or above`);
    if (code === 'EADDRNOTAVAIL') throw new LecternError('config', `${host} is not an address of this machine: pass --host with one of its addresses`);
    throw err;
  }
}

/** Closes `lectern` and exits 0 on SIGINT or SIGTERM; exits 1 if a second signal comes while closing. */
export function stopOnSignals(lectern: Pick<Lectern, 'close'>, say: (line: string) => void = (line) => console.log(line)): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    say(`\n${signal}: stopping…`);
    await lectern.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
