// A YAML reader for the regular subset docs/openapi.yaml is written in:
// block mappings and sequences (two-space indents), "- key: value" items,
// flow sequences of plain/quoted scalars ([a, 'b']), [] and {}, quoted
// scalars, `|` block scalars, true/false/null/numbers. Not a general parser.
// Also a small JSON-schema checker for the OpenAPI 3.0 subset used there.

function scalar(s) {
  s = s.trim();
  if (s === '') return null;
  if (s === '[]') return [];
  if (s === '{}') return {};
  if (s.startsWith('[') && s.endsWith(']')) {
    return s
      .slice(1, -1)
      .split(',')
      .map((x) => scalar(x));
  }
  if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s.startsWith('"') && s.endsWith('"')) return JSON.parse(s);
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null' || s === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}

function splitKey(text) {
  if (text.startsWith("'")) {
    const end = text.indexOf("'", 1);
    const key = text.slice(1, end);
    const rest = text.slice(end + 1).replace(/^:\s?/, '');
    return { key, rest: rest.trim() };
  }
  const idx = text.indexOf(': ');
  if (idx >= 0) return { key: text.slice(0, idx), rest: text.slice(idx + 2).trim() };
  if (text.endsWith(':')) return { key: text.slice(0, -1), rest: '' };
  throw new Error(`mini-yaml: not a mapping line: ${text}`);
}

const isMapItem = (content) => /^[^'"[{\s][^:]*:( |$)/.test(content) || /^'[^']*':( |$)/.test(content);

export function parseYaml(text) {
  const lines = text.split(/\r?\n/).map((raw) => ({ raw, indent: raw.match(/^ */)[0].length, text: raw.trim() }));
  let i = 0;
  const skip = () => {
    while (i < lines.length && (lines[i].text === '' || lines[i].text.startsWith('#'))) i++;
  };
  function parseNode(indent) {
    skip();
    if (i >= lines.length || lines[i].indent < indent) return null;
    const l = lines[i];
    return l.text.startsWith('- ') || l.text === '-' ? parseSeq(l.indent) : parseMap(l.indent);
  }
  function parseMap(indent) {
    const obj = {};
    for (;;) {
      skip();
      if (i >= lines.length) break;
      const l = lines[i];
      if (l.indent !== indent || l.text.startsWith('- ')) break;
      const { key, rest } = splitKey(l.text);
      i++;
      obj[key] = parseValue(rest, indent);
    }
    return obj;
  }
  function parseValue(rest, indent) {
    if (rest === '|' || rest === '|-' || rest === '>') {
      const out = [];
      let blockIndent = null;
      while (i < lines.length && (lines[i].text === '' || lines[i].indent > indent)) {
        if (lines[i].text !== '' && blockIndent === null) blockIndent = lines[i].indent;
        out.push(lines[i].raw.slice(blockIndent ?? 0));
        i++;
      }
      while (out.length && out[out.length - 1] === '') out.pop();
      return out.join('\n') + (rest === '|' ? '\n' : '');
    }
    if (rest !== '') return scalar(rest);
    skip();
    if (i < lines.length && lines[i].indent > indent) return parseNode(lines[i].indent);
    return null;
  }
  function parseSeq(indent) {
    const arr = [];
    for (;;) {
      skip();
      if (i >= lines.length) break;
      const l = lines[i];
      if (l.indent !== indent || !(l.text.startsWith('- ') || l.text === '-')) break;
      const content = l.text.slice(1).trim();
      if (isMapItem(content)) {
        lines[i] = { raw: ' '.repeat(indent + 2) + content, indent: indent + 2, text: content };
        arr.push(parseMap(indent + 2));
      } else {
        i++;
        arr.push(scalar(content));
      }
    }
    return arr;
  }
  const doc = parseMap(0);
  skip();
  if (i < lines.length) throw new Error(`mini-yaml: unparsed line ${i + 1}: ${lines[i].raw}`);
  return doc;
}

export function resolveRef(root, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref}`);
  let node = root;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

/** Check value against an OpenAPI 3.0 schema; returns a list of problems. */
export function checkSchema(root, schema, value, path = '$', errors = []) {
  if (!schema) return errors;
  if (schema.$ref) return checkSchema(root, resolveRef(root, schema.$ref), value, path, errors);
  if (value === null) {
    if (!schema.nullable) errors.push(`${path}: null not allowed`);
    return errors;
  }
  if (schema.allOf) {
    for (const s of schema.allOf) checkSchema(root, s, value, path, errors);
  }
  const type = schema.type || (schema.properties ? 'object' : undefined);
  const t = Array.isArray(value) ? 'array' : typeof value;
  switch (type) {
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${path}: expected integer, got ${JSON.stringify(value)}`);
      break;
    case 'number':
      if (t !== 'number') errors.push(`${path}: expected number`);
      break;
    case 'string':
      if (t !== 'string') errors.push(`${path}: expected string, got ${JSON.stringify(value)}`);
      else {
        if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
        if (schema.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) errors.push(`${path}: not an ISO UTC time: ${value}`);
      }
      break;
    case 'boolean':
      if (t !== 'boolean') errors.push(`${path}: expected boolean`);
      break;
    case 'array':
      if (t !== 'array') errors.push(`${path}: expected array`);
      else value.forEach((v, k) => checkSchema(root, schema.items, v, `${path}[${k}]`, errors));
      break;
    case 'object':
      if (t !== 'object') {
        errors.push(`${path}: expected object`);
        break;
      }
      for (const r of schema.required || []) if (!(r in value)) errors.push(`${path}: missing ${r}`);
      for (const [k, v] of Object.entries(value)) {
        if (schema.properties && k in schema.properties) checkSchema(root, schema.properties[k], v, `${path}.${k}`, errors);
        else if (schema.additionalProperties === false) errors.push(`${path}: undocumented property ${k}`);
      }
      break;
    default:
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  return errors;
}
