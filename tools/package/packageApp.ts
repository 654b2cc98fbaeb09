// `npm run package`: the deployable Functions app as one zip — host.json, a production package.json, the compiled app
// (dist/functions, dist/orchestrations, dist/activities, dist/lib with plan.schema.json) and production node_modules.
// The local tooling (runtime/, simulator/, clock/, cli/, bench/, soak/, tools/) and every devDependency stay out.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { treeEntries } from './fileTree';
import { parseSourceManifest, productionManifest } from './productionManifest';
import { isBuildOnlyFile, productionModuleEntries } from './productionModules';
import { writeZip, type ZipEntry, type ZipSummary } from './zipWriter';

/** The compiled folders the app's entry imports; the rest of dist/ is tooling. */
export const APP_FOLDERS = ['functions', 'orchestrations', 'activities', 'lib'] as const;

export interface PackageOptions {
  /** The repository root: package.json, package-lock.json, host.json, dist/ and node_modules/. */
  root: string;
  /** Where the zip goes (its folder is created). */
  out: string;
}

function* appEntries(root: string): Generator<ZipEntry> {
  const manifest = parseSourceManifest(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!existsSync(join(root, manifest.main))) {
    throw new Error(`${manifest.main} (package.json "main") is missing: run npm run build first`);
  }
  yield { name: 'host.json', data: readFileSync(join(root, 'host.json')), mode: 0o644 };
  const shipped = `${JSON.stringify(productionManifest(manifest), null, 2)}\n`;
  yield { name: 'package.json', data: Buffer.from(shipped, 'utf8'), mode: 0o644 };
  for (const folder of APP_FOLDERS) {
    yield* treeEntries(join(root, 'dist', folder), `dist/${folder}`, { skipFile: isBuildOnlyFile });
  }
}

export function packageApp(options: PackageOptions): ZipSummary {
  mkdirSync(dirname(options.out), { recursive: true });
  function* entries(): Generator<ZipEntry> {
    yield* appEntries(options.root);
    yield* productionModuleEntries(options.root);
  }
  return writeZip(options.out, entries());
}
