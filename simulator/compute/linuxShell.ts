// A very small stand-in for bash running a Run Command script on a Linux VM: `ping`, `echo`, `hostname`, `true`,
// `false`, `exit`, `sleep`, comments, `;` and `&&`. Anything else is "command not found", as bash would say.
// It decides nothing about networks: `ping` asks the injected probe.
import { pingRun, type PingOptions } from './pingOutput';

/** Where Run Command puts the script on the VM (waagent's download folder); bash names it in error lines. */
const SCRIPT_PATH = '/var/lib/waagent/run-command/download/0/script.sh';

export interface ShellContext {
  computerName: string;
  /** Reply parameters for a ping to `ip`, or undefined when no reply comes back. */
  probe(ip: string): { ttl: number; baseRttMs: number } | undefined;
  random(): number;
}

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  durationMs: number;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function words(statement: string): string[] {
  return (statement.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^(["'])(.*)\1$/, '$2'));
}

function parsePing(args: string[]): PingOptions | { error: string; exitCode: number } {
  let count = Number.POSITIVE_INFINITY;
  let intervalSeconds = 1;
  let quiet = false;
  let deadline: number | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-c') count = Number(args[++i]);
    else if (arg.startsWith('-c') && arg.length > 2) count = Number(arg.slice(2));
    else if (arg === '-i') intervalSeconds = Number(args[++i]);
    else if (arg === '-w') deadline = Number(args[++i]);
    else if (arg === '-W' || arg === '-s' || arg === '-t') i++;
    else if (arg === '-q') quiet = true;
    else if (arg.startsWith('-')) continue;
    else target = arg;
  }
  if (!target) return { error: 'ping: usage error: Destination address required\n', exitCode: 2 };
  if (!IPV4.test(target)) return { error: `ping: ${target}: Temporary failure in name resolution\n`, exitCode: 2 };
  // Without -c ping never ends; Run Command would time out. A deadline (-w) bounds it like iputils does.
  if (!Number.isFinite(count)) count = deadline !== undefined ? Math.max(1, Math.floor(deadline / intervalSeconds)) : 4;
  if (!(count > 0) || !(intervalSeconds > 0))
    return { error: 'ping: bad number of packets to transmit.\n', exitCode: 2 };
  return { target, count: Math.floor(count), intervalSeconds, quiet };
}

function runOne(argv: string[], line: number, context: ShellContext): ShellResult & { exit?: boolean } {
  const [command, ...args] = argv;
  const ok = (stdout: string, durationMs = 0): ShellResult => ({ stdout, stderr: '', exitCode: 0, durationMs });
  switch (command) {
    case 'echo':
      return ok(`${args.join(' ')}\n`);
    case 'hostname':
      return ok(`${context.computerName}\n`);
    case 'true':
    case 'set':
      return ok('');
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1, durationMs: 0 };
    case 'sleep':
      return ok('', Math.max(0, Number(args[0]) || 0) * 1000);
    case 'exit':
      return { stdout: '', stderr: '', exitCode: Number(args[0] ?? 0) || 0, durationMs: 0, exit: true };
    case 'ping': {
      const options = parsePing(args);
      if ('error' in options) return { stdout: '', stderr: options.error, exitCode: options.exitCode, durationMs: 0 };
      const run = pingRun(options, context.probe(options.target), () => context.random());
      return { stdout: run.stdout, stderr: '', exitCode: run.exitCode, durationMs: run.durationMs };
    }
    default:
      return {
        stdout: '',
        stderr: `${SCRIPT_PATH}: line ${line}: ${command}: command not found\n`,
        exitCode: 127,
        durationMs: 0,
      };
  }
}

/** Runs the script's lines; the exit status is the last command's, as for `bash script.sh`. */
export function runShellScript(lines: readonly string[], context: ShellContext): ShellResult {
  const result: ShellResult = { stdout: '', stderr: '', exitCode: 0, durationMs: 0 };
  const allLines = lines.flatMap((line) => line.split('\n'));
  for (let index = 0; index < allLines.length; index++) {
    const text = allLines[index].replace(/(^|\s)#.*$/, '').trim();
    if (!text) continue;
    for (const statement of text.split(';')) {
      const chain = statement.split('&&');
      for (let i = 0; i < chain.length; i++) {
        const argv = words(chain[i]);
        if (argv.length === 0) continue;
        const step = runOne(argv, index + 1, context);
        result.stdout += step.stdout;
        result.stderr += step.stderr;
        result.exitCode = step.exitCode;
        result.durationMs += step.durationMs;
        if (step.exit) return result;
        if (step.exitCode !== 0) break;
      }
    }
  }
  return result;
}
