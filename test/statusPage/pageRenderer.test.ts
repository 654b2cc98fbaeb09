// The status pages as pure functions: the blueprint coloured by live state, the timeline, events and error; every
// user-supplied string escaped; the renderer shipped to the browser as source text works on its own; and the page
// the function serves carries no key, no secret name and no SSH key.
import { runInNewContext } from 'node:vm';
import type { HttpResponseInit } from '@azure/functions';
import {
  connectionsViewResponse,
  connectionViewResponse,
  PAGE_REFRESH_MS,
  pageLayout,
} from '../../functions/connectionView';
import { layoutFromName, layoutOf, type ConnectionPageData } from '../../functions/view/pageModel';
import {
  connectionPageHtml,
  inertJson,
  listPageHtml,
  rendererSource,
  scriptFor,
} from '../../functions/view/pageDocument';
import { runConnectionPage } from '../../functions/view/pageClient';
import { createPageRenderer, PAGE_PARTS, type PageRenderer } from '../../functions/view/pageRenderer';
import { PAGE_VOCABULARY } from '../../functions/view/pageVocabulary';
import { validatePlan } from '../../lib/plan';
import { siteInstanceId } from '../../orchestrations/names';
import { completedStatus, failedInBothCloudsStatus, failedStatus, runningStatus } from '../cli/statusFixtures';
import { MemoryStore } from '../functions/memoryStore';
import { dayTwoStatus, tearingDownStatus } from './dayTwoFixtures';
import { partStates } from './markupParts';
import { boundPlan, ED25519_KEY, minimalPlan, oneSitePlan, startedRunInput } from '../lib/planFixtures';

const renderer = createPageRenderer(PAGE_VOCABULARY, PAGE_PARTS);

/** The HTML of a page response (the pages always answer a string body). */
function bodyText(response: HttpResponseInit): string {
  if (typeof response.body !== 'string') throw new Error('the page body must be HTML text');
  return response.body;
}

function pageData(status: unknown, name = 'contoso'): ConnectionPageData {
  const validation = validatePlan(minimalPlan());
  if (!validation.ok) throw new Error('the fixture plan must be valid');
  return {
    name,
    statusPath: `/api/connections/${name}`,
    refreshMs: 3000,
    layout: layoutOf(validation.plan),
    status,
  };
}

describe('the blueprint', () => {
  it('colours each part by its stage while the run goes on', () => {
    const html = renderer.renderConnection(pageData(runningStatus()), { live: true });
    const states = partStates(html);
    expect(states).toMatchObject({
      'site-azure': 'succeeded',
      'vnet-azure': 'succeeded',
      'gatewaySubnet-azure': 'succeeded',
      'gateway-azure': 'running',
      'vm-azure': 'succeeded',
      'vm-azureStack': 'running',
      'lgw-azure': 'pending',
      'connection-azureStack': 'pending',
      tunnel: 'pending',
    });
    expect(html).toContain('class="part st-running" data-part="gateway-azure"');
    expect(html).toContain('data-part="runtime-status">Running<');
    expect(html).toContain('data-live="yes"');
    // The plan's layout: both subnets with their prefixes, SKUs, names.
    for (const text of [
      'vnet-contoso',
      '10.100.0.0/16',
      '10.100.1.0/24',
      '10.200.255.0/27',
      'VpnGw1AZ',
      'snet-contoso-workload',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('turns everything green with a Connected tunnel and the addresses once the run completed', () => {
    const html = renderer.renderConnection(pageData(completedStatus()), { live: false });
    const states = partStates(html);
    const parts = Object.entries(states).filter(([part]) => /-(azure|azureStack)$/.test(part) || part === 'tunnel');
    expect(parts.length).toBe(17);
    expect(parts.every(([, state]) => state === 'succeeded')).toBe(true);
    expect(html).toMatch(/data-part="tunnel-label">Connected</);
    expect(html).toContain('public IP 20.1.2.3');
    expect(html).toContain('private IP 10.200.1.4');
    expect(html).toContain('→ Azure Stack Hub gateway 203.0.113.7');
    expect(html).toContain('Ping across the tunnel: reachable (4/4 replies)');
    expect(html).toContain('data-live="no"');
    expect(html).toContain('took 42m 00s');
  });

  it('shows each address mid-run as soon as the status carries it', () => {
    const before = renderer.renderConnection(pageData(runningStatus()), { live: true });
    expect(before).not.toContain('private IP');
    const status = {
      ...runningStatus(),
      addresses: { azure: { vmPrivateIp: '10.100.1.4' }, azureStack: { gatewayPublicIp: '203.0.113.7' } },
    };
    const html = renderer.renderConnection(pageData(status), { live: true });
    expect(html).toContain('private IP 10.100.1.4');
    expect(html).toContain('public IP 203.0.113.7');
    // Azure's gateway is still building: no address for it, nor for the Stack Hub VM.
    expect(html).not.toContain('private IP 10.200');
    expect(html.match(/public IP \d/g)).toHaveLength(1);
    // Azure's local network gateway will point at the Stack Hub gateway, whose address is known already.
    expect(html).toContain('→ Azure Stack Hub gateway 203.0.113.7');
    // The browser's copy of the renderer draws the same.
    const fromSource = runInNewContext(rendererSource(), {}) as PageRenderer;
    expect(fromSource.renderConnection(pageData(status), { live: true })).toBe(html);
  });

  it('shows every failure when both clouds failed, the first as Failed and the other as Also failed', () => {
    const html = renderer.renderConnection(pageData(failedInBothCloudsStatus()), { live: false });
    const headings = [...html.matchAll(/<section class="error" data-part="error"><h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Failed at Azure / virtual machine', 'Also failed at Azure Stack Hub / VPN gateway']);
    expect(html).toContain('<code>QuotaExceeded</code> (HTTP 409)');
    expect(html).toContain('What to do: check the stamp capacity for gateways, then rerun');
    const teardown = {
      ...completedStatus(),
      teardown: {
        runtimeStatus: 'Failed',
        deleted: {},
        error: { code: 'ScopeLocked', cloud: 'azure' },
        errors: [
          { code: 'ScopeLocked', cloud: 'azure' },
          { code: 'Conflict', cloud: 'azureStack' },
        ],
      },
    };
    const torn = renderer.renderConnection(pageData(teardown), { live: false });
    expect(torn).toContain('<h2>Teardown failed at Azure</h2>');
    expect(torn).toContain('<h2>Teardown also failed at Azure Stack Hub</h2>');
  });

  it('shows a failed gateway in red with the error, its code and hint', () => {
    const html = renderer.renderConnection(pageData(failedStatus()), { live: false });
    expect(partStates(html)['gateway-azureStack']).toBe('failed');
    expect(html).toContain('<h2>Failed at Azure Stack Hub / VPN gateway</h2>');
    expect(html).toContain('<code>VirtualNetworkGatewayProvisioningFailed</code>');
    expect(html).toContain('What to do: check the stamp capacity for gateways, then rerun');
    // A failed run is settled (the page refreshes its live state slowly), not finished: its resources are still there.
    expect(renderer.isSettled(failedStatus())).toBe(true);
    expect(renderer.isFinished(failedStatus())).toBe(false);
    expect(renderer.isSettled(runningStatus())).toBe(false);
    // A teardown still running keeps the page refreshing at full pace; only a deleted connection stops it.
    const tearingDown = {
      ...completedStatus(),
      phase: 'deleting',
      teardown: { runtimeStatus: 'Running', deleted: {} },
    };
    expect(renderer.isSettled(tearingDown)).toBe(false);
    expect(renderer.isFinished(tearingDown)).toBe(false);
    expect(renderer.isFinished({ ...completedStatus(), phase: 'deleted' })).toBe(true);
  });

  it('draws a stage timeline and the events in words', () => {
    const html = renderer.renderConnection(pageData(completedStatus()), { live: false });
    expect(html).toMatch(/data-stage="azure\.gateway" data-state="succeeded">.*?37m 24s/);
    expect(html).toContain('<span>Gateway ready — Azure Stack Hub</span> <code>hc-contoso/gateway/azureStack</code>');
    const running = renderer.renderConnection(pageData(runningStatus()), { live: true });
    expect(running).toMatch(/data-stage="azure\.gateway" data-state="running">.*?11m 24s so far/);
    expect(running).toMatch(/data-stage="azure\.tunnel" data-state="pending">.*?pending/);
  });
});

describe('escaping', () => {
  const evil = `"><img src=x onerror=alert(1)><script>alert('x')</script>`;

  it('escapes names, details, messages and event ids in text and attributes', () => {
    const status = failedStatus(evil);
    (status.stages as Record<string, Record<string, Record<string, unknown>>>).azure.gateway.detail = evil;
    (status.error as Record<string, unknown>).message = evil;
    (status.error as Record<string, unknown>).hint = evil;
    status.events = [evil];
    const html = renderer.renderConnection({ ...pageData(status), name: evil }, { live: true, note: evil });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/="[^"]*"><img/);
    expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
    const list = renderer.renderList(
      { listPath: '/x', refreshMs: 1, items: [{ name: evil, runtimeStatus: evil }] },
      { live: true },
      '"&<',
    );
    expect(list).not.toContain('<img');
    expect(list).toContain('?code=%22%26%3C');
  });

  it('only ever uses known state names as class names', () => {
    const status = runningStatus();
    (status.stages as Record<string, Record<string, Record<string, unknown>>>).azure.gateway.state = 'x" onclick="y';
    const html = renderer.renderConnection(pageData(status), { live: true });
    expect(html).not.toContain('onclick');
    expect(partStates(html)['gateway-azure']).toBe('pending');
  });

  it('embeds data that cannot end its script element', () => {
    const text = inertJson({ detail: '</script><script>alert(1)</script>', line: '\u2028' });
    expect(text).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(text)).toEqual({ detail: '</script><script>alert(1)</script>', line: '\u2028' });
  });
});

describe('the truth of time, teardown and live state', () => {
  it('measures a running run to the server’s now, so its elapsed time moves from one refresh to the next', () => {
    const at = (minutes: number) => new Date(Date.parse('2030-01-01T10:00:00.000Z') + minutes * 60_000).toISOString();
    const first = renderer.renderConnection(pageData({ ...runningStatus(), now: at(25) }), { live: true });
    const next = renderer.renderConnection(pageData({ ...runningStatus(), now: at(25.05) }), { live: true });
    expect(first).toContain('running for 25m 00s');
    expect(next).toContain('running for 25m 03s');
    // A finished run took what it took, whatever the clock says now.
    expect(renderer.renderConnection(pageData({ ...completedStatus(), now: at(90) }), { live: true })).toContain(
      'took 42m 00s',
    );
  });

  it('says deleting and deleted, with the tunnel torn down and what the teardown deleted drawn grey', () => {
    const deleting = renderer.renderConnection(pageData({ ...completedStatus(), phase: 'deleting' }), { live: true });
    expect(deleting).toContain('data-part="phase" data-state="deleting">Deleting<');
    expect(deleting).toContain('data-part="tunnel-label">being torn down<');
    const deletedIds = ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vgw'];
    const deleted = renderer.renderConnection(
      pageData({
        ...completedStatus(),
        phase: 'deleted',
        teardown: { runtimeStatus: 'Completed', deleted: { azure: deletedIds } },
      }),
      { live: false },
    );
    expect(deleted).toContain('data-part="phase" data-state="deleted">Deleted<');
    expect(deleted).toContain('data-part="tunnel-label">torn down<');
    expect(deleted).not.toContain('>Connected<');
    const states = partStates(deleted);
    expect(states['gateway-azure']).toBe('pending');
    expect(states['gateway-azureStack']).toBe('succeeded');
    expect(states.tunnel).toBe('pending');
  });

  it('shows the live state: when it was read, each side’s tunnel, bytes, gateway and resources, or why not', () => {
    const status = {
      ...completedStatus(),
      now: '2030-01-01T10:45:10.000Z',
      live: {
        readAt: '2030-01-01T10:45:00.000Z',
        azure: {
          resources: [
            { id: '/subscriptions/s/resourceGroups/rg-contoso-hybrid', provisioningState: 'Succeeded' },
            {
              id: '/subscriptions/s/providers/Microsoft.Network/connections/cn-contoso',
              provisioningState: 'Updating',
            },
          ],
          connection: { connectionStatus: 'Connected', ingressBytesTransferred: 1_234_567, egressBytesTransferred: 42 },
          gatewayIpAddress: '20.1.2.3',
        },
        azureStack: { error: { code: 'AuthorizationFailed', message: 'no read permission' } },
      },
    };
    const html = renderer.renderConnection(pageData(status), { live: true });
    const readAt =
      '<time datetime="2030-01-01T10:45:00.000Z">2030-01-01 10:45:00 UTC</time> <span class="elapsed">(10s ago)</span>';
    expect(html).toContain(`<h2>Live</h2><p class="muted">Read from ARM ${readAt}</p>`);
    // Each side's tunnel says when it was read.
    expect(html).toContain(`in 1.2 MB, out 42 B</p><p class="muted">as read ${readAt}</p>`);
    expect(partStates(html)).toMatchObject({ 'live-azure': 'succeeded', 'live-azureStack': 'failed' });
    expect(html).toContain('Tunnel <strong data-part="live-status-azure">Connected</strong> · in 1.2 MB, out 42 B');
    expect(html).toContain('Gateway public IP <code>20.1.2.3</code>');
    expect(html).toContain('<li><code>connections/cn-contoso</code> Updating</li>');
    expect(html).toContain('not read: <code>AuthorizationFailed</code> no read permission');
    const gone = renderer.renderConnection(
      pageData({
        ...status,
        live: { readAt: status.live.readAt, azure: { resources: [] }, azureStack: { resources: [] } },
      }),
      { live: true },
    );
    expect(gone).toContain('No resource of this connection exists.');
    expect(renderer.renderConnection(pageData(completedStatus()), { live: true })).not.toContain('<h2>Live</h2>');
  });

  it('says in the list how long ago each connection changed, on the server’s clock', () => {
    const html = renderer.renderList(
      {
        listPath: '/x',
        refreshMs: 1,
        now: '2030-01-01T10:13:04.000Z',
        items: [
          { name: 'contoso', runtimeStatus: 'Completed', phase: 'deleted', lastUpdatedTime: '2030-01-01T10:01:00Z' },
        ],
      },
      { live: true },
      null,
    );
    expect(html).toContain('<td>deleted</td>');
    expect(html).toContain(
      '<time datetime="2030-01-01T10:01:00.000Z">2030-01-01 10:01:00 UTC</time> <span class="elapsed">(12m 04s ago)</span></td>',
    );
  });
});

describe('the script the browser gets', () => {
  it('is self-contained: evaluated with no globals at all it renders exactly what the module renders', () => {
    const shipped = runInNewContext(rendererSource(), {}) as PageRenderer;
    const statuses = [runningStatus(), completedStatus(), failedStatus(), failedInBothCloudsStatus()];
    for (const status of [...statuses, dayTwoStatus(), tearingDownStatus('Running'), tearingDownStatus('Failed')]) {
      expect(shipped.renderConnection(pageData(status), { live: true })).toBe(
        renderer.renderConnection(pageData(status), { live: true }),
      );
    }
  });

  it('runs the page from its own URL key, asks for the live state, and refreshes until the connection is deleted', () => {
    const timers: number[] = [];
    const callbacks: (() => void)[] = [];
    const fetched: string[] = [];
    const run = (status: unknown, search: string): string => {
      const data = pageData(status);
      const app = { innerHTML: 'first paint', addEventListener: () => undefined };
      const sandbox = {
        document: { getElementById: (id: string) => (id === 'app' ? app : { textContent: JSON.stringify(data) }) },
        window: {
          location: { search },
          setTimeout: (callback: () => void, ms: number) => {
            callbacks.push(callback);
            return timers.push(ms);
          },
          clearTimeout: () => undefined,
        },
        URLSearchParams,
        fetch: (url: string) => {
          fetched.push(url);
          return new Promise(() => undefined);
        },
      };
      runInNewContext(scriptFor(runConnectionPage), sandbox);
      return app.innerHTML;
    };
    expect(run(runningStatus(), '?code=abc%2B&refresh=0.5')).toBe('first paint');
    expect(timers).toEqual([500]);
    callbacks[0]();
    expect(fetched).toEqual(['/api/connections/contoso?live=true&code=abc%2B']);
    // Built: only the live state still changes, so five times slower.
    run(completedStatus(), '?code=abc');
    expect(timers).toEqual([500, 15_000]);
    // Deleted: nothing changes any more.
    run({ ...completedStatus(), phase: 'deleted' }, '?code=abc');
    expect(timers).toEqual([500, 15_000]);
    run(runningStatus(), '');
    expect(timers).toEqual([500, 15_000, 3000]);
    callbacks[2]();
    expect(fetched.at(-1)).toBe('/api/connections/contoso?live=true');
  });
});

describe('the pages the function serves', () => {
  function storeWithRun(customStatus: unknown): MemoryStore {
    const store = new MemoryStore();
    store.put('hc-contoso', { input: startedRunInput(), customStatus });
    return store;
  }
  const connectionStatus = {
    kind: 'connection',
    phase: 'sites',
    stages: {
      azure: { gateway: { state: 'running', startedAt: '2025-03-01T08:01:00.000Z', detail: 'Updating' } },
      azureStack: {},
    },
    tunnel: { state: 'pending' },
    verify: { state: 'pending' },
    events: ['hc-contoso/started/all'],
  };

  it('serves the blueprint with a strict CSP whose nonce is the script’s, and without secrets', async () => {
    const response = await connectionViewResponse(storeWithRun(connectionStatus), 'contoso');
    expect(response.status).toBe(200);
    const headers = response.headers as Record<string, string>;
    const html = bodyText(response);
    const nonce = /'nonce-([^']+)'/.exec(headers['Content-Security-Policy'])?.[1] ?? '';
    expect(nonce.length).toBeGreaterThan(10);
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(headers['Content-Security-Policy']).toContain("default-src 'none'");
    expect(headers['Content-Security-Policy']).toContain("connect-src 'self'");
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(partStates(html)['gateway-azure']).toBe('running');
    // Nothing loaded from elsewhere, and nothing secret or personal from the plan.
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(html).not.toContain(ED25519_KEY.split(' ')[1]);
    expect(html).not.toContain('hc-contoso-psk');
    // A fresh nonce per response.
    const again = await connectionViewResponse(storeWithRun(connectionStatus), 'contoso');
    expect((again.headers as Record<string, string>)['Content-Security-Policy']).not.toBe(
      headers['Content-Security-Policy'],
    );
  });

  it('answers an unknown name with 404 and a bad one with 400, as escaped HTML', async () => {
    const missing = await connectionViewResponse(new MemoryStore(), 'nobody');
    expect(missing.status).toBe(404);
    expect(bodyText(missing)).toContain('There is no connection named nobody.');
    const bad = await connectionViewResponse(new MemoryStore(), '<b>x</b>');
    expect(bad.status).toBe(400);
    expect(bodyText(bad)).toContain('&#60;b&#62;x&#60;/b&#62; is not a connection name');
  });

  it('draws the layout from the plan the run stored, of either plan version, and names alone otherwise', () => {
    const fromPlan = layoutOf(boundPlan());
    expect(pageLayout('contoso', startedRunInput())).toEqual(fromPlan);
    expect(pageLayout('contoso', oneSitePlan(boundPlan()))).toEqual(fromPlan);
    expect(pageLayout('contoso', { planVersion: 3, plan: boundPlan() })).toEqual(layoutFromName('contoso'));
  });

  it('lists every connection with a link to its page', async () => {
    const store = storeWithRun(connectionStatus);
    store.put('hc-fabrikam', { runtimeStatus: 'Completed', input: startedRunInput({ name: 'fabrikam' }) });
    store.put(siteInstanceId('fabrikam', 'azure'), { runtimeStatus: 'Completed' });
    const response = await connectionsViewResponse(store);
    const html = bodyText(response);
    expect(response.status).toBe(200);
    expect(html).toContain('<a href="contoso/view">contoso</a>');
    expect(html).toContain('<a href="fabrikam/view">fabrikam</a>');
    expect(html).not.toContain(siteInstanceId('fabrikam', 'azure'));
    expect(html).toContain(`"refreshMs":${PAGE_REFRESH_MS * 2}`);
    expect(listPageHtml({ listPath: '/x', refreshMs: 1, items: [] }, 'n')).toContain('No connections yet');
    expect(connectionPageHtml(pageData(runningStatus()), 'n')).toContain(
      '<main><div id="app"><header><h1>contoso</h1>',
    );
  });
});
