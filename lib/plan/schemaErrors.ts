// Turns ajv's schema errors into plan errors that name the field and say what to do. Values from the input are
// shown through echo() only: a short, escaped prefix (a plan carries no secrets, but messages must stay bounded).
import type { ErrorObject } from 'ajv';
import { isRecord } from '../json';
import { echo } from './echo';
import { childPath, pathFromPointer } from './paths';
import { cloudOfPath, explainGatewaySkuRefusal } from './skuRules';
import { MAX_SITES, type PlanError } from './types';

/** An item of the array form of azureStack: `azureStack[3]`. */
const SITE_ITEM_PATH = /^azureStack\[\d+\]$/;

export function translateSchemaErrors(errors: readonly ErrorObject[]): PlanError[] {
  // An empty string also fails its pattern; "must not be empty" says it all. An if/then/else (azureStack: an object
  // or an array) adds "must match the then schema" beside the errors that say why: those say it.
  const redundant = (e: ErrorObject): boolean => (e.keyword === 'pattern' && e.data === '') || e.keyword === 'if';
  const seen = new Set<string>();
  return errors
    .filter((e) => !redundant(e))
    .map(translate)
    .filter((error) => {
      // A site item that is no object fails two `type` rules (the item's and the site's): one error says it.
      const key = JSON.stringify([error.path, error.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function translate(error: ErrorObject): PlanError {
  const path = pathFromPointer(error.instancePath);
  const parent = asRecord(error.parentSchema) ?? {};
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (missing === 'name' && SITE_ITEM_PATH.test(path)) {
        return {
          path: childPath(path, missing),
          message:
            'is required: each site of the array needs a unique name (1-15 lowercase letters, digits and hyphens, ' +
            'e.g. factory-1)',
        };
      }
      const description = describeProperty(parent, missing);
      return { path: childPath(path, missing), message: `is required${description ? ` (${description})` : ''}` };
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const allowed = Object.keys(asRecord(parent.properties) ?? {});
      const suggestion = closest(unknown, allowed);
      return {
        path: childPath(path, unknown),
        message:
          'unknown field: remove it' +
          (suggestion ? ` (did you mean ${suggestion}?)` : '') +
          (allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : ''),
      };
    }
    case 'type': {
      const expected = String(params.type);
      if (path === '') return { path, message: `the plan must be a JSON object (got ${kindOf(error.data)})` };
      if (path === 'azureStack') {
        return {
          path,
          message: `must be an object (one site) or an array of 1-${MAX_SITES} sites (got ${kindOf(error.data)})`,
        };
      }
      return { path, message: `must be ${withArticle(expected)} (got ${kindOf(error.data)})` };
    }
    case 'enum': {
      const cloud = cloudOfPath(path);
      if (path.endsWith('.gatewaySku') && cloud !== undefined) {
        return { path, message: explainGatewaySkuRefusal(cloud, error.data) };
      }
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return { path, message: `${echo(error.data)} is not allowed here: use one of ${allowed}` };
    }
    case 'pattern': {
      const custom = parent.patternErrorMessage;
      return { path, message: typeof custom === 'string' ? custom : `must match ${String(params.pattern)}` };
    }
    case 'format': {
      const examples = parent.examples;
      const example = Array.isArray(examples) && typeof examples[0] === 'string' ? ` such as ${examples[0]}` : '';
      return { path, message: `must be an absolute URL${example}` };
    }
    case 'minLength':
      return {
        path,
        message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`,
      };
    case 'maxLength': {
      const length = typeof error.data === 'string' ? ` (it has ${error.data.length})` : '';
      const why = path === 'name' ? ' so that every resource name derived from it fits ARM limits' : '';
      return { path, message: `must be at most ${String(params.limit)} characters${why}${length}` };
    }
    case 'minimum':
    case 'maximum': {
      const bound = error.keyword === 'minimum' ? 'at least' : 'at most';
      return { path, message: `must be ${bound} ${String(params.limit)} (got ${echo(error.data)})` };
    }
    case 'minItems':
      if (path === 'azureStack') return { path, message: 'must list at least one site' };
      return { path, message: `must list at least ${String(params.limit)} item(s)` };
    case 'maxItems':
      if (path === 'azureStack') {
        return {
          path,
          message: `must list at most ${String(params.limit)} sites (the most site-to-site tunnels a hub gateway carries)`,
        };
      }
      return { path, message: `must list at most ${String(params.limit)} items` };
    case 'uniqueItems':
      return {
        path: childPath(path, Number(params.j)),
        message: `repeats ${childPath(path, Number(params.i))}: remove the duplicate`,
      };
    default:
      return { path, message: error.message ?? `fails the schema rule "${error.keyword}"` };
  }
}

function describeProperty(schema: Record<string, unknown>, property: string): string | undefined {
  const description = asRecord(asRecord(schema.properties)?.[property])?.description;
  if (typeof description !== 'string') return undefined;
  // The first sentence says what the field is; the rest is detail for editors. "e.g." does not end a sentence.
  const end = description.search(/(?<!e\.g)\.(\s|$)/);
  return end === -1 ? description : description.slice(0, end);
}

/** The allowed name closest to a misspelt one (case-insensitive or within two edits), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${echo(value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

function withArticle(type: string): string {
  // A union type (options.repair) arrives as "boolean,object".
  if (type.includes(',')) return type.split(',').map(withArticle).join(' or ');
  const noun = type === 'integer' ? 'whole number' : type === 'boolean' ? 'boolean (true or false)' : type;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
