/**
 * Release makers and publishers the catalog missed on the adoption held-out half (issue
 * 25, after the held-out run), each in our own words; the comment names the repository
 * whose shape it reproduces. The catalog is shared with the doctor.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { startedOnlyByRelease } from "../../tasks/lib/workflows/analysis.ts";
import { parseWorkflow, type Step } from "../../tasks/lib/workflows/read.ts";
import { toolUses, versionBumps, type ToolUse } from "../../tasks/lib/workflows/release-tools.ts";

const step = (s: Partial<Step>): Step => ({ with: {}, env: {}, ...s });
const brief = (u: ToolUse) =>
  `${u.tool}${u.createsTag ? " tags" : ""}${u.createsRelease ? " releases" : ""}${u.registry ? ` ${u.registry}` : ""}`;
const uses = (s: Partial<Step>, commands: string[][] = []) =>
  toolUses(step(s), { env: {}, commands, startedOnlyByRelease: false }).map(brief);

test("commitizen-action tags (and pushes) unless told not to push; it makes no release itself", () => {
  // Ponte-Energy-Partners/peprock: commitizen-action bumps, writes the changelog and pushes a bare tag.
  assert.deepEqual(uses({ uses: "commitizen-tools/commitizen-action@0.27.1" }), ["commitizen tags"]);
  assert.deepEqual(uses({ uses: "commitizen-tools/commitizen-action@master", with: { push: false } }), ["commitizen"]);
});

test("covector publishing tags, and makes the release when asked; its status command does nothing", () => {
  // tauri-apps/tauri-action: covector's version-or-publish on the default branch with createRelease.
  const action = "jbolda/covector/packages/action@covector-v0";
  assert.deepEqual(uses({ uses: action, with: { command: "version-or-publish", createRelease: true } }), [
    "covector tags releases",
  ]);
  assert.deepEqual(uses({ uses: action, with: { command: "publish" } }), ["covector tags"]);
  assert.deepEqual(uses({ uses: action, with: { command: "status" } }), []);
});

test("publishers of other registries: Rust crates, CocoaPods trunk, npm; a dry run publishes nothing", () => {
  // astral-sh/uv publishes its crates; adobe/aepsdk-edgeidentity-ios pushes its pod to trunk.
  assert.deepEqual(uses({ run: "x" }, [["cargo", "publish", "--workspace"]]), ["cargo publish crates"]);
  assert.deepEqual(uses({ run: "x" }, [["pod", "trunk", "push", "Kit.podspec", "--allow-warnings"]]), [
    "pod trunk push cocoapods",
  ]);
  assert.deepEqual(uses({ run: "x" }, [["npm", "publish", "--access", "public"]]), ["npm publish npm"]);
  // alienmind/electricdreams: `poetry publish --dry-run` before the real one.
  for (const dry of [
    ["cargo", "publish", "--dry-run"],
    ["poetry", "publish", "--dry-run"],
    ["uv", "publish", "--dry-run"],
  ])
    assert.deepEqual(uses({ run: "x" }, [dry]), [], dry.join(" "));
});

test("the releases API, however it is posted to: gh api with a body on stdin, curl --json, github-script's request", () => {
  // DataDog/datadog-api-client-python: `gh api repos/{owner}/{repo}/releases --input - << EOF` in a loop.
  assert.deepEqual(uses({ run: "x" }, [["gh", "api", "repos/{owner}/{repo}/releases", "--input", "-"]]), [
    "releases API releases",
  ]);
  assert.deepEqual(uses({ run: "x" }, [["gh", "api", "repos/{owner}/{repo}/releases"]]), [], "a GET lists releases");
  assert.deepEqual(uses({ run: "x" }, [["curl", "--json", "$X", "https://api.github.example/repos/o/r/releases"]]), [
    "releases API releases",
  ]);
  const script = "await github.request('POST /repos/{owner}/{repo}/releases', { tag_name: tag })";
  assert.deepEqual(uses({ uses: "actions/github-script@v7", with: { script } }), ["actions/github-script releases"]);
  assert.deepEqual(
    uses({ uses: "actions/github-script@v7", with: { script: "await github.rest.repos.createRelease({ tag_name })" } }),
    ["actions/github-script releases"],
  );
});

test("a release action is named as the workflow spells it", () => {
  // seanwessmith/Github-Release-Action tests itself as `elgohr/Github-Release-Action@main`.
  assert.deepEqual(uses({ uses: "elgohr/Github-Release-Action@main" }), ["elgohr/Github-Release-Action releases"]);
});

test("a version given outright at build time is not a bump tool; a bump rule, or a given version committed, is", () => {
  const tools = (commands: string[][], around?: string[][]) => versionBumps(commands, around).map((u) => u.tool);
  // alienmind/electricdreams: `poetry version $RELEASE_VERSION` from the tag, then build and publish.
  assert.deepEqual(tools([["poetry", "version", "$X"]]), []);
  assert.deepEqual(tools([["npm", "version", "1.4.0", "--no-git-tag-version"]]), []);
  for (const rule of ["patch", "minor", "prerelease"])
    assert.deepEqual(tools([["poetry", "version", rule]]), ["poetry version"]);
  assert.deepEqual(tools([["hatch", "version", "minor,rc"]]), ["hatch version"]);
  // Written back and committed: the job bumps the project.
  assert.deepEqual(
    tools(
      [["poetry", "version", "$X"]],
      [
        ["poetry", "version", "$X"],
        ["git", "commit", "-am", "bump"],
      ],
    ),
    ["poetry version"],
  );
});

test("a workflow dispatched by hand alone is not started by a release: a release made there is made there", () => {
  // Ponte-Energy-Partners/peprock: a dispatched job runs `gh release create` in a folded `run: >` block.
  const dispatched = parseWorkflow(
    "release.yml",
    "on:\n  workflow_dispatch:\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps:\n      - run: >\n          gh release create ${V}\n          --generate-notes\n",
  );
  assert.equal(startedOnlyByRelease(dispatched), false);
  const rerun = parseWorkflow("p.yml", "on:\n  release:\n    types: [published]\n  workflow_dispatch:\njobs: {}\n");
  assert.equal(startedOnlyByRelease(rerun), true, "dispatch beside the release event reruns it for a release");
});
