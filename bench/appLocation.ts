// Finds a bench app's folder (bench/apps/<name>) from wherever this code runs: compiled under dist/bench or as
// TypeScript under bench/ (tests). It only looks; it never creates or copies anything.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BenchScenarioError } from './errors';

export function benchAppDir(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'bench', 'apps', name);
    if (existsSync(join(candidate, 'host.json'))) return candidate;
    if (dirname(dir) === dir) throw new BenchScenarioError(`bench app '${name}' not found above ${__dirname}`);
  }
}
