/** The pure parts of adoption, called with data: the config text, the merge, the install plan, the .gitignore line, stale docs. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { previousSources, renderConfigText } from "../../tasks/lib/adopt/config-text.ts";
import type { RepositoryFacts } from "../../tasks/lib/adopt/facts.ts";
import { differences, merge } from "../../tasks/lib/adopt/merge.ts";
import { planAdoption, type DesiredFile } from "../../tasks/lib/adopt/plan.ts";
import { isAdoptSkill, renderSkill } from "../../tasks/lib/adopt/skill.ts";
import { findOldFlow } from "../../tasks/lib/adopt/stale-docs.ts";
import { gitignoreLine } from "../../tasks/lib/adopt/toolkit.ts";
import { parseConfig } from "../../tasks/lib/core/config/parse.ts";
import { header } from "../../tasks/lib/workflows/header.ts";

const VALUES = [
  { key: "name", value: "Fieldnotes", source: "src-tauri/tauri.conf.json productName" },
  { key: "tagPrefix", value: "v", source: "2 of 2 version tags" },
  { key: "versionFiles", value: ["pyproject.toml", ".bumpversion.cfg"], source: ".bumpversion.cfg" },
  { key: "workflows.tauriDir", value: "src-tauri", source: "tauri.conf.json is there" },
  { key: "workflows.signingSecrets.APPLE_CERTIFICATE", value: "MACOS_CERT_P12", source: "build-tauri.yml" },
  {
    key: "workflows.tauriPlatforms",
    value: [{ runner: "macos-14", target: "aarch64-apple-darwin", os: "macos", arch: "aarch64" }],
    source: "build-tauri.yml matrix",
  },
];

test("renderConfigText(): a comment above each value, questions and suggestions last; it imports as a valid config", async (t) => {
  const m = merge(VALUES, [{ key: "repository", question: "Which GitHub repository?" }], undefined);
  const text = renderConfigText({
    tree: m.tree,
    sources: m.sources,
    questions: m.questions,
    suggestions: [{ topic: "workflows.sidecar (issue 11)", fact: "onedir under sidecar/", source: "tauri.conf.json" }],
    toolkitDir: "tools/release",
  });
  assert.match(text, /^\/\/ Written by tools\/release\/tasks\/adopt\.ts/);
  assert.match(text, /\n {2}\/\/ 2 of 2 version tags\n {2}tagPrefix: "v",\n/);
  assert.match(
    text,
    /\n {4}signingSecrets: \{\n {6}\/\/ build-tauri\.yml\n {6}APPLE_CERTIFICATE: "MACOS_CERT_P12",\n {4}\},/,
  );
  assert.match(text, /\/\/ - repository: Which GitHub repository\?\n/);
  assert.match(text, /\/\/ - \[workflows\.sidecar \(issue 11\)\] onedir under sidecar\/ \(from tauri\.conf\.json\)\n$/);
  // The type import is erased at run time: the file loads without the toolkit installed.
  const dir = mkdtempSync(join(tmpdir(), "rc-adopt-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "release.config.ts"), text);
  const loaded = (await import(pathToFileURL(join(dir, "release.config.ts")).href)).default;
  assert.deepEqual(loaded, m.tree);
  assert.equal(parseConfig(loaded, "release.config.ts").workflows.tauriPlatforms?.[0]?.runner, "macos-14");
  // Its comments read back by key, for a rerun.
  const back = previousSources(text);
  assert.equal(back.get("workflows.signingSecrets.APPLE_CERTIFICATE"), "build-tauri.yml");
  assert.equal(back.get("workflows.tauriPlatforms"), "build-tauri.yml matrix");
  assert.equal(back.get("name"), "src-tauri/tauri.conf.json productName");
});

test("merge(): the maintainer's values win, new keys are added, a question they answered is dropped", () => {
  const existing = { name: "Field Notes", tagPrefix: "v", workflows: { tauriDir: "app" }, preflight: [] };
  const m = merge(
    VALUES,
    [
      { key: "name", question: "?" },
      { key: "repository", question: "?" },
    ],
    existing,
  );
  assert.equal(m.tree.name, "Field Notes");
  assert.deepEqual(
    Object.keys(m.tree).slice(0, 4),
    ["name", "tagPrefix", "workflows", "preflight"],
    "their order first",
  );
  assert.equal((m.tree.workflows as Record<string, unknown>).tauriDir, "app");
  assert.ok("tauriPlatforms" in (m.tree.workflows as Record<string, unknown>), "a new key is added");
  assert.equal(m.sources.get("name"), "your value (kept by adoption)");
  assert.equal(m.sources.get("tagPrefix"), "2 of 2 version tags");
  assert.deepEqual(
    m.questions.map((q) => q.key),
    ["repository"],
  );
  assert.deepEqual(
    differences(VALUES, existing).map((d) => d.key),
    [
      "name",
      "versionFiles",
      "workflows.tauriDir",
      "workflows.signingSecrets.APPLE_CERTIFICATE",
      "workflows.tauriPlatforms",
    ],
  );
});

const desired: DesiredFile[] = [
  { path: "tools/release/tasks/doctor.ts", kind: "toolkit", want: "new\n" },
  {
    path: ".github/workflows/build-tauri.yml",
    kind: "workflow",
    want: `${header("templates/build-tauri.ts")}on: {}\n`,
  },
  { path: ".github/workflows/old.yml", kind: "workflow", want: undefined },
  { path: ".claude/skills/release/SKILL.md", kind: "skill", want: renderSkill(".") },
  { path: "release.config.ts", kind: "config", want: "// config\n" },
];

test("planAdoption(): what is created, updated, removed or left, and what stops it", () => {
  const fresh = planAdoption({ desired, existing: {}, replace: false, toolkitInstalled: false });
  assert.deepEqual(
    fresh.files.map((f) => f.action),
    ["create", "create", "unchanged", "create", "create"],
  );
  assert.deepEqual(fresh.conflicts, []);

  const handWritten = {
    "tools/release/tasks/doctor.ts": "someone else's\n",
    ".github/workflows/build-tauri.yml": "name: mine\non: push\n",
    ".github/workflows/old.yml": `${header("templates/old.ts")}on: {}\n`,
    ".claude/skills/release/SKILL.md": "run scripts/release.sh\n",
    "release.config.ts": "// config\n",
  };
  const refused = planAdoption({ desired, existing: handWritten, replace: false, toolkitInstalled: false });
  assert.deepEqual(
    refused.conflicts.map((c) => c.path),
    ["tools/release/tasks/doctor.ts", ".github/workflows/build-tauri.yml", ".claude/skills/release/SKILL.md"],
  );
  const replaced = planAdoption({ desired, existing: handWritten, replace: true, toolkitInstalled: true });
  assert.deepEqual(replaced.conflicts, []);
  assert.deepEqual(
    replaced.files.map((f) => f.action),
    ["update", "update", "remove", "update", "unchanged"],
  );
  const config = planAdoption({
    desired,
    existing: handWritten,
    replace: true,
    toolkitInstalled: true,
    configConflict: "differs",
  });
  assert.deepEqual(
    config.conflicts.map((c) => `${c.path}: ${c.reason}`),
    ["release.config.ts: differs"],
    "a config conflict stands even when the file would stay as it is",
  );
  assert.ok(isAdoptSkill(renderSkill("tools/release")));
  assert.match(
    renderSkill("tools/release"),
    /`npm exec --prefix tools\/release -- tsx tools\/release\/release\.ts --json`/,
  );
  assert.match(renderSkill("."), /`npx tsx release\.ts VERSION --yes`/);
});

test("gitignoreLine(): added unless a rule already keeps the toolkit's node_modules out", () => {
  const cases: [string | undefined, string, string | undefined][] = [
    [undefined, ".", "/node_modules/"],
    ["dist/\n", "tools/release", "/tools/release/node_modules/"],
    ["node_modules/\n", "tools/release", undefined],
    ["**/node_modules\n", ".", undefined],
    ["/node_modules\n", "tools/release", "/tools/release/node_modules/"],
    ["tools/release/node_modules\n", "tools/release", undefined],
  ];
  for (const [text, dir, want] of cases) assert.equal(gitignoreLine(text, dir), want, `${JSON.stringify(text)} ${dir}`);
});

test("findOldFlow(): the release scripts the docs run, every line naming them, and prose leaving the release to CI", async () => {
  const facts: RepositoryFacts = {
    folder: "x",
    paths: [],
    git: {
      branch: "main",
      tags: [],
      tagTimes: [],
      originUrl: undefined,
      dirty: [],
      history: { reachableTags: [], head: undefined, subjects: [] },
    },
    existingConfig: undefined,
    versionSources: { files: [], questions: [], notes: [] },
    statedTag: undefined,
    automation: { tools: [], lines: [] },
    files: {
      "docs/RELEASE.md":
        "# Release\n\n```sh\n./scripts/publish.sh 1.2.0\nbump2version patch\n```\n\nThe workflow creates the release.\n",
      "AGENTS.md": "To ship, run scripts/publish.sh.\n",
      "CHANGELOG.md": "- Remove scripts/publish.sh\n",
      "tools/release/README.md": "`scripts/publish.sh`\n",
      "README.md": "Run `npx tsx tools/release/release.ts --yes`.\n",
      // A path cited in prose is not a script the docs run (Niamoto's testing audit cites routers/deploy.py).
      "docs/audit.md": "- `src/app/routers/deploy.py` has no tests\n",
    },
  };
  const flow = await findOldFlow(facts, { toolkitDir: "tools/release" });
  assert.deepEqual(
    flow.scripts.map((s) => s.name),
    ["scripts/publish.sh", "bump2version"],
  );
  assert.deepEqual(
    flow.lines.map((l) => `${l.doc}:${l.line} ${l.why}`),
    [
      "AGENTS.md:1 names scripts/publish.sh",
      "docs/RELEASE.md:4 names scripts/publish.sh",
      "docs/RELEASE.md:5 names bump2version",
      "docs/RELEASE.md:8 leaves the release to CI",
    ],
  );
});
