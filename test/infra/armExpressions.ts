// Just enough of the ARM template expression language to check a template's references: finding
// parameters('x') / variables('x'), splitting a function's arguments, and naming the resource a resourceId() or a
// resource's own name points at. No evaluation.

/** True for a string ARM evaluates ("[...]"); "[[" escapes a literal bracket. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && isExpressionText(value);
}

function isExpressionText(text: string): boolean {
  return text.startsWith('[') && !text.startsWith('[[') && text.endsWith(']');
}

/** Every string below `value` (object keys included: a key may be an expression too). */
export function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsIn(item);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* stringsIn(item);
    }
  }
}

export function referencedNames(expression: string, kind: 'parameters' | 'variables'): string[] {
  return [...expression.matchAll(new RegExp(`\\b${kind}\\('([^']+)'\\)`, 'g'))].map((match) => match[1]);
}

/** The top-level, comma-separated arguments of the call starting at `open` (the index of its '('). */
export function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = open + 1;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === "'" && text[index + 1] === "'") index += 1;
      else if (char === "'") quoted = false;
    } else if (char === "'") quoted = true;
    else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') {
      depth -= 1;
      if (depth === 0) {
        args.push(text.slice(start, index).trim());
        return args;
      }
    } else if (char === ',' && depth === 1) {
      args.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  throw new Error(`unbalanced call in ${text}`);
}

/** "Type|seg1|seg2": a resource's identity as written, comparable between a name and a resourceId(). */
export function identity(type: string, segments: string[]): string {
  return [type.toLowerCase(), ...segments.map((segment) => segment.replace(/\s+/g, ''))].join('|');
}

/** The identity a resource declares with its type and name ("x", "[variables('x')]", "[format('{0}/a', x)]"). */
export function resourceIdentity(type: string, name: string): string {
  if (!isExpressionText(name))
    return identity(
      type,
      name.split('/').map((part) => `'${part}'`),
    );
  const body = name.slice(1, -1).trim();
  if (!body.startsWith('format(')) return identity(type, [body]);
  const [pattern, ...values] = callArguments(body, body.indexOf('('));
  const segments = pattern
    .slice(1, -1)
    .split('/')
    .map((part) => {
      const placeholder = /^\{(\d+)\}$/.exec(part);
      return placeholder ? values[Number(placeholder[1])] : `'${part}'`;
    });
  return identity(type, segments);
}

/** Identities named by every resourceId('Type', ...) call in `text`. */
export function resourceIdTargets(text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(/\bresourceId\(/g)) {
    const [type, ...segments] = callArguments(text, (match.index ?? 0) + match[0].length - 1);
    targets.push(identity(type.slice(1, -1), segments));
  }
  return targets;
}
