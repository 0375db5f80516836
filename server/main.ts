// `npm start`: read the config, serve, print where to point browsers, stop cleanly.
import { LecternError } from '../shared/errors.ts';
import { reportFailure } from '../cli/exit.ts';
import { adminTokenAdvice, listensEverywhere, loadConfig } from './config.ts';
import { createApplication } from './app.ts';
import { lanAddresses } from './net/address.ts';
import { listenOrExplain, stopOnSignals } from './listen.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const lectern = await createApplication(config);
  const { port } = await listenOrExplain(lectern, config.port, config.host);
  const all = listensEverywhere(config);
  console.log(`Lectern is serving ${config.decksDir}`);
  console.log(`  Local:   http://localhost:${port}/`);
  if (all) for (const ip of lanAddresses()) console.log(`  Network: http://${ip}:${port}/`);
  else console.log(`  Bound:   http://${config.host}:${port}/`);
  for (const line of [...lectern.notices, adminTokenAdvice(config)]) if (line) console.warn(`lectern: ${line}`);
  stopOnSignals(lectern);
}

main().catch((err: unknown) => {
  // What the operator can fix is one line; anything else is a bug, shown with its stack.
  process.exit(reportFailure('lectern', err, process.stderr, { debug: !(err instanceof LecternError) }));
});
