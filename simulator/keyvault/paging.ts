// Key Vault list paging: `maxresults` (1-25) per page and an absolute `nextLink` carrying an opaque `$skiptoken`.
// Pages are slices of a list sorted by the caller, so a token stays meaningful between requests.
import { badParameter } from './errors';

export const MAX_PAGE_SIZE = 25;

export interface Page<T> {
  items: T[];
  nextLink: string | null;
}

function readSkip(token: string | null): number {
  if (!token) return 0;
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^skip:(\d+)$/.exec(decoded);
  if (!match) throw badParameter('The $skiptoken query parameter is not valid.');
  return Number(match[1]);
}

export function paginate<T>(all: T[], url: URL, origin: string, apiVersion: string): Page<T> {
  const rawSize = url.searchParams.get('maxresults');
  let size = MAX_PAGE_SIZE;
  if (rawSize !== null && rawSize !== '') {
    size = Number(rawSize);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw badParameter(`The value of maxresults must be between 1 and ${MAX_PAGE_SIZE}.`);
    }
  }
  const skip = readSkip(url.searchParams.get('$skiptoken'));
  const items = all.slice(skip, skip + size);
  if (skip + size >= all.length) return { items, nextLink: null };
  const token = Buffer.from(`skip:${skip + size}`, 'utf8').toString('base64url');
  const query = new URLSearchParams({ 'api-version': apiVersion, $skiptoken: token, maxresults: String(size) });
  return { items, nextLink: `${origin}${url.pathname}?${query.toString()}` };
}
