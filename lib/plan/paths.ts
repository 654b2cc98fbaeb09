// Field paths in plan errors: dotted (`azure.vm.size`), array items in brackets (`azure.addressSpace[1]`).
import { MAX_ECHO_CHARS, echo } from './echo';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one property name or array index to a path; a name from the input is bounded and escaped (echo). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (key.length > MAX_ECHO_CHARS || !IDENTIFIER.test(key)) return `${parent}[${echo(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Converts an ajv instancePath (a JSON pointer such as /azure/addressSpace/0) to our path form. */
export function pathFromPointer(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>(
      (path, segment) => childPath(path, /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment),
      '',
    );
}
