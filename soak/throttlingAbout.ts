// What the throttling section does, in the report's words (soak/report.ts). Text only.
/** The report's words for this section (soak/report.ts). */
export const THROTTLING_ABOUT = {
  title: "4. Throttling against ARM's buckets",
  text: [
    'N provisionings of the example plan (distinct names, health monitor off) started at once in one Azure',
    'subscription and one stamp subscription, in two passes, each on a fresh `hybrid-connection sim` and host',
    '(separate processes): first with the buckets raised out of reach through `PUT /_sim/throttling`, then with',
    "ARM's published per-subscription buckets (reads 250 refilling 25/s, writes and deletes 200 refilling 10/s,",
    'https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling). Every run of',
    'both passes must end `Completed` with one of each resource and nothing left over; the throttled pass must have',
    'received 429s; no request may come back to a path one run owns before the Retry-After its 429 named passed.',
    '',
    'Per wall second, not per virtual second: the simulator refills its buckets on its virtual clock by default',
    "(ARM's time), but at a high time scale the host, compressed in wall time, sends far fewer requests per virtual",
    "second than a real one would: the baseline's traffic empties no bucket on ARM's time (the notes count it). With the",
    'refill per wall second, the bursts a real host would send (pre-flight and first writes of every run at once)',
    'meet the real bucket sizes, and so do the polls, which the time scale packs closer together than real runs',
    'would: a harder test than 100 real runs, and the time ratio an upper bound of what throttling costs them.',
  ],
};
