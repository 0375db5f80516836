// `npm start`: read the config, serve, print where to point browsers, stop cleanly.
import { LecternError } from '../shared/errors.ts';
import { reportFailure } from '../cli/exit.ts';
import { adminTokenAdvice, listensEverywhere, loadConfig } from './config.ts';
import { createApplication } from './app.ts';
import { lanAddresses } from './net/address.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const lectern = await createApplication(config);
  let address;
  try {
    address = await lectern.listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new LecternError('config', `port ${config.port} is in use: pass --port <another> (or set PORT)`);
    if (code === 'EACCES') throw new LecternError('config', `not allowed to listen on port ${config.port}: pass --port 3000 or above`);
    throw err;
  }
  const port = address.port;
  const all = listensEverywhere(config);
  console.log(`Lectern is serving ${config.decksDir}`);
  console.log(`  Local:   http://localhost:${port}/`);
  if (all) for (const ip of lanAddresses()) console.log(`  Network: http://${ip}:${port}/`);
  else console.log(`  Bound:   http://${config.host}:${port}/`);
  for (const line of [...lectern.notices, adminTokenAdvice(config)]) if (line) console.warn(`lectern: ${line}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await lectern.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  // What the operator can fix is one line; anything else is a bug, shown with its stack.
  process.exit(reportFailure('lectern', err, process.stderr, { debug: !(err instanceof LecternError) }));
});
