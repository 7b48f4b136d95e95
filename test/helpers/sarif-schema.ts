// Validates SARIF against the official 2.1.0 schema with ajv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// The SARIF 2.1.0 schema as the SARIF SDK ships it in the npm package @microsoft/sarif-multitool-linux
// 5.7.0 (sarif-2.1.0.json, sha256 1c49a0f2…798c). It is the OASIS schema in the JSON Schema 2020-12
// dialect, with `format: uuid` for GUIDs.
const SCHEMA_PATH = fileURLToPath(new URL('../schemas/sarif-2.1.0.json', import.meta.url));

// ajv-formats is CommonJS; under ESM its function arrives as the default export or on it.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats)) satisfies AddFormats;

export function schemaValidator(): (data: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

