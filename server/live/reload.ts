// Live reload while editing: pages ask to watch a deck (`deck:watch`); when its file changes the
// server parses it once and pushes the ready sections to every page watching it, or, when the
// edit broke the deck, where and what (the deck page shows it; live pages keep their slides).
import type { AppContext } from '../app.ts';
import { deckWatchSchema } from '../../shared/protocol.ts';
import { DeckError } from '../deck/model.ts';
import { publicSlides, renderSections } from '../deck/render.ts';
import { isValidSlug } from '../deck/store.ts';
import { refused, replier } from './acks.ts';

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
        sectionsHtml: renderSections(loaded.deck),
      });
    } catch (err) {
      if (err instanceof DeckError) watchers.emit('deck:updated', { slug, error: err.location });
      else logger.error({ err, slug }, 'live reload failed');
    }
  });
}
