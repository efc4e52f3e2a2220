/**
 * Checks a JSON response against GitHub's published OpenAPI description (the
 * @octokit/openapi package): the schema of the operation's response for that
 * status, with $ref, allOf/oneOf/anyOf, nullable, required, property types,
 * array items and enums. Returns the list of problems (empty = faithful).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

type Schema = Record<string, unknown>;
interface Spec {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

let cached: Spec | undefined;
function spec(): Spec {
  if (!cached) {
    const pkg = createRequire(import.meta.url).resolve("@octokit/openapi/package.json");
    cached = JSON.parse(readFileSync(join(dirname(pkg), "generated", "api.github.com.json"), "utf8")) as Spec;
  }
  return cached;
}

function deref(s: Schema): Schema {
  let cur = s;
  while (typeof cur.$ref === "string") {
    const name = cur.$ref.replace("#/components/schemas/", "");
    const next = spec().components.schemas[name];
    if (!next) throw new Error(`unknown $ref ${cur.$ref}`);
    cur = next;
  }
  return cur;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

export function validate(value: unknown, schemaIn: Schema, path = "$"): string[] {
  const s = deref(schemaIn);
  if (value === null)
    return s.nullable || s.type === undefined
      ? []
      : s.allOf || s.oneOf || s.anyOf
        ? nullableVariant(s, path)
        : [`${path}: null is not allowed`];
  const errors: string[] = [];
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) errors.push(...validate(value, sub, path));
  for (const key of ["oneOf", "anyOf"] as const) {
    const subs = s[key] as Schema[] | undefined;
    if (Array.isArray(subs) && !subs.some((sub) => validate(value, sub, path).length === 0))
      errors.push(`${path}: matches none of ${key}`);
  }
  if (typeof s.type === "string") {
    const actual = typeOf(value);
    const ok = actual === s.type || (s.type === "number" && actual === "integer");
    if (!ok) return [...errors, `${path}: expected ${s.type}, got ${actual}`];
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const req of (s.required as string[] | undefined) ?? [])
      if (!(req in obj)) errors.push(`${path}: missing required property "${req}"`);
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, sub] of Object.entries(props)) if (k in obj) errors.push(...validate(obj[k], sub, `${path}.${k}`));
  }
  if (Array.isArray(value) && s.items)
    value.forEach((item, i) => errors.push(...validate(item, s.items as Schema, `${path}[${i}]`)));
  return errors;
}

function nullableVariant(s: Schema, path: string): string[] {
  const subs = [...((s.allOf as Schema[]) ?? []), ...((s.oneOf as Schema[]) ?? []), ...((s.anyOf as Schema[]) ?? [])];
  return subs.some((sub) => deref(sub).nullable) ? [] : [`${path}: null is not allowed`];
}

/** The response schema of `METHOD /path/{template}` for a status (throws when the spec has none). */
export function responseSchema(method: string, template: string, status: number): Schema {
  const op = spec().paths[template]?.[method.toLowerCase()];
  if (!op) throw new Error(`the OpenAPI description has no ${method} ${template}`);
  const schema = op.responses[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${method} ${template} has no JSON schema for status ${status}`);
  return schema;
}

export function validateResponse(method: string, template: string, status: number, body: unknown): string[] {
  return validate(body, responseSchema(method, template, status));
}
