// Entry of `npm run package` (after the build): writes dist/app.zip, or the path given as the one argument.
import { resolve } from 'node:path';
import { packageApp } from './packageApp';

const root = resolve(__dirname, '..', '..', '..');
const out = resolve(process.argv[2] ?? resolve(root, 'dist', 'app.zip'));
try {
  const summary = packageApp({ root, out });
  const megabytes = (summary.bytes / 1024 / 1024).toFixed(1);
  process.stdout.write(`${out}: ${summary.entries} files, ${summary.bytes} bytes (${megabytes} MiB)\n`);
} catch (error) {
  process.stderr.write(`package: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
