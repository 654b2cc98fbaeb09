// Drops node:sqlite's one "experimental feature" warning so it does not land between the tables; imported before
// anything that loads the store. It never hides any other warning.
const emitWarning = process.emitWarning.bind(process);

process.emitWarning = (warning: string | Error, ...rest: unknown[]): void => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith('SQLite is an experimental feature')) return;
  (emitWarning as (warning: string | Error, ...args: unknown[]) => void)(warning, ...rest);
};
