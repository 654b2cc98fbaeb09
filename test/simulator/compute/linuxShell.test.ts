import { runShellScript } from '../../../simulator/compute/linuxShell';

const context = (answers: Record<string, number>) => ({
  computerName: 'vm1',
  random: () => 0.5,
  probe: (ip: string) => (answers[ip] === undefined ? undefined : { ttl: answers[ip], baseRttMs: 20 }),
});

describe('Run Command shell', () => {
  it('prints iputils ping output for answered echoes and exits 0', () => {
    const result = runShellScript(['ping -c 2 -i 0.5 10.2.1.4'], context({ '10.2.1.4': 62 }));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        'PING 10.2.1.4 (10.2.1.4) 56(84) bytes of data.',
        '64 bytes from 10.2.1.4: icmp_seq=1 ttl=62 time=20.0 ms',
        '64 bytes from 10.2.1.4: icmp_seq=2 ttl=62 time=20.0 ms',
        '',
        '--- 10.2.1.4 ping statistics ---',
        '2 packets transmitted, 2 received, 0% packet loss, time 520ms',
        'rtt min/avg/max/mdev = 20.000/20.000/20.000/0.000 ms',
        '',
      ].join('\n'),
    );
  });

  it('prints 100% packet loss and exits 1 when nothing answers', () => {
    const result = runShellScript(['ping -c 4 10.2.1.4'], context({}));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('4 packets transmitted, 0 received, 100% packet loss');
    expect(result.stdout.endsWith('\n\n')).toBe(true);
  });

  it('follows && and ; like bash, and stops at exit', () => {
    expect(runShellScript(['false && echo no; echo yes'], context({})).stdout).toBe('yes\n');
    const result = runShellScript(['echo a', 'exit 3', 'echo b'], context({}));
    expect(result).toMatchObject({ stdout: 'a\n', exitCode: 3 });
  });

  it('refuses host names it cannot resolve like ping does', () => {
    expect(runShellScript(['ping -c 1 peer-vm'], context({}))).toMatchObject({
      exitCode: 2,
      stderr: 'ping: peer-vm: Temporary failure in name resolution\n',
    });
  });
});
