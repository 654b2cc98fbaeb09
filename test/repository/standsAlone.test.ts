// The repository stands alone: no comment or document cites a file it does not hold (a relative .md/.ts path that
// does not exist) or names notes kept elsewhere. Public sources are cited by URL instead.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryIndex, unresolvedCitations, type Citation } from './citations';

const ROOT = join(__dirname, '..', '..');

/** Files whose text is prose or code we wrote (data files and third-party fixtures are not read). */
const READ = /\.(?:ts|js|mjs|cjs|md|json|ya?ml|sh)$|(?:^|\/)(?:Dockerfile|run)$/;
// The check's own tests hold bad citations on purpose; fixtures are third-party data with their own provenance.
// The lint probes name files inside the tree that exist only as the text they lint.
const NOT_OURS = [/^package-lock\.json$/, /(?:^|\/)fixtures\//, /^test\/repository\//, /^test\/lint\//];

function repositoryFiles(): string[] {
  // Tracked files plus new ones not ignored yet, so a citation is caught before its file is committed.
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT });
  return [...new Set(listed.toString('utf8').split('\0').filter(Boolean))].sort();
}

describe('the repository stands alone', () => {
  const files = repositoryFiles();
  const index = repositoryIndex(files);
  const scanned = files.filter((file) => READ.test(file) && !NOT_OURS.some((pattern) => pattern.test(file)));

  it('reads the source and the documents', () => {
    expect(scanned).toEqual(expect.arrayContaining(['README.md', 'functions/index.ts', 'runtime/durable/README.md']));
    expect(scanned).toEqual(
      expect.arrayContaining(['runtime/host/startHost.ts', 'runtime/durable/http/rpcListener.ts']),
    );
  });

  it('cites no file it does not hold and names no notes kept elsewhere', () => {
    const found: Citation[] = scanned.flatMap((file) =>
      unresolvedCitations(index, file, readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(
      found.map((citation) => `${citation.file}:${citation.line}: ${citation.text} (${citation.problem})`),
    ).toEqual([]);
  });
});

describe('the citation check', () => {
  const index = repositoryIndex(['README.md', 'docs/durable-protocol.md', 'lib/plan/cidr.ts']);

  it('accepts files that exist, bare names the repository has, and URLs', () => {
    const text = [
      '// see docs/durable-protocol.md §2.1 and ../plan/cidr.ts, or cidr.ts',
      '// https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-s2s.md',
      '// [source](https://github.com/Azure/azure-functions-durable-js/blob/v3.x/src/actions/ActionType.ts)',
      "import { x } from './x'; // a *.test.ts glob, @types/node, index.d.ts-free",
    ].join('\n');
    expect(unresolvedCitations(index, 'lib/clouds/a.ts', text)).toEqual([]);
  });

  it('reports a relative path that does not exist and notes kept elsewhere', () => {
    const text = [
      '// protocol: ../../../shared/docs/durable-protocol.md',
      '// rules of DESIGN.md §3, sdk-notes.md, src/orchestrations/TaskOrchestrationExecutor.ts',
    ].join('\n');
    expect(unresolvedCitations(index, 'runtime/durable/README.md', text).map((found) => found.text)).toEqual([
      'shared/docs',
      '../../../shared/docs/durable-protocol.md',
      'DESIGN.md',
      'DESIGN.md',
      'sdk-notes.md',
      'src/orchestrations/TaskOrchestrationExecutor.ts',
    ]);
  });
});
