// Gateway SKU rules per cloud: which SKUs each cloud creates today, and what to say when a plan asks for another.
import type { CloudId } from '../cloudIds';
import { echo } from './echo';
import type { Findings } from './findings';
import { AZURE_GATEWAY_SKUS, AZURE_STACK_GATEWAY_SKUS, type ResolvedPlan } from './types';

/** The message for a SKU the schema refused, naming why and what to pick instead. */
export function explainGatewaySkuRefusal(cloud: CloudId, value: unknown): string {
  const shown = echo(value);
  if (cloud === 'azure') {
    if (value === 'Basic' || value === 'Standard' || value === 'HighPerformance') {
      return (
        `${shown} can no longer be used for new Azure VPN gateways (retired legacy SKU): ` +
        'use VpnGw1AZ (the default) or another of VpnGw1-5, VpnGw1AZ-5AZ'
      );
    }
    if (typeof value === 'string' && /^(ErGw|UltraPerformance)/.test(value)) {
      return `${shown} is an ExpressRoute or retired SKU, not one for a new VPN gateway: use VpnGw1AZ (the default) or another of VpnGw1-5, VpnGw1AZ-5AZ`;
    }
    return `${shown} is not an Azure VPN gateway SKU: use one of ${AZURE_GATEWAY_SKUS.join(', ')}`;
  }
  if (typeof value === 'string' && /^VpnGw\dAZ$/.test(value)) {
    return (
      `${shown} is zone-redundant and Azure Stack Hub has no availability zones: ` +
      'use Standard (the default), HighPerformance, Basic, or VpnGw1-3 with VPN Fast Path'
    );
  }
  if (typeof value === 'string' && /^VpnGw[45]$/.test(value)) {
    return `${shown} is not offered on Azure Stack Hub (VpnGw1-3 only, with VPN Fast Path): use Standard, HighPerformance or VpnGw1-3`;
  }
  return `${shown} is not an Azure Stack Hub VPN gateway SKU: use one of ${AZURE_STACK_GATEWAY_SKUS.join(', ')}`;
}

export function checkGatewaySkus(plan: ResolvedPlan, findings: Findings): void {
  if (plan.azureStack.gatewaySku.startsWith('VpnGw')) {
    findings.warn(
      'azureStack.gatewaySku',
      `${plan.azureStack.gatewaySku} exists on Azure Stack Hub only where the operator enabled VPN Fast Path ` +
        '(and the remote side needs NAT-T); without it, use Standard or HighPerformance',
    );
  }
}
