// Parses and matches httpTrigger route templates as ASP.NET routing does for the Functions host: literal segments
// (case-insensitive), {name}, optional {name?}, defaults {name=value}, constraints {id:int}, catch-all {*rest}, and
// complex segments like {file}.{ext}. Pure: no I/O, no knowledge of functions.
import { RouteTemplateError } from './errors';
import { routeConstraint, type RouteConstraint } from './routeConstraints';

interface LiteralPart {
  kind: 'literal';
  text: string;
}

interface ParameterPart {
  kind: 'parameter';
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: RouteConstraint[];
}

type RoutePart = LiteralPart | ParameterPart;

interface RouteSegment {
  parts: RoutePart[];
  /** Matches the whole decoded segment; one capture group per parameter part, in order. */
  pattern: RegExp;
}

export interface RouteTemplate {
  template: string;
  segments: RouteSegment[];
  /** ASP.NET-style precedence per segment: lower sorts first (literal 1, complex 2, constrained 3, plain 4, catch-all 5). */
  precedence: number[];
}

export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^[~/]+/, '').replace(/\/+$/, '');
  const texts = trimmed === '' ? [] : trimmed.split('/');
  const names = new Set<string>();
  const segments = texts.map((text, index) => {
    if (text === '') throw new RouteTemplateError(template, 'empty segment (//)');
    const parts = parseSegment(template, text);
    for (const part of parts) {
      if (part.kind !== 'parameter') continue;
      const key = part.name.toLowerCase();
      if (names.has(key)) throw new RouteTemplateError(template, `parameter '${part.name}' appears twice`);
      names.add(key);
      if (part.catchAll && (index !== texts.length - 1 || parts.length !== 1)) {
        throw new RouteTemplateError(template, 'a catch-all parameter must be the whole last segment');
      }
      if (part.optional && parts.length === 1 && index !== texts.length - 1) {
        throw new RouteTemplateError(template, `optional parameter '${part.name}' must be in the last segment`);
      }
    }
    return { parts, pattern: segmentPattern(parts) };
  });
  return { template, segments, precedence: segments.map(segmentPrecedence) };
}

/** The route parameters when `pathSegments` (decoded, no prefix) match the template; undefined otherwise. */
export function matchRoute(route: RouteTemplate, pathSegments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < route.segments.length; index++) {
    const segment = route.segments[index];
    const [first] = segment.parts;
    if (segment.parts.length === 1 && first.kind === 'parameter' && first.catchAll) {
      const rest = pathSegments.slice(index).join('/');
      if (rest === '' && first.defaultValue === undefined) return params;
      const value = rest === '' ? (first.defaultValue ?? '') : rest;
      if (!first.constraints.every((check) => check(value))) return undefined;
      params[first.name] = value;
      return params;
    }
    const text = pathSegments[index];
    if (text === undefined) {
      // Only trailing optional (or defaulted) single-parameter segments may be missing.
      if (segment.parts.length !== 1 || first.kind !== 'parameter') return undefined;
      if (first.defaultValue !== undefined) params[first.name] = first.defaultValue;
      else if (!first.optional) return undefined;
      continue;
    }
    const match = segment.pattern.exec(text);
    if (!match) return undefined;
    let group = 1;
    for (const part of segment.parts) {
      if (part.kind !== 'parameter') continue;
      const value = match[group++];
      if (value === undefined || value === '') {
        if (part.defaultValue !== undefined) params[part.name] = part.defaultValue;
        else if (!part.optional) return undefined;
        continue;
      }
      if (!part.constraints.every((check) => check(value))) return undefined;
      params[part.name] = value;
    }
  }
  return pathSegments.length > route.segments.length ? undefined : params;
}

/** Negative when `a` should be tried before `b`. */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let index = 0; index < length; index++) {
    const difference = (a.precedence[index] ?? 0) - (b.precedence[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.template.localeCompare(b.template);
}

function parseSegment(template: string, text: string): RoutePart[] {
  const parts: RoutePart[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '{' && text[index + 1] === '{') {
      literal += '{';
      index += 2;
    } else if (char === '}' && text[index + 1] === '}') {
      literal += '}';
      index += 2;
    } else if (char === '}') {
      throw new RouteTemplateError(template, "unmatched '}'");
    } else if (char === '{') {
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      const { body, end } = readParameterBody(template, text, index + 1);
      if (parts.at(-1)?.kind === 'parameter') {
        throw new RouteTemplateError(template, 'two parameters must be separated by a literal');
      }
      parts.push(parseParameter(template, body));
      index = end + 1;
    } else {
      literal += char;
      index++;
    }
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

/** The text between `{` and its closing `}`; `}}` inside a parameter (e.g. in a regex) is an escaped brace. */
function readParameterBody(template: string, text: string, start: number): { body: string; end: number } {
  let body = '';
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === '}' && text[index + 1] === '}') {
      body += '}';
      index++;
    } else if (char === '{' && text[index + 1] === '{') {
      body += '{';
      index++;
    } else if (char === '}') {
      return { body, end: index };
    } else if (char === '{') {
      throw new RouteTemplateError(template, "'{' inside a parameter must be written '{{'");
    } else {
      body += char;
    }
  }
  throw new RouteTemplateError(template, "unmatched '{'");
}

function parseParameter(template: string, body: string): ParameterPart {
  let rest = body;
  let catchAll = false;
  if (rest.startsWith('**')) [catchAll, rest] = [true, rest.slice(2)];
  else if (rest.startsWith('*')) [catchAll, rest] = [true, rest.slice(1)];

  const nameMatch = /^[^:?=]+/.exec(rest);
  if (!nameMatch) throw new RouteTemplateError(template, `parameter '{${body}}' has no name`);
  const name = nameMatch[0];
  rest = rest.slice(name.length);

  const constraints: RouteConstraint[] = [];
  while (rest.startsWith(':')) {
    const constraintName = /^:([A-Za-z]+)/.exec(rest);
    if (!constraintName) throw new RouteTemplateError(template, `bad constraint in '{${body}}'`);
    rest = rest.slice(constraintName[0].length);
    let args: string | undefined;
    if (rest.startsWith('(')) {
      const close = closingParenthesis(rest);
      if (close < 0) throw new RouteTemplateError(template, `unclosed '(' in '{${body}}'`);
      args = rest.slice(1, close);
      rest = rest.slice(close + 1);
    }
    constraints.push(routeConstraint(template, constraintName[1], args));
  }

  let optional = false;
  let defaultValue: string | undefined;
  if (rest === '?') {
    optional = true;
  } else if (rest.startsWith('=')) {
    defaultValue = rest.slice(1);
  } else if (rest !== '') {
    throw new RouteTemplateError(template, `unexpected '${rest}' in '{${body}}'`);
  }
  if (catchAll) optional = true;
  return { kind: 'parameter', name, optional, catchAll, defaultValue, constraints };
}

/** Index of the `)` closing the `(` at position 0, skipping nested pairs and backslash escapes; -1 if none. */
function closingParenthesis(text: string): number {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return index;
  }
  return -1;
}

function segmentPattern(parts: RoutePart[]): RegExp {
  // Greedy parameters make the literals match their last occurrence: ASP.NET matches complex segments right to left
  // ({name}.{ext} on "a.b.pdf" gives name "a.b", ext "pdf").
  const source = parts
    .map((part) => (part.kind === 'literal' ? part.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '(.*)'))
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

function segmentPrecedence(segment: RouteSegment): number {
  const [first] = segment.parts;
  if (segment.parts.every((part) => part.kind === 'literal')) return 1;
  if (segment.parts.length > 1) return 2;
  if (first.kind !== 'parameter') return 1;
  if (first.catchAll) return 5;
  return first.constraints.length > 0 ? 3 : 4;
}
