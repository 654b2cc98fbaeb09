// The words and orders the status page draws with, taken from lib/ (clouds, stages and their titles, the finished
// runtime statuses) and handed to the renderer as data: the renderer runs in the browser from its source text, so
// it cannot import them itself.
import { FINISHED_RUNTIME_STATUSES } from '../../lib/api/connectionStatus';
import { CLOUD_DISPLAY_NAMES, CLOUD_IDS, peerOf, type CloudId } from '../../lib/cloudIds';
import { DEFAULT_SITE_NAME } from '../../lib/plan/types';
import { PROGRESS_STAGES, STAGE_TITLES } from '../../lib/stages';

export interface PageVocabulary {
  clouds: { id: CloudId; title: string; peer: CloudId }[];
  /** Stages in the order the page shows them (dependency order). */
  stages: string[];
  stageTitles: Record<string, string>;
  /** Runtime statuses after which a run (or a teardown) changes no more. */
  finishedRuntimeStatuses: string[];
  /** The name of a plan's one site when it names none: a connection with only that site is no fleet. */
  defaultSiteName: string;
}

export const PAGE_VOCABULARY: PageVocabulary = {
  clouds: CLOUD_IDS.map((id) => ({ id, title: CLOUD_DISPLAY_NAMES[id], peer: peerOf(id) })),
  stages: [...PROGRESS_STAGES],
  stageTitles: { ...STAGE_TITLES },
  finishedRuntimeStatuses: [...FINISHED_RUNTIME_STATUSES],
  defaultSiteName: DEFAULT_SITE_NAME,
};
