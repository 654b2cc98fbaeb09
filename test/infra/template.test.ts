// infra/main.json checked offline: JSON shape, resource types and api-versions against the facts taken from the
// official ARM schemas (armSchemaFacts.json), the members and enum values those schemas require or allow, that every
// parameters()/variables()/resourceId()/dependsOn reference resolves, the role assignments (built-in GUIDs, least
// set, scopes), the app settings the app reads, and what Flex Consumption and Event Grid need.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TICKET_EVENT_TYPE, SETTING_NAMES } from '../../lib/settings';
import { isRecord } from '../../lib/json';
import { isExpression, referencedNames, resourceIdTargets, stringsIn } from './armExpressions';
import schemaFacts from './armSchemaFacts.json';
import { BUILT_IN_ROLES } from './builtInRoles';
import { roleGrants } from './roleGrants';
import { identities, loadTemplate, scopeStrings, templateScopes, valueAt, type ArmResource } from './templateModel';

interface TypeFacts {
  apiVersion: string;
  apiVersions: string[];
  required: string[];
  members: string[];
  propertiesRequired: string[];
  propertiesMembers: string[];
  objects: Record<string, { required: string[]; members: string[] }>;
  enums: Record<string, string[]>;
}

const FACTS = schemaFacts.types as Record<string, TypeFacts>;
/** Template-language members of any resource (deploymentTemplate.json), not of a resource type's schema. */
const TEMPLATE_MEMBERS = [
  'condition',
  'copy',
  'dependsOn',
  'scope',
  'comments',
  'metadata',
  'subscriptionId',
  'resourceGroup',
];

const template = loadTemplate();
const scopes = templateScopes(template);
const resources = scopes.flatMap((scope) => scope.template.resources);

function factsOf(resource: ArmResource): TypeFacts {
  const facts = FACTS[resource.type];
  if (!facts) throw new Error(`${resource.type} has no schema facts`);
  return facts;
}

function only(type: string, name?: string): ArmResource {
  const found = resources.filter(
    (resource) => resource.type === type && (name === undefined || resource.name === name),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

function missing(required: string[], present: object): string[] {
  return required.filter((member) => !(member in present));
}

function unknown(present: object, allowed: string[]): string[] {
  return Object.keys(present).filter((member) => !allowed.includes(member));
}

describe('infra/main.json', () => {
  it('is a deployment template: $schema, contentVersion, parameters, resources (nested ones too)', () => {
    for (const { template: each } of scopes) {
      expect(each.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
      expect(each.contentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(isRecord(each.parameters)).toBe(true);
      expect(Array.isArray(each.resources) && each.resources.length > 0).toBe(true);
    }
  });

  it('uses only type and api-version pairs the official schemas list', () => {
    for (const resource of resources) {
      const facts = factsOf(resource);
      expect([resource.type, facts.apiVersions.includes(resource.apiVersion)]).toEqual([resource.type, true]);
      // The members below were read for this api-version.
      expect([resource.type, resource.apiVersion]).toEqual([resource.type, facts.apiVersion]);
    }
  });

  it('gives every resource the members its schema requires, and only members it knows', () => {
    for (const resource of resources) {
      const facts = factsOf(resource);
      const label = `${resource.type} ${resource.name}`;
      expect([label, missing(facts.required, resource)]).toEqual([label, []]);
      expect([label, unknown(resource, [...facts.members, ...TEMPLATE_MEMBERS])]).toEqual([label, []]);
      const properties = resource.properties ?? {};
      expect([label, missing(facts.propertiesRequired, properties)]).toEqual([label, []]);
      expect([label, unknown(properties, facts.propertiesMembers)]).toEqual([label, []]);
      for (const [path, shape] of Object.entries(facts.objects)) {
        const value = valueAt(resource, path);
        if (!isRecord(value)) continue;
        expect([label, path, missing(shape.required, value), unknown(value, shape.members)]).toEqual([
          label,
          path,
          [],
          [],
        ]);
      }
      for (const [path, allowed] of Object.entries(facts.enums)) {
        const value = valueAt(resource, path);
        if (typeof value !== 'string' || isExpression(value)) continue;
        expect([label, path, allowed.includes(value) ? 'allowed' : value]).toEqual([label, path, 'allowed']);
      }
    }
  });

  it('resolves every parameters() and variables() reference in its own scope and uses every parameter', () => {
    for (const scope of scopes) {
      const strings = scopeStrings(scope.template);
      const parameters = Object.keys(scope.template.parameters ?? {});
      const variables = Object.keys(scope.template.variables ?? {});
      const used = new Set(strings.flatMap((text) => referencedNames(text, 'parameters')));
      expect([scope.label, [...used].filter((name) => !parameters.includes(name))]).toEqual([scope.label, []]);
      const usedVariables = strings.flatMap((text) => referencedNames(text, 'variables'));
      expect([scope.label, usedVariables.filter((name) => !variables.includes(name))]).toEqual([scope.label, []]);
      expect([scope.label, parameters.filter((name) => !used.has(name))]).toEqual([scope.label, []]);
    }
  });

  it('depends only on resources and copy loops of the same template, and resourceId() finds what it deploys', () => {
    for (const scope of scopes) {
      const deployed = identities(scope.template);
      const loops = scope.template.resources.flatMap((resource) => (resource.copy ? [resource.copy.name] : []));
      const deployedTypes = new Set(scope.template.resources.map((resource) => resource.type.toLowerCase()));
      for (const resource of scope.template.resources) {
        for (const target of resource.dependsOn ?? []) {
          if (!isExpression(target))
            expect([resource.name, target, loops.includes(target)]).toEqual([resource.name, target, true]);
          else
            for (const id of resourceIdTargets(target))
              expect([resource.name, id, deployed.has(id)]).toEqual([resource.name, id, true]);
        }
      }
      for (const text of scopeStrings(scope.template)) {
        for (const id of resourceIdTargets(text)) {
          if (deployedTypes.has(id.split('|')[0])) expect([id, deployed.has(id)]).toEqual([id, true]);
        }
      }
    }
  });

  it('assigns only built-in roles, by their GUIDs, to the app identity as a service principal', () => {
    const guids = [...stringsIn(template)].flatMap(
      (text) => text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [],
    );
    expect(guids.length).toBeGreaterThan(0);
    expect(guids.filter((guid) => !(guid in BUILT_IN_ROLES))).toEqual([]);
    for (const assignment of resources.filter(
      (resource) => resource.type === 'Microsoft.Authorization/roleAssignments',
    )) {
      expect(assignment.properties?.principalType).toBe('ServicePrincipal');
      expect(String(assignment.properties?.principalId)).toMatch(
        /userAssignedIdentities', variables\('identityName'\)\), '2023-01-31'\)\.principalId\]$|^\[parameters\('principalId'\)\]$/,
      );
    }
  });

  it('grants the least set the run needs, each on its one resource', () => {
    const [main, ...nested] = scopes;
    const grants = [...roleGrants(main), ...nested.flatMap((scope) => roleGrants(scope, main))].sort();
    expect(grants).toEqual(
      [
        "Contributor on resource group [parameters('azureResourceGroup')]",
        "EventGrid Data Sender on [format('Microsoft.EventGrid/topics/{0}', variables('eventsTopicName'))]",
        "Key Vault Secrets Officer on [format('Microsoft.KeyVault/vaults/{0}', variables('keyVaultName'))]",
        "Storage Blob Data Owner on [format('Microsoft.Storage/storageAccounts/{0}', variables('storageAccountName'))]",
        "Storage Queue Data Contributor on [format('Microsoft.Storage/storageAccounts/{0}', variables('storageAccountName'))]",
        "Storage Table Data Contributor on [format('Microsoft.Storage/storageAccounts/{0}', variables('storageAccountName'))]",
      ].sort(),
    );
  });

  it('runs on Flex Consumption: FC1 plan, Node 22, package from a blob container reached by the identity', () => {
    const plan = only('Microsoft.Web/serverfarms');
    expect(plan.sku).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    const site = only('Microsoft.Web/sites');
    expect(site.kind).toBe('functionapp,linux');
    expect(valueAt(site, 'properties.functionAppConfig.runtime')).toEqual({ name: 'node', version: '22' });
    expect(valueAt(site, 'properties.functionAppConfig.deployment.storage.type')).toBe('blobContainer');
    expect(valueAt(site, 'properties.functionAppConfig.deployment.storage.authentication.type')).toBe(
      'UserAssignedIdentity',
    );
    expect(valueAt(site, 'identity.type')).toBe('UserAssigned');
    expect(valueAt(only('Microsoft.KeyVault/vaults'), 'properties.enableRbacAuthorization')).toBe(true);
    expect(valueAt(only('Microsoft.Storage/storageAccounts'), 'properties.allowSharedKeyAccess')).toBe(false);
  });

  it('sets the app settings the app reads, identity-based storage, and no secret in clear', () => {
    const site = only('Microsoft.Web/sites');
    const text = [
      String(valueAt(site, 'properties.siteConfig.appSettings')),
      String(template.variables?.stampCredentialSettings),
    ].join(' ');
    const names = [...text.matchAll(/createObject\('name', '([^']+)', 'value', /g)].map((match) => match[1]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'AzureWebJobsStorage__accountName',
        'AzureWebJobsStorage__credential',
        'AzureWebJobsStorage__clientId',
        'AZURE_CLIENT_ID',
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        'HC_AZURE_ARM_ENDPOINT',
        'HC_AZURE_TENANT_ID',
        'HC_AZURESTACK_STAMPS',
        'HC_KEY_VAULT_URL',
        'HC_EVENT_GRID_ENDPOINT',
        'HC_AUTH_MODE',
        // The host stops reading bodies at 128 KB: a plan is 64 KB, a ticket one plan in an envelope.
        'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT',
      ]),
    );
    const known: readonly string[] = SETTING_NAMES;
    expect(names.filter((name) => name.startsWith('HC_') && !known.includes(name))).toEqual([]);
    // Flex Consumption sets the runtime in functionAppConfig and refuses these; storage is identity-based, events keyless.
    for (const refused of [
      'FUNCTIONS_WORKER_RUNTIME',
      'FUNCTIONS_EXTENSION_VERSION',
      'WEBSITE_RUN_FROM_PACKAGE',
      'AzureWebJobsStorage',
      'HC_AZURE_CLIENT_SECRET',
      'HC_EVENT_GRID_KEY',
    ]) {
      expect(names).not.toContain(refused);
    }
    expect(text).toMatch(/'HC_AZURESTACK_CLIENT_SECRET', 'value', format\('@Microsoft\.KeyVault\(VaultName=/);
    expect(text).toContain("createObject('name', 'AzureWebJobsStorage__credential', 'value', 'managedidentity')");
  });

  it('publishes CloudEvents to one topic and delivers tickets (Event Grid schema) to ticketStart only when asked', () => {
    const topics = resources.filter((resource) => resource.type === 'Microsoft.EventGrid/topics');
    expect(topics.map((topic) => valueAt(topic, 'properties.inputSchema')).sort()).toEqual([
      'CloudEventSchemaV1_0',
      'EventGridSchema',
    ]);
    const subscription = only('Microsoft.EventGrid/topics/eventSubscriptions');
    expect(subscription.condition).toBe("[parameters('deployTicketSubscription')]");
    expect(template.parameters?.deployTicketSubscription).toMatchObject({ type: 'bool', defaultValue: false });
    expect(valueAt(subscription, 'properties.eventDeliverySchema')).toBe('EventGridSchema');
    expect(valueAt(subscription, 'properties.destination.endpointType')).toBe('AzureFunction');
    expect(valueAt(subscription, 'properties.destination.properties.resourceId')).toBe(
      "[resourceId('Microsoft.Web/sites/functions', variables('appName'), 'ticketStart')]",
    );
    expect(valueAt(subscription, 'properties.filter.includedEventTypes')).toEqual(["[parameters('ticketEventType')]"]);
    expect(template.parameters?.ticketEventType?.defaultValue).toBe(DEFAULT_TICKET_EVENT_TYPE);
    // The app registers its Event Grid trigger under that name (read from the source: importing it registers it).
    const trigger = readFileSync(join(__dirname, '..', '..', 'functions', 'ticketTrigger.ts'), 'utf8');
    expect(trigger).toContain("TICKET_FUNCTION = 'ticketStart'");
    const ticketsTopic = topics.find((topic) => valueAt(topic, 'properties.inputSchema') === 'EventGridSchema');
    expect(ticketsTopic?.name).toBe("[variables('ticketsTopicName')]");
    expect(subscription.name).toBe("[format('{0}/ticketStart', variables('ticketsTopicName'))]");
  });

  it('ships the Dockerfile for running the package in the official Functions image', () => {
    const dockerfile = join(__dirname, '..', '..', 'infra', 'Dockerfile');
    expect(existsSync(dockerfile)).toBe(true);
    expect(readFileSync(dockerfile, 'utf8')).toMatch(/^FROM mcr\.microsoft\.com\/azure-functions\/node:4-node22\s*$/m);
  });
});
