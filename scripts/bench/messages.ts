// What the benchmark's processes tell each other over IPC.

export interface ServerReady {
  type: 'ready';
  port: number;
  rss: number;
  session?: string;
  key?: string;
}

export type ToServer = { type: 'rss' } | { type: 'stop' };

export interface LoadPlan {
  type: 'plan';
  kind: 'relay' | 'lectern';
  url: string;
  /** Several Lectern processes: followers are dealt round-robin; the presenter is on `url`. */
  followerUrls?: string[];
  followers: number;
  moves: number;
  session?: string;
  key?: string;
  /** Pause after every follower got a move, before the next one. */
  gapMs: number;
  /** Give up on a move after this long. */
  moveTimeoutMs: number;
}

export type FromLoad =
  | { type: 'connected'; ms: number }
  /** stale: followers whose last state is not the presenter's final one (must be 0). */
  | { type: 'result'; receipts: number[]; lastPerMove: number[]; missing: number; stale: number; moves: number }
  | { type: 'error'; message: string };

export type ToLoad = LoadPlan | { type: 'go' };

/** The deck every benchmark session shows: 12 slides, one with fragments. */
export const BENCH_DECK = `---
title: Bench deck
---

${Array.from({ length: 12 }, (_, i) => `# Slide ${i + 1}\n\nSome text on slide ${i + 1}.`).join('\n\n---\n\n')}
`;

/** The audience benchmark's deck: the same slides and a poll at the end (opened by the presenter, never visited). */
export const BENCH_POLL_DECK = `${BENCH_DECK}
---

\`\`\`poll
Which benchmark is this?
- [ ] Sync
- [x] Audience
- [ ] Export
- [ ] Parse
\`\`\`
`;

export interface AudiencePlan {
  type: 'plan';
  url: string;
  followerUrls: string[];
  followers: number;
  moves: number;
  gapMs: number;
  session: string;
  key: string;
  /** Audience traffic during the moves (false: the baseline run). */
  audience: boolean;
  /** Every follower answers once within this window; reactors react through it. */
  windowMs: number;
  reactors: number;
  tapsPerSecond: number;
  /** Followers that drop, reconnect to another process and answer again, mid-poll. */
  reconnecting: number;
}

export interface AudienceResult {
  type: 'result';
  receipts: number[];
  missing: number;
  stale: number;
  answersSent: number;
  answersAcked: number;
  answersRefused: number;
  expectedCounts: number[];
  finalCounts: number[];
  finalTotal: number;
  reactionsAcked: number;
  reactionsSent: number;
  reactionsSeen: number;
  /** From an answer's emit to the presenter's first poll:state that counts it. */
  presenterSeen: number[];
  reconnects: number;
}
