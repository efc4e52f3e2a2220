/**
 * One publisher per target, on the three shapes adoption's round-2 held-out run left with
 * two publishers or misread (issue 25; that run's repositories are development data now):
 * a tag made with plain `git tag` and pushed, a justfile recipe that uploads to PyPI, and
 * an action's sub-path (changesets/action v2). Each fixture is written here in our own
 * words; the comment above it names the repository whose shape it reproduces.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { inferConfig, type Inference } from "../../tasks/lib/adopt/infer.ts";
import { assemble } from "../../tasks/lib/adopt/assemble.ts";
import { readToolkit } from "../../tasks/lib/adopt/toolkit.ts";
import { justfileRules, scriptTargets } from "../../tasks/lib/adopt/scripts.ts";
import { tagMade, tagsMadeAndPushed, toolUses, versionBumps } from "../../tasks/lib/workflows/release-tools.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";
import { decisionFor, factsOfTagged, PY_PACKAGE } from "./helpers.ts";

const PY = PY_PACKAGE;
const TOOLKIT = readToolkit(PROJECT_ROOT);

const infer = async (files: Record<string, string>, replace = false) =>
  inferConfig(await factsOfTagged(files), { toolkitDir: "tools/release", replace });
const assembled = async (files: Record<string, string>) =>
  assemble(await factsOfTagged(files), TOOLKIT, {
    toolkitDir: "tools/release",
    toolkitInstalled: false,
    replace: true,
  });

const tools = (inf: Inference) =>
  inf.automation.map(
    (t) => `${t.tool} ${t.role} [${t.targets.join(",")}]${t.registry ? ` ${t.registry}` : ""} ${t.where.kind}`,
  );
const decision = decisionFor;
const words = (line: string) => line.split(" ");
const tagMakers = (lines: string[]) =>
  [...versionBumps(lines.map(words)), ...tagsMadeAndPushed(lines.map(words))].map(
    (u) => `${u.tool}${u.createsTag ? " tags" : ""}`,
  );

// AI-Riksarkivet/htrflow: a dispatched "draft a release" workflow reads the package's version,
// then `git tag -a "v$VERSION" -m …` and `git push origin "v$VERSION"` in one step.
const GIT_TAG_WORKFLOW = [
  "name: Draft a release",
  "on:",
  "  workflow_dispatch:",
  "jobs:",
  "  draft:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: actions/checkout@v4",
  "      - name: Version",
  '        run: echo "VERSION=$(python -c \'import gizmo; print(gizmo.__version__)\')" >> "$GITHUB_ENV"',
  "      - name: Tag",
  "        run: |",
  '          git tag -a "v$VERSION" -m "Release $VERSION"',
  '          git push origin "v$VERSION"',
  "      - run: echo done",
  "",
].join("\n");

test("a tag made with `git tag` and pushed is a tag maker: refused beside the cut, replaced with --replace", async () => {
  const files = { ...PY, ".github/workflows/draft.yml": GIT_TAG_WORKFLOW };
  const inf = await infer(files);
  assert.deepEqual(tools(inf), ["git tag bumps [release] workflow"]);
  const release = decision(inf, "release");
  assert.equal(release.decision, "refuse");
  assert.match(release.why!, /git tag .*pushes tags/);
  assert.equal(decision(await infer(files, true), "release").decision, "replace");
  const a = await assembled(files);
  const edit = a.oldFlowEdits.find((e) => e.path === ".github/workflows/draft.yml")!;
  assert.ok(edit.want !== undefined, "the step goes, the workflow stays");
  assert.doesNotMatch(edit.want!, /git push/);
  assert.match(edit.want!, /echo done/);
});

// AI-Riksarkivet/htrflow (the same step): what makes it a tag maker is the tag it pushes, not `git` alone.
test("`git tag` is a tag maker only when the tag it makes is pushed; listing, deleting and branch pushes are not", () => {
  assert.deepEqual(tagMakers(["git tag -a v1.2.0 -m Release", "git push origin v1.2.0"]), ["git tag tags"]);
  assert.deepEqual(tagMakers(["git tag v1.2.0", "git push origin refs/tags/v1.2.0"]), ["git tag tags"]);
  assert.deepEqual(tagMakers(["git tag v1.2.0", "git push --atomic origin main v1.2.0"]), ["git tag tags"]);
  assert.deepEqual(tagMakers(["git tag -am Release v1.2.0", "git push origin v1.2.0"]), ["git tag tags"]);
  assert.deepEqual(tagMakers(["git tag v1.2.0", "git push --tags"]), ["git push --tags tags"], "listed once");
  assert.deepEqual(tagMakers(["git tag v1.2.0", "git push origin main"]), [], "a branch push sends no tag");
  assert.deepEqual(tagMakers(["git tag v1.2.0", "git push"]), [], "a bare push sends the branch");
  assert.deepEqual(tagMakers(["git tag -l v1.2.0", "git push origin v1.2.0"]), []);
  assert.deepEqual(tagMakers(["git tag --list", "git push origin main"]), []);
  assert.deepEqual(tagMakers(["git tag -d v1.2.0", "git push origin --delete v1.2.0"]), []);
  assert.deepEqual(tagMakers(["git tag -m Release", "git push origin Release"]), [], "-m takes the message");
  assert.deepEqual(tagMakers(["git push origin v1.2.0"]), [], "no tag made here: a ref pushed by name");
});

// myselfhimself/gmic-py: build_tools.bash, a maintainer's helper, has a function that runs `git tag -a v$VERSION` and
// `git push origin v$VERSION` (and one that deletes the tag again); the tag push starts the CI that publishes.
test("a person's script that tags and pushes is a release by hand, which the cut takes over: no tag maker", async () => {
  const script = [
    "#!/bin/bash",
    "tag_and_push() {",
    '  git tag -a "v$VERSION"',
    '  git push origin "v$VERSION"',
    "}",
    "untag() {",
    '  git tag -d "v$VERSION"',
    '  git push origin ":v$VERSION"',
    "}",
    "",
  ].join("\n");
  const inf = await infer({ ...PY, "tools.bash": script });
  assert.deepEqual(tools(inf), []);
  assert.equal(decision(inf, "release").decision, "generate");
  // A workflow that calls another of the script's functions runs none of that tagging.
  const ci = [
    "on:",
    "  push:",
    "    tags: ['v*']",
    "jobs:",
    "  build:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: bash tools.bash build_wheels",
    "",
  ].join("\n");
  const run = await infer({ ...PY, "tools.bash": script, ".github/workflows/build.yml": ci });
  assert.deepEqual(tools(run), []);
});

// seanwessmith/Github-Release-Action (`git tag -fa v5` then `git push origin v5 --force`) and
// googleapis/release-please-action (deletes v4 and v4.1 locally and on origin, makes them again, pushes them):
// both move an action's major-version alias to the release that another tool made.
test("a moved tag (forced, or deleted and made again) is an alias of a release, not a tag maker", () => {
  assert.deepEqual(tagMakers(["git tag -fa v5 -m Move", "git push origin v5 --force"]), []);
  assert.deepEqual(tagMakers(["git tag -a v5 -m Move", "git push origin +v5"]), []);
  assert.deepEqual(
    tagMakers(["git tag -d v4", "git push origin :v4", "git tag -a v4 -m Release", "git push origin v4"]),
    [],
  );
  assert.deepEqual(tagMakers(["git tag -a v4.2.0 -F notes.md", "git push origin v4.2.0"]), ["git tag tags"]);
});

test("invariant: a `git tag` that lists, deletes or verifies makes no tag, whatever else it is given", () => {
  const option = fc.constantFrom("-l", "--list", "-d", "--delete", "-v", "--verify", "--contains", "-n3");
  const word = fc.stringMatching(/^[a-z0-9.-]{1,8}$/);
  fc.assert(
    fc.property(option, fc.array(word, { maxLength: 4 }), fc.nat(4), (o, rest, at) => {
      const args = [...rest];
      args.splice(Math.min(at, args.length), 0, o);
      const tag = ["git", "tag", ...args];
      assert.equal(tagMade(tag), undefined);
      assert.deepEqual(tagsMadeAndPushed([tag, ["git", "push", "origin", ...rest]]), []);
    }),
  );
});

// bulletmark/uv-publish: the justfile's `upload: build` recipe runs `uv-publish`, which its README documents as
// `uv publish` with the credentials of ~/.pypirc; no workflow publishes.
const JUSTFILE = [
  "FILES := `echo *.py`",
  "",
  "# lint",
  "check:",
  "  ruff check {{FILES}}",
  "",
  "build:",
  "  rm -rf dist",
  "  uv build",
  "",
  "upload: build",
  "  uv-publish",
  "",
  "[private]",
  "@clean:",
  "  @rm -rf dist",
  "",
].join("\n");

test("a justfile recipe that uploads to PyPI is the PyPI publisher: kept without --replace, its recipe removed with it", async () => {
  const files = { ...PY, justfile: JUSTFILE };
  const inf = await infer(files);
  assert.deepEqual(tools(inf), ["uv-publish publishes [pypi] pypi makefile"]);
  assert.equal(decision(inf, "pypi").decision, "keep");
  assert.deepEqual(inf.values.find((v) => v.key === "workflows.generate")?.value, []);
  assert.match(inf.automation[0]!.why, /uv publish/);
  const a = await assembled(files);
  const edit = a.oldFlowEdits.find((e) => e.path === "justfile")!;
  assert.deepEqual(edit.removes, ["just upload"]);
  assert.doesNotMatch(edit.want!, /uv-publish|upload:/);
  assert.match(edit.want!, /^build:\n {2}rm -rf dist\n {2}uv build$/m);
  // `.justfile` and `Justfile` are read alike; TestPyPI through the wrapper's --repository is no PyPI publisher.
  const test = await infer({ ...PY, ".justfile": "release:\n    uvx uv-publish --repository testpypi\n" });
  assert.deepEqual(tools(test), ["uv-publish publishes [] testpypi makefile"]);
  const twine = await infer({ ...PY, Justfile: "publish version:\n\ttwine upload dist/*\n" });
  assert.deepEqual(tools(twine), ["twine publishes [pypi] pypi makefile"]);
});

// bulletmark/uv-publish (the same justfile): a recipe's dependencies, parameters and just's own statements.
test("a justfile is read as just reads it: recipes, parameters, dependencies; a workflow's `just` runs them", () => {
  const rules = justfileRules(
    [
      "set shell := ['bash', '-c']",
      "alias up := upload",
      "version := '1.0'",
      "",
      "upload target='pypi' +flags='': build (sign version) && notify",
      "  uv publish --index {{target}} {{flags}}",
      "",
      "  echo after a blank line",
      "build:",
      "\tuv build",
      "sign v:",
      "  gpg --sign dist/*",
      "notify:",
      "  echo sent",
    ].join("\n"),
  );
  assert.deepEqual(
    rules.map((r) => `${r.target} <- ${r.prerequisites.join(" ")}: ${r.recipe.map((x) => x.text).join("; ")}`),
    [
      "upload <- build sign notify: uv publish --index {{target}} {{flags}}; echo after a blank line",
      "build <- : uv build",
      "sign <- : gpg --sign dist/*",
      "notify <- : echo sent",
    ],
  );
  const files = { justfile: "release: build\n  uv publish\nbuild:\n  uv build\n" };
  assert.deepEqual(scriptTargets([["just", "release", "1.2.0"]], files), ["justfile#release", "justfile#build"]);
  assert.deepEqual(
    scriptTargets([["just", "--justfile", "ci/Justfile", "release"]], { "ci/Justfile": "release:\n  x\n" }),
    ["ci/Justfile#release"],
  );
});

test("a justfile recipe a release workflow runs publishes in that workflow, not by hand", async () => {
  const inf = await infer({
    ...PY,
    justfile: "publish: build\n  uv publish\nbuild:\n  uv build\n",
    ".github/workflows/publish.yml": [
      "on:",
      "  push:",
      "    tags: ['v*']",
      "jobs:",
      "  publish:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: just publish",
      "",
    ].join("\n"),
  });
  assert.deepEqual(tools(inf), ["uv publish publishes [pypi] pypi workflow"]);
});

// changesets/changesets: its publish workflow uses changesets/action v2's sub-actions, `select-mode`, `version`,
// `pack`, then `publish` (npm trusted publishing and GitHub releases), with .changeset/config.json.
const CHANGESETS_V2 = [
  "on:",
  "  push:",
  "    branches: [main]",
  "jobs:",
  "  mode:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: changesets/action/select-mode@0123456789abcdef0123456789abcdef01234567 # v2",
  "  version:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: changesets/action/version@v2",
  "        with:",
  "          script: pnpm version-packages",
  "  pack:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: changesets/action/pack@v2",
  "  publish:",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: Changesets/Action/publish@v2",
  "",
].join("\n");

test("an action's sub-path is that repository's action: changesets/action/publish tags, releases and publishes to npm", async () => {
  const inf = await infer({
    ...PY,
    ".changeset/config.json": '{ "baseBranch": "main" }\n',
    ".github/workflows/publish.yml": CHANGESETS_V2,
  });
  assert.deepEqual(tools(inf), ["changesets publishes [release] npm workflow"]);
  const use = (uses: string, w: Record<string, unknown> = {}) =>
    toolUses({ uses, with: w, env: {} }, { env: {}, commands: [], startedOnlyByRelease: false }).map(
      (u) => `${u.tool}${u.createsRelease ? " releases" : ""}${u.registry ? ` ${u.registry}` : ""}`,
    );
  assert.deepEqual(use("changesets/action/version@v2"), []);
  assert.deepEqual(use("changesets/action/publish@v2", { createGithubReleases: false }), ["changesets npm"]);
  assert.deepEqual(use("changesets/action@v1", { publish: "pnpm release" }), ["changesets releases npm"]);
  assert.deepEqual(use("changesets/action@v1"), [], "v1 without a publish command only opens the version PR");
  // An entry that names one action is matched by its full name: another path of that repository is another action.
  assert.deepEqual(use("softprops/action-gh-release/other@v2"), []);
});
