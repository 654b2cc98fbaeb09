// The plan: its types, JSON Schema, defaults and validation. Import from here, not from the files behind it.
export * from './types';
export { validatePlan, assertValidPlan, MAX_REPORTED_ERRORS } from './validatePlan';
export { bindStamp, type BoundPlan } from './bindStamp';
export {
  firstPairOf,
  localNetworkPrefixesOf,
  pairPlanOf,
  pairPlansOf,
  siteNamesOf,
  siteOf,
  transitOf,
  transitPingOf,
} from './pairs';
export { parsePlanBody, MAX_PLAN_BODY_BYTES, type ParsedBody } from './parseBody';
export { PLAN_SCHEMA } from './schemaValidator';
export { ipsecPoliciesFor } from './connectionPolicy';
export {
  resolvePlan,
  DEFAULT_AZURE_GATEWAY_SKU,
  DEFAULT_AZURE_STACK_GATEWAY_SKU,
  DEFAULT_AZURE_VM_SIZE,
  DEFAULT_AZURE_STACK_VM_SIZE,
  DEFAULT_AZURE_IMAGE,
  DEFAULT_AZURE_STACK_IMAGE,
  DEFAULT_OPTIONS,
} from './defaults';
export { parseIpv4Cidr, cidrsOverlap, cidrContains, type Ipv4Cidr } from './cidr';
export { planReplacement, firstDifference, type ReplacementResult, type ReplacementOptions } from './replacement';
