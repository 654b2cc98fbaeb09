// Adding a resource kind or a stage touches one list, and the compiler names every table that still lacks an entry
// for it. A probe compiles the project with a kind and a stage added (virtually, in memory) to lib/resourceKinds.ts
// and lib/stages.ts, and expects errors exactly in the tables keyed by them, each naming what was added.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const NEW_KIND = 'natGateway';
const NEW_STAGE = 'natRule';

/** The edits, each replacing one anchor text (which must be there) in one file. */
const EDITS: Record<string, { anchor: string; replacement: string }> = {
  'lib/stages.ts': {
    anchor: "'tunnel', 'verify'] as const",
    replacement: `'tunnel', 'verify', '${NEW_STAGE}'] as const`,
  },
  'lib/resourceKinds.ts': {
    anchor: 'export const RESOURCE_KINDS = kindList({',
    replacement: [
      'export const RESOURCE_KINDS = kindList({',
      `  ${NEW_KIND}: {`,
      "    armType: 'Microsoft.Network/natGateways',",
      `    stage: '${NEW_STAGE}',`,
      "    title: 'NAT gateway',",
      '    names: { natGateway: { of: ({ name }) => `ng-${name}`, maxLength: 80 } },',
      "    dependsOn: ['resourceGroup'],",
      '  },',
    ].join('\n'),
  },
};

/** Every file the compiler finds in error with the edits applied, and its messages. */
function compileWithEdits(): Map<string, string[]> {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json could not be read');
  const options = { ...parsed.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const edit = EDITS[relative(ROOT, fileName).split('\\').join('/')];
    if (!edit) return readSource(fileName, languageVersion, ...rest);
    const text = readFileSync(fileName, 'utf8');
    if (!text.includes(edit.anchor)) throw new Error(`${fileName} no longer holds ${edit.anchor}`);
    return ts.createSourceFile(fileName, text.replace(edit.anchor, edit.replacement), languageVersion);
  };
  const program = ts.createProgram(parsed.fileNames, options, host);
  const errors = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? relative(ROOT, diagnostic.file.fileName).split('\\').join('/') : '(project)';
    errors.set(file, [...(errors.get(file) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')]);
  }
  return errors;
}

describe('a new resource kind and a new stage', () => {
  let errors: Map<string, string[]>;
  beforeAll(() => {
    errors = compileWithEdits();
  }, 120_000);

  it('do not compile until every table keyed by kind or stage has their entry, and nothing else complains', () => {
    expect([...errors.keys()].sort()).toEqual([
      // The teardown handler, the preview and the permissions of each kind.
      'activities/shared/resourceKinds.ts',
      'lib/preflight/diff.ts',
      // What each stage waits for, in the preview's estimate.
      'lib/preflight/estimate.ts',
      'lib/preflight/planActions.ts',
      // Each site kind's typical duration of each stage (progress bars, the estimate).
      'lib/sites/profiles.ts',
      // The title of each stage (CLI and status page).
      'lib/stages.ts',
      // The status page's layout carries the new kind's name: its escaping property must generate that field too.
      'test/statusPage/escaping.test.ts',
    ]);
  });

  it('name what is missing', () => {
    const missing = (file: string, key: string): boolean =>
      (errors.get(file) ?? []).some((message) => message.includes(`'${key}' is missing`));
    expect(missing('activities/shared/resourceKinds.ts', NEW_KIND)).toBe(true);
    expect(missing('lib/preflight/diff.ts', NEW_KIND)).toBe(true);
    expect(missing('lib/preflight/planActions.ts', NEW_KIND)).toBe(true);
    expect(missing('lib/stages.ts', NEW_STAGE)).toBe(true);
    expect(missing('lib/preflight/estimate.ts', NEW_STAGE)).toBe(true);
    expect(missing('lib/sites/profiles.ts', NEW_STAGE)).toBe(true);
    expect(missing('test/statusPage/escaping.test.ts', NEW_KIND)).toBe(true);
  });
});
