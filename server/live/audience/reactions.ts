// Reactions are gathered per session on each process and sent as one `audience:reactions` every
// REACTION_BATCH_MS while taps come in: 3,000 taps in a second are five messages a process, not
// 3,000. They go to who shows them — presenters and audience windows — not to every phone, whose
// page does nothing with them. Nothing is stored: a reaction is a moment, not a record.
import { REACTION_BATCH_MS, type Reaction, type ReactionCounts } from '../../../shared/audience.ts';
import type { LiveDeps } from '../deps.ts';
import { reactionsRoom } from '../membership/members.ts';

export class Reactions {
  private counts = new Map<string, ReactionCounts>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly deps: Pick<LiveDeps, 'io' | 'clock'>,
    private readonly batchMs = REACTION_BATCH_MS,
  ) {}

  add(session: string, reaction: Reaction): void {
    let counts = this.counts.get(session);
    if (!counts) this.counts.set(session, (counts = {}));
    counts[reaction] = (counts[reaction] ?? 0) + 1;
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  close(): void {
    clearTimeout(this.timer);
    this.counts.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const at = this.deps.clock();
    for (const [session, counts] of this.counts) this.deps.io.to(reactionsRoom(session)).emit('audience:reactions', { counts, at });
    this.counts.clear();
  }
}
