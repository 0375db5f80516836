// The rehearsal report: a table of the slides with their planned time, this run's time, the
// older runs' and whether the slide ran over or under, then the total against the talk's length.
// Everything is text (slide titles come from the slides' own text).
import { rehearsalReport, type RehearsalRun, type Verdict } from '../../shared/rehearsal.ts';
import { formatElapsed } from '../../shared/timer.ts';
import { el } from './dom.ts';

function against(spentMs: number, plannedMs: number, verdict: Verdict): string {
  if (verdict === 'on') return 'On time';
  if (verdict === 'skipped') return 'Not reached';
  const diff = formatElapsed(Math.abs(spentMs - plannedMs));
  return verdict === 'over' ? `${diff} over` : `${diff} under`;
}

function runLabel(run: RehearsalRun): string {
  return new Date(run.at).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

export function renderReport(
  box: HTMLElement,
  run: RehearsalRun,
  older: readonly RehearsalRun[],
  planned: readonly number[],
  talkMs: number | undefined,
  close: () => void,
): void {
  const report = rehearsalReport(run, older, planned, talkMs);
  const head = el('header', 'rh-report__head');
  const title = el('h2', 'rh-report__title', 'Rehearsal report');
  title.id = 'lectern-rehearsal-title';
  title.tabIndex = -1;
  const summary = el('p', 'rh-report__summary');
  summary.id = 'lectern-rehearsal-total';
  summary.dataset.verdict = report.verdict;
  summary.textContent = `${formatElapsed(report.totalMs)} of ${formatElapsed(report.plannedTotalMs)}${talkMs === undefined ? ' planned' : ' talk'} · ${against(report.totalMs, report.plannedTotalMs, report.verdict)}`;
  const again = el('button', 'spk__button spk__button--accent', 'Rehearse again');
  again.type = 'button';
  again.addEventListener('click', () => document.getElementById('lectern-rehearse-start')?.click());
  const done = el('button', 'spk__button', 'Close');
  done.type = 'button';
  done.id = 'lectern-rehearsal-close';
  done.addEventListener('click', close);
  head.append(title, summary, again, done);

  const table = el('table', 'rh-table');
  table.id = 'lectern-rehearsal-table';
  const caption = el('caption', 'rh-table__caption', `This run (${runLabel(run)}) slide by slide, against the plan${older.length ? ' and the runs before' : ''}`);
  const headRow = el('tr', '');
  for (const name of ['#', 'Slide', 'Plan', 'This run', ...older.map(runLabel), 'Against plan']) {
    const th = el('th', '', name);
    th.scope = 'col';
    headRow.append(th);
  }
  const thead = el('thead', '');
  thead.append(headRow);
  const tbody = el('tbody', '');
  for (const row of report.rows) {
    const tr = el('tr', `rh-row rh-row--${row.verdict}`);
    tr.dataset.verdict = row.verdict;
    tr.dataset.spentMs = String(Math.round(row.spentMs));
    const name = el('th', 'rh-row__title', row.title);
    name.scope = 'row';
    tr.append(el('td', 'rh-num', String(row.index + 1)), name, el('td', 'rh-num', formatElapsed(row.plannedMs)), el('td', 'rh-num rh-row__spent', row.verdict === 'skipped' ? '–' : formatElapsed(row.spentMs)));
    for (const ms of row.previousMs) tr.append(el('td', 'rh-num rh-row__older', ms === undefined ? '–' : formatElapsed(ms)));
    tr.append(el('td', 'rh-row__verdict', against(row.spentMs, row.plannedMs, row.verdict)));
    tbody.append(tr);
  }
  const foot = el('tfoot', '');
  const totalRow = el('tr', `rh-row rh-row--${report.verdict}`);
  const totalName = el('th', 'rh-row__title', 'Total');
  totalName.scope = 'row';
  totalRow.append(el('td', '', ''), totalName, el('td', 'rh-num', formatElapsed(report.plannedTotalMs)), el('td', 'rh-num rh-row__spent', formatElapsed(report.totalMs)));
  for (const o of older) totalRow.append(el('td', 'rh-num rh-row__older', formatElapsed(o.spent.reduce((a, b) => a + b, 0))));
  totalRow.append(el('td', 'rh-row__verdict', against(report.totalMs, report.plannedTotalMs, report.verdict)));
  foot.append(totalRow);
  table.append(caption, thead, tbody, foot);
  const scroller = el('div', 'rh-report__scroll');
  scroller.append(table);
  box.replaceChildren(head, scroller);
}
