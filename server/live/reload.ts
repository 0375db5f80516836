// Live reload while editing: pages ask to watch a deck (`deck:watch`); when its file changes the
// server parses it once and pushes the ready sections to every page watching it, or, when the
// edit broke the deck, where and what (the deck page shows it; live pages keep their slides).
import type { AppContext } from '../context.ts';
import { LecternError } from '../../shared/errors.ts';
import { deckWatchSchema } from '../../shared/protocol.ts';
import { publicSlides, renderSections } from '../render/reveal.ts';
import { isValidSlug } from '../decks/store.ts';
import { refused, replier } from './acks.ts';
import { deckStyles } from '../http/assets.ts';
import { deckAssetBase, SHOWN_WARNINGS } from '../http/pages.ts';

const room = (slug: string) => `deck:${slug}`;

export function attachLiveReload({ io, decks, logger }: AppContext): void {
  io.on('connection', (socket) => {
    socket.on('deck:watch', (payload, ack) => {
      const reply = replier(ack);
      const parsed = deckWatchSchema.safeParse(payload);
      if (!parsed.success || !isValidSlug(parsed.data.slug)) return reply(refused('bad-deck'));
      void socket.join(room(parsed.data.slug));
      reply({ ok: true });
    });
  });

  decks.on('change', async (slug) => {
    const watchers = io.to(room(slug));
    try {
      const loaded = await decks.load(slug);
      watchers.emit('deck:updated', {
        slug,
        meta: loaded.deck.meta,
        slides: publicSlides(loaded.deck),
        sectionsHtml: renderSections(loaded.deck, { assetBase: deckAssetBase(loaded) }),
        styles: deckStyles(loaded),
        warnings: loaded.deck.warnings.slice(0, SHOWN_WARNINGS),
      });
    } catch (err) {
      if (!(err instanceof LecternError)) return logger.error({ err, slug }, 'live reload failed');
      // Open pages keep the slides they have; the author reads why in the log and on the deck page.
      logger.warn({ slug, error: err.located }, 'deck changed but does not load; open pages keep its last good version');
      watchers.emit('deck:updated', { slug, error: err.located });
    }
  });
}
