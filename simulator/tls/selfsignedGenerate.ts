// selfsigned (and the @peculiar/x509 stack under it) is loaded on first use: a data folder that already holds its
// certificates never generates one, and its start-up skips compiling that stack.
import type * as Selfsigned from 'selfsigned';

export const generate: typeof Selfsigned.generate = (...args) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  (require('selfsigned') as typeof Selfsigned).generate(...args);
