// `lectern present slides.md`: the server, and a live session of the deck started at once (as
// whoever runs the server: it waits for no presenter to join). Prints the presenter view's link
// (with its key: for the speaker only) and the follow link with a QR code to show the room;
// --open opens the presenter view.
import QRCode from 'qrcode';
import { LecternError } from '../../shared/errors.ts';
import { adminTokenAdvice } from '../../server/config.ts';
import { isLoopbackHost } from '../../server/net/address.ts';
import { followPath, presenterPath } from '../../server/live/urls.ts';
import { parseServeArgs, startServing, type Served } from './serve.ts';
import type { CommandIo, CommandResult } from './io.ts';

export interface Presented {
  served: Served;
  id: string;
  presenterUrl: string;
  followUrl: string;
}

/** Starts the server and the session; the caller prints. */
export async function startPresenting(argv: string[], io: CommandIo): Promise<Presented | 'help'> {
  const args = parseServeArgs(argv);
  if (args.help) return 'help';
  if (args.target === undefined) throw new LecternError('usage', "which deck? pass its .md file: lectern present slides.md");
  const served = await startServing(args, io);
  try {
    const [deck, ...more] = served.decks;
    if (!deck || more.length > 0) throw new LecternError('usage', `${served.target.display} holds ${served.decks.length} decks: pass the .md file of the one to present`);
    // A broken deck: its own error, naming the file and line.
    await served.lectern.context.decks.load(deck.slug);
    if (!served.lectern.sessions) throw new LecternError('live-off', served.lectern.notices[0] ?? 'live sessions are off on this server');
    const { id, key } = await served.lectern.sessions.create(deck.slug);
    return {
      served,
      id,
      // The key rides in the fragment, as everywhere: browsers send it to no server.
      presenterUrl: `http://localhost:${served.port}${presenterPath(id)}#key=${key}`,
      followUrl: `${served.shareableOrigin}${followPath(id)}`,
    };
  } catch (err) {
    await served.lectern.close();
    throw err;
  }
}

/** The lines `lectern present` prints, the QR code of the follow link included. */
export async function presentingLines(presented: Presented, tty: boolean): Promise<string[]> {
  const { served, id, presenterUrl, followUrl } = presented;
  const deck = served.decks[0];
  // A terminal gets colours (dark modules on light, whatever its theme); a pipe plain blocks.
  const qr = tty ? await QRCode.toString(followUrl, { type: 'terminal', small: true }) : await QRCode.toString(followUrl, { type: 'utf8' });
  const lines = [
    `Lectern is presenting ${deck ? `"${deck.title}"` : served.target.display} (${served.target.display})`,
    '',
    '  Presenter view (yours alone: the link holds the presenter key):',
    `    ${presenterUrl}`,
    '',
    `  Follow link for the room (session code ${id}):`,
    `    ${followUrl}`,
  ];
  if (isLoopbackHost(new URL(followUrl).hostname)) lines.push('    (only this machine can open it: pass --host 0.0.0.0 for phones on the network)');
  lines.push('', ...qr.trimEnd().split('\n'), '');
  return lines;
}

export async function presentCommand(argv: string[], io: CommandIo): Promise<CommandResult> {
  const presented = await startPresenting(argv, io);
  if (presented === 'help') {
    io.stdout.write(`${(await import('./help.ts')).HELP.present}\n`);
    return 0;
  }
  for (const line of await presentingLines(presented, Boolean(io.stdout.isTTY))) io.stdout.write(`${line}\n`);
  for (const line of [...presented.served.lectern.notices, adminTokenAdvice(presented.served.config)]) if (line) io.stderr.write(`lectern: ${line}\n`);
  io.stdout.write('Press Ctrl+C to stop.\n');
  if (parseServeArgs(argv).open) await (await import('./open.ts')).openBrowser(presented.presenterUrl, io);
  (await import('../../server/listen.ts')).stopOnSignals(presented.served.lectern, (line) => io.stdout.write(`${line}\n`));
  return 'running';
}
