import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PROJECT_ROOT, runEntry } from "../helpers/run-entry.ts";
import { hasOpenssl } from "../helpers/signing.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { doctorMain } from "../../tasks/lib/commands/doctor.ts";
import { cleanupBroken, makeBrokenRepo, type BrokenRepo } from "./broken-repo.ts";
import { renderHuman } from "../../tasks/lib/doctor/report.ts";
import type { CheckResult } from "../../tasks/lib/core/checks/types.ts";

const available = hasOpenssl() && existsSync(join(PROJECT_ROOT, "node_modules", ".bin", "tauri"));
let repo: BrokenRepo | undefined;
before(() => {
  if (available) repo = makeBrokenRepo();
});
after(() => repo && cleanupBroken(repo));

/** The doctor's flow in the test process, with the environment and directory `runEntry` would give it. */
const doctor = (args: string[], opts: { env?: Record<string, string | undefined> } = {}) =>
  runInProcess(() => doctorMain(args, { env: entryEnv(opts.env), cwd: PROJECT_ROOT }));

const CLEAN_ENV = {
  CI: undefined,
  GITHUB_TOKEN: undefined,
  GH_TOKEN: undefined,
  APPLE_CERTIFICATE: undefined,
  TAURI_SIGNING_PRIVATE_KEY: undefined,
};

test("--json over the broken repository: one document, exit 1, each failure named", (t) => {
  if (!repo) return t.skip("openssl or the Tauri CLI not installed");
  const r = runEntry("tasks/doctor.ts", ["--json", "--repo", repo.dir, "--p12", repo.p12, "--offline"], {
    env: { ...CLEAN_ENV, ...repo.env },
  });
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as {
    ok: boolean;
    checks: { id: string; status: string; message: string; fix: string | null }[];
  };
  assert.equal(doc.ok, false);
  const failed = doc.checks.filter((c) => c.status === "fail").map((c) => c.id);
  for (const id of [
    "workflow.fan-out",
    "workflow.ci-creates-release",
    "workflow.waits-for-release",
    "workflow.tag-filter-mismatch",
    "workflow.missing-script",
    "workflow.secrets-undeclared",
    "docs.missing-script",
    "docs.unknown-flag",
    "docs.stale-flow",
    "signing.p12-legacy-format",
    "signing.team-id-mismatch",
    "updater.pubkey-mismatch",
  ])
    assert.ok(failed.includes(id), `${id} should fail; failed: ${failed.join(", ")}`);
  for (const c of doc.checks) assert.deepEqual(Object.keys(c), ["id", "status", "message", "fix"]);
  assert.ok(!r.stdout.includes("right-pw") && !r.stdout.includes("correct horse"), "no secret in the output");
});

test("--only selects by pattern; --skip-check skips by id; human output names the fix", async (t) => {
  if (!repo) return t.skip("openssl or the Tauri CLI not installed");
  const r = await doctor(
    ["--only", "updater.*", "--skip-check", "updater.pubkey-mismatch", "--repo", repo.dir, "--verbose"],
    {
      env: { ...CLEAN_ENV, ...repo.env },
    },
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /✓ updater\.key-password/);
  assert.match(r.stdout, /- updater\.pubkey-mismatch +skipped by --skip-check/);
  assert.doesNotMatch(r.stdout, /workflow\./);
  const human = await doctor(["--only", "workflow.ci-creates-release", "--repo", repo.dir], { env: CLEAN_ENV });
  assert.equal(human.code, 1);
  assert.match(human.stdout, /✗ workflow\.ci-creates-release/);
  assert.match(human.stdout, /fix: .*tsx release\.ts/);
});

test("usage errors exit 2", async () => {
  assert.equal((await doctor(["--only", "nothing.*"])).code, 2);
  // A flag the entry does not declare is refused by the entry itself, before the flow loads.
  assert.equal(runEntry("tasks/doctor.ts", ["--bogus"]).code, 2);
  assert.equal((await doctor(["frobnicate"])).code, 2);
});

test("under Deno, the whole report over the broken repository is the one tsx prints", (t) => {
  if (!repo) return t.skip("openssl or the Tauri CLI not installed");
  if (!existsSync(join(PROJECT_ROOT, "node_modules", ".bin", "deno"))) return t.skip("deno not installed");
  const args = ["--json", "--repo", repo.dir, "--p12", repo.p12, "--offline"];
  const env = { ...CLEAN_ENV, ...repo.env };
  const node = runEntry("tasks/doctor.ts", args, { env });
  const deno = runEntry("tasks/doctor.ts", args, { env, deno: true });
  assert.equal(node.code, 1, node.stderr);
  assert.equal(deno.code, node.code, deno.stderr);
  assert.equal(deno.stdout, node.stdout);
  const failed = (JSON.parse(deno.stdout) as { checks: { status: string }[] }).checks.filter(
    (c) => c.status === "fail",
  );
  assert.ok(failed.length >= 10, `every broken case is reported (${failed.length} failures)`);
});

test("runs under Deno", (t) => {
  if (!repo) return t.skip("openssl or the Tauri CLI not installed");
  if (!existsSync(join(PROJECT_ROOT, "node_modules", ".bin", "deno"))) return t.skip("deno not installed");
  const r = runEntry(
    "tasks/doctor.ts",
    [
      "--json",
      "--repo",
      repo.dir,
      "--p12",
      repo.p12,
      "--only",
      "signing.*",
      "--only",
      "updater.*",
      "--only",
      "workflow.*",
    ],
    { deno: true, env: { ...CLEAN_ENV, ...repo.env } },
  );
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { checks: { id: string; status: string }[] };
  assert.equal(doc.checks.find((c) => c.id === "signing.p12-legacy-format")!.status, "fail");
  assert.equal(doc.checks.find((c) => c.id === "updater.pubkey-mismatch")!.status, "fail");
  assert.equal(doc.checks.find((c) => c.id === "workflow.ci-creates-release")!.status, "fail");
});

test("human output: problems first with their fix, skips folded per area, one summary line", () => {
  const results: CheckResult[] = [
    { id: "signing.p12-invalid", status: "skip" as const, message: "no certificate given", fix: null },
    { id: "signing.p12-password", status: "skip" as const, message: "no readable .p12", fix: null },
    {
      id: "workflow.fan-out",
      status: "pass" as const,
      message: "every release workflow starts\n  table line",
      fix: null,
    },
    { id: "docs.stale-flow", status: "fail" as const, message: "Cannot follow a stale flow", fix: "Say instead…" },
    { id: "workflow.npx-undeclared", status: "warn" as const, message: "npx of a stranger", fix: "Pin it." },
  ];
  const text = renderHuman(results);
  const lines = text.split("\n");
  assert.match(lines[0]!, /^✗ docs\.stale-flow/);
  assert.match(lines[1]!, /fix: Say instead/);
  assert.match(lines[2]!, /^! workflow\.npx-undeclared/);
  assert.match(text, /- signing\.\* +2 skipped \(e\.g\. no certificate given\); --verbose lists them/);
  assert.doesNotMatch(text, /table line/, "a pass's details only with --verbose");
  assert.equal(lines.at(-1), "1 failed, 1 warning(s), 1 passed, 2 skipped");
  const verbose = renderHuman(results, undefined, { verbose: true });
  assert.match(verbose, /- signing\.p12-password +no readable \.p12/);
  assert.match(verbose, /table line/);
});
