// Validates published session changes against the JSON Schema users are given
// (docs/session-changed.schema.json), so that the schema and the code can never drift apart.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

const schema = JSON.parse(
  readFileSync(new URL('../../docs/session-changed.schema.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Asserts that `envelope` is a Session Changed event as the schema describes it. */
export function expectSessionChanged(envelope: unknown): void {
  const valid = validate(envelope);
  expect(validate.errors ?? [], JSON.stringify(envelope)).toEqual([]);
  expect(valid).toBe(true);
}
