// The URLs the extension hands to clients: management URLs per instance and the durableClient binding data
// (docs/durable-protocol.md §5.1), all on the host's public origin with taskHub, connection and the system key. Pure string building.

export const WEBHOOK_PATH = '/runtime/webhooks/durabletask';
export const INSTANCE_ID_PLACEHOLDER = 'INSTANCEID';

export interface UrlSettings {
  hubName: string;
  systemKey: string;
}

function commonQuery(settings: UrlSettings): string {
  return `taskHub=${encodeURIComponent(settings.hubName)}&connection=Storage&code=${encodeURIComponent(settings.systemKey)}`;
}

/** Management URLs for one instance (or the INSTANCEID template) under `origin` (e.g. http://127.0.0.1:7071). */
export function managementUrls(
  origin: string,
  settings: UrlSettings,
  instanceId: string = INSTANCE_ID_PLACEHOLDER,
): Record<string, string> {
  const base = `${origin}${WEBHOOK_PATH}/instances/${instanceId === INSTANCE_ID_PLACEHOLDER ? instanceId : encodeURIComponent(instanceId)}`;
  const query = commonQuery(settings);
  return {
    id: instanceId,
    statusQueryGetUri: `${base}?${query}`,
    sendEventPostUri: `${base}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${base}/terminate?reason={text}&${query}`,
    rewindPostUri: `${base}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${base}?${query}`,
    restartPostUri: `${base}/restart?${query}`,
    suspendPostUri: `${base}/suspend?reason={text}&${query}`,
    resumePostUri: `${base}/resume?reason={text}&${query}`,
  };
}

/** The durableClient input binding (OrchestrationClientInputData). `rpcBaseUrl` must end with a slash. */
export function clientInputData(publicBaseUrl: string, rpcBaseUrl: string, settings: UrlSettings): object {
  const origin = new URL(publicBaseUrl).origin;
  const code = `code=${encodeURIComponent(settings.systemKey)}`;
  const orchestrators = `${origin}${WEBHOOK_PATH}/orchestrators/{functionName}[/{instanceId}]`;
  return {
    taskHubName: settings.hubName,
    connectionName: null,
    creationUrls: {
      createNewInstancePostUri: `${orchestrators}?${code}`,
      createAndWaitOnNewInstancePostUri: `${orchestrators}?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${code}`,
    },
    managementUrls: managementUrls(origin, settings),
    baseUrl: `${origin}${WEBHOOK_PATH}`,
    requiredQueryStringParameters: code,
    rpcBaseUrl,
    httpBaseUrl: null,
  };
}
