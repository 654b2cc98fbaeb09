// Determinism by construction: the repo's ESLint config, run on probe texts placed (virtually) in orchestrations/,
// reports every way to read the clock, randomness, the process or the network, and every import outside the
// allowlist; it reports nothing on the orchestrations as they are. And what orchestrations import, followed to the
// end, stays inside the allowlist: no lib/settings, no lib/clouds, no activity implementation, no package but two.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
/** The rules that make orchestrations deterministic; other rules' findings on a probe are not what is tested. */
const DETERMINISM_RULES = [
  'no-restricted-imports',
  'no-restricted-globals',
  'no-restricted-properties',
  'no-restricted-syntax',
];

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
  fatal?: boolean;
}
interface LintOutput {
  imports: { packages: Record<string, string>; pureModules: Record<string, string> };
  results: { filePath: string; messages: LintMessage[] }[];
}

/** One probe line each, in order; `bad` lines must each get exactly one determinism message, the others none. */
const DIRTY_PROBE: { code: string; bad: boolean }[] = [
  { code: "import type * as df from 'durable-functions';", bad: false },
  { code: "import '../lib/settings';", bad: true },
  { code: "import 'node:fs';", bad: true },
  { code: "import { beginGateway } from '../activities/beginGateway';", bad: true },
  { code: "import { validatePlan } from '../lib/plan';", bad: true },
  {
    code: 'export function* probe(context: df.OrchestrationContext): Generator<df.Task, unknown[], unknown> {',
    bad: false,
  },
  { code: '  const a = globalThis.Date.now();', bad: true },
  { code: '  const b = crypto.randomUUID();', bad: true },
  { code: '  const c = process.env.X;', bad: true },
  { code: '  const d = new Date();', bad: true },
  { code: '  const e = Date.now();', bad: true },
  { code: '  const f = Date();', bad: true },
  { code: '  const g = Math.random();', bad: true },
  { code: '  const h = Date;', bad: true },
  { code: '  setTimeout(() => undefined, 1);', bad: true },
  { code: "  const i = fetch('https://example.com');", bad: true },
  { code: '  const j = performance.now();', bad: true },
  { code: "  const k: unknown = require('x');", bad: true },
  { code: "  const l = import('../lib/settings');", bad: true },
  { code: "  const m: unknown = new Function('return process')();", bad: true },
  { code: '  yield context.df.createTimer(context.df.currentUtcDateTime);', bad: false },
  { code: '  return [a, b, c, d, e, f, g, h, i, j, k, l, m, beginGateway, validatePlan];', bad: false },
  { code: '}', bad: false },
];

/** Allowed forms that look close to forbidden ones: a type, new Date(ms), Date.parse, Math.min, the allowlist. */
const CLEAN_PROBE = `import type * as df from 'durable-functions';
import { ACTIVITY } from '../activities/contracts';
import { ipsecPoliciesFor } from '../lib/plan/connectionPolicy';
import type { ResolvedPlan } from '../lib/plan/types';
import { instanceIdFor } from '../lib/naming';
import { settleAll } from './settleAll';
type Clock = () => Date;
export function* clean(context: df.OrchestrationContext, plan: ResolvedPlan): Generator<df.Task, Date, unknown> {
  const now: Clock = () => context.df.currentUtcDateTime;
  const wakeAt = Math.min(now().getTime() + 60_000, Date.parse('2025-03-01T08:00:00.000Z'));
  yield context.df.createTimer(new Date(wakeAt));
  const id = context.df.newGuid(instanceIdFor(plan.name));
  yield* settleAll(context, [context.df.callActivity(ACTIVITY.publishEvent, { id, policy: ipsecPoliciesFor(plan, 'azure') })]);
  return new Date(now().getTime());
}
`;

function lintTexts(texts: { filePath: string; text: string }[]): LintOutput {
  const child = spawnSync(process.execPath, [join(__dirname, 'lintTexts.mjs')], {
    cwd: ROOT,
    input: JSON.stringify(texts),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) throw new Error(`lintTexts.mjs failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as LintOutput;
}

function orchestrationFiles(): string[] {
  return readdirSync(join(ROOT, 'orchestrations'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `orchestrations/${file}`);
}

let output: LintOutput;

beforeAll(() => {
  output = lintTexts([
    { filePath: 'orchestrations/determinismProbe.ts', text: DIRTY_PROBE.map((line) => line.code).join('\n') + '\n' },
    { filePath: 'orchestrations/cleanProbe.ts', text: CLEAN_PROBE },
    {
      filePath: 'lib/errors/determinismProbe.ts',
      text: "import { readFileSync } from 'node:fs';\nexport const stamp = Date.now() + readFileSync.length;\n",
    },
    ...orchestrationFiles().map((filePath) => ({ filePath, text: readFileSync(join(ROOT, filePath), 'utf8') })),
  ]);
});

function determinismMessages(filePath: string): LintMessage[] {
  const result = output.results.find((r) => r.filePath === filePath);
  if (!result) throw new Error(`no lint result for ${filePath}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`${filePath} did not parse: ${JSON.stringify(fatal)}`);
  return result.messages.filter((message) => DETERMINISM_RULES.includes(message.ruleId ?? ''));
}

describe('lint: orchestrations are deterministic by construction', () => {
  it('reports each forbidden probe line exactly once, and nothing else', () => {
    const messages = determinismMessages('orchestrations/determinismProbe.ts');
    const expected = DIRTY_PROBE.flatMap((line, index) => (line.bad ? [{ line: index + 1, code: line.code }] : []));
    const reported = messages.map((message) => ({ line: message.line, code: DIRTY_PROBE[message.line - 1]?.code }));
    expect(reported).toEqual(expected);
  });

  it('says what to use instead', () => {
    const byLine = new Map(determinismMessages('orchestrations/determinismProbe.ts').map((m) => [m.line, m.message]));
    const at = (code: string): string => byLine.get(DIRTY_PROBE.findIndex((line) => line.code === code) + 1) ?? '';
    expect(at('  const d = new Date();')).toMatch(/context\.df\.currentUtcDateTime/);
    expect(at('  const g = Math.random();')).toMatch(/context\.df\.newGuid\(\)/);
    expect(at('  setTimeout(() => undefined, 1);')).toMatch(/context\.df\.createTimer/);
    expect(at("import '../lib/settings';")).toMatch(
      /ORCHESTRATION_IMPORTS in eslint\.config\.mjs; do I\/O in an activity/,
    );
  });

  it('passes the allowed forms: Date as a type, new Date(ms), Date.parse, Math.min, the allowlisted imports', () => {
    expect(determinismMessages('orchestrations/cleanProbe.ts')).toEqual([]);
  });

  it('passes every orchestration as it is today', () => {
    const files = orchestrationFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect({ file, messages: determinismMessages(file) }).toEqual({ file, messages: [] });
  });

  it('holds the pure modules orchestrations import to the same rules, and to no package imports', () => {
    expect(determinismMessages('lib/errors/determinismProbe.ts').map((message) => message.line)).toEqual([1, 2]);
  });
});

/** The specifiers a file imports (type-only ones too: what orchestrations depend on, not only what runs). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
}

function resolveModule(fromFile: string, specifier: string): string {
  const base = join(dirname(join(ROOT, fromFile)), specifier);
  const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${fromFile} imports ${specifier}, which is no .ts module`);
  return relative(ROOT, found).split('\\').join('/');
}

/** Every repo module and package orchestrations/ reaches, following imports to the end. */
function closureOfOrchestrations(): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const queue = orchestrationFiles();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (modules.has(file)) continue;
    modules.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) queue.push(resolveModule(file, specifier));
      else packages.add(specifier);
    }
  }
  return { modules, packages };
}

describe('what orchestrations reach, followed to the end', () => {
  it('stays inside ORCHESTRATION_IMPORTS: the pure modules and two packages, every entry used', () => {
    const { pureModules, packages: allowedPackages } = output.imports;
    const { modules, packages } = closureOfOrchestrations();
    const entryOf = (module: string): string | undefined =>
      Object.keys(pureModules).find((entry) =>
        entry.endsWith('/') ? module.startsWith(entry) : module === `${entry}.ts`,
      );
    const outside = [...modules].filter((module) => !module.startsWith('orchestrations/') && !entryOf(module));
    expect(outside).toEqual([]);
    expect([...packages].filter((name) => !(name in allowedPackages))).toEqual([]);
    const used = new Set([...modules].map(entryOf).filter((entry) => entry !== undefined));
    expect(Object.keys(pureModules).filter((entry) => !used.has(entry))).toEqual([]);
  });

  it('never reaches settings, cloud clients, the plan validator or an activity implementation', () => {
    const reached = [...closureOfOrchestrations().modules];
    expect(reached.filter((module) => /^lib\/(settings|clouds)\//.test(module))).toEqual([]);
    expect(
      reached.filter((module) => /^lib\/plan\/(index|validatePlan|bindStamp|schemaValidator)\.ts$/.test(module)),
    ).toEqual([]);
    // The activity contracts (names and types only) are all orchestrations may know of activities.
    const contracts = ['activities/contracts.ts', 'activities/preflightContracts.ts'];
    expect(reached.filter((module) => module.startsWith('activities/') && !contracts.includes(module))).toEqual([]);
  });
});
