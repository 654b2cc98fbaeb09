// ASP.NET Core inline route constraints ({id:int}, {name:alpha:minlength(2)}, {x:regex(^a.*$)}) as the Functions host
// applies them to httpTrigger routes. Parsing and checking only.
import { RouteTemplateError } from './errors';

export type RouteConstraint = (value: string) => boolean;

const INTEGER = /^-?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const GUID = /^[({]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i;

function integerWithin(min: bigint, max: bigint): RouteConstraint {
  return (value) => INTEGER.test(value) && BigInt(value) >= min && BigInt(value) <= max;
}

function numericArgument(template: string, constraint: string, text: string): bigint {
  if (!INTEGER.test(text.trim()))
    throw new RouteTemplateError(template, `constraint '${constraint}' needs integer arguments`);
  return BigInt(text.trim());
}

/** Builds the check for one constraint; `args` is the text between its parentheses (undefined = none given). */
export function routeConstraint(template: string, name: string, args: string | undefined): RouteConstraint {
  const list = args === undefined ? [] : args.split(',');
  const arity = (count: number): void => {
    if (list.length !== count) {
      throw new RouteTemplateError(template, `constraint '${name}' takes ${count} argument${count === 1 ? '' : 's'}`);
    }
  };
  const number = (index: number): bigint => numericArgument(template, name, list[index] ?? '');
  switch (name.toLowerCase()) {
    case 'int':
      arity(0);
      return integerWithin(-(2n ** 31n), 2n ** 31n - 1n);
    case 'long':
      arity(0);
      return integerWithin(-(2n ** 63n), 2n ** 63n - 1n);
    case 'bool':
      arity(0);
      return (value) => /^(true|false)$/i.test(value);
    case 'alpha':
      arity(0);
      return (value) => /^[a-z]+$/i.test(value);
    case 'guid':
      arity(0);
      return (value) => GUID.test(value);
    case 'decimal':
    case 'double':
    case 'float':
      arity(0);
      return (value) => NUMBER.test(value) && Number.isFinite(Number(value));
    case 'datetime':
      arity(0);
      return (value) => !Number.isNaN(Date.parse(value));
    case 'required':
      arity(0);
      return (value) => value !== '';
    case 'minlength': {
      arity(1);
      const min = number(0);
      return (value) => BigInt(value.length) >= min;
    }
    case 'maxlength': {
      arity(1);
      const max = number(0);
      return (value) => BigInt(value.length) <= max;
    }
    case 'length': {
      if (list.length === 1) {
        const exact = number(0);
        return (value) => BigInt(value.length) === exact;
      }
      arity(2);
      const [min, max] = [number(0), number(1)];
      return (value) => BigInt(value.length) >= min && BigInt(value.length) <= max;
    }
    case 'min': {
      arity(1);
      const min = number(0);
      return (value) => INTEGER.test(value) && BigInt(value) >= min;
    }
    case 'max': {
      arity(1);
      const max = number(0);
      return (value) => INTEGER.test(value) && BigInt(value) <= max;
    }
    case 'range': {
      arity(2);
      return integerWithin(number(0), number(1));
    }
    case 'regex': {
      if (args === undefined) throw new RouteTemplateError(template, `constraint 'regex' needs a pattern`);
      let pattern: RegExp;
      try {
        // ASP.NET matches regex constraints case-insensitively and does not anchor them.
        pattern = new RegExp(args, 'i');
      } catch (error) {
        throw new RouteTemplateError(template, `regex constraint: ${String(error)}`);
      }
      return (value) => pattern.test(value);
    }
    default:
      throw new RouteTemplateError(template, `unknown constraint '${name}'`);
  }
}
