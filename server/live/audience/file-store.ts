// The embedded audience store: one session's questions and votes in memory, written whole to
// DATA_DIR/sessions/<id>.audience.json (atomically, as session files are) at most every 100 ms,
// so a tap costs no disk write of its own and a SIGKILL loses at most that much. One process owns
// the folder, and every operation runs without a pause: atomic as it stands.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Question, QuestionAction, QuestionMode } from '../../../shared/audience.ts';
import { ID_PATTERN } from '../../../shared/protocol.ts';
import { atomicWrite } from '../../fs/atomic.ts';
import { storeUnavailable } from '../stores/store.ts';
import * as model from './model.ts';
import * as polls from './poll-model.ts';
import type { AudienceStore, AudienceView } from './store.ts';

const SUFFIX = '.audience.json';

export class FileAudienceStore implements AudienceStore {
  private sessions = new Map<string, model.AudienceData>();
  private timers = new Map<string, NodeJS.Timeout>();
  private writes = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly options: { flushDelayMs?: number; logger?: Pick<Logger, 'warn' | 'error'> } = {},
  ) {}

  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    for (const name of await fs.readdir(this.dir)) {
      const id = name.slice(0, -SUFFIX.length);
      if (!name.endsWith(SUFFIX) || !ID_PATTERN.test(id)) continue;
      const file = path.join(this.dir, name);
      try {
        this.sessions.set(id, model.audienceFromJson(await fs.readFile(file, 'utf8')));
      } catch (err) {
        this.options.logger?.warn({ err, file }, 'unreadable audience file set aside');
        await fs.rename(file, `${file}.bad`).catch(() => {});
      }
    }
  }

  async read(session: string): Promise<AudienceView> {
    const data = this.sessions.get(session);
    return data ? { ...(data.mode && { mode: data.mode }), rev: data.rev, questions: data.questions.map((q) => ({ ...q })) } : { rev: 0, questions: [] };
  }

  async voted(session: string, tag: string): Promise<string[]> {
    const data = this.sessions.get(session);
    return data ? model.votedBy(data, tag) : [];
  }

  async ask(session: string, question: model.NewQuestion, rules: model.AskRules): Promise<model.AskOutcome> {
    return this.change(session, (data) => model.ask(data, question, rules));
  }

  async vote(session: string, id: string, tag: string, up: boolean, defaultMode: QuestionMode): Promise<model.VoteOutcome> {
    return this.change(session, (data) => model.vote(data, id, tag, up, defaultMode));
  }

  async moderate(session: string, id: string, action: QuestionAction): Promise<Question | undefined> {
    return this.change(session, (data) => model.moderate(data, id, action));
  }

  async setMode(session: string, mode: QuestionMode): Promise<void> {
    this.change(session, (data) => model.setMode(data, mode));
  }

  async poll(session: string, poll: string, choices: number): Promise<polls.PollSnapshot> {
    const data = this.sessions.get(session)?.polls.get(poll);
    return polls.snapshotOf(data ?? polls.emptyPoll(choices));
  }

  async pollAnswer(session: string, poll: string, choices: number, tag: string, picked: number[]): Promise<polls.PollSnapshot | 'poll-closed'> {
    return this.change(session, (data) => {
      const entry = this.pollData(data, poll, choices);
      if (!polls.answer(entry, tag, picked)) return 'poll-closed';
      data.rev += 1;
      return polls.snapshotOf(entry);
    });
  }

  async pollMine(session: string, poll: string, tag: string): Promise<number[] | undefined> {
    const mine = this.sessions.get(session)?.polls.get(poll)?.answers.get(tag);
    return mine && [...mine];
  }

  async pollControl(session: string, poll: string, choices: number, action: polls.PollControl): Promise<{ changed: boolean; snapshot: polls.PollSnapshot }> {
    return this.change(session, (data) => {
      const entry = this.pollData(data, poll, choices);
      const changed = polls.control(entry, action);
      if (changed) data.rev += 1;
      return { changed, snapshot: polls.snapshotOf(entry) };
    });
  }

  private pollData(data: model.AudienceData, poll: string, choices: number): polls.PollData {
    let entry = data.polls.get(poll);
    if (!entry) data.polls.set(poll, (entry = polls.emptyPoll(choices)));
    return entry;
  }

  async drop(session: string): Promise<void> {
    this.sessions.delete(session);
    clearTimeout(this.timers.get(session));
    this.timers.delete(session);
    await this.writes.get(session);
    await fs.rm(this.file(session), { force: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.timers.keys()];
    for (const id of pending) clearTimeout(this.timers.get(id));
    this.timers.clear();
    await Promise.all(pending.map((id) => this.flush(id)));
  }

  /** Applies `fn` to the session's data and schedules the write; a copy of what it returns goes out. */
  private change<T>(session: string, fn: (data: model.AudienceData) => T): T {
    if (this.closed) throw storeUnavailable('the server is shutting down');
    let data = this.sessions.get(session);
    if (!data) this.sessions.set(session, (data = model.emptyAudience()));
    const rev = data.rev;
    const result = fn(data);
    if (data.rev !== rev) this.schedule(session);
    return structuredClone(result);
  }

  private file(session: string): string {
    return path.join(this.dir, `${session}${SUFFIX}`);
  }

  private schedule(session: string): void {
    if (this.timers.has(session)) return;
    this.timers.set(
      session,
      setTimeout(() => {
        this.timers.delete(session);
        void this.flush(session);
      }, this.options.flushDelayMs ?? 100),
    );
  }

  /** One write at a time per session; a failed write is tried again at the next change. */
  private flush(session: string): Promise<void> {
    const previous = this.writes.get(session) ?? Promise.resolve();
    const next = previous.then(async () => {
      const data = this.sessions.get(session);
      if (!data) return;
      try {
        await atomicWrite(this.file(session), model.audienceToJson(data));
      } catch (err) {
        this.options.logger?.error({ err, session }, 'audience write failed; retried at the next change');
      }
    });
    this.writes.set(session, next);
    return next;
  }
}
