// The presenter view's driver control, in the header: "Driving", or "<name> is driving" with
// *Request controls*; the driver sees who asks and can *Hand over* or *Keep*. When the driver's
// connection drops it says when the controls pass on, and claims them then (the server decides:
// the first presenter to claim after the grace drives). The name other presenters see is set
// here too.
import type { DriverRequest, DriverState } from '../../shared/protocol.ts';
import { seatLabel } from '../../shared/driver.ts';
import { presenterName, setPresenterName } from '../lib/presenter-seat.ts';
import '../theme/driver.css';
import { el } from '../lib/dom.ts';

export interface DriverActions {
  driverAction(action: DriverRequest['action']): void;
  /** The name changed: join again so the others see it. */
  renamed(): void;
}

/** Another presenter drives: this tab's keys for the pointer and the pen do nothing (the server would refuse them). */
export const anotherPresenterDrives = (): boolean => document.body.dataset.driving === 'no';

export class DriverView {
  private readonly box = el('div', 'pv-driver');
  private readonly text = el('p', 'pv-driver__text');
  private readonly main = el('button', 'pv-chip pv-driver__button');
  private readonly keep = el('button', 'pv-chip pv-driver__button', 'Keep');
  private readonly nameInput = el('input', 'pv-driver__name');
  private state?: DriverState;
  private seat = '';
  /** When the controls are free, on this page's clock. */
  private freeAt?: number;
  private claimTimer?: number;

  constructor(private readonly actions: DriverActions) {
    this.box.id = 'lectern-driver';
    this.box.setAttribute('role', 'group');
    this.box.setAttribute('aria-label', 'Who drives the slides');
    this.text.id = 'lectern-driver-text';
    this.text.setAttribute('role', 'status');
    this.main.id = 'lectern-driver-action';
    this.keep.id = 'lectern-driver-keep';
    for (const b of [this.main, this.keep]) b.type = 'button';
    this.nameInput.id = 'lectern-presenter-name';
    this.nameInput.maxLength = 40;
    this.nameInput.placeholder = 'Your name';
    this.nameInput.setAttribute('aria-label', 'Your name, as other presenters see it');
    this.nameInput.value = presenterName() ?? '';
    this.nameInput.addEventListener('change', () => {
      // A blur after Enter fires a second change: only a new name joins again.
      if (this.nameInput.value.trim() === (presenterName() ?? '')) return;
      setPresenterName(this.nameInput.value);
      this.actions.renamed();
    });
    // Enter sets the name and gives the keys back to the slides.
    this.nameInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.nameInput.blur();
    });
    this.main.addEventListener('click', () => {
      const action = this.main.dataset.action as DriverRequest['action'] | undefined;
      if (action) this.actions.driverAction(action);
    });
    this.keep.addEventListener('click', () => this.actions.driverAction('decline'));
    this.box.append(this.text, this.main, this.keep, this.nameInput);
    this.box.hidden = true;
    document.getElementById('lectern-status')?.after(this.box);
    setInterval(() => this.state && this.render(), 1000);
  }

  /** The join's answer or a `session:driver`: `seat` is this tab's. */
  set(state: DriverState, seat = this.seat): void {
    this.state = state;
    this.seat = seat;
    this.freeAt = state.freeInMs === undefined ? undefined : Date.now() + state.freeInMs;
    window.clearTimeout(this.claimTimer);
    // The driver dropped: claim once the grace is over (a second later if the server's clock is behind).
    if (this.freeAt !== undefined && state.driver?.seat !== seat) this.claimTimer = window.setTimeout(() => this.actions.driverAction('claim'), state.freeInMs! + 250);
    this.render();
  }

  /** A claim refused: the server's grace is not over yet; try again shortly. */
  retryClaim(): void {
    if (this.freeAt === undefined) return;
    window.clearTimeout(this.claimTimer);
    this.claimTimer = window.setTimeout(() => this.actions.driverAction('claim'), 1000);
  }

  driving(): boolean {
    return this.state?.driver?.seat === this.seat;
  }

  /** Who drives, for the message when a move is refused. */
  driverName(): string {
    const d = this.state?.driver;
    return d ? d.name || seatLabel(d.seat) : 'Nobody';
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    this.box.hidden = false;
    const driver = state.driver;
    const mine = driver?.seat === this.seat;
    const request = driver?.request;
    const name = this.driverName();
    let mode: string;
    let text: string;
    let action: DriverRequest['action'] | undefined;
    let label = '';
    if (!driver) {
      [mode, text, action, label] = ['none', 'Nobody is driving', 'claim', 'Take the controls'];
    } else if (mine && request) {
      [mode, text, action, label] = ['asked', `${request.name || seatLabel(request.seat)} asks for the controls`, 'hand-over', 'Hand over'];
    } else if (mine) {
      [mode, text] = ['self', 'Driving'];
    } else if (driver.leftAt !== undefined) {
      const seconds = Math.max(0, Math.ceil(((this.freeAt ?? Date.now()) - Date.now()) / 1000));
      [mode, text] = ['left', seconds > 0 ? `${name} dropped: the controls pass on in ${seconds} s` : `${name} dropped: taking the controls…`];
    } else if (request?.seat === this.seat) {
      [mode, text] = ['requested', `${name} is driving · you asked for the controls`];
    } else {
      [mode, text, action, label] = ['other', `${name} is driving`, 'request', 'Request controls'];
    }
    this.box.dataset.driver = mode;
    document.body.dataset.driving = mine ? 'yes' : 'no';
    this.text.textContent = text;
    this.main.hidden = action === undefined;
    this.main.textContent = label;
    if (action) this.main.dataset.action = action;
    else delete this.main.dataset.action;
    this.keep.hidden = mode !== 'asked';
  }
}
