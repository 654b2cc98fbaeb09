// Seeded GUIDs and NRP-style weak etags. Never uses Math.random: the same seed must give the same run.

/** A version-4 shaped GUID built from the simulator's seeded random source. */
export function seededGuid(random: () => number): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** NRP etags are weak: `W/"<guid>"`, new on every change of the resource. */
export function weakEtag(random: () => number): string {
  return `W/"${seededGuid(random)}"`;
}
