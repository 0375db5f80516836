// One question as a list item, for the follower page and the presenter view alike: text set as
// text (never markup: audience text is untrusted), the asker's name or "Anonymous", the votes.
import type { Question } from '../../shared/audience.ts';

const STATUS_TEXT: Record<Question['status'], string> = {
  pending: 'Waiting for approval',
  approved: '',
  hidden: 'Hidden',
  answered: 'Answered',
  shown: 'On screen',
};

export function questionItem(q: Question, mine: boolean): { item: HTMLLIElement; actions: HTMLDivElement } {
  const item = document.createElement('li');
  item.className = 'aud-q';
  item.dataset.status = q.status;
  item.dataset.id = q.id;
  const body = document.createElement('div');
  body.className = 'aud-q__body';
  const text = document.createElement('p');
  text.className = 'aud-q__text';
  text.textContent = q.text;
  const meta = document.createElement('p');
  meta.className = 'aud-q__meta';
  const who = document.createElement('span');
  who.textContent = mine ? 'You' : (q.name ?? 'Anonymous');
  meta.append(who);
  if (STATUS_TEXT[q.status]) {
    const status = document.createElement('span');
    status.className = 'aud-q__status';
    status.textContent = STATUS_TEXT[q.status];
    meta.append(status);
  }
  body.append(text, meta);
  const actions = document.createElement('div');
  actions.className = 'aud-q__actions';
  item.append(actions, body);
  return { item, actions };
}

/** The upvote button: pressed when this member voted; its label says the count. */
export function voteButton(q: Question, voted: boolean, enabled: boolean): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'aud-vote';
  button.setAttribute('aria-pressed', String(voted));
  button.disabled = !enabled;
  const arrow = document.createElement('span');
  arrow.setAttribute('aria-hidden', 'true');
  arrow.textContent = '▲';
  const count = document.createElement('span');
  count.className = 'aud-vote__n';
  count.textContent = String(q.votes);
  // The name is the visible count and words for screen readers: "2 votes, upvote".
  const words = document.createElement('span');
  words.className = 'visually-hidden';
  words.textContent = ` ${q.votes === 1 ? 'vote' : 'votes'}, upvote`;
  button.append(arrow, count, words);
  return button;
}
