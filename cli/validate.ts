// `hybrid-connection validate PLAN.json [--json]`: offline validation with the same validatePlan the API uses.
// Reads one local file (a regular file of at most 64 KB: planFile.ts) and prints; never talks to the app or a cloud.
import { CommanderError, type Command } from 'commander';
import { instanceIdFor } from '../lib/naming';
import { parsePlanBody, validatePlan, type PlanError } from '../lib/plan';
import { validationErrorsOf } from './client/apiTypes';
import { writeJson } from './client/commandKit';
import { EXIT_USAGE } from './exitCodes';
import { readPlanFile } from './planFile';

export interface ValidateReport {
  valid: boolean;
  errors: PlanError[];
  warnings: PlanError[];
  /** The plan's name when valid (the instance is hc-<name>). */
  name?: string;
  /** The file's text when valid: what `up` sends, so the plan sent is the plan checked. */
  text?: string;
}

/**
 * Validates the plan file at `file`; what is not a regular file of at most 64 KB is refused unread, and that, an
 * unreadable file and bad JSON are reported like plan errors (path '').
 */
export async function validatePlanFile(file: string): Promise<ValidateReport> {
  const read = await readPlanFile(file);
  if (!read.ok) {
    return { valid: false, errors: [{ path: '', message: `cannot read ${file}: ${read.reason}` }], warnings: [] };
  }
  const { bytes } = read;
  const body = parsePlanBody(bytes);
  if (!body.ok) return { valid: false, errors: body.errors, warnings: [] };
  const result = validatePlan(body.value);
  return result.ok
    ? { valid: true, errors: [], warnings: result.warnings, name: result.plan.name, text: bytes.toString('utf8') }
    : { valid: false, errors: result.errors, warnings: result.warnings };
}

/**
 * The plan a command sends (`up`, `plan`): valid by the API's own rules, checked here first so a bad plan exits 2
 * without a server. An invalid one is reported (JSON or lines) and sets exit code 2; undefined is returned then.
 */
export async function planToSend(file: string, json: boolean): Promise<{ name: string; text: string } | undefined> {
  const report = await validatePlanFile(file);
  if (!report.valid) {
    if (json) writeJson({ errors: report.errors });
    else {
      for (const error of report.errors) process.stderr.write(`${formatPlanError(error)}\n`);
      process.stderr.write(`${file}: ${report.errors.length} error(s); nothing was started\n`);
    }
    process.exitCode = EXIT_USAGE;
    return undefined;
  }
  if (!json) for (const warning of report.warnings) process.stderr.write(`warning: ${formatPlanError(warning)}\n`);
  return { name: report.name ?? '', text: report.text ?? '' };
}

/** The app refused the plan (400): its field errors, as JSON or lines; exit code 2. */
export function reportRefusedPlan(json: boolean, body: unknown): number {
  const errors = validationErrorsOf(body);
  if (json) writeJson({ errors });
  else for (const error of errors) process.stderr.write(`${formatPlanError(error)}\n`);
  return EXIT_USAGE;
}

/** `path: message`, with `(plan)` for problems with the file as a whole. */
export function formatPlanError(error: PlanError): string {
  return `${error.path || '(plan)'}: ${error.message}`;
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check a plan offline with the same rules as POST /api/connections (exit 0 valid, 2 invalid)')
    .argument('<plan>', 'path of the plan JSON file (see examples/plan.json)')
    .option('--json', 'print one JSON object {"valid":bool,"errors":[{path,message}],"warnings":[...]}')
    .action(async (file: string, options: { json?: boolean }) => {
      const report = await validatePlanFile(file);
      if (options.json) {
        const { valid, errors, warnings } = report;
        process.stdout.write(`${JSON.stringify({ valid, errors, warnings })}\n`);
      } else {
        for (const error of report.errors) process.stdout.write(`${formatPlanError(error)}\n`);
        for (const warning of report.warnings) process.stdout.write(`warning: ${formatPlanError(warning)}\n`);
        const summary = report.valid
          ? `${file}: valid (instance ${instanceIdFor(report.name ?? '')})`
          : `${file}: ${report.errors.length} error(s)`;
        process.stderr.write(`${summary}\n`);
      }
      // main() turns a CommanderError into its exit code; the message was printed above already.
      if (!report.valid) throw new CommanderError(EXIT_USAGE, 'hybrid-connection.invalidPlan', '');
    });
}
