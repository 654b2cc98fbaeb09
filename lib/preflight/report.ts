// The shape of a preview entry: one resource of a site, what the run would do to it and which fields would change.
// Types only, so the orchestration (which carries them in its status) imports nothing that reads a cloud.

export type DiffAction = 'create' | 'update' | 'no-change' | 'conflict';

export interface FieldChange {
  field: string;
  old: string;
  new: string;
}

export interface ResourceDiff {
  resourceType: string;
  name: string;
  action: DiffAction;
  fields?: FieldChange[];
  /** Why a conflict is one (or what an update does), for people. */
  reason?: string;
}
