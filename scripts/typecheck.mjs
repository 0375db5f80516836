// `npm run typecheck`: the three TypeScript programs (the server side without the DOM, the
// browser bundles, the tests) checked side by side, each with its own incremental cache. tsc
// uses one core, so three at once finish in the time of the longest on a multi-core machine.
// With --build the client bundles are built alongside (npm test's pretest): the tests need the
// bundles, and nothing in the build waits for the checks.
//
//   node scripts/typecheck.mjs [--build]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const program = (name, project) => [`typecheck ${name}`, [tsc, '-p', project, '--incremental', '--tsBuildInfoFile', `node_modules/.cache/lectern/${name}.tsbuildinfo`]];
const jobs = [program('server', 'tsconfig.server.json'), program('client', 'client'), program('test', 'test')];
if (process.argv.includes('--build')) jobs.unshift(['build', ['--import', 'tsx', path.join('scripts', 'build-client.ts')]]);

/** Runs one job to its end; its output is printed whole when it ends, so jobs never interleave. */
function run([label, args]) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString();
      if (code !== 0) process.stderr.write(`${label} failed (exit ${code}):\n${text}`);
      else if (text.trim()) process.stdout.write(text);
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(jobs.map(run));
process.exit(codes.find((code) => code !== 0) ?? 0);
