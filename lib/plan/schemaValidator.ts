// Checks a plan against plan.schema.json with ajv. The validator is compiled on first use (no work at import time)
// and reused; it never mutates its input (no ajv defaults or coercion: defaults.ts applies defaults explicitly).
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import planSchema from './plan.schema.json';
import { translateSchemaErrors } from './schemaErrors';
import type { PlanError, PlanInput } from './types';

/** The plan's JSON Schema (draft-07), as published in lib/plan/plan.schema.json. */
export const PLAN_SCHEMA: Readonly<Record<string, unknown>> = planSchema;

let compiled: ValidateFunction<PlanInput> | undefined;

function validator(): ValidateFunction<PlanInput> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    addFormats(ajv, ['uri']);
    // Editors (VS Code) show this message when a pattern fails; our error translation uses it too.
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    compiled = ajv.compile<PlanInput>(planSchema);
  }
  return compiled;
}

export type SchemaCheck = { ok: true; plan: PlanInput } | { ok: false; errors: PlanError[] };

export function checkSchema(input: unknown): SchemaCheck {
  const validate = validator();
  if (validate(input)) return { ok: true, plan: input };
  return { ok: false, errors: translateSchemaErrors(validate.errors ?? []) };
}
