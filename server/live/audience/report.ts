// After the talk: a session's questions and poll results as JSON and CSV, for its presenter.
// Pure formatting here; the route (export-route.ts) checks the key and reads the store.
import type { Question } from '../../../shared/audience.ts';
import type { PollDefinition } from '../../../shared/polls.ts';
import type { PollSnapshot } from './poll-model.ts';

export interface AudienceReport {
  session: string;
  deck: string;
  exportedAt: string;
  questions: Array<Omit<Question, 'by' | 'at'> & { askedAt: string }>;
  polls: Array<{ id: string; question: string; multiple: boolean; open: boolean; revealed: boolean; total: number; choices: Array<{ text: string; count: number; correct: boolean }> }>;
}

export function buildReport(session: string, deck: string, now: number, questions: Question[], polls: Array<{ poll: PollDefinition; snapshot: PollSnapshot }>): AudienceReport {
  return {
    session,
    deck,
    exportedAt: new Date(now).toISOString(),
    questions: questions.map(({ id, text, name, status, votes, at }) => ({ id, text, ...(name ? { name } : {}), status, votes, askedAt: new Date(at).toISOString() })),
    polls: polls.map(({ poll, snapshot }) => ({
      id: poll.id,
      question: poll.question,
      multiple: poll.multiple,
      open: snapshot.open,
      revealed: snapshot.revealed,
      total: snapshot.total,
      choices: poll.choices.map((text, i) => ({ text, count: snapshot.counts[i] ?? 0, correct: poll.correct.includes(i) })),
    })),
  };
}

/**
 * One CSV cell (RFC 4180 quoting). Audience text that a spreadsheet would run as a formula
 * (= + - @, tab, carriage return first) is prefixed with an apostrophe (OWASP's CSV injection rule).
 */
function cell(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table: a row per question, then a row per poll and one per choice. */
export function reportCsv(report: AudienceReport): string {
  const rows: Array<Array<string | number | boolean | undefined>> = [['kind', 'id', 'text', 'name', 'status', 'count', 'correct', 'asked_at']];
  for (const q of report.questions) rows.push(['question', q.id, q.text, q.name, q.status, q.votes, undefined, q.askedAt]);
  for (const p of report.polls) {
    rows.push(['poll', p.id, p.question, undefined, `${p.open ? 'open' : 'closed'}${p.revealed ? ', revealed' : ''}`, p.total, undefined, undefined]);
    p.choices.forEach((c, i) => rows.push(['choice', `${p.id}.${i + 1}`, c.text, undefined, undefined, c.count, c.correct, undefined]));
  }
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
