// The `lectern` command: serve (the default), present, export, build; --help and --version.
// Every failure is one line and an exit code through cli/exit.ts (0 done, 1 failure, 2 usage).
// Each command's modules load only when it runs, so `lectern --help` and `lectern export` pay
// for nothing else (export starts its browser first of all: cli/export/main.ts).
import { LecternError } from '../../shared/errors.ts';
import { packageVersion } from '../../server/config.ts';
import { reportFailure } from '../exit.ts';
import type { CommandIo, CommandResult } from './io.ts';

const COMMANDS = ['serve', 'present', 'export', 'build', 'help'] as const;
type Command = (typeof COMMANDS)[number];


async function run(command: Command, argv: string[], io: CommandIo): Promise<CommandResult> {
  switch (command) {
    case 'serve':
      return (await import('./serve.ts')).serveCommand(argv, io);
    case 'present':
      return (await import('./present.ts')).presentCommand(argv, io);
    case 'export':
      return (await import('./export.ts')).exportCommand(argv, io);
    case 'build':
      return (await import('./build.ts')).buildCommand(argv, io);
    case 'help': {
      const { HELP } = await import('./help.ts');
      const topic = argv[0];
      if (topic === undefined) io.stdout.write(`${HELP.main}\n`);
      else if (Object.hasOwn(HELP, topic)) io.stdout.write(`${HELP[topic as keyof typeof HELP]}\n`);
      else throw new LecternError('usage', `no command "${topic}": the commands are ${COMMANDS.join(', ')}`);
      return 0;
    }
  }
}

export async function lectern(argv: string[], io: CommandIo): Promise<CommandResult> {
  const [first, ...rest] = argv;
  const program = first !== undefined && first !== 'help' && (COMMANDS as readonly string[]).includes(first) ? `lectern ${first}` : 'lectern';
  try {
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (first === '--help' || first === '-h') return await run('help', [], io);
    if (first !== undefined && (COMMANDS as readonly string[]).includes(first)) return await run(first as Command, rest, io);
    return await run('serve', argv, io);
  } catch (err) {
    const code = reportFailure(program, err, io.stderr, { debug: argv.includes('--debug') });
    if (err instanceof LecternError && err.exitCode === 2) io.stderr.write(`Run \`${program} --help\` for the options.\n`);
    return code;
  }
}
