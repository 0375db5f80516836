// The data each server-rendered page hands its script: one JSON block in <head>, written by
// server/http/pages.ts layout() and read by client/lib/data.ts. The schemas are the types on both sides,
// and the client checks the shape on read, so a page never acts on a value of the wrong kind
// (a slide number that is markup, a session that is an object). zod/mini: the browser bundles
// get the checks at a fraction of full zod's size.
import * as z from 'zod/mini';
import { liveStateSchema } from './positions.ts';

/**
 * The id of the JSON block. Inside the reserved namespace (server/deck/sanitize.ts), and read from
 * <head> only, where no author markup can be (slides are in <body>).
 */
export const PAGE_DATA_ID = 'lectern-data';

const text = z.string();
const size = z.number().check(z.positive(), z.lte(100_000));

/** JSON data, as validated reveal.js options and mermaid settings are (never functions). */
const jsonValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);
const jsonRecord = z.record(z.string(), jsonValue);
export type JsonRecord = z.infer<typeof jsonRecord>;

const geometry = {
  title: text,
  width: size,
  height: size,
  transition: text,
  /** The deck's reveal.js options, validated by the parser (server/deck/reveal-options.ts); each page keeps the ones it honours. */
  reveal: z.optional(jsonRecord),
  /** The deck has mermaid diagrams: the module that draws them and the deck's mermaid settings. */
  diagrams: z.optional(z.object({ src: text, config: jsonRecord })),
};
const deckViewSchema = z.object(geometry);
/** The part every slide page's data has: the deck's title, slide size and transition. */
export type DeckView = z.infer<typeof deckViewSchema>;

/** A deck warning as pages show it (server/deck/model.ts DeckWarning). */
export const deckWarningSchema = z.object({ file: z.optional(text), line: z.optional(z.number()), message: text });
export type PageWarning = z.infer<typeof deckWarningSchema>;

/** The talk's length in seconds (front matter `duration:`), for the countdown and rehearsals. */
const talkSeconds = z.optional(z.number().check(z.positive(), z.lte(86_400)));

export const deckPageData = z.object({
  slug: text,
  ...geometry,
  /** Live-reload the deck when its file changes. */
  watch: z.boolean(),
  /** What the deck's author should know (the deck page's warnings panel). */
  warnings: z.optional(z.array(deckWarningSchema)),
  duration: talkSeconds,
});
export type DeckPageData = z.infer<typeof deckPageData>;

const livePageBase = {
  session: text,
  deck: text,
  ...geometry,
};

export const presenterPageData = z.object({
  ...livePageBase,
  /** The follow link to show and encode (LAN address when opened as localhost). */
  followUrl: text,
  duration: talkSeconds,
});
export type PresenterPageData = z.infer<typeof presenterPageData>;

export const followerPageData = z.object({
  ...livePageBase,
  /** The live position when the page was rendered, so it opens there before the socket is up. */
  state: liveStateSchema,
  pdfUrl: text,
});
export type FollowerPageData = z.infer<typeof followerPageData>;
