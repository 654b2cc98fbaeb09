// Typed failures across the activity boundary: what an activity throws is encoded once (activities/shared) and
// decoded once (orchestrations/) as data, whichever way the host records it (Reason/Details as runtime/ does, or
// FailureDetails as the Durable extension 3.x does), bounded, and never recovered by parsing a sentence.
import './registeredFunctions';
import '../../orchestrations/index';
import fc from 'fast-check';
import { ACTIVITY, ACTIVITY_FAILURE_PREFIX, type ActivityFailure } from '../../activities/contracts';
import {
  ActivityFailureError,
  MAX_ACTIVITY_FAILURE_CHARS,
  activityFailureOf,
  encodeActivityFailure,
  toActivityFailureError,
} from '../../activities/shared/activityFailure';
import { EventPublishError } from '../../activities/shared/eventPublishError';
import { TerminalArmError, TransientArmError } from '../../lib/clouds';
import { CLOUD_IDS } from '../../lib/cloudIds';
import { STAGES } from '../../lib/stages';
import { decodeActivityFailure } from '../../orchestrations/activityFailure';
import { failureOf } from '../../orchestrations/failures';
import { ORCHESTRATION, siteInstanceId } from '../../orchestrations/names';
import type { SiteOutcome } from '../../orchestrations/orchestrationTypes';
import { provisionSiteInputFor } from '../../orchestrations/siteTargets';
import { CannedClouds } from './cannedClouds';
import { drive, type ActivityOutcome } from './episodeDriver';
import { START, resolvedPair } from './fixtures';

/** How durable-functions hands a failed activity to an orchestrator when the history has Reason and Details. */
function legacyTaskError(activity: string, message: string): Error {
  const details = JSON.stringify({ $type: 'System.Exception', ClassName: 'System.Exception', Message: message });
  return new Error(`Activity function '${activity}' failed: ${message} \n ${details}`);
}

/** ... and when it has FailureDetails: a TaskFailedError whose failureDetails.errorMessage is the message. */
function structuredTaskError(message: string): Error & { failureDetails: { errorType: string; errorMessage: string } } {
  return Object.assign(new Error(`ActivityFailureError: ${message}`), {
    failureDetails: { errorType: 'ActivityFailureError', errorMessage: message },
  });
}

const failureArbitrary: fc.Arbitrary<ActivityFailure> = fc.record(
  {
    code: fc.string({ minLength: 1, maxLength: 40 }),
    cloud: fc.constantFrom(...CLOUD_IDS),
    stage: fc.constantFrom(...STAGES),
    httpStatus: fc.integer({ min: 100, max: 599 }),
    // Braces, quotes, backslashes, newlines and the prefix itself inside a message must not confuse the decoder.
    message: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(`} "${ACTIVITY_FAILURE_PREFIX}{"code":"Fake"} \n {`)),
    hint: fc.string({ maxLength: 100 }),
  },
  { requiredKeys: ['code'] },
);

describe('the activity failure envelope', () => {
  it('round-trips every field through both shapes the host hands over', () => {
    fc.assert(
      fc.property(failureArbitrary, (failure) => {
        const message = new ActivityFailureError(failure).message;
        expect(message.startsWith(ACTIVITY_FAILURE_PREFIX)).toBe(true);
        expect(decodeActivityFailure(legacyTaskError('ensurePublicIp', message))).toEqual(failure);
        expect(decodeActivityFailure(structuredTaskError(message))).toEqual(failure);
      }),
      { numRuns: 300 },
    );
  });

  it('carries code, cloud, stage, status and hint of the typed errors activities throw', () => {
    const transient = new TransientArmError({
      cloud: 'azureStack',
      stage: 'gateway',
      code: 'ServerBusy',
      httpStatus: 503,
      armMessage: 'try later',
    });
    expect(activityFailureOf(transient)).toEqual({
      code: 'ServerBusy',
      cloud: 'azureStack',
      stage: 'gateway',
      httpStatus: 503,
      message: 'try later',
      hint: transient.hint,
    });
    const terminal = new TerminalArmError({
      cloud: 'azure',
      stage: 'publicIp',
      code: 'QuotaExceeded',
      httpStatus: 409,
    });
    expect(activityFailureOf(terminal)).toEqual({
      code: 'QuotaExceeded',
      cloud: 'azure',
      stage: 'publicIp',
      httpStatus: 409,
    });
    const publish = new EventPublishError('hc-x/started/all', 'TooManyRequests', 429, 'slow down');
    expect(activityFailureOf(publish)).toMatchObject({ code: 'TooManyRequests', httpStatus: 429 });
    // Event Grid's Retry-After travels to the delivery child, scaled to the task hub's clock like an ARM one.
    const throttled = new EventPublishError('hc-x/started/all', 'TooManyRequests', 429, 'slow down', 30);
    expect(activityFailureOf(throttled)).toMatchObject({ retryAfterSeconds: 30 });
    expect(toActivityFailureError(throttled, 1000).failure.retryAfterSeconds).toBe(30_000);
    expect(activityFailureOf(new TypeError('x is undefined'))).toEqual({
      code: 'TypeError',
      message: 'x is undefined',
    });
    expect(activityFailureOf('a string')).toEqual({ code: 'UnknownError', message: 'a string' });
  });

  it('keeps the original stack frames under the encoded message', () => {
    const original = new TransientArmError({ cloud: 'azure', stage: 'gateway', code: 'ServerBusy' });
    const thrown = toActivityFailureError(original);
    expect(thrown.stack?.split('\n')[0]).toBe(`ActivityFailureError: ${thrown.message}`);
    expect(thrown.stack?.split('\n')[1]).toBe(original.stack?.split('\n')[1]);
    expect(toActivityFailureError(thrown)).toBe(thrown);
  });

  it('stays bounded: long fields are clipped, an envelope that still overflows drops its message', () => {
    const long = encodeActivityFailure({ code: 'X'.repeat(500), message: 'm'.repeat(10_000), hint: 'h'.repeat(5000) });
    expect(long.length).toBeLessThanOrEqual(ACTIVITY_FAILURE_PREFIX.length + MAX_ACTIVITY_FAILURE_CHARS);
    const decoded = decodeActivityFailure(new Error(long));
    expect(decoded?.code).toHaveLength(128);
    expect(decoded?.message).toHaveLength(1000);
    // Every character escaped six-fold (\u0001) overflows 2 KB: the message goes, code and hint stay.
    const escaped = encodeActivityFailure({ code: 'Escaped', message: '\u0001'.repeat(1000), hint: 'h' });
    expect(escaped.length).toBeLessThanOrEqual(ACTIVITY_FAILURE_PREFIX.length + MAX_ACTIVITY_FAILURE_CHARS);
    expect(decodeActivityFailure(new Error(escaped))).toEqual({ code: 'Escaped', hint: 'h' });
  });

  it('reads nothing from prose, broken envelopes or ill-typed fields', () => {
    // The wording activities used before envelopes: no longer parsed for a code.
    expect(
      decodeActivityFailure(new Error('azure gateway failed with QuotaExceeded (HTTP 409). Raise the quota.')),
    ).toBeUndefined();
    expect(decodeActivityFailure(new Error(`${ACTIVITY_FAILURE_PREFIX}{"code":"Cut`))).toBeUndefined();
    expect(decodeActivityFailure(new Error(`${ACTIVITY_FAILURE_PREFIX}{"message":"no code"}`))).toBeUndefined();
    expect(decodeActivityFailure(new Error(`${ACTIVITY_FAILURE_PREFIX}["code"]`))).toBeUndefined();
    expect(
      decodeActivityFailure(
        new Error(`${ACTIVITY_FAILURE_PREFIX}{"code":"X","cloud":"mars","stage":"moon","httpStatus":"409","hint":3}`),
      ),
    ).toEqual({ code: 'X' });
    expect(decodeActivityFailure(undefined)).toBeUndefined();
  });
});

describe('failureOf, for an activity that ran out of retries', () => {
  it('reads code, cloud, stage and status from the envelope, worded like a terminal failure', () => {
    const thrown = toActivityFailureError(
      new TransientArmError({ cloud: 'azureStack', stage: 'localNetworkGateway', code: 'ServerBusy', httpStatus: 503 }),
    );
    const failure = failureOf(legacyTaskError(ACTIVITY.ensureLocalNetworkGateway, thrown.message), {
      stage: 'connection',
    });
    expect(failure).toEqual({
      code: 'ServerBusy',
      cloud: 'azureStack',
      stage: 'localNetworkGateway',
      httpStatus: 503,
      hint: 'a transient ARM failure: rerun to resume',
      message:
        'azureStack localNetworkGateway failed with ServerBusy (HTTP 503). A transient ARM failure: rerun to resume.',
    });
  });

  it('takes cloud and stage from the call site when the activity did not name them', () => {
    const thrown = toActivityFailureError(new TypeError('cannot read properties of undefined'));
    expect(failureOf(structuredTaskError(thrown.message), { cloud: 'azure', stage: 'verify' })).toMatchObject({
      code: 'TypeError',
      cloud: 'azure',
      stage: 'verify',
      message:
        'azure verify failed with TypeError: cannot read properties of undefined. See the ARM message; fix the plan or the subscription, then rerun (existing resources are adopted).',
    });
    const publish = toActivityFailureError(new EventPublishError('id', 'ServiceUnavailable', 503, 'down'));
    expect(failureOf(legacyTaskError(ACTIVITY.publishEvent, publish.message))).toMatchObject({
      code: 'ServiceUnavailable',
      httpStatus: 503,
    });
  });

  it('reports an error without an envelope as ActivityFailed, with its first line, and guesses nothing', () => {
    expect(
      failureOf(new Error("Activity function 'beginPing' failed: azure verify failed with QuotaExceeded \n x"), {
        cloud: 'azure',
        stage: 'verify',
      }),
    ).toEqual({
      code: 'ActivityFailed',
      message: "Activity function 'beginPing' failed: azure verify failed with QuotaExceeded",
      cloud: 'azure',
      stage: 'verify',
    });
  });
});

describe('a thrown failure replayed through durable-functions', () => {
  /** A world where ensureVirtualNetwork always throws ServerBusy, recorded the way `structured` says. */
  function throwingWorld(structured: boolean): CannedClouds {
    const world = new CannedClouds({
      throws: { [ACTIVITY.ensureVirtualNetwork]: { azure: { code: 'ServerBusy', httpStatus: 503 } } },
    });
    const answer = world.activity.bind(world);
    world.activity = (name, input, now): ActivityOutcome => {
      const outcome = answer(name, input, now);
      return structured && 'error' in outcome
        ? { ...outcome, structured: { errorType: 'ActivityFailureError' } }
        : outcome;
    };
    return world;
  }

  it.each([
    ['Reason and Details (runtime/, older extensions)', false],
    ['FailureDetails (the Durable extension 3.x)', true],
  ])('fails the site with the activity’s code, cloud, stage and status: %s', async (_shape, structured) => {
    const input = provisionSiteInputFor(resolvedPair(), 'azure');
    const run = await drive({
      name: ORCHESTRATION.provisionSite,
      instanceId: siteInstanceId('contoso', 'azure'),
      input,
      start: START,
      world: throwingWorld(structured),
    });
    const outcome = run.output as SiteOutcome;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.failure).toMatchObject({
      code: 'ServerBusy',
      cloud: 'azure',
      stage: 'virtualNetwork',
      httpStatus: 503,
    });
    // Five attempts (the write retry policy), then the failure.
    expect(run.calls.filter((call) => call.name === ACTIVITY.ensureVirtualNetwork)).toHaveLength(5);
  });
});
