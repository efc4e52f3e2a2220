/**
 * The platform checks on the shapes the development half of issue 24's sample showed
 * (bench/labels/doctor-sample.md), written in our own words:
 *
 * - a job whose only "secret" is GITHUB_TOKEN (blinkk/amagaki's benchmark and docs
 *   workflows, bniwredyc/reatom's commitlint) holds nothing more than every job holds:
 *   no finding; a job that also reads an npm token is privileged by that token
 *   (Netcentric/eddys-collection's release.yml, blinkk/amagaki's release-please.yml);
 * - a secret in the workflow's `env:` reaches every job (Netcentric/eddys-collection's
 *   manual-release.yml, Agenta-AI/agenta's railway workflows): the jobs are privileged;
 * - `runs-on: ubuntu-18.04`, a label the facts do not list, older than Ubuntu 20.04
 *   which GitHub retired (ARizzo35/python-eeprom): the job never starts;
 * - softprops/action-gh-release@v2, in four of the half's release workflows, declares
 *   node20 (its v2 tag is v2.6.2; v3.0.0 is its first node24 release, read from its own
 *   repository): the same warning as the templates' actions.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import type { CheckResult } from "../../tasks/lib/core/checks/types.ts";
import { privilegeOf } from "../../tasks/lib/workflows/action-refs.ts";
import { platformChecks, retiredBeforeKnown } from "../../tasks/lib/workflows/platform-checks.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

const TODAY = new Date("2026-12-07T12:00:00Z");

async function check(t: { after(fn: () => void): void }, workflows: Record<string, string>) {
  const root = tempDirFor(t);
  writeFiles(
    root,
    Object.fromEntries(Object.entries(workflows).map(([name, text]) => [`.github/workflows/${name}`, text])),
  );
  const results = await runChecks(platformChecks, makeCtx(root, { now: TODAY }));
  return Object.fromEntries(results.map((r) => [r.id, r])) as Record<string, CheckResult>;
}

const steps = (...lines: string[]) => lines.map((l) => `      ${l}\n`).join("");

test("GITHUB_TOKEN named in a step is no privilege of its own; a real secret beside it is", async (t) => {
  const r = await check(t, {
    "bench.yml": `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n${steps(
      "- uses: actions/checkout@v7",
      "- uses: someone/benchmark-action@v1",
      "  with:",
      "    github-token: ${{ secrets.GITHUB_TOKEN }}",
    )}`,
    "lint.yml": `on: push\njobs:\n  l:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_TOKEN: \${{ github.token }}\n    steps:\n${steps("- uses: someone/commitlint@v1")}`,
    "ship.yml": `on: push\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n${steps(
      "- uses: actions/setup-node@v7",
      "- run: npm publish",
      "  env:",
      "    GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
      "    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
    )}`,
  });
  const u = r["workflow.action-unpinned"]!;
  assert.equal(u.status, "warn");
  assert.match(u.message, /ship\.yml \(job s, reads secrets\.NPM_TOKEN\): actions\/setup-node@v7/);
  assert.doesNotMatch(u.message, /bench\.yml|lint\.yml|GITHUB_TOKEN/);
});

test("a secret in the workflow's env reaches every job; `secrets: inherit` hands a called workflow all of them", async (t) => {
  const r = await check(t, {
    "deploy.yml": `on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n${steps("- uses: actions/checkout@v7", "- run: make deploy")}`,
    "manual.yml": `on: workflow_dispatch\nenv:\n  NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n${steps("- uses: actions/checkout@v7")}`,
    "caller.yml": `on: push\njobs:\n  c:\n    uses: acme/shared/.github/workflows/ci.yml@main\n    secrets: inherit\n`,
  });
  const u = r["workflow.action-unpinned"]!;
  assert.match(
    u.message,
    /manual\.yml \(job r, reads secrets\.NPM_TOKEN \(the workflow's env\)\): actions\/checkout@v7/,
  );
  assert.match(u.message, /caller\.yml \(job c, secrets: inherit\): acme\/shared@main/);
  // An environment alone hands the job nothing a moved action could use: its secrets come only where named.
  assert.doesNotMatch(u.message, /deploy\.yml/);
});

test("invariant: naming GITHUB_TOKEN (or github.token) anywhere in a job never makes it privileged", () => {
  const where = fc.constantFrom("env", "with", "run");
  const form = fc.constantFrom("${{ secrets.GITHUB_TOKEN }}", "${{ github.token }}", "${{ secrets.github_token }}");
  fc.assert(
    fc.property(fc.array(fc.tuple(where, form), { maxLength: 4 }), (uses) => {
      const job = {
        "runs-on": "ubuntu-latest",
        steps: uses.map(([w, v]) => (w === "run" ? { run: `echo ${v}` } : { uses: "someone/x@v1", [w]: { TOKEN: v } })),
      };
      assert.equal(privilegeOf(job, undefined), undefined);
    }),
  );
});

test("a numbered label older than a retired image of its OS fails like a retired one; newer or unknown labels do not", async (t) => {
  assert.equal(retiredBeforeKnown("ubuntu-18.04", TODAY)?.as, "ubuntu-20.04");
  assert.equal(retiredBeforeKnown("macos-11", TODAY)?.as, "macos-12");
  assert.equal(retiredBeforeKnown("windows-2016", TODAY)?.as, "windows-2019");
  assert.equal(retiredBeforeKnown("ubuntu-22.04", TODAY), undefined, "a known, supported label");
  assert.equal(retiredBeforeKnown("ubuntu-23.10", TODAY), undefined, "newer than every retired Ubuntu");
  assert.equal(retiredBeforeKnown("my-ubuntu-18.04-box", TODAY), undefined, "not a GitHub-hosted name");
  assert.equal(
    retiredBeforeKnown("ubuntu-18.04", new Date("2025-04-14T12:00:00Z")),
    undefined,
    "before Ubuntu 20.04 retired, nothing is known of 18.04",
  );
  const r = await check(t, {
    "old.yml": `on: push\njobs:\n  o:\n    runs-on: ubuntu-18.04\n    steps:\n${steps("- run: make")}`,
  });
  const f = r["workflow.runner-retired"]!;
  assert.equal(f.status, "fail");
  assert.match(
    f.message,
    /old\.yml \(job o, runs-on: ubuntu-18\.04\): older than Ubuntu 20\.04, which GitHub retired on 2025-04-15 .*oldest image of an OS first .*the job never starts; use ubuntu-22\.04/,
  );
});

test("softprops/action-gh-release v2 declares node20 and warns with v3.0.0 to move to; v3 passes", async (t) => {
  const job = (ref: string) =>
    `on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n${steps(`- uses: softprops/action-gh-release@${ref}`, "  with:", "    files: dist/*")}`;
  const r = await check(t, { "old.yml": job("v2"), "new.yml": job("v3") });
  const rt = r["workflow.action-runtime"]!;
  assert.equal(rt.status, "warn");
  assert.match(rt.message, /old\.yml: softprops\/action-gh-release v2 \(job r\) declares node20/);
  assert.doesNotMatch(rt.message, /new\.yml/);
  assert.match(rt.fix!, /softprops\/action-gh-release@b4309332981a82ec1c5618f44dd2e27cc8bfbfda # v3\.0\.0/);
});

test("a runs-on expression gives the labels it may evaluate to, not the words it compares with", async (t) => {
  // Read while fixing this half's classes: a quoted word was read as a label wherever it sat.
  const expr = "${{ matrix.os == 'ubuntu-18.04' && 'ubuntu-22.04' || 'macos-15' }}";
  const r = await check(t, {
    "e.yml": `on: push\njobs:\n  e:\n    runs-on: "${expr}"\n    steps:\n${steps("- run: make")}`,
    "f.yml": `on: push\njobs:\n  f:\n    runs-on: "\${{ github.event_name == 'push' && 'ubuntu-20.04' || 'ubuntu-24.04' }}"\n    steps:\n${steps("- run: make")}`,
  });
  const f = r["workflow.runner-retired"]!;
  assert.equal(f.status, "fail");
  assert.match(f.message, /f\.yml \(job f, runs-on expression: ubuntu-20\.04\)/);
  assert.doesNotMatch(f.message, /e\.yml/, "ubuntu-18.04 is only compared with");
});
