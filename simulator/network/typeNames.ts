// Full ARM type names of the resources the simulator serves (one spelling, used everywhere).

export const VIRTUAL_NETWORKS = 'Microsoft.Network/virtualNetworks';
export const SUBNETS = 'Microsoft.Network/virtualNetworks/subnets';
export const PUBLIC_IP_ADDRESSES = 'Microsoft.Network/publicIPAddresses';
export const VIRTUAL_NETWORK_GATEWAYS = 'Microsoft.Network/virtualNetworkGateways';
export const LOCAL_NETWORK_GATEWAYS = 'Microsoft.Network/localNetworkGateways';
export const CONNECTIONS = 'Microsoft.Network/connections';
export const NETWORK_INTERFACES = 'Microsoft.Network/networkInterfaces';
export const VIRTUAL_MACHINES = 'Microsoft.Compute/virtualMachines';
