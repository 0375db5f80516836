// Live sessions as one feature module: `app.use(await attachLive(context))` in app.ts.
import path from 'node:path';
import type express from 'express';
import type { AppContext } from '../app.ts';
import { FileSessionStore } from './file-store.ts';
import { LiveHub, type HubOptions } from './hub.ts';
import { liveRouter } from './routes.ts';
import type { SessionStore } from './store.ts';

export interface LiveOptions extends HubOptions {
  /** Defaults to the file store in DATA_DIR/sessions. */
  store?: SessionStore;
}

export async function attachLive(context: AppContext, options: LiveOptions = {}): Promise<express.Router> {
  const store = options.store ?? new FileSessionStore(path.join(context.config.dataDir, 'sessions'), { logger: context.logger });
  await store.open();
  const hub = new LiveHub(context.io, store, context.decks, context.logger, options);
  hub.attach();
  context.onClose(() => hub.close());
  return liveRouter(context, hub);
}
