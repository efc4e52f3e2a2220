/**
 * Entries load what they use: what an entry imports statically (before it has parsed
 * its flags) is core only, so `--help` and `--list-steps` load no domain code and none
 * of the domains' libraries. The flow comes in with `await import()` afterwards.
 * Read from the real import graph, like the layering rule.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ENTRIES } from "../../tasks/lib/core/entries.ts";
import { importsOf, readImportGraph, type ImportEdge } from "../helpers/imports.ts";
import { runEntryAsync } from "../helpers/run-entry.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Every module reached from `start` through static imports that run (type-only ones are erased). */
function staticClosure(edges: readonly ImportEdge[], start: string): string[] {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    const from = todo.pop()!;
    for (const e of edges)
      if (e.from === from && !e.dynamic && !e.typeOnly && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
  }
  return [...seen].sort();
}

const beyondCore = (edges: readonly ImportEdge[], entry: string) =>
  staticClosure(edges, entry).filter((m) => m !== entry && !m.startsWith("tasks/lib/core/"));

test("every entry imports only core before its flags are parsed", () => {
  const graph = readImportGraph(ROOT);
  for (const entry of ENTRIES)
    assert.deepEqual(beyondCore(graph, entry.path), [], `${entry.path} loads domain code eagerly`);
});

test("the core an entry loads eagerly stays small: cli, entries, errors, log, redact", () => {
  const graph = readImportGraph(ROOT);
  assert.deepEqual(
    staticClosure(graph, "release.ts").filter((m) => m !== "release.ts"),
    [
      "tasks/lib/core/cli.ts",
      "tasks/lib/core/entries.ts",
      "tasks/lib/core/errors.ts",
      "tasks/lib/core/log.ts",
      "tasks/lib/core/redact.ts",
    ],
  );
});

test("a planted static import of the flow is reported; the same import made lazily is not", () => {
  const eager = importsOf("release.ts", 'import { releaseMain } from "./tasks/lib/commands/release.ts";\n');
  const lazy = importsOf("release.ts", 'const { releaseMain } = await import("./tasks/lib/commands/release.ts");\n');
  const typeOnly = importsOf("release.ts", 'import type { ReleaseReport } from "./tasks/lib/commands/release.ts";\n');
  assert.deepEqual(beyondCore(eager, "release.ts"), ["tasks/lib/commands/release.ts"]);
  assert.deepEqual(beyondCore(lazy, "release.ts"), []);
  assert.deepEqual(beyondCore(typeOnly, "release.ts"), []);
});

// The other tests run entries as `node --import <tsx's loader>`; this one keeps the
// command the README gives (`tsx <entry>`, through the tsx CLI) honest for every entry.
test("every entry answers --help through the tsx CLI, exactly as the README says to run it", async () => {
  const runs = await Promise.all(ENTRIES.map((e) => runEntryAsync(e.path, ["--help"], { runtime: "tsx" })));
  ENTRIES.forEach((e, i) => {
    const r = runs[i]!;
    assert.equal(r.code, 0, `${e.path}: ${r.stderr}`);
    assert.ok(r.stdout.includes(e.usage), `${e.path} --help prints its usage line`);
    for (const flag of Object.keys(e.flags)) assert.ok(r.stdout.includes(`--${flag}`), `${e.path} --help: --${flag}`);
  });
});
