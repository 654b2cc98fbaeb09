// The VM instance view (GET …/instanceView and $expand=instanceView): provisioning and power statuses, the guest
// agent, disks, and the Run Command extension once used. Rendering only, from the stored VM and virtual time.
import type { ArmResource } from '../arm/resourceType';
import { asRecord, asString, propertiesOf } from '../network/body';
import { internalNumber } from '../network/internalState';
import { osInfoOf } from './osInfo';

interface Status {
  code: string;
  level: 'Info' | 'Warning' | 'Error';
  displayStatus: string;
  message?: string;
  time?: string;
}

function iso(time: number | undefined): string | undefined {
  return time === undefined ? undefined : new Date(time).toISOString();
}

export function instanceViewOf(vm: ArmResource, legacyCompute: boolean): Record<string, unknown> {
  const properties = propertiesOf(vm);
  const state = asString(properties.provisioningState) ?? 'Creating';
  const readyAt = internalNumber(vm, 'readyAt');
  const os = osInfoOf(vm);
  const osDiskName = asString(asRecord(asRecord(properties.storageProfile).osDisk).name) ?? `${vm.name}_OsDisk_1`;
  const provisioned = readyAt !== undefined;
  const statuses: Status[] = [
    {
      code: `ProvisioningState/${state.toLowerCase()}`,
      level: state === 'Failed' ? 'Error' : 'Info',
      displayStatus: state === 'Succeeded' ? 'Provisioning succeeded' : state,
      ...(provisioned ? { time: iso(readyAt) } : {}),
    },
    provisioned && state !== 'Deleting'
      ? { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' }
      : { code: 'PowerState/starting', level: 'Info', displayStatus: 'VM starting' },
  ];
  const runCommandAt = internalNumber(vm, 'runCommandAt');
  const handlerType =
    os.osType === 'Linux' ? 'Microsoft.CPlat.Core.RunCommandLinux' : 'Microsoft.CPlat.Core.RunCommandWindows';
  const view: Record<string, unknown> = {
    computerName: asString(asRecord(properties.osProfile).computerName) ?? vm.name,
    ...(provisioned ? { osName: os.osName, osVersion: os.osVersion } : {}),
    vmAgent: {
      vmAgentVersion: provisioned ? '2.13.1.1' : 'Unknown',
      statuses: [
        provisioned
          ? {
              code: 'ProvisioningState/succeeded',
              level: 'Info',
              displayStatus: 'Ready',
              message: 'Guest Agent is running',
              time: iso(readyAt),
            }
          : {
              code: 'ProvisioningState/Unavailable',
              level: 'Warning',
              displayStatus: 'Not Ready',
              message: 'VM status blob is found but not yet populated.',
            },
      ],
      extensionHandlers:
        runCommandAt === undefined
          ? []
          : [
              {
                type: handlerType,
                typeHandlerVersion: '1.0.5',
                status: { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Ready' },
              },
            ],
    },
    disks: [
      {
        name: osDiskName,
        statuses: [
          {
            code: 'ProvisioningState/succeeded',
            level: 'Info',
            displayStatus: 'Provisioning succeeded',
            ...(provisioned ? { time: iso(readyAt) } : {}),
          },
        ],
      },
    ],
    hyperVGeneration: 'V1',
    ...(runCommandAt === undefined
      ? {}
      : {
          extensions: [
            {
              name: os.osType === 'Linux' ? 'RunCommandLinux' : 'RunCommandWindows',
              type: handlerType,
              typeHandlerVersion: '1.0.5',
              statuses: [
                {
                  code: 'ProvisioningState/succeeded',
                  level: 'Info',
                  displayStatus: 'Provisioning succeeded',
                  message: 'Enable succeeded',
                  time: iso(runCommandAt),
                },
              ],
            },
          ],
        }),
    statuses,
  };
  if (!legacyCompute) view.isVMInStandbyPool = false;
  return view;
}
