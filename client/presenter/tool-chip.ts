// A chip of the presenter view's pointing tools (presenter/pointer-tools.ts): a toggle
// (aria-pressed) or a button, with a mark, its label and the key's hint.

export interface ChipOptions {
  /** The element's id, after `lectern-`. */
  id: string;
  label: string;
  /** aria-keyshortcuts. */
  key: string;
  /** Shown after the label on wide screens, e.g. "hold L". */
  hint?: string;
  title: string;
}

/** A tool's toggle (aria-pressed) or button: a mark, the label, the key's hint. */
export function toolChip({ id, label, key, hint, title }: ChipOptions): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `pv-tool pv-tool--${id}`;
  button.id = `lectern-${id}`;
  const mark = document.createElement('span');
  mark.className = 'pv-tool__mark';
  mark.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  text.textContent = label;
  button.append(mark, text);
  if (hint) {
    const kbd = document.createElement('kbd');
    kbd.textContent = `· ${hint}`;
    kbd.setAttribute('aria-hidden', 'true');
    button.append(kbd);
  }
  button.title = title;
  if (id !== 'clear-ink') button.setAttribute('aria-pressed', 'false');
  button.setAttribute('aria-keyshortcuts', key);
  return button;
}
