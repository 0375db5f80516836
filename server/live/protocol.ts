// The wire protocol between Lectern's server and every client (deck pages, presenter view,
// follower page, third-party remotes). Imported by both sides so a wrongly shaped emit does
// not compile. Events are named `noun:verb`.
import type { DeckMeta } from '../deck/model.ts';

/** A slide as the public sees it: no speaker notes. */
export interface PublicSlide {
  h: number;
  v: number;
  title: string;
  html: string;
  attributes: Record<string, string>;
}

export interface DeckUpdate {
  slug: string;
  meta: DeckMeta;
  slides: PublicSlide[];
  /** Rendered <section> markup for the whole deck, ready for .reveal .slides. */
  sectionsHtml: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface ServerToClientEvents {
  /** An open deck's file changed; also sent with `error` when the edit broke the deck. */
  'deck:updated': (update: DeckUpdate | { slug: string; error: string }) => void;
}

export interface ClientToServerEvents {
  /** Ask for `deck:updated` pushes of one deck (live reload while editing). */
  'deck:watch': (payload: { slug: string }, ack?: (res: Ack) => void) => void;
}
