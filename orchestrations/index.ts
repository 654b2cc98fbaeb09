// Registers the orchestrators with the Functions host under their exported names. Importing this file is what
// makes them exist; nothing else here runs.
import * as df from 'durable-functions';
import { monitorTunnelOrchestrator } from './monitorTunnel';
import { deliverEventOrchestrator } from './deliverEvent';
import { linkSiteOrchestrator } from './linkSite';
import { ORCHESTRATION } from './names';
import { provisionHybridConnectionOrchestrator } from './provisionHybridConnection';
import { sharedKeyScheduleOrchestrator } from './keySchedule';
import { provisionSiteOrchestrator } from './provisionSite';
import { rotateSharedKeyOrchestrator } from './rotateSharedKey';
import { ROTATION_ORCHESTRATION } from '../lib/rotationNames';
import { teardownHybridConnectionOrchestrator } from './teardownHybridConnection';
import { teardownSiteOrchestrator } from './teardownSite';

export { ORCHESTRATION } from './names';

df.app.orchestration(ORCHESTRATION.provisionHybridConnection, provisionHybridConnectionOrchestrator);
df.app.orchestration(ORCHESTRATION.provisionSite, provisionSiteOrchestrator);
df.app.orchestration(ORCHESTRATION.linkSite, linkSiteOrchestrator);
df.app.orchestration(ORCHESTRATION.teardownHybridConnection, teardownHybridConnectionOrchestrator);
df.app.orchestration(ORCHESTRATION.teardownSite, teardownSiteOrchestrator);
df.app.orchestration(ORCHESTRATION.deliverEvent, deliverEventOrchestrator);
df.app.orchestration(ROTATION_ORCHESTRATION.rotateSharedKey, rotateSharedKeyOrchestrator);
df.app.orchestration(ROTATION_ORCHESTRATION.sharedKeySchedule, sharedKeyScheduleOrchestrator);
df.app.orchestration(ORCHESTRATION.monitorTunnel, monitorTunnelOrchestrator);
