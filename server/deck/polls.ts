// ```poll fences: a poll on a slide, written so that it reads well as plain markdown.
//
//     ```poll
//     Which store do you run?
//     - [ ] Files
//     - [x] Redis
//     multiple: true
//     ```
//
// The first line that is not a choice or an option is the question; `- [ ]` lines are choices,
// `- [x]` marks a correct one (a quiz); `multiple: true` allows several choices. The fence
// renders as the question and its choices (what the PDF prints); live sessions add the voting
// and the results. Pure: no I/O.
import { POLL_CHOICE_MAX_CHARS, POLL_MAX_CHOICES, POLL_QUESTION_MAX_CHARS, pollId, type PollDefinition } from '../../shared/polls.ts';
import { escapeHtml } from './text.ts';

const CHOICE = /^\s*[-*+]\s+\[( |x|X)\]\s+(.+?)\s*$/;
const OPTION = /^\s*multiple\s*:\s*(\S+)\s*$/i;

export type PollParse = { poll: PollDefinition } | { problem: string };

export function parsePollFence(code: string): PollParse {
  let question = '';
  let multiple = false;
  const choices: string[] = [];
  const correct: number[] = [];
  for (const line of code.split('\n')) {
    if (!line.trim()) continue;
    const choice = CHOICE.exec(line);
    const option = OPTION.exec(line);
    if (choice) {
      if (choice[1] !== ' ') correct.push(choices.length);
      choices.push(choice[2]!);
    } else if (option) {
      if (!/^(true|false|yes|no)$/i.test(option[1]!)) return { problem: `poll option "multiple" must be true or false, not "${option[1]}"` };
      multiple = /^(true|yes)$/i.test(option[1]!);
    } else if (!question) {
      question = line.trim();
    } else {
      return { problem: `a poll has one question line, then "- [ ] choice" lines: "${line.trim().slice(0, 60)}" is neither` };
    }
  }
  if (!question) return { problem: 'a poll needs a question on its first line' };
  if (choices.length < 2 || choices.length > POLL_MAX_CHOICES) return { problem: `a poll needs 2 to ${POLL_MAX_CHOICES} "- [ ] choice" lines, not ${choices.length}` };
  if ([...question].length > POLL_QUESTION_MAX_CHARS) return { problem: `a poll question is at most ${POLL_QUESTION_MAX_CHARS} characters` };
  if (choices.some((c) => [...c].length > POLL_CHOICE_MAX_CHARS)) return { problem: `a poll choice is at most ${POLL_CHOICE_MAX_CHARS} characters` };
  if (!multiple && correct.length > 1) multiple = true;
  return { poll: { id: pollId(question, choices), question, choices, multiple, correct } };
}

/** The poll as slide markup: question and choices as text; the live pages draw results into it. */
export function pollMarkup(poll: PollDefinition): string {
  const choices = poll.choices
    .map((choice, i) => `<li class="lectern-poll__choice" data-choice="${i}"><span class="lectern-poll__label">${escapeHtml(choice)}</span></li>`)
    .join('');
  const kind = poll.multiple ? 'Poll · several answers' : 'Poll';
  return `<div class="lectern-poll" data-poll="${poll.id}"${poll.multiple ? ' data-multiple=""' : ''}><p class="lectern-poll__kind">${kind}</p><p class="lectern-poll__question">${escapeHtml(poll.question)}</p><ol class="lectern-poll__choices">${choices}</ol></div>\n`;
}
