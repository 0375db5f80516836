// `--poll-results audience.json`: the poll results a presenter downloaded after the talk
// (server/live/audience/report.ts writes the file), read back to print on the poll slides. The
// file is untrusted input: bounded in size, checked against a schema, and only its counts are
// kept; which choices are correct comes from the deck, not from the file.
import fs from 'node:fs/promises';
import * as z from 'zod/mini';
import { LecternError } from '../../shared/errors.ts';
import { POLL_MAX_CHOICES } from '../../shared/polls.ts';
import { MAX_POLL_COUNT, type PrintedPollResult } from '../../shared/print.ts';
import type { Deck } from '../deck/model.ts';

/** Larger than any real session's report (a thousand questions of 500 characters is ~1 MB). */
export const MAX_RESULTS_BYTES = 5 * 1024 * 1024;
const MAX_POLLS = 1000;

/** The part of the report the exporter reads; other fields (questions, session) pass unread. */
const resultsFile = z.object({
  polls: z
    .array(
      z.object({
        id: z.string().check(z.maxLength(40)),
        choices: z.array(z.object({ count: z.int().check(z.minimum(0), z.maximum(MAX_POLL_COUNT)) })).check(z.minLength(1), z.maxLength(POLL_MAX_CHOICES)),
      }),
    )
    .check(z.maxLength(MAX_POLLS)),
});

/** Answers per choice, by poll id, as the file gives them. */
export type PollCounts = Map<string, number[]>;

const bad = (shown: string, why: string) =>
  new LecternError('bad-request', `--poll-results ${shown}: ${why}: pass the audience.json a live session's presenter downloads (GET /api/sessions/<id>/audience.json)`);

/** Reads and checks the file; `shown` names it in messages. Throws 'usage' (cannot read) or 'bad-request' (not a results file). */
export async function readPollResults(file: string, shown: string): Promise<PollCounts> {
  let text: string;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_RESULTS_BYTES) throw bad(shown, `${size} bytes is over the ${MAX_RESULTS_BYTES / 1024 / 1024} MB limit`);
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof LecternError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read';
    throw new LecternError('usage', `--poll-results ${shown}: ${why}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw bad(shown, 'not JSON');
  }
  const parsed = resultsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(shown, `not a poll results file (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'wrong shape'})`);
  }
  return new Map(parsed.data.polls.map((p) => [p.id, p.choices.map((c) => c.count)]));
}

/**
 * The results of the deck's polls, with the deck's correct choices, and the file's poll ids not
 * on the deck (or with another number of choices), which the caller warns about.
 */
export function resultsForDeck(slides: Deck['slides'], counts: PollCounts): { results: Record<string, PrintedPollResult>; ignored: string[] } {
  const polls = new Map(slides.flatMap((s) => (s.poll ? [[s.poll.id, s.poll] as const] : [])));
  const results: Record<string, PrintedPollResult> = {};
  const ignored: string[] = [];
  for (const [id, n] of counts) {
    const poll = polls.get(id);
    if (poll && poll.choices.length === n.length) results[id] = { counts: n, correct: [...poll.correct] };
    else ignored.push(id);
  }
  return { results, ignored };
}
