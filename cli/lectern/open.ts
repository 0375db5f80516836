// --open: the page in the user's browser, where there is one. The `open` package picks the
// platform's launcher (xdg-open, open, start) and runs it without a shell; the URL is one Lectern
// built (its own address and a deck's slug). Where no browser can be opened, one line says so.
import type { CommandIo } from './io.ts';

export async function openBrowser(url: string, io: Pick<CommandIo, 'stderr'>): Promise<void> {
  const fail = (why: string) => io.stderr.write(`lectern: could not open a browser (${why}): open ${url} yourself\n`);
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    child.once('error', (err) => fail(err.message));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
}
