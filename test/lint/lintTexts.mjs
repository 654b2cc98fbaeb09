// Lints source texts with the repository's own ESLint config, as if they were files at the given paths, and prints
// the config's ORCHESTRATION_IMPORTS and each text's messages as JSON. A child process because ESLint loads its
// config with import(), which Jest's module sandbox cannot run. stdin: [{filePath, text}], paths from the repo root.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import config, { ORCHESTRATION_IMPORTS } from '../../eslint.config.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const texts = JSON.parse(readFileSync(0, 'utf8'));
// The determinism rules are syntactic; type-aware rules would need every probe in the TypeScript project (and take
// ten times as long), so they are switched off for these texts only. The rules under test are the repo's own.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [...config, { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});
const results = [];
for (const { filePath, text } of texts) {
  const [result] = await eslint.lintText(text, { filePath });
  const messages = (result?.messages ?? []).map(({ ruleId, line, message, fatal }) => ({
    ruleId,
    line,
    message,
    ...(fatal ? { fatal } : {}),
  }));
  results.push({ filePath, messages });
}
process.stdout.write(JSON.stringify({ imports: ORCHESTRATION_IMPORTS, results }));
