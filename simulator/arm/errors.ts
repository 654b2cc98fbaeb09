// The CloudErrors ARM itself (not a resource provider) answers with: codes and message texts as real ARM words them
// (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors). Resource types
// raise their own ArmErrors; this file holds only the front door's.
import { ArmError } from './resourceType';

export const armErrors = {
  missingApiVersion: (): ArmError =>
    new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),

  /**
   * ARM's own types (subscriptions, resource groups) reject an api-version with this, not NoRegisteredProviderFound.
   */
  invalidApiVersion: (apiVersion: string, supported: readonly string[]): ArmError =>
    new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'. Please find the latest supported versions from https://aka.ms/arm-api-versions.`,
    ),

  noRegisteredProvider: (
    location: string,
    apiVersion: string,
    type: string,
    supported: readonly string[],
    locations: readonly string[],
  ): ArmError =>
    new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'. The supported locations are '${locations.join(', ')}'.`,
    ),

  invalidResourceNamespace: (namespace: string): ArmError =>
    new ArmError(400, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`),

  invalidResourceType: (type: string, namespace: string, apiVersion: string): ArmError =>
    new ArmError(
      400,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    ),

  readOnlyDisabledSubscription: (subscriptionId: string): ArmError =>
    new ArmError(
      409,
      'ReadOnlyDisabledSubscription',
      `The subscription '${subscriptionId}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`,
    ),

  subscriptionNotFound: (subscriptionId: string): ArmError =>
    new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),

  resourceGroupNotFound: (name: string): ArmError =>
    new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`),

  resourceGroupBeingDeleted: (name: string): ArmError =>
    new ArmError(
      409,
      'ResourceGroupBeingDeleted',
      `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
    ),

  /** `typeAndName` like `Microsoft.Network/virtualNetworkGateways/gw1` (child: `.../virtualNetworks/v/subnets/s`). */
  resourceNotFound: (typeAndName: string, resourceGroup: string): ArmError =>
    new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${typeAndName}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),

  /** NRP's answer for a missing child resource (e.g. a subnet) of an existing parent. */
  childNotFound: (id: string): ArmError => new ArmError(404, 'NotFound', `Resource ${id} not found.`),

  anotherOperationInProgress: (statusUrl: string): ArmError =>
    new ArmError(
      409,
      'AnotherOperationInProgress',
      `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${statusUrl}.`,
    ),

  invalidRequestContent: (detail: string): ArmError =>
    new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${detail}'.`,
    ),

  locationRequired: (): ArmError =>
    new ArmError(400, 'LocationRequired', 'The location property is required for this definition.'),

  locationNotAvailableForResourceGroup: (location: string, available: readonly string[]): ArmError =>
    new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${location}' is not available for resource group. List of available regions is '${available.join(',')}'.`,
    ),

  locationNotAvailableForResourceType: (location: string, type: string, available: readonly string[]): ArmError =>
    new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${type}'. List of available regions for the resource type is '${available.join(',')}'.`,
    ),

  invalidResourceGroupLocation: (requested: string, existing: string): ArmError =>
    new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${requested}'. The Resource group already exists in location '${existing}'.`,
    ),

  invalidResourceGroupName: (name: string): ArmError =>
    new ArmError(
      400,
      'InvalidResourceGroup',
      `The provided resource group name '${name}' has these invalid characters or length. The name can only be a letter, digit, '-', '.', '(', ')' or '_', 1 to 90 characters long, and cannot end with a period.`,
    ),

  operationNotFound: (operationId: string): ArmError =>
    new ArmError(404, 'OperationNotFound', `The operation '${operationId}' could not be found.`),

  methodNotAllowed: (method: string): ArmError =>
    new ArmError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for this resource.`),

  /** ARM's answer to a $filter it cannot parse (message as ARM words it for generic resource lists). */
  invalidFilter: (filter: string): ArmError =>
    new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`),

  noRoute: (path: string): ArmError =>
    new ArmError(404, 'InvalidRequestUri', `The request uri '${path}' is not valid for this service.`),

  subscriptionRequestsThrottled: (
    kind: string,
    subscriptionId: string,
    seconds: number,
    headers: Record<string, string>,
  ): ArmError =>
    new ArmError(
      429,
      'SubscriptionRequestsThrottled',
      `Number of '${kind}' requests for subscription '${subscriptionId}' exceeded the limit. Please try again after '${seconds}' seconds.`,
      undefined,
      undefined,
      headers,
    ),
};

/** The wire body of an ArmError. */
export function errorBody(error: ArmError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.target !== undefined) body.target = error.target;
  if (error.details !== undefined) body.details = error.details;
  return { error: body };
}
