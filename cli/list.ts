// `hybrid-connection list`: every connection the app knows (all pages of GET /api/connections), as a table or one
// JSON document {"items":[...]}. Exit 0 when the list was read.
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import { parseListPage, type ListItemView } from './client/apiTypes';
import { isRecord } from '../lib/json';
import {
  addConnectionOptions,
  runConnectionCommand,
  writeJson,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { EXIT_OK } from './exitCodes';
import { colourWanted } from './render/ansi';
import { renderList } from './render/listTable';

/** A runaway continuation loop (a server bug) must not spin forever. */
const MAX_PAGES = 1000;

export function registerListCommand(program: Command): void {
  const command = program.command('list').description('List the connections the app knows, with their run status');
  addConnectionOptions(command).action(async (options: ConnectionCommandOptions) => {
    await runConnectionCommand(options, async (context) => {
      const items: ListItemView[] = [];
      const raw: unknown[] = [];
      let token: string | undefined;
      let now: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const response = await context.client.list(token);
        if (response.status !== 200) throw new ApiStatusError(response, 'listing connections');
        const parsed = parseListPage(response.body);
        items.push(...parsed.items);
        now = parsed.now ?? now;
        if (isRecord(response.body) && Array.isArray(response.body.items))
          raw.push(...(response.body.items as unknown[]));
        token = parsed.continuationToken;
        if (token === undefined) break;
      }
      if (context.json) writeJson({ items: raw, ...(now !== undefined ? { now } : {}) });
      else process.stdout.write(`${renderList(items, colourWanted(process.stdout), now).join('\n')}\n`);
      return EXIT_OK;
    });
  });
}
