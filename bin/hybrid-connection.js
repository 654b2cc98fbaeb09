#!/usr/bin/env node
// Entry point of the `hybrid-connection` command. The project runs on Node 22 (brought by `npm install` as the
// `node` package); when started by an older system Node, re-run the same command on that bundled Node.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const { spawnSync } = require('node:child_process');
  const path = require('node:path');
  let bundled;
  try {
    bundled = require.resolve('node/bin/node', { paths: [path.join(__dirname, '..')] });
  } catch {
    console.error(`hybrid-connection needs Node.js 22 or later (this is ${process.version}); run npm install first.`);
    process.exit(2);
  }
  const result = spawnSync(bundled, process.argv.slice(1), { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
// node:sqlite (the Durable store) is stable enough for us on Node 22 but still announces itself as experimental on
// every start; that one warning is noise for users and for scripts reading stderr. Every other warning passes.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const text = typeof warning === 'string' ? warning : warning && warning.message;
  if (typeof text === 'string' && text.startsWith('SQLite is an experimental feature')) return;
  return emitWarning.call(process, warning, ...rest);
};
require('../dist/cli/index.js')
  .main(process.argv)
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
