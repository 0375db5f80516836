// What every `lectern` command is handed: its arguments' surroundings, never process globals, so
// each command runs the same from the bin and from a test.
export interface CommandIo {
  env: Record<string, string | undefined>;
  /** Where relative paths are resolved. */
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** How a command ends: an exit code now, or 'running' (a server, until a signal stops it). */
export type CommandResult = number | 'running';
