// `npm start`: read the config, serve, print where to point browsers, stop cleanly.
import os from 'node:os';
import { ConfigError, adminTokenAdvice, listensEverywhere, loadConfig } from './config.ts';
import { createApplication } from './app.ts';
import { LecternError } from '../shared/errors.ts';

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const lectern = await createApplication(config);
  let address;
  try {
    address = await lectern.listen();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`port ${config.port} is in use: pass --port <another> (or set PORT)`);
    if (code === 'EACCES') throw new ConfigError(`not allowed to listen on port ${config.port}: pass --port 3000 or above`);
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
  if (err instanceof ConfigError) {
    console.error(`lectern: ${err.message}`);
    process.exit(2);
  }
  if (err instanceof LecternError && err.code === 'redis-unavailable') {
    console.error(`lectern: ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
