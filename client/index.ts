// The index page: filter the deck cards as you type.
import './theme/app.css';

const input = document.getElementById('lectern-filter') as HTMLInputElement | null;
const cards = [...document.querySelectorAll<HTMLElement>('#lectern-decks > .card')];
const none = document.getElementById('lectern-no-match');

function applyFilter(): void {
  const words = (input?.value ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const card of cards) {
    const text = card.dataset.search ?? '';
    const match = words.every((w) => text.includes(w));
    card.hidden = !match;
    if (match) shown++;
  }
  if (none) none.hidden = shown > 0 || cards.length === 0;
}

input?.addEventListener('input', applyFilter);
applyFilter();
