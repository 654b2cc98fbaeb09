// The status pages never let a value through as markup: a status document whose every string field (and every
// key the page shows, and the plan's layout, the refresh note, the list's items and the page's key) is
// attacker-controlled renders into HTML that is only the renderer's own tags and attributes, every character of
// the data escaped; and each of those fields does reach the page.
import fc from 'fast-check';
import { createPageRenderer, PAGE_PARTS } from '../../functions/view/pageRenderer';
import type { ConnectionPageData, SiteLayout } from '../../functions/view/pageModel';
import { PAGE_VOCABULARY } from '../../functions/view/pageVocabulary';
import type {
  ConnectionListItem,
  ConnectionStatusBody,
  FailureInfo,
  LiveCloudError,
  LiveCloudState,
  LiveConnection,
  LiveResource,
  SiteAddresses,
  StageState,
  TeardownStatusBody,
  TunnelStatus,
  VerifyStatus,
} from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import type { Unchecked } from '../../lib/json';

const renderer = createPageRenderer(PAGE_VOCABULARY, PAGE_PARTS);

/** Every field of a wire shape, each any value: the compiler holds the generators to the wire's field names. */
type AllFields<T> = Required<Unchecked<T>>;

const TAGS = new Set(
  'header h1 h2 h3 span section p code strong svg g title desc rect text line circle ol li ul div table caption thead tbody tr th td a time button'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(
  'class id data-part data-state data-stage data-event data-connection data-live data-rotation data-action x y x1 y1 x2 y2 cx cy r rx width height viewBox role aria-label aria-labelledby text-anchor href datetime scope type'.split(
    ' ',
  ),
);
/** Class names come from a fixed table only. */
const CLASSES = new Set(
  'st-pending st-running st-succeeded st-failed part tunnel row badge label sub cloud took axis muted note hint error teardown live events columns blueprint timeline elapsed monitor rotations star gone'.split(
    ' ',
  ),
);

/** A value in the page's text or a double-quoted attribute: no markup character but in a numeric entity. */
const SAFE_TEXT = String.raw`(?:[^<>"'\x60&]|&#\d+;)`;
const TAG = new RegExp(String.raw`^<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9-]*="${SAFE_TEXT}*")*)>`);
const ATTRIBUTE = new RegExp(String.raw`([a-zA-Z][a-zA-Z0-9-]*)="(${SAFE_TEXT}*)"`, 'g');
const TEXT = new RegExp(String.raw`^${SAFE_TEXT}+`);

/** Reads the HTML as the renderer's tags and escaped text only; says what else it found. */
function strayMarkup(html: string): string | undefined {
  let rest = html;
  while (rest.length > 0) {
    const tag = TAG.exec(rest);
    if (tag) {
      if (!TAGS.has(tag[2])) return `tag <${tag[2]}>`;
      for (const [, name, value] of tag[3].matchAll(ATTRIBUTE)) {
        if (!ATTRIBUTES.has(name)) return `attribute ${name}`;
        if (name === 'class' && !value.split(' ').every((c) => CLASSES.has(c))) return `class "${value}"`;
      }
      rest = rest.slice(tag[0].length);
      continue;
    }
    const text = TEXT.exec(rest);
    if (!text) return `unescaped ${JSON.stringify(rest.slice(0, 40))}`;
    rest = rest.slice(text[0].length);
  }
  return undefined;
}

/** Strings an attacker would send: anything, dense markup characters, and known payloads. */
const attack = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '`', '&', '#', ';', '=', '/', ' ', 'a', '1'), maxLength: 40 }),
  fc.constantFrom(
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    '</title><script>alert(1)</script>',
    '&#60;script&#62;',
    '&amp;lt;',
    '`${alert(1)}`',
    'javascript:alert(1)',
  ),
);
/** A state field: one the page knows, or anything. */
const stateOr = (...known: string[]) => fc.oneof(fc.constantFrom(...known), attack);
const TIME = fc.constantFrom('2030-01-01T10:00:00.000Z', '2030-01-01T10:12:00.000Z', '2030-01-01T10:42:00.000Z');
const timeOr = fc.oneof(TIME, attack);

const stage = fc.record<AllFields<StageState>>({
  state: stateOr('pending', 'running', 'succeeded', 'failed'),
  startedAt: timeOr,
  endedAt: timeOr,
  resourceId: attack,
  detail: attack,
});
/** A cloud's stages: the page's own names and any other key, which the timeline shows too. */
const stageMap = fc.dictionary(fc.oneof(fc.constantFrom(...PAGE_VOCABULARY.stages), attack), stage, { maxKeys: 6 });
const failure = fc.record<AllFields<FailureInfo>>({
  code: attack,
  message: attack,
  cloud: stateOr('azure', 'azureStack'),
  site: attack,
  stage: stateOr(...PAGE_VOCABULARY.stages),
  httpStatus: fc.oneof(fc.integer(), attack),
  hint: attack,
  diagnosis: attack,
});
const perCloud = <T>(value: fc.Arbitrary<T>) => fc.record<Record<CloudId, T>>({ azure: value, azureStack: value });
const addresses = fc.record<AllFields<SiteAddresses>>({ vmPrivateIp: attack, gatewayPublicIp: attack });
const connection = fc.record<AllFields<TunnelStatus & { verify: VerifyStatus }>>({
  state: stateOr('pending', 'connecting', 'connected', 'notConnected'),
  connectionStatus: perCloud(attack),
  diagnosis: attack,
  verify: fc.record<AllFields<VerifyStatus>>({
    state: stateOr('pending', 'running', 'succeeded', 'failed', 'skipped'),
    reachable: fc.oneof(fc.boolean(), attack),
    packetsSent: fc.oneof(fc.integer(), attack),
    packetsReceived: fc.oneof(fc.integer(), attack),
  }),
});
const teardown = fc.record<AllFields<TeardownStatusBody>>({
  instanceId: attack,
  runtimeStatus: stateOr('Running', 'Completed', 'Failed'),
  createdTime: timeOr,
  lastUpdatedTime: timeOr,
  deleted: perCloud(fc.array(attack, { maxLength: 3 })),
  error: failure,
  errors: fc.array(failure, { maxLength: 3 }),
});
const liveCloud = fc.oneof(
  fc.record<AllFields<LiveCloudState>>({
    resources: fc.array(
      fc.record<AllFields<LiveResource>>({ id: attack, provisioningState: fc.oneof(fc.constant(null), attack) }),
      { maxLength: 3 },
    ),
    connection: fc.oneof(
      fc.constant(null),
      fc.record<AllFields<LiveConnection>>({
        connectionStatus: stateOr('Connected', 'Connecting', 'NotConnected', 'Unknown'),
        ingressBytesTransferred: fc.oneof(fc.integer(), attack),
        egressBytesTransferred: fc.oneof(fc.integer(), attack),
      }),
    ),
    gatewayIpAddress: fc.oneof(fc.constant(null), attack),
  }),
  fc.record<AllFields<LiveCloudError>>({ error: fc.record({ code: attack, message: attack }) }),
);
const status = fc.record<AllFields<ConnectionStatusBody>>({
  name: attack,
  instanceId: attack,
  runtimeStatus: stateOr('Pending', 'Running', 'Completed', 'Failed', 'Terminated', 'Canceled'),
  createdTime: timeOr,
  lastUpdatedTime: timeOr,
  now: timeOr,
  phase: attack,
  statusUrl: attack,
  stages: perCloud(stageMap),
  // A fleet's sites (the star and its table), hostile text in every string and every site name.
  sites: fc.dictionary(
    attack,
    fc.record({
      stages: perCloud(stageMap),
      tunnel: fc.record({ state: stateOr('pending', 'connecting', 'connected', 'notConnected') }),
      verify: fc.record({ state: stateOr('pending', 'running', 'succeeded', 'failed', 'skipped') }),
      addresses,
      error: failure,
    }),
    { maxKeys: 2 },
  ),
  hub: fc.record({ stages: stageMap, addresses }),
  connection,
  // Not drawn by the page yet (a fleet with options.transit sends it): hostile text in every string it carries.
  transit: fc.oneof(
    fc.constant(undefined),
    fc.record({
      state: stateOr('pending', 'running', 'succeeded', 'failed', 'skipped'),
      from: attack,
      to: attack,
      reachable: fc.oneof(fc.boolean(), attack),
      packetsSent: fc.oneof(fc.integer(), attack),
      packetsReceived: fc.oneof(fc.integer(), attack),
      startedAt: timeOr,
      endedAt: timeOr,
    }),
  ),
  events: fc.array(attack, { maxLength: 4 }),
  error: fc.oneof(fc.constant(null), failure),
  errors: fc.array(failure, { maxLength: 3 }),
  rollback: fc.constant(null),
  change: fc.constant(null),
  teardown: fc.oneof(fc.constant(null), teardown),
  // The page reads the summary's addresses only (a completed run's, when `addresses` has none).
  summary: fc.record({ sites: perCloud(addresses) }),
  addresses: perCloud(fc.oneof(addresses, fc.constant({}))),
  live: fc.oneof(fc.constant(undefined), fc.record({ readAt: timeOr, azure: liveCloud, azureStack: liveCloud })),
  // Not drawn by the page yet; sent anyway, so a later section that shows it is covered from its first day.
  preflight: fc.oneof(
    fc.constant(null),
    fc.array(fc.record({ cloud: attack, check: attack, status: attack, detail: attack, hint: attack }), {
      maxLength: 3,
    }),
  ),
  // Day-2 sections (health monitor, key rotations): hostile text in every string they carry.
  monitor: fc.oneof(
    fc.constant(null),
    fc.record({
      instanceId: attack,
      state: stateOr('running', 'stopped'),
      intervalMinutes: fc.oneof(fc.integer({ min: 1, max: 1440 }), attack),
      repair: fc.oneof(
        fc.constant(null),
        fc.record({ afterFailedReads: fc.oneof(fc.integer(), attack), maxPerDay: fc.oneof(fc.integer(), attack) }),
      ),
      reads: fc.array(
        fc.record({
          readAt: timeOr,
          sides: perCloud(fc.record({ connectionStatus: fc.oneof(fc.constant(null), attack), errorCode: attack })),
        }),
        { maxLength: 3 },
      ),
      transitions: fc.array(
        fc.record({
          at: timeOr,
          cloud: stateOr('azure', 'azureStack'),
          kind: stateOr('degraded', 'recovered'),
          eventId: attack,
        }),
        { maxLength: 3 },
      ),
      repairs: fc.array(
        fc.record({
          at: timeOr,
          cloud: stateOr('azure', 'azureStack'),
          attempt: fc.oneof(fc.integer(), attack),
          action: stateOr('resetConnection', 'resetGateway'),
          outcome: stateOr('succeeded', 'failed', 'skipped'),
          error: fc.oneof(fc.constant(null), failure),
        }),
        { maxLength: 2 },
      ),
    }),
  ),
  rotations: fc.array(
    fc.record({
      instanceId: attack,
      state: stateOr('running', 'succeeded', 'failed', 'restored'),
      trigger: stateOr('request', 'schedule'),
      startedAt: timeOr,
      finishedAt: fc.oneof(fc.constant(null), timeOr),
      previousVersion: fc.oneof(fc.constant(null), attack),
      newVersion: fc.oneof(fc.constant(null), attack),
      downtimeSeconds: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3600 })),
      error: fc.oneof(fc.constant(null), failure),
    }),
    { maxLength: 3 },
  ),
});
const site = (cloud: CloudId) =>
  fc.record<SiteLayout>({
    cloud: fc.constant(cloud),
    title: attack,
    location: attack,
    resourceGroup: attack,
    addressSpace: fc.array(attack, { maxLength: 2 }),
    workloadSubnet: attack,
    gatewaySubnet: attack,
    gatewaySku: attack,
    vmSize: attack,
    names: fc.record<SiteLayout['names']>({
      virtualNetwork: attack,
      workloadSubnet: attack,
      gatewaySubnet: attack,
      gatewayPublicIp: attack,
      virtualNetworkGateway: attack,
      localNetworkGateway: attack,
      connection: attack,
      networkInterface: attack,
      virtualMachine: attack,
    }),
  });
const layout = fc.record({
  sites: fc.record({ azure: site('azure'), azureStack: site('azureStack') }),
  verifyConnectivity: fc.boolean(),
  fleet: fc.dictionary(attack, fc.record({ location: attack, addressSpace: fc.array(attack, { maxLength: 2 }) }), {
    maxKeys: 2,
  }),
});
/** A replacing run's `change` (the sites it removes, drawn as spokes being removed or gone), hostile too. */
const siteRemovals = fc.oneof(
  fc.constant(null),
  fc.record({
    removed: fc.array(attack, { maxLength: 2 }),
    removals: fc.dictionary(
      attack,
      fc.record({
        state: stateOr('pending', 'running', 'succeeded', 'failed'),
        deleted: perCloud(fc.array(attack, { maxLength: 2 })),
      }),
      { maxKeys: 2 },
    ),
  }),
);
const statusWithRemovals = fc.tuple(status, siteRemovals).map(([sent, change]) => ({ ...sent, change }));
const refresh = fc.record(
  { live: fc.boolean(), note: attack, refreshedAt: fc.oneof(TIME, attack) },
  { requiredKeys: ['live'] },
);
const listItem = fc.record<AllFields<ConnectionListItem>>({
  name: attack,
  instanceId: attack,
  runtimeStatus: stateOr('Running', 'Completed', 'Failed'),
  phase: attack,
  createdTime: timeOr,
  lastUpdatedTime: timeOr,
  statusUrl: attack,
});

describe('a status page over an attacker-controlled status', () => {
  it('is only the renderer’s tags, attributes and classes, with every character of the data escaped', () => {
    fc.assert(
      fc.property(
        attack,
        fc.option(layout, { nil: undefined }),
        statusWithRemovals,
        refresh,
        (name, pageLayout, sent, state) => {
          const data: ConnectionPageData = { name, statusPath: '/p', refreshMs: 1, layout: pageLayout, status: sent };
          expect(strayMarkup(renderer.renderConnection(data, state))).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the list page to its own markup too, whatever the items and the page’s key', () => {
    fc.assert(
      fc.property(
        fc.array(listItem, { maxLength: 4 }),
        refresh,
        fc.option(attack, { nil: null }),
        (items, state, code) => {
          expect(
            strayMarkup(renderer.renderList({ listPath: '/x', refreshMs: 1, items }, state, code)),
          ).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is not vacuous: the check finds a value that slipped through', () => {
    expect(strayMarkup('<span class="muted">a</span>')).toBeUndefined();
    expect(strayMarkup('<span class="muted">"><img src=x></span>')).toBe('unescaped "\\"><img src=x></span>"');
    expect(strayMarkup('<span class="muted" onclick="x">a</span>')).toBe('attribute onclick');
    expect(strayMarkup('<span class="muted x">a</span>')).toBe('class "muted x"');
    expect(strayMarkup("<p>it's</p>")).toBe(`unescaped "'s</p>"`);
  });
});

describe('every field the page shows reaches it, escaped', () => {
  /** A marker per field: markup characters and the field's number, short enough for the SVG's cut text. */
  const marker = (field: number): string => `<"${field}'&>`;
  const escaped = (text: string): string => text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);

  it('shows the status’s texts, the unknown stage and states, the teardown and the addresses', () => {
    let next = 0;
    const shown: string[] = [];
    const field = (): string => {
      const text = marker(next++);
      shown.push(text);
      return text;
    };
    const failed = (): Unchecked<FailureInfo> => ({
      code: field(),
      message: field(),
      httpStatus: field(),
      hint: field(),
      diagnosis: field(),
      cloud: field(),
      stage: field(),
    });
    const sent: Unchecked<ConnectionStatusBody> = {
      runtimeStatus: field(),
      phase: field(),
      createdTime: '2030-01-01T10:00:00.000Z',
      stages: {
        azure: {
          [field()]: { state: 'running', detail: field() },
          virtualMachine: { state: 'failed', detail: field() },
          gateway: { state: 'running', detail: field() },
        },
        azureStack: {},
      },
      connection: { state: field(), connectionStatus: { azure: field() }, verify: { state: field() } },
      events: [field()],
      errors: [failed(), failed()],
      teardown: { runtimeStatus: field(), deleted: { azureStack: [field()] }, errors: [failed()] },
      addresses: { azure: { vmPrivateIp: field(), gatewayPublicIp: field() } },
      summary: { sites: { azureStack: { vmPrivateIp: field(), gatewayPublicIp: field() } } },
    };
    const html = renderer.renderConnection(
      { name: field(), statusPath: '/p', refreshMs: 1, status: sent },
      { live: true, note: field(), refreshedAt: `2030-01-01T${field()}` },
    );
    expect(strayMarkup(html)).toBeUndefined();
    expect(shown.filter((text) => !html.includes(escaped(text)))).toEqual([]);
    // The ping's counts show once the ping has an answer.
    const pinged = {
      ...sent,
      connection: { verify: { reachable: true, packetsSent: marker(90), packetsReceived: marker(91) } },
    };
    const pingHtml = renderer.renderConnection(
      { name: 'n', statusPath: '/p', refreshMs: 1, status: pinged },
      { live: true },
    );
    expect(pingHtml).toContain(`(${escaped(marker(91))}/${escaped(marker(90))} replies)`);
  });

  it('shows the live state’s texts', () => {
    const sent: Unchecked<ConnectionStatusBody> = {
      runtimeStatus: 'Completed',
      live: {
        readAt: marker(1),
        azure: {
          resources: [{ id: `/x/${marker(2)}`, provisioningState: marker(3) }],
          connection: { connectionStatus: marker(4), ingressBytesTransferred: 1, egressBytesTransferred: 2 },
          gatewayIpAddress: marker(5),
        },
        azureStack: { error: { code: marker(6), message: marker(7) } },
      },
    };
    const html = renderer.renderConnection({ name: 'n', statusPath: '/p', refreshMs: 1, status: sent }, { live: true });
    expect(strayMarkup(html)).toBeUndefined();
    for (const field of [1, 2, 3, 4, 5, 6, 7]) expect(html).toContain(escaped(marker(field)));
  });

  it('shows the monitor’s and the rotations’ texts', () => {
    const sent: Unchecked<ConnectionStatusBody> = {
      runtimeStatus: 'Completed',
      monitor: {
        state: marker(1),
        intervalMinutes: marker(2),
        repair: { afterFailedReads: marker(3), maxPerDay: marker(4) },
        reads: [
          {
            readAt: marker(5),
            sides: { azure: { connectionStatus: marker(6) }, azureStack: { errorCode: marker(7) } },
          },
        ],
        transitions: [{ at: marker(8), cloud: marker(9), kind: marker(10), eventId: marker(11) }],
        repairs: [
          {
            at: marker(12),
            cloud: marker(13),
            attempt: marker(14),
            action: marker(15),
            outcome: marker(16),
            error: { code: marker(17), message: marker(18) },
          },
        ],
      },
      rotations: [
        {
          instanceId: marker(19),
          state: marker(20),
          trigger: marker(21),
          startedAt: marker(22),
          finishedAt: null,
          previousVersion: marker(23),
          newVersion: marker(24),
          downtimeSeconds: null,
          error: { code: marker(25), message: marker(26) },
        },
      ],
    };
    const html = renderer.renderConnection({ name: 'n', statusPath: '/p', refreshMs: 1, status: sent }, { live: true });
    expect(strayMarkup(html)).toBeUndefined();
    // The interval shows only as a number: a text there is not a period.
    const shown = Array.from({ length: 26 }, (_, index) => index + 1).filter((field) => field !== 2);
    expect(shown.filter((field) => !html.includes(escaped(marker(field))))).toEqual([]);
  });

  it('shows the list items’ texts, and the key only inside the links', () => {
    const item: Unchecked<ConnectionListItem> = {
      name: marker(1),
      runtimeStatus: marker(2),
      phase: marker(3),
      createdTime: marker(4),
      lastUpdatedTime: marker(5),
    };
    const html = renderer.renderList({ listPath: '/x', refreshMs: 1, items: [item] }, { live: true }, marker(6));
    expect(strayMarkup(html)).toBeUndefined();
    for (const field of [1, 2, 3, 4, 5]) expect(html).toContain(escaped(marker(field)));
    const href = `${encodeURIComponent(marker(1))}/view?code=${encodeURIComponent(marker(6))}`;
    expect(html).toContain(`href="${escaped(href)}"`);
  });
});
