// The status pages' stylesheet, inlined into each page (no external resource, no build step). Colours carry the
// live state: pending grey, running amber (animated unless the user prefers reduced motion), succeeded green,
// failed red. Each colour comes twice: a bright one for strokes and bars, and a darker ink for text, which reads at a
// contrast of at least 4.5:1 (WCAG AA) on its pale background and on white (test/statusPage/contrast.test.ts
// checks every text colour declared here against the backgrounds it sits on).
export const PAGE_STYLES = `
:root { color-scheme: light; --grey: #80868b; --grey-bg: #f1f3f4; --grey-ink: #5f6368; --amber: #e37400;
  --amber-bg: #fef7e0; --amber-ink: #a04f00; --green: #188038; --green-bg: #e6f4ea; --green-ink: #137333;
  --red: #d93025; --red-bg: #fce8e6; --red-ink: #b3261e; --ink: #202124; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: #fff; }
main { max-width: 1060px; margin: 0 auto; padding: 16px 20px 40px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; border-bottom: 1px solid #dadce0;
  padding-bottom: 8px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 16px; margin: 20px 0 8px; }
h3 { font-size: 14px; margin: 8px 0 4px; }
.muted { color: var(--grey-ink); }
.note { color: var(--red-ink); }
.badge { border-radius: 10px; padding: 1px 10px; font-weight: 600; border: 1px solid; }
.label { border-radius: 4px; padding: 0 6px; font-weight: 600; }
.badge.st-pending, .label.st-pending { color: var(--grey-ink); background: var(--grey-bg); }
.badge.st-running, .label.st-running { color: var(--amber-ink); background: var(--amber-bg); }
.badge.st-succeeded, .label.st-succeeded { color: var(--green-ink); background: var(--green-bg); }
.badge.st-failed, .label.st-failed { color: var(--red-ink); background: var(--red-bg); }
.elapsed { white-space: nowrap; }
button { font: inherit; color: var(--ink); background: var(--grey-bg); border: 1px solid var(--grey-ink);
  border-radius: 6px; padding: 1px 10px; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg text.label { font-weight: 600; font-size: 13px; }
svg text.sub { fill: #3c4043; }
svg text.cloud { font-weight: 700; }
svg text.took, svg text.axis { fill: var(--grey-ink); }
.part rect { stroke-width: 2; }
.part.st-pending rect { fill: var(--grey-bg); stroke: var(--grey); stroke-dasharray: 4 3; }
.part.st-running rect { fill: var(--amber-bg); stroke: var(--amber); stroke-dasharray: 8 4;
  animation: march 1s linear infinite; }
.part.st-succeeded rect { fill: var(--green-bg); stroke: var(--green); }
.part.st-failed rect { fill: var(--red-bg); stroke: var(--red); stroke-width: 3; }
[data-part^="site-"] > rect { fill-opacity: 0.35; }
[data-part^="vnet-"] > rect { fill-opacity: 0.6; }
.tunnel line { stroke-width: 6; stroke-linecap: round; }
.tunnel.st-pending line { stroke: var(--grey); stroke-dasharray: 2 8; }
.tunnel.st-running line { stroke: var(--amber); stroke-dasharray: 12 8; animation: march 0.8s linear infinite; }
.tunnel.st-succeeded line { stroke: var(--green); }
.tunnel.st-failed line { stroke: var(--red); stroke-dasharray: 6 6; }
.tunnel.st-succeeded text { fill: var(--green-ink); }
.tunnel.st-failed text { fill: var(--red-ink); }
.star .tunnel line { stroke-width: 4; }
.tunnel.gone line { stroke: var(--grey); stroke-dasharray: 1 9; }
.part.gone rect { fill: #fff; stroke-dasharray: 2 6; }
.row.st-pending circle { fill: var(--grey); }
.row.st-running rect { fill: var(--amber); animation: pulse 1.2s ease-in-out infinite; }
.row.st-succeeded rect { fill: var(--green); }
.row.st-failed rect { fill: var(--red); }
.row.st-pending text { fill: var(--grey-ink); }
.error { border: 2px solid var(--red); background: var(--red-bg); border-radius: 8px; padding: 4px 14px; margin-top: 14px; }
.error h2 { color: var(--red-ink); }
.hint { font-weight: 600; }
.teardown .columns, .live .columns { display: flex; gap: 40px; }
.monitor table, .rotations table { margin-bottom: 8px; }
.live ul { padding-left: 18px; margin: 4px 0; }
.live code { font-size: 12px; }
ol.events { padding-left: 22px; margin: 0; }
ol.events code { color: var(--grey-ink); font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e8eaed; }
@keyframes march { to { stroke-dashoffset: -24; } }
@keyframes pulse { 50% { opacity: 0.45; } }
@media (prefers-reduced-motion: reduce) { * { animation: none !important; } }
`;
