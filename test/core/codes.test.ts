/**
 * The registry of ids (`tasks/lib/core/codes.ts`) is the one list: every check the
 * toolkit runs has a registered id and every registered id is run, every refusal code
 * is raised somewhere, the checks page (docs/checks.md) lists exactly the registry's check ids
 * and refusal codes,
 * and a misspelt id fails `npm run typecheck` (each `@ts-expect-error` below fails the
 * typecheck if the error it expects goes away).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Check } from "../../tasks/lib/core/checks/types.ts";
import { CHECK_IDS, REFUSAL_CODES } from "../../tasks/lib/core/codes.ts";
import type { ReleaseConfig } from "../../tasks/lib/core/config/load.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { ReleaseError } from "../../tasks/lib/core/errors.ts";
import { doctorChecks } from "../../tasks/lib/doctor/registry.ts";
import { preflightChecks, releaseChecks } from "../../tasks/lib/release/release-checks.ts";
import { publishReadyCheck } from "../../tasks/lib/release/session.ts";

const ROOT = join(import.meta.dirname, "..", "..");
/**
 * Where the ids are documented, one table row per id (`| \`id\` | ... |`): the check ids
 * above the refusal codes' heading, the refusal codes below it.
 */
const CHECKS_PAGE = { file: "docs/checks.md", refusals: "\n## Refusal codes\n" };

const duplicates = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

test("each id is registered once, as a check or as a refusal", () => {
  assert.deepEqual(duplicates([...CHECK_IDS, ...REFUSAL_CODES]), []);
});

test("the checks the toolkit runs are exactly the registered ones", () => {
  const parsed = parseConfig({ name: "x", preflight: [{ id: "lint", command: ["true"] }] }, "test");
  const config: ReleaseConfig = { ...parsed, root: ROOT, source: "test", repository: undefined, versionFiles: [] };
  const run = [...releaseChecks(config), ...doctorChecks(), publishReadyCheck].map((c) => c.id);
  assert.deepEqual(duplicates(run), []);
  assert.deepEqual([...run].sort(), [...CHECK_IDS].sort());
  assert.deepEqual(
    preflightChecks(config).map((c) => c.id),
    ["preflight.lint"],
  );
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

test("every refusal code is raised somewhere in the toolkit", () => {
  const text = [...sources(join(ROOT, "tasks")), ...sources(join(ROOT, "templates"))]
    .filter((f) => !f.endsWith(join("core", "codes.ts")))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
  assert.deepEqual(
    REFUSAL_CODES.filter((code) => !text.includes(`"${code}"`)),
    [],
  );
});

test("the checks page lists exactly the registered check ids and refusal codes", () => {
  const doc = readFileSync(join(ROOT, CHECKS_PAGE.file), "utf8");
  const split = doc.indexOf(CHECKS_PAGE.refusals);
  assert.ok(split >= 0, `${CHECKS_PAGE.file} has a "${CHECKS_PAGE.refusals.trim()}" section`);
  const rows = (text: string) => [...text.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
  const checks = rows(doc.slice(0, split));
  const refusals = rows(doc.slice(split));
  assert.deepEqual(duplicates([...checks, ...refusals]), []);
  assert.deepEqual([...checks].sort(), [...CHECK_IDS, "preflight.<id>"].sort());
  assert.deepEqual([...refusals].sort(), [...REFUSAL_CODES].sort());
});

test("a misspelt check id or error code is a type error", () => {
  // @ts-expect-error git.dirtyy is not a registered check id
  const check: Check["id"] = "git.dirtyy";
  // @ts-expect-error release.pushed is not a registered code
  const error = new ReleaseError("release.pushed", "Cannot push");
  const preflight: Check["id"] = "preflight.lint";
  assert.ok(check && error && preflight);
});
