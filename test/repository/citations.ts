// Finds what a repository file cites that the repository does not hold: a relative path to a .md or .ts file that
// does not exist, or a mention of notes that live outside the repository. URLs are public sources and are skipped.
import { basename, posix } from 'node:path';

export interface Citation {
  file: string;
  line: number;
  text: string;
  problem: string;
}

/**
 * Names of notes kept outside this repository (a steering folder, design notes): a mention means a reader here cannot
 * follow it. Written in two parts so this file does not match itself.
 */
export const OUTSIDE_NOTES = [
  ['shared', '/docs'],
  ['DESIGN', '.md'],
  ['arm', '-fidelity'],
  ['field', '-notes'],
  ['sdk-local', '-endpoints'],
].map((parts) => parts.join(''));

const URL = /\b(?:https?|file):\/\/[^\s)>\]'"`]+/g;
/** A Markdown link to a URL: its text names the public file it links to. */
const LINK_TO_URL = /\[[^\]]*\]\((?:https?:)?\/\/[^)]*\)/g;
/** A path-like token ending in .md or .ts, not part of a longer name, a package name or a glob. */
const PATH = /(?<![\w@/.*:~$-])((?:\.{1,2}\/)*[\w-][\w.-]*(?:\/[\w.-]+)*\.(?:md|ts))(?![\w/-])/g;

export interface RepositoryIndex {
  /** Repository-relative paths. */
  files: ReadonlySet<string>;
  /** Base names of those files. */
  names: ReadonlySet<string>;
}

export function repositoryIndex(files: readonly string[]): RepositoryIndex {
  return { files: new Set(files), names: new Set(files.map((file) => basename(file))) };
}

function resolves(index: RepositoryIndex, file: string, cited: string): boolean {
  // A bare name ("cidr.ts", "README.md") names a file loosely; it is fine when the repository has one of that name.
  if (!cited.includes('/')) return index.names.has(cited);
  // Relative to the citing file, or to the repository root; either way it must be one of the repository's files
  // (a path that climbs out of the repository may exist on this machine and still not be here).
  const candidates = [posix.join(posix.dirname(file), cited), posix.normalize(cited)];
  return candidates.some((candidate) => index.files.has(candidate));
}

/** Every citation in `text` (the content of `file`, repository-relative) that the repository cannot satisfy. */
export function unresolvedCitations(index: RepositoryIndex, file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split('\n').forEach((content, lineIndex) => {
    const line = content.replace(LINK_TO_URL, ' ').replace(URL, ' ');
    for (const note of OUTSIDE_NOTES) {
      if (line.includes(note)) {
        found.push({ file, line: lineIndex + 1, text: note, problem: 'names notes kept outside the repository' });
      }
    }
    for (const match of line.matchAll(PATH)) {
      const cited = match[1];
      if (!resolves(index, file, cited)) {
        found.push({ file, line: lineIndex + 1, text: cited, problem: 'cites a file the repository does not have' });
      }
    }
  });
  return found;
}
