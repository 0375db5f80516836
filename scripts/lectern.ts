// The `lectern` command's entry point (bin/lectern.mjs runs its bundle, dist/node/lectern.mjs).
import { lectern } from '../cli/lectern/main.ts';

const result = await lectern(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
// A server keeps running until a signal (stopOnSignals); everything else ends here, without
// waiting for idle handles (a browser's pipe, a worker) to close.
if (result !== 'running') {
  await new Promise((resolve) => process.stdout.write('', resolve));
  process.exit(result);
}
