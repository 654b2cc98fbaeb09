// The User-Agent prefix every outbound request of the app carries (ARM clients and the metadata GET alike), so a
// stamp operator or a proxy log can tell this app's calls apart.
export const USER_AGENT_PREFIX = 'hybrid-connection/0.1.0';
