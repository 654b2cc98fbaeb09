// How the status pages show a time: the absolute moment (UTC, in a <time datetime> element a screen reader or a
// script can read) beside how long ago it was or how long something took, both on the server's clock (the status'
// `now`), so every refresh moves the elapsed times on. Shipped to the browser as source text (see pageDocument.ts):
// self-contained, its helpers come in as arguments.
import type { HtmlFragment, Markup } from './pageMarkup';
import type { Reading } from './pageReading';

export interface Times {
  /** `<time datetime="…Z">2030-01-01 10:00:00 UTC</time>`; the text as sent when it is no time; nothing when empty. */
  stamp: (value: unknown) => HtmlFragment;
  /** The stamp and how long before `now` it was: `… (3m 04s ago)`. */
  ago: (value: unknown, now: number | undefined) => HtmlFragment;
  /** From a start to an end (or to `now` while it goes on): `started …, took 42s` / `started …, running for 3m`. */
  span: (start: unknown, end: unknown, now: number | undefined) => HtmlFragment;
}

export function createTimes({ html }: Markup, read: Reading): Times {
  function stamp(value: unknown): HtmlFragment {
    const t = read.ms(value);
    if (t === undefined) return html`${read.str(value)}`;
    // The canonical form of what was parsed, never the text as sent: only digits and separators reach the page.
    const iso = new Date(t).toISOString();
    return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC</time>`;
  }

  function ago(value: unknown, now: number | undefined): HtmlFragment {
    const t = read.ms(value);
    if (t === undefined || now === undefined) return stamp(value);
    const words = now >= t ? `${read.duration(now - t)} ago` : `in ${read.duration(t - now)}`;
    return html`${stamp(value)} <span class="elapsed">(${words})</span>`;
  }

  function span(start: unknown, end: unknown, now: number | undefined): HtmlFragment {
    const began = read.ms(start);
    const ended = read.ms(end);
    if (began === undefined) {
      // No start to measure from: whatever was sent, as text.
      const from = read.str(start) ? html`started ${stamp(start)}` : '';
      const to = read.str(end) ? html`${from ? ', ' : ''}ended ${stamp(end)}` : '';
      return html`${from}${to}`;
    }
    if (ended !== undefined) {
      return html`started ${stamp(start)}, ended ${stamp(end)} <span class="elapsed">(took ${read.duration(ended - began)})</span>`;
    }
    const running =
      now !== undefined ? html` <span class="elapsed">(running for ${read.duration(now - began)})</span>` : '';
    return html`started ${stamp(start)}${running}`;
  }

  return { stamp, ago, span };
}
