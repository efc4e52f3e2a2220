import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { DEFAULT_CLI_PLATFORMS, DEFAULT_TAURI_PLATFORMS, UTILITY_RUNNER } from "../../templates/context.ts";
import { ACTIONS, compareVersions, runtimeOf, runtimeRemoved } from "../../tasks/lib/core/platform/actions.ts";
import { fact } from "../../tasks/lib/core/platform/fact.ts";
import { FACT_TABLES, PLATFORM_FACTS } from "../../tasks/lib/core/platform/index.ts";
import {
  announcedDay,
  labelStatus,
  opensslThreeLabel,
  RUNNER_IMAGES,
  runnerLabel,
  successorLabel,
} from "../../tasks/lib/core/platform/runners.ts";
import { STALE_AFTER_DAYS, staleness } from "../../tasks/lib/core/platform/staleness.ts";
import { hasOpenssl, makeSigningFiles, PASSWORD } from "../helpers/signing.ts";
import { tempDirFor } from "../helpers/tmp.ts";

const PLATFORM_DIR = join(import.meta.dirname, "..", "..", "tasks", "lib", "core", "platform");
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

test("every platform fact names its source and the day it was checked, a day that has come", () => {
  assert.ok(PLATFORM_FACTS.length > 20);
  for (const f of PLATFORM_FACTS) {
    assert.ok(f.source.trim().length > 10, `a fact without a usable source: ${JSON.stringify(f.value)}`);
    assert.match(f.checked, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Date.parse(f.checked) <= Date.now(), `checked in the future: ${f.checked}`);
  }
  assert.throws(() => fact(1, "somewhere", "7 Dec 2026"), /expected YYYY-MM-DD/);
  assert.throws(() => fact(1, " ", "2026-12-07"), /without a source/);
});

test("every facts list a platform module exports is in FACT_TABLES (a new file is one line in index.ts)", async () => {
  for (const file of readdirSync(PLATFORM_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
    const mod = (await import(pathToFileURL(join(PLATFORM_DIR, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod))
      if (/facts$/i.test(name) && Array.isArray(value))
        assert.ok(FACT_TABLES.includes(value), `${file} exports ${name}, which index.ts does not list`);
  }
});

test("the default matrices hold no label that is retired, deprecated or unknown today (real clock)", () => {
  // This test starts failing by itself on the day GitHub retires a default: move the default then.
  const now = new Date();
  const labels = [...DEFAULT_TAURI_PLATFORMS, ...DEFAULT_CLI_PLATFORMS].map((p) => p.runner).concat(UTILITY_RUNNER);
  for (const label of labels) {
    const s = labelStatus(label, now);
    assert.ok(!["retired", "deprecated", "unknown"].includes(s.kind), `${label} is ${JSON.stringify(s)}`);
  }
  // Each default builds what it says: the label's architecture is the platform's.
  for (const p of [...DEFAULT_TAURI_PLATFORMS, ...DEFAULT_CLI_PLATFORMS]) {
    const img = runnerLabel(p.runner)!.image.value;
    assert.equal(img.os, p.os, p.runner);
    assert.equal(img.arch === "arm64" ? "aarch64" : "x86_64", p.arch, p.runner);
  }
});

test("labelStatus() on GitHub's announced dates: supported, ending within a year, deprecated, retired", () => {
  const table: [string, string, string][] = [
    ["macos-14", "2025-10-01", "supported"],
    ["macos-14", "2026-06-01", "ending"],
    ["macos-14", "2026-07-06", "deprecated"],
    ["macos-14", "2026-11-01", "deprecated"],
    ["macos-14", "2026-11-02", "retired"],
    ["macos-14-xlarge", "2026-12-07", "retired"],
    ["macos-14-large", "2026-12-07", "retired"],
    ["MACOS-13", "2026-12-07", "retired"],
    ["macos-13-xlarge", "2025-10-01", "deprecated"],
    ["macos-15-intel", "2026-07-01", "supported"],
    ["macos-15-intel", "2026-12-07", "ending"],
    ["macos-15-intel", "2027-08-01", "retired"],
    ["macos-15", "2026-12-07", "supported"],
    ["macos-26", "2026-12-07", "supported"],
    ["macos-latest", "2026-12-07", "supported"],
    ["macos-26-intel", "2026-12-07", "supported"],
    ["ubuntu-20.04", "2025-04-15", "retired"],
    ["ubuntu-26.04", "2026-12-07", "preview"],
    ["windows-2019", "2025-06-15", "deprecated"],
    ["self-hosted", "2026-12-07", "unknown"],
    ["my-org-macos-runner", "2026-12-07", "unknown"],
  ];
  for (const [label, on, want] of table) assert.equal(labelStatus(label, day(on)).kind, want, `${label} on ${on}`);
  assert.equal(announcedDay(RUNNER_IMAGES.macos15Intel.value, "2027-08-01"), "about August 2027");
  assert.equal(announcedDay(RUNNER_IMAGES.macos14Arm64.value, "2026-11-02"), "2026-11-02");
});

test("successorLabel(): the supported default of the same OS and architecture, a larger runner for a larger one", () => {
  assert.deepEqual(
    ["macos-14", "macos-13", "macos-12", "macos-14-large", "macos-13-xlarge", "ubuntu-20.04", "windows-2019"].map(
      successorLabel,
    ),
    [
      "macos-26",
      "macos-26-intel",
      "macos-26-intel",
      "macos-26-large",
      "macos-26-xlarge",
      "ubuntu-22.04",
      "windows-2022",
    ],
  );
  assert.equal(successorLabel("self-hosted"), undefined);
  for (const label of Object.values(RUNNER_IMAGES).flatMap((f) => [...f.value.labels, ...(f.value.larger ?? [])])) {
    const next = successorLabel(label)!;
    assert.equal(labelStatus(next, day("2026-12-07")).kind === "retired", false, `${label} → ${next}`);
    assert.equal(runnerLabel(next)!.image.value.arch, runnerLabel(label)!.image.value.arch, `${label} → ${next}`);
  }
});

test("opensslThreeLabel(): the macOS 26 images (and macos-latest since it moved there), not macOS 15", () => {
  assert.deepEqual(
    [
      "macos-26",
      "macos-latest",
      "macos-26-intel",
      "macos-latest-large",
      "macos-15",
      "macos-15-intel",
      "ubuntu-latest",
    ].map(opensslThreeLabel),
    [true, true, true, true, false, false, false],
  );
});

test("staleness() with an injected clock: quiet up to the bound, stale the day after", () => {
  const facts = [fact(1, "a source", "2026-12-07"), fact(2, "another source", "2026-06-01")];
  const at = (iso: string) => staleness(facts, day(iso));
  assert.equal(STALE_AFTER_DAYS, 183);
  assert.deepEqual(at("2027-06-08"), { newest: "2026-12-07", oldest: "2026-06-01", ageDays: 183, stale: false });
  assert.equal(at("2027-06-09").stale, true);
  assert.equal(at("2027-06-09").ageDays, 184);
  // The toolkit's own facts were reviewed recently enough for the day they were written.
  assert.equal(staleness(PLATFORM_FACTS, day("2026-12-08")).stale, false);
});

test("runtimeOf(): each action version's runtime from its action.yml history; runtimeRemoved() on GitHub's dates", () => {
  const table: [string, string, string | undefined][] = [
    ["actions/checkout", "v4", "node20"],
    ["actions/checkout", "v4.2.2", "node20"],
    ["actions/checkout", "v3", "node16"],
    ["actions/checkout", "v5", "node24"],
    ["Actions/Checkout", "v7.0.1", "node24"],
    ["actions/setup-python", "v5", "node20"],
    ["actions/setup-python", "v6", "node24"],
    ["actions/download-artifact", "v6", "node20"],
    ["actions/download-artifact", "v7", "node24"],
    ["astral-sh/setup-uv", "v6", "node20"],
    ["astral-sh/setup-uv", "v7.0.0", "node24"],
    ["pnpm/action-setup", "v4", "node20"],
    ["pnpm/action-setup", "v4.4.0", "node24"],
    ["pnpm/action-setup", "v2.2.2", "node12"],
    ["pnpm/action-setup", "v2.2.3", "node16"],
    ["pypa/gh-action-pypi-publish", "v1.8.14", "docker"],
    ["actions/checkout", "main", undefined],
    ["someone/else", "v1", undefined],
  ];
  for (const [a, v, want] of table) assert.equal(runtimeOf(a, v), want, `${a}@${v}`);
  assert.equal(runtimeRemoved("node20", day("2026-09-22")), undefined);
  assert.equal(runtimeRemoved("node20", day("2026-09-23")), "2026-09-23");
  assert.equal(runtimeRemoved("node16", day("2026-12-07")), "2024-06-03");
  assert.equal(runtimeRemoved("node24", day("2026-12-07")), undefined);
  assert.equal(compareVersions("v4.10.0", "v4.4"), 1);
});

test("every pin is a full commit of a release whose runtime GitHub still runs (real clock)", () => {
  for (const [name, f] of Object.entries(ACTIONS)) {
    const pin = f.value.pin;
    assert.match(pin.sha, /^[0-9a-f]{40}$/, name);
    assert.equal(runtimeRemoved(pin.runtime, new Date()), undefined, `${name} ${pin.version} runs on ${pin.runtime}`);
    if (/^v\d/.test(pin.version)) assert.equal(runtimeOf(name, pin.version), pin.runtime, `${name} ${pin.version}`);
  }
});

test("OpenSSL 3 reads a legacy .p12 only with -legacy (the fact behind the doctor's openssl check), with the real openssl", (t) => {
  if (!hasOpenssl()) return t.skip("openssl is not installed");
  const version = spawnSync("openssl", ["version"], { encoding: "utf8" }).stdout;
  if (!/^OpenSSL 3\./.test(version)) return t.skip(`the openssl here is not OpenSSL 3 (${version.trim()})`);
  const dir = tempDirFor(t);
  const { legacy } = makeSigningFiles(dir);
  const read = (extra: string[]) =>
    spawnSync("openssl", ["pkcs12", "-in", legacy, "-nokeys", "-passin", `pass:${PASSWORD}`, ...extra], {
      encoding: "utf8",
    });
  const plain = read([]);
  assert.notEqual(plain.status, 0);
  assert.match(plain.stderr, /unsupported|RC2/i);
  assert.equal(read(["-legacy"]).status, 0);
});

test("the workflows page's platform section says what the facts module says (labels, dates, pins)", async () => {
  const { readFileSync } = await import("node:fs");
  const page = readFileSync(join(import.meta.dirname, "..", "..", "docs", "workflows.md"), "utf8");
  const start = page.indexOf("\n## Runners, actions and platform facts\n");
  assert.ok(start >= 0, "docs/workflows.md has its platform section");
  const end = page.indexOf("\n## ", start + 1);
  const section = page.slice(start, end < 0 ? undefined : end);
  for (const f of Object.values(RUNNER_IMAGES)) {
    const img = f.value;
    if (!img.retirement || img.approximate) continue;
    for (const label of [...img.labels, ...(img.larger ?? [])])
      assert.ok(section.includes(`\`${label}\``), `docs/workflows.md does not name ${label}`);
    assert.ok(
      section.includes(img.retirement),
      `docs/workflows.md does not give ${img.name}'s retirement (${img.retirement})`,
    );
  }
  for (const [name, f] of Object.entries(ACTIONS))
    assert.ok(
      section.includes(`\`${name}\``) && section.includes(f.value.pin.version.split(" ")[0]!),
      `docs/workflows.md: ${name}`,
    );
  for (const label of [...DEFAULT_TAURI_PLATFORMS, ...DEFAULT_CLI_PLATFORMS].map((p) => p.runner))
    assert.ok(section.includes(`\`${label}\``), `docs/workflows.md: default ${label}`);
});
