// A poll's results drawn into its slide (the `.lectern-poll` markup the parser made): a bar and a
// count per choice, the quiz's correct choices marked. Live pages call it once results are
// revealed (presenters: on their own slide too); a reset takes them away.
import type { PollState } from '../../shared/polls.ts';

/** Every copy of the poll inside `root` (a deck, or the presenter's two). */
export function drawResults(root: ParentNode, state: PollState): void {
  for (const el of root.querySelectorAll<HTMLElement>(`.lectern-poll[data-poll="${CSS.escape(state.poll)}"]`)) {
    const counts = state.revealed ? state.counts : undefined;
    if (!counts) {
      delete el.dataset.results;
      for (const count of el.querySelectorAll('.lectern-poll__count')) count.remove();
      for (const li of el.querySelectorAll<HTMLElement>('li[data-choice]')) delete li.dataset.correct;
      continue;
    }
    el.dataset.results = '';
    const total = counts.reduce((sum, n) => sum + n, 0);
    for (const li of el.querySelectorAll<HTMLElement>('li[data-choice]')) {
      const i = Number(li.dataset.choice);
      const n = counts[i] ?? 0;
      li.style.setProperty('--share', `${total ? Math.round((n / total) * 100) : 0}%`);
      if (state.correct?.includes(i)) li.dataset.correct = '';
      else delete li.dataset.correct;
      let count = li.querySelector<HTMLElement>('.lectern-poll__count');
      if (!count) {
        count = document.createElement('span');
        count.className = 'lectern-poll__count';
        li.append(count);
      }
      count.textContent = total ? `${Math.round((n / total) * 100)}% · ${n}` : '0';
    }
  }
}

/** The poll on a slide, read from its markup: id, choices, single or multiple. */
export function pollOnSlide(slide: Element | undefined): { id: string; question: string; choices: string[]; multiple: boolean } | undefined {
  const el = slide?.querySelector<HTMLElement>('.lectern-poll[data-poll]');
  if (!el) return undefined;
  return {
    id: el.dataset.poll!,
    question: el.querySelector('.lectern-poll__question')?.textContent ?? '',
    choices: [...el.querySelectorAll('.lectern-poll__label')].map((c) => c.textContent ?? ''),
    multiple: el.hasAttribute('data-multiple'),
  };
}
