#!/usr/bin/env node
// Entry point of the `hybrid-connection` command. The project runs on Node 22 (brought by `npm install` as the
// `node` package); when started by an older system Node, re-run the same command on that bundled Node.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) relaunchOnBundledNode();
else runHere();

function relaunchOnBundledNode() {
  const { spawn } = require('node:child_process');
  const { constants } = require('node:os');
  const path = require('node:path');
  let bundled;
  try {
    bundled = require.resolve('node/bin/node', { paths: [path.join(__dirname, '..')] });
  } catch {
    console.error(`hybrid-connection needs Node.js 22 or later (this is ${process.version}); run npm install first.`);
    process.exit(2);
  }
  const child = spawn(bundled, process.argv.slice(1), { stdio: 'inherit' });
  // `kill PID` (or a service manager, or a closed terminal) reaches this process, not the real command: pass it on,
  // so a server stops cleanly and frees its port. The command treats a signal it gets twice (Ctrl-C reaches both
  // processes) as one.
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of forwarded) process.on(signal, forward);
  child.once('error', (error) => {
    console.error(`hybrid-connection: cannot start ${bundled}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    for (const name of forwarded) process.off(name, forward);
    if (signal === null) process.exit(code ?? 1);
    // Ended by a signal: end the same way, so whoever started us sees what the command saw. Should the signal be
    // one whose default is not to end a process, exit with the shell's code for it.
    process.kill(process.pid, signal);
    process.nextTick(() => process.exit(128 + (constants.signals[signal] ?? 0)));
  });
}

function runHere() {
  enableCompileCache();
  // node:sqlite (the Durable store) is stable enough for us on Node 22 but still announces itself as experimental
  // on every start; that one warning is noise for users and for scripts reading stderr. Every other warning passes.
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
}

// Most of a start is Node compiling the app's and the Azure SDKs' JavaScript; Node 22's on-disk compile cache lets
// every later start (of any command) reuse the first one's bytecode. A cache Node cannot write (read-only disk, no
// temp folder) only costs that speed-up: enableCompileCache reports a status rather than throwing, and anything else
// that goes wrong here is ignored too. NODE_COMPILE_CACHE set by the user wins (Node reads it itself).
function enableCompileCache() {
  try {
    const nodeModule = require('node:module');
    if (typeof nodeModule.enableCompileCache !== 'function' || process.env.NODE_COMPILE_CACHE) return;
    const os = require('node:os');
    const path = require('node:path');
    const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
    nodeModule.enableCompileCache(path.join(os.tmpdir(), `hybrid-connection-compile-cache-${user}`));
  } catch {
    // Start without the cache.
  }
}
