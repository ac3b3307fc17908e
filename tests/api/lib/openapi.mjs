// docs/openapi.yaml as the API tests read it: parsed with the `yaml`
// package, its OpenAPI 3.0 schemas turned into JSON Schema by
// @openapi-contrib/openapi-schema-to-json-schema and checked with Ajv.
// lib/server.mjs's Client checks every answer the suite receives with
// checkAnswer, so a drift between the server and its description fails the
// test that met it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';

const ROOT = join(import.meta.dirname, '..', '..', '..');

let cached;

export function loadOpenApi() {
  if (!cached) cached = YAML.parse(readFileSync(join(ROOT, 'docs', 'openapi.yaml'), 'utf8'));
  return cached;
}

export function resolveRef(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

// OpenAPI 3.0's `nullable` only widens a `type` in the same object: a
// nullable reference (`allOf: [$ref]`, `nullable: true`) would still refuse
// null in JSON Schema, so it becomes "the reference, or null" first.
function nullableRefs(s) {
  if (Array.isArray(s)) return s.map(nullableRefs);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) out[k] = nullableRefs(v);
  if (out.nullable === true && (out.allOf || out.$ref)) {
    const { nullable, type, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

// An absolute id (never fetched) for the document of all components.
const COMPONENTS = 'https://funnel.invalid/openapi-components.json';

let checker;

function build() {
  const doc = loadOpenApi();
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = {};
  for (const [name, s] of Object.entries(doc.components.schemas)) {
    const { $schema, ...json } = fromSchema(nullableRefs(s));
    schemas[name] = json;
  }
  // One document holding every component, so that '#/components/schemas/X'
  // inside them resolves as in the YAML.
  ajv.addSchema({ $id: COMPONENTS, components: { schemas } });
  const base = doc.servers[0].url;
  const templates = Object.keys(doc.paths).map((p) => ({
    p,
    re: new RegExp(`^${base}${p.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: !p.includes('{'),
  }));
  // A literal path wins over a template (/org-units/tree before /org-units/{id}).
  templates.sort((a, b) => Number(b.literal) - Number(a.literal));
  const compiled = new Map();
  const validatorFor = (key, schema) => {
    if (!compiled.has(key)) {
      const { $schema, ...json } = fromSchema(nullableRefs(schema));
      compiled.set(key, ajv.compile(rewriteRefs(json)));
    }
    return compiled.get(key);
  };
  return { doc, templates, validatorFor };
}

// Refs in an answer's own schema point into the components document.
function rewriteRefs(s) {
  if (Array.isArray(s)) return s.map(rewriteRefs);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${COMPONENTS}${v}` : rewriteRefs(v);
  return out;
}

/**
 * Problems of one answer against docs/openapi.yaml: its operation, its
 * status and (for JSON) its body. `url` is the path under the listener
 * (/api/v1/...), without the query.
 */
export function checkAnswer(method, url, status, body, text) {
  checker ??= build();
  const { doc, templates, validatorFor } = checker;
  const path = url.split('?')[0];
  const t = templates.find((x) => x.re.test(path));
  const op = t && doc.paths[t.p][method.toLowerCase()];
  if (!op) return [`${method} ${path}: no such operation in openapi.yaml`];
  let resp = op.responses[String(status)];
  if (!resp) return [`${method} ${t.p}: status ${status} not documented`];
  if (resp.$ref) resp = resolveRef(doc, resp.$ref);
  const schema = resp.content?.['application/json']?.schema;
  // Downloads are documented as binary; 204 has no body.
  if (!schema && (resp.content && !resp.content['application/json'])) return [];
  if (!schema && status === 204 && text === '') return [];
  if (!schema) return [`${method} ${t.p} ${status}: no JSON schema documented`];
  const validate = validatorFor(`${method} ${t.p} ${status}`, schema);
  if (validate(body)) return [];
  return validate.errors.map((e) => `${method} ${t.p} ${status}: ${e.instancePath || '$'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
}
