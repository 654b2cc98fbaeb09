// Reads the role assignments of infra/main.json back as "role on scope" lines, resolving the few expression forms
// the template uses for role ids: variables('roles').name, variables('storageRoles')[copyIndex()] and, in the nested
// deployment, a parameter passed in from the outer template.
import { callArguments, isExpression } from './armExpressions';
import { BUILT_IN_ROLES } from './builtInRoles';
import type { ArmResource, ArmTemplate, TemplateScope } from './templateModel';

function roleName(guid: string): string {
  const name = BUILT_IN_ROLES[guid];
  if (!name) throw new Error(`${guid} is not a built-in role this test knows`);
  return name;
}

/** A nested template's deployment and the template it is deployed from (where its parameters' values resolve). */
interface PassedBy {
  deployment: ArmResource;
  template: ArmTemplate;
}

/** Role GUIDs an expression fragment stands for in `template`. */
function guidsOf(fragment: string, template: ArmTemplate, passedBy?: PassedBy): string[] {
  const text = fragment.trim();
  if (/^'[0-9a-f-]{36}'$/.test(text)) return [text.slice(1, -1)];
  const roleVariable = /^variables\('roles'\)\.(\w+)$/.exec(text);
  if (roleVariable) {
    const roles = template.variables?.roles as Record<string, string> | undefined;
    const guid = roles?.[roleVariable[1]];
    if (!guid) throw new Error(`variables('roles').${roleVariable[1]} is not defined`);
    return [guid];
  }
  const listVariable = /^variables\('(\w+)'\)\[copyIndex\(\)\]$/.exec(text);
  if (listVariable) {
    const list = template.variables?.[listVariable[1]];
    if (!Array.isArray(list)) throw new Error(`variables('${listVariable[1]}') is not a list`);
    return list.flatMap((item: unknown) =>
      guidsOf(isExpression(item) ? item.slice(1, -1) : `'${String(item)}'`, template),
    );
  }
  const parameter = /^parameters\('(\w+)'\)$/.exec(text);
  if (parameter && passedBy) {
    const passed = passedBy.deployment.properties?.parameters as Record<string, { value: unknown }> | undefined;
    const value = passed?.[parameter[1]]?.value;
    if (!isExpression(value)) throw new Error(`parameter ${parameter[1]} is not passed as an expression`);
    return guidsOf(value.slice(1, -1), passedBy.template);
  }
  throw new Error(`cannot resolve the role id ${text}`);
}

function roleIdArgument(assignment: ArmResource): string {
  const id = assignment.properties?.roleDefinitionId;
  if (!isExpression(id)) throw new Error(`${assignment.name}: roleDefinitionId is not an expression`);
  const call = "subscriptionResourceId('Microsoft.Authorization/roleDefinitions',";
  const body = id.slice(1, -1).trim();
  if (!body.startsWith(call)) throw new Error(`${assignment.name}: roleDefinitionId is not a built-in role id`);
  return callArguments(body, body.indexOf('('))[1];
}

/** "Role on scope" for every role assignment of `scope` (a nested deployment's: on its resource group). */
export function roleGrants(scope: TemplateScope, outer?: TemplateScope): string[] {
  const where = scope.deployment ? `resource group ${String(scope.deployment.resourceGroup)}` : undefined;
  return scope.template.resources
    .filter((resource) => resource.type === 'Microsoft.Authorization/roleAssignments')
    .flatMap((assignment) => {
      const on = where ?? String(assignment.scope);
      const passedBy =
        scope.deployment && outer ? { deployment: scope.deployment, template: outer.template } : undefined;
      const guids = guidsOf(roleIdArgument(assignment), scope.template, passedBy);
      return guids.map((guid) => `${roleName(guid)} on ${on}`);
    });
}
