/**
 * The layering rule of docs/ARCHITECTURE.md, enforced on the real import graph: core
 * imports nothing above it, domains import core and each other (never the doctor or
 * the commands), the GitHub stand-in is loaded only on demand, and no cycle exists,
 * type-only imports included.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { importCycles, importsOf, layerViolations, readImportGraph } from "../helpers/imports.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

test("the toolkit's imports go down the layers only", () => {
  const graph = readImportGraph(ROOT);
  assert.ok(graph.length > 300, `the graph was read (${graph.length} edges)`);
  assert.deepEqual(
    layerViolations(graph).map((v) => `${v.edge.from} -> ${v.edge.to}: ${v.why}`),
    [],
  );
});

test("the toolkit has no import cycle, type-only imports included", () => {
  assert.deepEqual(importCycles(readImportGraph(ROOT)), []);
});

test("a planted upward import is reported (core importing the release domain)", () => {
  const planted = importsOf("tasks/lib/core/log.ts", 'import { topLevel } from "../release/git.ts";\n');
  const found = layerViolations(planted);
  assert.equal(found.length, 1);
  assert.match(found[0]!.why, /core may not import domain/);
});

test("a domain importing the macOS finalizer is reported (it is the top of the domains)", () => {
  const planted = importsOf("tasks/lib/updater/assemble.ts", 'import { uploadOrder } from "../macos/run.ts";\n');
  assert.match(layerViolations(planted)[0]!.why, /no other domain imports tasks\/lib\/macos\//);
  const fromCommand = importsOf(
    "tasks/lib/commands/finalize-macos.ts",
    'import { gather } from "../macos/finalize.ts";\n',
  );
  assert.deepEqual(layerViolations(fromCommand), []);
});

test("a domain importing the doctor's registry is reported", () => {
  const planted = importsOf("tasks/lib/release/plan.ts", 'import type { Check } from "../doctor/registry.ts";\n');
  assert.match(layerViolations(planted)[0]!.why, /domain may not import doctor/);
});

test("a static import of the stand-in from production code is reported; a lazy one from a command is not", () => {
  const eager = importsOf(
    "tasks/lib/commands/rehearse.ts",
    'import { startStandIn } from "../../stand-in/index.ts";\n',
  );
  assert.match(layerViolations(eager)[0]!.why, /only through `await import\(\)`/);
  const lazy = importsOf("tasks/lib/commands/rehearse.ts", 'const m = await import("../../stand-in/index.ts");\n');
  assert.deepEqual(layerViolations(lazy), []);
  const typeOnly = importsOf(
    "tasks/lib/commands/rehearse.ts",
    'import type { StandIn } from "../../stand-in/index.ts";\n',
  );
  assert.deepEqual(layerViolations(typeOnly), []);
  const fromDomain = importsOf("tasks/lib/github/watch.ts", 'const m = await import("../../stand-in/index.ts");\n');
  assert.match(layerViolations(fromDomain)[0]!.why, /only the commands/);
});

test("a type-only cycle is a cycle", () => {
  const edges = [
    ...importsOf("tasks/lib/release/a.ts", 'import type { B } from "./b.ts";\n'),
    ...importsOf("tasks/lib/release/b.ts", 'export type { A } from "./a.ts";\n'),
  ];
  assert.deepEqual(importCycles(edges), [["tasks/lib/release/a.ts", "tasks/lib/release/b.ts"]]);
});
