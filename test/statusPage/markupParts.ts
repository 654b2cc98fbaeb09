// Reading a rendered status page's markup in tests: which state each coloured part shows.

/** data-part -> data-state of every coloured part in the markup. */
export function partStates(html: string): Record<string, string> {
  const states: Record<string, string> = {};
  for (const match of html.matchAll(/data-part="([^"]+)" data-state="([^"]+)"/g)) states[match[1]] = match[2];
  return states;
}
