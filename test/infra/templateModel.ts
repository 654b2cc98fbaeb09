// infra/main.json as the tests see it: the template and each nested template deployed with inner scope, every
// resource with the strings that belong to its own scope, and lookups of values by dotted path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceIdentity, stringsIn } from './armExpressions';
import { isRecord } from '../../lib/json';

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  condition?: unknown;
  copy?: { name: string; count: unknown };
  dependsOn?: string[];
  scope?: string;
  resourceGroup?: string;
  properties?: Record<string, unknown>;
  [member: string]: unknown;
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters?: Record<string, { type: string; defaultValue?: unknown }>;
  variables?: Record<string, unknown>;
  resources: ArmResource[];
  outputs?: Record<string, unknown>;
}

export interface TemplateScope {
  /** "main" or the name expression of the deployment holding it. */
  label: string;
  template: ArmTemplate;
  /** The deployment resource of a nested template (undefined for main). */
  deployment?: ArmResource;
}

export const TEMPLATE_PATH = join(__dirname, '..', '..', 'infra', 'main.json');

export function loadTemplate(): ArmTemplate {
  return JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8')) as ArmTemplate;
}

function nestedTemplate(resource: ArmResource): ArmTemplate | undefined {
  const template = resource.properties?.template;
  return typeof template === 'object' && template !== null ? (template as ArmTemplate) : undefined;
}

/** The main template and every nested one (their expressions resolve in their own scope: "Inner"). */
export function templateScopes(template: ArmTemplate): TemplateScope[] {
  const scopes: TemplateScope[] = [{ label: 'main', template }];
  for (const resource of template.resources) {
    const nested = nestedTemplate(resource);
    if (nested) scopes.push({ label: resource.name, template: nested, deployment: resource });
  }
  return scopes;
}

/** A resource without the nested template it deploys: what its own scope evaluates. */
function ownPart(resource: ArmResource): ArmResource {
  if (!nestedTemplate(resource)) return resource;
  return { ...resource, properties: { ...resource.properties, template: undefined } };
}

/** Every string the scope's own expressions are written in (parameters, variables, resources, outputs). */
export function scopeStrings(template: ArmTemplate): string[] {
  return [
    ...stringsIn(template.parameters ?? {}),
    ...stringsIn(template.variables ?? {}),
    ...template.resources.flatMap((resource) => [...stringsIn(ownPart(resource))]),
    ...stringsIn(template.outputs ?? {}),
  ];
}

export function identities(template: ArmTemplate): Set<string> {
  return new Set(template.resources.map((resource) => resourceIdentity(resource.type, resource.name)));
}

/** The value at a dotted path ("properties.sku.name"), or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const step of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[step];
  }
  return current;
}
