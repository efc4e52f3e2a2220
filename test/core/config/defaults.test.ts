/**
 * The default config read without zod (defaults.json) is exactly what the schema gives
 * for `{ name }`. After a schema change, `UPDATE=1 npx tsx --test test/core/config/defaults.test.ts`
 * regenerates the file (it is generated: never edit it by hand).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { test } from "node:test";
import { DEFAULTS_FILE, defaultParsedConfig } from "../../../tasks/lib/core/config/defaults.ts";
import { parseConfig } from "../../../tasks/lib/core/config/parse.ts";

test("defaults.json is the schema's output for { name }, key order included", () => {
  const fromSchema = parseConfig({ name: "atlas" }, "the default config");
  if (process.env.UPDATE) {
    const { name: _name, ...rest } = fromSchema;
    writeFileSync(DEFAULTS_FILE, `${JSON.stringify(rest, null, 2)}\n`);
  }
  const fromFile = defaultParsedConfig("atlas");
  assert.deepEqual(fromFile, fromSchema, "run with UPDATE=1 to regenerate tasks/lib/core/config/defaults.json");
  assert.deepEqual(JSON.stringify(fromFile), JSON.stringify(fromSchema));
});

test("each call gets its own copy: a caller changing its config changes no other", () => {
  const a = defaultParsedConfig("a");
  a.docs.globs.length = 0;
  assert.ok(defaultParsedConfig("b").docs.globs.length > 0);
  assert.equal(defaultParsedConfig("b").name, "b");
});
