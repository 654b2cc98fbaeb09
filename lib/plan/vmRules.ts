// VM rules both clouds enforce at create time, checked up front: admin user names Azure refuses and usable SSH keys.
import { echo } from './echo';
import type { Findings } from './findings';
import type { SideAt } from './sides';
import { checkSshPublicKey } from './sshPublicKey';

/** User names Azure refuses for a VM's admin account (compute docs, "adminUsername" restrictions). */
// prettier-ignore
export const RESERVED_ADMIN_USERNAMES: ReadonlySet<string> = new Set([
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a',
  'actuser', 'adm', 'admin2', 'aspnet', 'backup', 'console', 'david', 'guest', 'john', 'owner', 'root', 'server',
  'sql', 'support', 'support_388945a0', 'sys', 'test2', 'test3', 'user4', 'user5',
]);

export function checkVms(sides: readonly SideAt[], findings: Findings): void {
  for (const { path, site } of sides) {
    const vm = site.vm;
    if (RESERVED_ADMIN_USERNAMES.has(vm.adminUsername)) {
      findings.error(
        `${path}.vm.adminUsername`,
        `${echo(vm.adminUsername)} is reserved and Azure refuses it: pick another name, e.g. azureuser`,
      );
    } else if (vm.adminUsername.endsWith('.')) {
      findings.error(`${path}.vm.adminUsername`, 'must not end with a period: Azure refuses such names');
    }
    const key = checkSshPublicKey(vm.sshPublicKey);
    if (!key.ok) findings.error(`${path}.vm.sshPublicKey`, key.message);
  }
}
