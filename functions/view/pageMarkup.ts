// The status page's only way to make markup: an html`...` tag that escapes every interpolated value unless it is a
// fragment html itself made, so no value from the status, the plan or the URL can reach the page as markup by a
// forgotten escape. Shipped to the browser as source text (see pageDocument.ts): self-contained, no imports at run
// time. Prettier leaves html`...` templates in functions/view as written (.prettierrc.json): they are the page's
// markup to the byte.

/** Markup made by html`...`; only the factory's own class makes one, so JSON data can never pass for it. */
export interface HtmlFragment {
  readonly html: string;
}

export interface Markup {
  /** The template with each value escaped (an array or object as its JSON), a fragment as it is. */
  html: (strings: TemplateStringsArray, ...values: unknown[]) => HtmlFragment;
  /** Fragments one after another. */
  join: (fragments: readonly HtmlFragment[]) => HtmlFragment;
}

export function createMarkup(): Markup {
  class Fragment implements HtmlFragment {
    readonly html: string;

    constructor(html: string) {
      this.html = html;
    }
  }

  /** Text for an element or a quoted attribute: a number or boolean as written, an object as its JSON. */
  function escaped(value: unknown): string {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : value === undefined || value === null
            ? ''
            : (JSON.stringify(value) ?? '');
    return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function piece(value: unknown): string {
    return value instanceof Fragment ? value.html : escaped(value);
  }

  function join(fragments: readonly HtmlFragment[]): HtmlFragment {
    return new Fragment(fragments.map(piece).join(''));
  }

  function html(strings: TemplateStringsArray, ...values: unknown[]): HtmlFragment {
    let out = strings[0];
    values.forEach((value, index) => {
      out += piece(value) + strings[index + 1];
    });
    return new Fragment(out);
  }

  return { html, join };
}
