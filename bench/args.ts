// The command line of `npm run bench`: --quick, --json FILE, --report FILE, --only a,b; and which sections a run
// takes. Pure.

export const SECTIONS = ['workflow', 'fleet', 'load', 'startup', 'runtime', 'simulator'] as const;
export type SectionName = (typeof SECTIONS)[number];
/**
 * What --quick runs: the workflow at one scale, the fleet at 1 and 3 sites, load at N = 1 and 10, the start-up (under
 * 2 minutes in all).
 */
const QUICK_SECTIONS: readonly SectionName[] = ['workflow', 'fleet', 'load', 'startup'];
/** serve --simulate starts timed for cold_start_ms (the median is quoted). */
export const COLD_STARTS = { quick: 3, full: 5 };

export interface BenchArgs {
  quick: boolean;
  jsonFile?: string;
  reportFile?: string;
  only?: SectionName[];
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false };
  const value = (i: number, flag: string): string => {
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
    return next;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json') args.jsonFile = value(i++, arg);
    else if (arg === '--report') args.reportFile = value(i++, arg);
    else if (arg === '--only') {
      const names = value(i++, arg).split(',');
      const unknown = names.find((name) => !(SECTIONS as readonly string[]).includes(name));
      if (unknown !== undefined) throw new Error(`unknown section ${unknown}: use ${SECTIONS.join(', ')}`);
      args.only = names as SectionName[];
    } else throw new Error(`unknown argument ${String(arg)}: use --quick, --json FILE, --report FILE, --only a,b`);
  }
  return args;
}

export function sectionsToRun(args: BenchArgs): SectionName[] {
  const base = args.quick ? QUICK_SECTIONS : SECTIONS;
  return base.filter((name) => args.only === undefined || args.only.includes(name));
}
