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
    "Why per wall second: by default the simulator refills its buckets on its virtual clock (ARM's time). At time",
    "scale 1000 a wall second is 1,000 s of ARM's time, 25,000 read tokens, while the host, on 2 shared cores, sends a",
    "few hundred requests per wall second: in ARM's time it is a thousand times slower than a real host and never",
    "meets a limit (the notes count what the baseline's traffic would have drawn on either clock). With the refill per",
    'wall second, the bursts of the host (pre-flight reads and first writes of every run at once) meet the real bucket',
    'sizes at the rate it really sends them; so do its polls, which the time scale packs a thousand times closer',
    'together than real runs would. A harder test than 100 real runs: the time ratio is an upper bound of what',
    'throttling costs them.',
  ],
};
