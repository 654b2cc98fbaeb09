// Parsers of the options the server commands (host, sim, serve, demo) share, for commander: each returns the value
// or throws InvalidArgumentError, which commander turns into a usage error (exit 2). They never read anything else.
import { InvalidArgumentError } from 'commander';
import { MAX_AZURE_STACK_STAMPS } from '../simulator/arm/cloudKeys';
import { isSubscriptionId } from '../simulator/options';

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

export function parseTimeScale(text: string): number {
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale <= 0) throw new InvalidArgumentError('must be a positive number.');
  return scale;
}

export function parseSeed(text: string): number | string {
  if (text.trim() === '') throw new InvalidArgumentError('must not be empty.');
  // A number when the text is one, so `--seed 7` here and in `sim` give the same simulator.
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function parseSubscriptionId(text: string): string {
  // The simulator's own rule, checked here so a bad id is a usage error before anything starts.
  if (!isSubscriptionId(text)) {
    throw new InvalidArgumentError('must be a subscription id (a GUID).');
  }
  return text;
}

export function parseStamps(text: string): number {
  const stamps = Number(text);
  if (!/^\d+$/.test(text) || stamps < 1 || stamps > MAX_AZURE_STACK_STAMPS) {
    throw new InvalidArgumentError(
      `must be a whole number of Azure Stack Hub stamps from 1 to ${MAX_AZURE_STACK_STAMPS}.`,
    );
  }
  return stamps;
}
