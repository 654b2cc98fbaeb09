// The package.json that ships: what the Functions host and npm need to run the app, nothing that asks for dev tools.
// No scripts (ours run tsc, jest or the bundled Node, none of which ships), no devDependencies.

/** The fields of our package.json this file reads. */
export interface SourceManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  main: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface ProductionManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  private: true;
  main: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}

export function productionManifest(source: SourceManifest): ProductionManifest {
  return {
    name: source.name,
    version: source.version,
    ...(source.description === undefined ? {} : { description: source.description }),
    ...(source.license === undefined ? {} : { license: source.license }),
    private: true,
    main: source.main,
    ...(source.engines === undefined ? {} : { engines: { ...source.engines } }),
    dependencies: { ...source.dependencies },
  };
}

export function parseSourceManifest(text: string): SourceManifest {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('package.json is not an object');
  const manifest = value as Partial<SourceManifest>;
  for (const field of ['name', 'version', 'main'] as const) {
    if (typeof manifest[field] !== 'string') throw new Error(`package.json has no "${field}"`);
  }
  if (typeof manifest.dependencies !== 'object' || manifest.dependencies === null) {
    throw new Error('package.json has no "dependencies"');
  }
  return manifest as SourceManifest;
}
