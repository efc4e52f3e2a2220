import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import type { CheckResult } from "../../tasks/lib/core/checks/types.ts";
import { doctorChecks } from "../../tasks/lib/doctor/registry.ts";
import { platformChecks } from "../../tasks/lib/workflows/platform-checks.ts";
import { jobLabels, matrixRows } from "../../tasks/lib/workflows/runner-labels.ts";
import { makeCtx } from "../doctor/ctx.ts";
import { tempDirFor, writeFiles } from "../helpers/tmp.ts";

const TODAY = new Date("2026-12-07T12:00:00Z");

async function check(
  t: { after(fn: () => void): void },
  workflows: Record<string, string>,
  now = TODAY,
): Promise<Record<string, CheckResult>> {
  const root = tempDirFor(t);
  writeFiles(
    root,
    Object.fromEntries(Object.entries(workflows).map(([name, text]) => [`.github/workflows/${name}`, text])),
  );
  const results = await runChecks(platformChecks, makeCtx(root, { now }));
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

const wf = (jobs: string, top = "") => `name: Build\non:\n  release:\n    types: [published]\n${top}jobs:\n${jobs}`;

test("matrixRows() expands like GitHub: the product, exclude, include merged where it fits or added", () => {
  const rows = matrixRows({
    os: ["macos-14", "ubuntu-22.04"],
    python: ["3.11", "3.12"],
    exclude: [{ os: "macos-14", python: "3.11" }],
    include: [
      { os: "macos-14", arch: "arm64" }, // joins the macos-14 combinations
      { os: "windows-2019", python: "3.12" }, // contradicts every os: a combination of its own
      { experimental: true }, // names no original key: joins them all
    ],
  });
  assert.deepEqual(rows, [
    { os: "macos-14", python: "3.12", arch: "arm64", experimental: true },
    { os: "ubuntu-22.04", python: "3.11", experimental: true },
    { os: "ubuntu-22.04", python: "3.12", experimental: true },
    { os: "windows-2019", python: "3.12" },
  ]);
  assert.deepEqual(matrixRows("${{ fromJSON(needs.plan.outputs.matrix) }}"), []);
  assert.deepEqual(
    jobLabels({
      "runs-on": "${{ matrix.cfg.host }}",
      strategy: { matrix: { cfg: [{ host: "macos-13" }, { host: "macos-26" }] } },
    }).map((u) => u.label),
    ["macos-13", "macos-26"],
  );
  assert.deepEqual(jobLabels({ "runs-on": ["self-hosted", "macos-14"] }), [], "a self-hosted job");
  assert.deepEqual(
    jobLabels({ "runs-on": { group: "big", labels: ["macos-14-xlarge"] } }).map((u) => u.label),
    ["macos-14-xlarge"],
  );
});

test("a retired label fails with its retirement date and source, in a matrix list, an include entry and runs-on", async (t) => {
  const r = await check(t, {
    "list.yml": wf(
      "  build:\n    strategy:\n      matrix:\n        os: [macos-13, ubuntu-22.04]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: make\n",
    ),
    "include.yml": wf(
      "  app:\n    strategy:\n      matrix:\n        include:\n          - runner: macos-26\n            target: aarch64-apple-darwin\n          - runner: macos-14\n            target: x86_64-apple-darwin\n    runs-on: ${{ matrix.runner }}\n    steps:\n      - run: make\n",
    ),
    "plain.yml": wf("  notarize:\n    runs-on: macos-14\n    steps:\n      - run: make\n"),
    "expression.yml": wf(
      "  pick:\n    runs-on: ${{ github.event_name == 'release' && 'windows-2019' || 'ubuntu-latest' }}\n    steps:\n      - run: make\n",
    ),
  });
  const retired = r["workflow.runner-retired"]!;
  assert.equal(retired.status, "fail");
  assert.match(
    retired.message,
    /list\.yml \(job build, matrix\.os: macos-13\): GitHub retired macOS 13 on 2025-12-04; .*runner-images\/issues\/13046, checked 2026-12-07\); use macos-26-intel/,
  );
  assert.match(
    retired.message,
    /include\.yml \(job app, matrix\.runner: macos-14\): GitHub retired macOS 14 Arm64 on 2026-11-02; .*issues\/13518.*use macos-26/,
  );
  assert.match(retired.message, /plain\.yml \(job notarize, runs-on: macos-14\)/);
  assert.match(
    retired.message,
    /expression\.yml \(job pick, runs-on expression: windows-2019\): .* on 2025-06-30.*use windows-2022/,
  );
  assert.doesNotMatch(
    retired.message,
    /: macos-26\)|: ubuntu-22\.04\)|: ubuntu-latest\)/,
    "supported labels are not named",
  );
});

test("a combination GitHub excludes is not reported; supported labels pass", async (t) => {
  const r = await check(t, {
    "ci.yml": wf(
      "  test:\n    strategy:\n      matrix:\n        os: [macos-13, macos-26, ubuntu-24.04, windows-2025]\n        exclude:\n          - os: macos-13\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: make\n",
    ),
  });
  assert.equal(r["workflow.runner-retired"]!.status, "pass");
  assert.equal(r["workflow.runner-deprecated"]!.status, "pass");
});

test("a label inside its deprecation window warns with both dates; an Intel image with an announced end warns with it", async (t) => {
  const jobs =
    "  mac:\n    strategy:\n      matrix:\n        include:\n          - os: macos-14\n          - os: macos-15-intel\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: make\n";
  const summer = await check(t, { "build.yml": wf(jobs) }, new Date("2026-08-01T12:00:00Z"));
  const dep = summer["workflow.runner-deprecated"]!;
  assert.equal(dep.status, "warn");
  assert.match(
    dep.message,
    /matrix\.os: macos-14\): macOS 14 Arm64 is deprecated since 2026-07-06, announced until 2026-11-02 \(.*13518/,
  );
  assert.match(
    dep.message,
    /macos-15-intel\): macOS 15 is announced until about August 2027 .*13045.*macos-26-intel \(GA 2026-02-26\) has replaced it/,
  );
  assert.match(dep.fix ?? "", /macos-14 → macos-26/);
  assert.match(dep.fix ?? "", /macos-15-intel → macos-26-intel/);
  assert.equal(summer["workflow.runner-retired"]!.status, "pass", "not retired yet in August");
  const winter = await check(t, { "build.yml": wf(jobs) });
  assert.equal(winter["workflow.runner-retired"]!.status, "fail");
});

test("openssl pkcs12 without -legacy warns on macOS 26 and macos-latest, not with -legacy, not on macOS 15", async (t) => {
  const step = (cmd: string) => `    steps:\n      - name: Read the certificate\n        run: |\n          ${cmd}\n`;
  const read = 'echo "$P12" | base64 --decode > c.p12 && openssl pkcs12 -in c.p12 -nokeys -passin env:PW -out c.pem';
  const r = await check(t, {
    "latest.yml": wf(`  sign:\n    runs-on: macos-latest\n${step(read)}`),
    "matrix.yml": wf(
      `  sign:\n    strategy:\n      matrix:\n        include:\n          - runner: macos-15\n          - runner: macos-26\n    runs-on: \${{ matrix.runner }}\n${step("openssl pkcs12 -export -inkey k.pem -in c.pem -out out.p12 -passout env:PW")}`,
    ),
    "legacy.yml": wf(`  sign:\n    runs-on: macos-26\n${step(read.replace("-nokeys", "-nokeys -legacy"))}`),
    "sequoia.yml": wf(`  sign:\n    runs-on: macos-15\n${step(read)}`),
    "echoed.yml": wf(
      `  sign:\n    runs-on: macos-26\n${step("echo 'run openssl pkcs12 -in c.p12 -legacy if this fails'")}`,
    ),
  });
  const o = r["workflow.openssl-legacy"]!;
  assert.equal(o.status, "warn");
  assert.match(
    o.message,
    /latest\.yml \(job sign, step "Read the certificate"\) runs `openssl pkcs12` without -legacy on macos-latest, whose openssl is OpenSSL 3\.6\.3 \(.*macos-26-arm64-Readme\.md, checked 2026-12-07\)/,
  );
  assert.match(o.message, /matrix\.yml .* on macos-26,/);
  assert.doesNotMatch(o.message, /legacy\.yml|sequoia\.yml|echoed\.yml/);
  assert.match(o.fix ?? "", /Add -legacy/);
});

test("an action on a runtime GitHub removed warns with the date and the version to move to; after that date only", async (t) => {
  const files = {
    "tag.yml": wf(
      "  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v6\n",
    ),
    "sha.yml": wf(
      "  b:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Fetch\n        uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0\n      - uses: someone/unknown-action@v1\n      - uses: ./local-action\n",
    ),
  };
  const r = await check(t, files);
  const rt = r["workflow.action-runtime"]!;
  assert.equal(rt.status, "warn");
  // Since the removal the runner runs the action on Node 24 (it does not refuse it): the message says
  // so, with both sources, instead of "runs on node20" (what it did before the removal).
  assert.match(
    rt.message,
    /tag\.yml: actions\/checkout v4 \(job a\) declares node20, which GitHub removed on 2026-09-23\n/,
  );
  assert.match(rt.message, /sha\.yml: actions\/download-artifact v4\.3\.0 \(job b\) declares node20/);
  assert.match(
    rt.message,
    /runs these on node24 instead, with no opt-out \(https:\/\/github\.com\/actions\/runner\/pull\/3948/,
  );
  assert.match(rt.message, /Removal dates: https:\/\/github\.blog\/changelog\/2025-09-19-deprecation-of-node-20/);
  assert.match(rt.fix!, /actions\/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7\.0\.1/);
  assert.match(rt.fix!, /actions\/download-artifact@.* # v8\.0\.1/);
  assert.doesNotMatch(rt.message, /setup-python|unknown-action|local-action/);
  const before = await check(t, files, new Date("2026-09-22T12:00:00Z"));
  assert.equal(before["workflow.action-runtime"]!.status, "pass", "Node 20 still ran on 2026-09-22");
});

test("a tag-pinned action warns in a job with write access or a secret; SHA pins and plain jobs pass", async (t) => {
  const checkout = "      - uses: actions/checkout@v7\n";
  const sha = "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n";
  const r = await check(t, {
    "write.yml": wf(
      `  up:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n${checkout}`,
    ),
    "oidc.yml": wf(
      `  pypi:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n`,
    ),
    "secret.yml": wf(
      `  s:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: codecov/codecov-action@v6\n        with:\n          token: \${{ secrets.CODECOV_TOKEN }}\n`,
    ),
    "top.yml": wf(`  t:\n    runs-on: ubuntu-latest\n    steps:\n${checkout}`, "permissions: write-all\n"),
    "pinned.yml": wf(`  p:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n${sha}`),
    "plain.yml": wf(
      `  q:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n${checkout}`,
    ),
  });
  const u = r["workflow.action-unpinned"]!;
  assert.equal(u.status, "warn");
  assert.match(u.message, /write\.yml \(job up, contents: write\): actions\/checkout@v7/);
  assert.match(u.message, /oidc\.yml \(job pypi, id-token: write\): pypa\/gh-action-pypi-publish@release\/v1/);
  assert.match(u.message, /secret\.yml \(job s, reads secrets\.CODECOV_TOKEN\): codecov\/codecov-action@v6/);
  assert.match(u.message, /top\.yml \(job t, permissions: write-all\)/);
  assert.doesNotMatch(u.message, /pinned\.yml|plain\.yml/);
});

test("the staleness warning follows the injected clock, and the doctor gives it once", async (t) => {
  const fresh = await check(t, { "a.yml": wf("  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n") });
  assert.equal(fresh["platform.facts-stale"]!.status, "pass");
  assert.match(fresh["platform.facts-stale"]!.message, /last checked on 2026-12-07, 0 days ago/);
  const later = await check(
    t,
    { "a.yml": wf("  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n") },
    new Date("2027-07-01T12:00:00Z"),
  );
  const stale = later["platform.facts-stale"]!;
  assert.equal(stale.status, "warn");
  assert.match(stale.message, /last checked on 2026-12-07, 206 days ago, more than the 183 days/);
  assert.match(stale.fix ?? "", /Update the toolkit/);
  assert.equal(doctorChecks().filter((c) => c.id === "platform.facts-stale").length, 1);
});

/**
 * The shape of Niamoto's release workflows (niamoto/niamoto at 2e34f09, written in
 * our words): the app matrix names its own keys (`os` for the runner, `name`,
 * `target`), a separate macOS finalize job runs on a fixed label, both hold
 * `contents: write` and pin actions by tag.
 */
const NIAMOTO_SHAPE = {
  "build-tauri.yml": wf(
    [
      "  build-tauri:",
      "    strategy:",
      "      matrix:",
      "        include:",
      "          - os: macos-14",
      "            name: macOS-arm64",
      "            target: aarch64-apple-darwin",
      "          - os: ubuntu-22.04",
      "            name: Linux-x86_64",
      "            target: x86_64-unknown-linux-gnu",
      "          - os: windows-latest",
      "            name: Windows-x86_64",
      "            target: x86_64-pc-windows-msvc",
      "    runs-on: ${{ matrix.os }}",
      "    permissions:",
      "      contents: write",
      "    steps:",
      "      - uses: actions/checkout@v6",
      "      - uses: tauri-apps/tauri-action@v0",
      "  finalize-macos-release:",
      "    needs: build-tauri",
      "    runs-on: macos-14",
      "    permissions:",
      "      contents: write",
      "    steps:",
      "      - uses: actions/checkout@v6",
      "",
    ].join("\n"),
  ),
};

test("Niamoto's shape: both macOS jobs are reported with macOS 14's retirement day and its announcement", async (t) => {
  const r = await check(t, NIAMOTO_SHAPE);
  const retired = r["workflow.runner-retired"]!;
  assert.equal(retired.status, "fail");
  assert.match(
    retired.message,
    /build-tauri\.yml \(job build-tauri, matrix\.os: macos-14\): GitHub retired macOS 14 Arm64 on 2026-11-02/,
  );
  assert.match(
    retired.message,
    /build-tauri\.yml \(job finalize-macos-release, runs-on: macos-14\): GitHub retired macOS 14 Arm64 on 2026-11-02; the job never starts \(https:\/\/github\.com\/actions\/runner-images\/issues\/13518/,
  );
  assert.equal(r["workflow.action-unpinned"]!.status, "warn");
  assert.equal(r["workflow.action-runtime"]!.status, "pass", "v6 runs on Node 24");
});

test("invariant: the verdicts do not change when unrelated steps are added to every job", async (t) => {
  const cases: Record<string, string>[] = [
    NIAMOTO_SHAPE,
    { "m.yml": wf("  a:\n    runs-on: macos-latest\n    steps:\n      - run: openssl pkcs12 -in c.p12 -nokeys\n") },
    {
      "n.yml": wf(
        "  b:\n    permissions:\n      contents: write\n    runs-on: macos-15-intel\n    steps:\n      - uses: actions/checkout@v4\n",
      ),
    },
  ];
  const unrelated = "      - name: Unrelated\n        run: echo unrelated && ls -la\n";
  for (const files of cases) {
    const more = Object.fromEntries(
      Object.entries(files).map(([k, text]) => [k, text.replace(/(\n {4}steps:\n)/g, `$1${unrelated}`) + unrelated]),
    );
    const a = await check(t, files);
    const b = await check(t, more);
    assert.deepEqual(
      Object.values(b).map((r) => `${r.id} ${r.status}`),
      Object.values(a).map((r) => `${r.id} ${r.status}`),
      Object.keys(files).join(","),
    );
  }
});
