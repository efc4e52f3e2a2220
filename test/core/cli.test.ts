/**
 * `parseCli` types an entry's flags from its declaration: a boolean flag reads as a
 * boolean, a string flag as a string, a repeatable one as a list, and a flag the entry
 * does not declare fails `npm run typecheck` (each `@ts-expect-error` below fails the
 * typecheck if the error it expects goes away).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCli } from "../../tasks/lib/core/cli.ts";
import { DOCTOR, RELEASE } from "../../tasks/lib/core/entries.ts";
import { UsageError } from "../../tasks/lib/core/errors.ts";

test("flags read with the type their declaration gives them", () => {
  const { values, positionals } = parseCli(RELEASE, [
    "1.4.0",
    "--json",
    "--repo",
    "../app",
    "--skip-check",
    "git.dirty",
    "--skip-check",
    "tools.missing",
  ]);
  const json: boolean | undefined = values.json;
  const repo: string | undefined = values.repo;
  const skipped: readonly string[] | undefined = values["skip-check"];
  assert.deepEqual(
    { json, repo, skipped, positionals },
    {
      json: true,
      repo: "../app",
      skipped: ["git.dirty", "tools.missing"],
      positionals: ["1.4.0"],
    },
  );
  assert.equal(values.yes, undefined, "an absent flag is undefined");
  // @ts-expect-error the cut has no --onyl flag (the doctor has --only)
  assert.equal(values.onyl, undefined);
  // @ts-expect-error --json is a boolean, not a string
  const wrong: string | undefined = values.json;
  assert.ok(wrong !== "x");
});

test("a flag the entry does not declare is a usage error at run time too", () => {
  assert.throws(() => parseCli(DOCTOR, ["--yes"]), UsageError);
});
