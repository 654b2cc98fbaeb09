// Exit codes of every `hybrid-connection` command: scripts depend on them.
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
