// A small well-formedness check for the SVG the bench writes (no XML parser among the dependencies): every tag is
// closed in order, attributes are quoted, text and attribute values hold no raw `<` and only known entities.
const NAME = '[A-Za-z][\\w:.-]*';
const ATTRIBUTE = `\\s+${NAME}="[^"<]*"`;
const TAG = new RegExp(`<(/?)(${NAME})((?:${ATTRIBUTE})*)\\s*(/?)>`, 'y');
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos);)/;

export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let i = 0;
  while (i < xml.length) {
    const next = xml.indexOf('<', i);
    const textEnd = next < 0 ? xml.length : next;
    if (ENTITY.test(xml.slice(i, textEnd))) problems.push(`bare & in text near ${i}`);
    if (next < 0) break;
    TAG.lastIndex = next;
    const match = TAG.exec(xml);
    if (!match) {
      problems.push(`malformed tag at ${next}: ${xml.slice(next, next + 60)}`);
      break;
    }
    const [, closing, name = '', attributes = '', selfClosing] = match;
    if (ENTITY.test(attributes)) problems.push(`bare & in an attribute of <${name}>`);
    if (closing) {
      const top = open.pop();
      if (top !== name) problems.push(`</${name}> closes <${String(top)}>`);
    } else if (!selfClosing) open.push(name);
    i = TAG.lastIndex;
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  return problems;
}
