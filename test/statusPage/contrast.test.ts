// Every text colour the status pages' stylesheet declares reads at WCAG AA contrast (4.5:1) on each background it
// can sit on: a rule's own background, the error box's, and for the drawings' generic text the pale fills of the
// parts it is written on. The stylesheet is read as written, so a colour changed there fails here.
import { PAGE_STYLES } from '../../functions/view/pageStyles';

/** WCAG 2 AA for normal text (https://www.w3.org/TR/WCAG21/#contrast-minimum). */
const AA = 4.5;
const PARTS = ['pending', 'running', 'succeeded', 'failed'];

function variables(css: string): Record<string, string> {
  const root = /:root\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  return Object.fromEntries(
    [...root.matchAll(/(--[a-z-]+):\s*(#[0-9a-f]{3,6})/gi)].map(([, name, value]) => [name, value]),
  );
}

/** Every plain rule (those inside @media too): its selector and declarations. */
function rules(css: string): { selector: string; declarations: Record<string, string> }[] {
  return [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({
    selector: selector.trim(),
    declarations: Object.fromEntries(
      body
        .split(';')
        .map((declaration) => declaration.split(':').map((piece) => piece.trim()))
        .filter((pair) => pair.length >= 2 && pair[0] !== '')
        .map(([name, ...value]) => [name, value.join(':')]),
    ),
  }));
}

function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const linear = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const vars = variables(PAGE_STYLES);
const colour = (value: string): string => {
  const name = /var\((--[a-z-]+)\)/.exec(value)?.[1];
  const resolved = name ? vars[name] : value.split(/\s+/)[0];
  if (!resolved || !/^#[0-9a-f]{3,6}$/i.test(resolved)) throw new Error(`not a colour this test reads: ${value}`);
  return resolved;
};

/** A text colour declared in the stylesheet, and the backgrounds it is read on. */
interface TextColour {
  selector: string;
  foreground: string;
  backgrounds: string[];
}

function textColours(): TextColour[] {
  const white = colour(/body\s*\{[^}]*background:\s*([^;]+);/.exec(PAGE_STYLES)?.[1] ?? '');
  const paleFills = PARTS.map((part) =>
    colour(
      `var(--${part === 'pending' ? 'grey' : part === 'running' ? 'amber' : part === 'succeeded' ? 'green' : 'red'}-bg)`,
    ),
  );
  const out: TextColour[] = [];
  for (const { selector, declarations } of rules(PAGE_STYLES)) {
    for (const single of selector.split(',').map((s) => s.trim())) {
      // `color` styles HTML text; `fill` styles text only on SVG text elements (elsewhere it paints shapes).
      const value = declarations.color ?? (/\btext\b/.test(single) ? declarations.fill : undefined);
      if (value === undefined) continue;
      const own = declarations.background ?? declarations['background-color'];
      const backgrounds = own
        ? [colour(own)]
        : single.startsWith('.error')
          ? [colour('var(--red-bg)')]
          : // The drawings' generic text is written inside the parts, on each state's pale fill, and beside them.
            /^svg text/.test(single)
            ? [white, ...paleFills]
            : [white];
      out.push({ selector: single, foreground: colour(value), backgrounds });
    }
  }
  return out;
}

describe('the status pages’ colours', () => {
  it('computes contrast as WCAG defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
  });

  it('gives every badge and label of each state its own text colour and background', () => {
    const selectors = textColours().map((text) => text.selector);
    for (const part of PARTS) {
      expect(selectors).toContain(`.badge.st-${part}`);
      expect(selectors).toContain(`.label.st-${part}`);
    }
  });

  it('reads every text colour at 4.5:1 or more on each background it sits on', () => {
    const colours = textColours();
    expect(colours.length).toBeGreaterThan(15);
    const low = colours.flatMap(({ selector, foreground, backgrounds }) =>
      backgrounds
        .map((background) => ({ selector, foreground, background, ratio: contrastRatio(foreground, background) }))
        .filter(({ ratio }) => ratio < AA)
        .map(({ ratio, background }) => `${selector}: ${foreground} on ${background} is ${ratio.toFixed(2)}:1`),
    );
    expect(low).toEqual([]);
  });

  it('is not vacuous: the stroke colours alone would fail', () => {
    expect(contrastRatio(colour('var(--amber)'), colour('var(--amber-bg)'))).toBeLessThan(AA);
    expect(contrastRatio(colour('var(--grey)'), colour('var(--grey-bg)'))).toBeLessThan(AA);
  });
});
