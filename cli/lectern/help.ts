// The `lectern` command's help texts: `lectern --help` and `lectern <command> --help`.
import { exportUsage } from '../export/run.ts';
import { LECTERN_EXPORT } from './export.ts';

const SERVE_FLAGS = `  -p, --port <n>         port (default 3000, or the next free one; PORT)
      --host <address>   interface to listen on (default 0.0.0.0: phones on the same network
                         can reach it; HOST)
      --open             open the page in the browser
      --no-watch         do not reload open pages when a deck changes (watching is on by default)
      --data <folder>    where live sessions are kept (default: the user's data folder,
                         e.g. ~/.local/share/lectern/folders/<folder>-<hash>; DATA_DIR)
      --trust-proxy <x>  whose X-Forwarded-For to believe (default loopback; TRUST_PROXY)`;

const MAIN = `Lectern: markdown slide decks, presented live to every device in the room, exported to PDF.

Usage:
  lectern [deck.md | folder]          serve a deck, or every deck of a folder (default: this folder)
  lectern present <deck.md>           serve it and start a live session: presenter view, follow
                                      link and its QR code for the room
  lectern export <deck.md | folder>   PDF export (one PDF per deck for a folder)
  lectern build <deck.md | folder>    a static site to host anywhere (--out site/), or
                                      --single-file HTML decks that open offline
  lectern <command> --help            a command's options
  lectern --version

Serving options:
${SERVE_FLAGS}`;

const SERVE = `Usage: lectern [serve] [deck.md | folder] [options]

Serves one deck (with the files beside it: images, stylesheets) or every deck of a folder
(default: the current one): the deck pages, live presenting, PDF downloads. Open pages follow
edits to the deck. Prints the deck's address on this machine and on the network.

${SERVE_FLAGS}`;

const PRESENT = `Usage: lectern present <deck.md> [options]

Serves the deck and starts a live session: prints the presenter view's link (keep it to
yourself: it holds the presenter key) and the follow link for the room, with its QR code.
With --open the presenter view opens in the browser.

${SERVE_FLAGS}`;

const BUILD = `Usage: lectern build [deck.md | folder] [options]

Writes a static site anyone can host (any web server, a bucket, a USB stick): an index page,
a page per deck that runs without a server, every file the decks use, a PDF per deck. Links
are relative, so the site works under any path. Live features need the Lectern server.

  -o, --out <folder>     where (default site/); replaced only if it holds an earlier build
      --no-pdf           no PDFs
      --single-file      one self-contained <slug>.html per deck instead (scripts, styles, fonts
                         and images inside): opens from a mail attachment, offline
      --base <path>      the site's URL path (e.g. /talks/ or https://example.org/talks/), for
                         hosts that need absolute links; relative links without it
  -q, --quiet            no progress lines
      --debug            stack traces`;

export const HELP = {
  main: MAIN,
  serve: SERVE,
  present: PRESENT,
  build: BUILD,
  export: exportUsage(LECTERN_EXPORT),
} as const;

export type HelpTopic = keyof typeof HELP;
