/**
 * The toolkit's cut as the doctor simulates it, held to what the cut does since it is
 * draft first (docs/RELEASE.md): one push of the branch and the tag, a
 * `workflow_dispatch` of each build at the tag while the release is a draft, and the
 * draft published with the operator's token — which emits `published` and
 * `released`/`prereleased`, never `created` (GitHub's events reference: a draft's
 * `created` fires while it is a draft, and drafts start no workflow). A repository that
 * has not adopted the toolkit is simulated with its own flow instead, never the cut's.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { cutEvents, cutTags, ownFlowEvents, simulateFanOut } from "../../tasks/lib/workflows/analysis.ts";
import { workflowContractChecks } from "../../tasks/lib/workflows/contract-checks.ts";
import { parseWorkflow } from "../../tasks/lib/workflows/read.ts";
import { parseTriggers, startsOn } from "../../tasks/lib/workflows/triggers.ts";
import { runChecks } from "../../tasks/lib/core/checks/run.ts";
import { tempDir, writeFiles } from "../helpers/gitdir.ts";
import { makeConfig, makeCtx } from "../doctor/ctx.ts";

const config = makeConfig("/nowhere", {
  versionFiles: ["package.json"],
  github: { releaseWorkflows: ["build.yml", "pypi.yml"] },
});
const tags = cutTags("v", "2.0.0");

test("the cut pushes, dispatches its builds at both tags, and publishes drafts only, with the operator's token", () => {
  const events = cutEvents(config, tags);
  assert.deepEqual(
    events.map((e) => e.kind),
    ["push-branch", "push-tag", "push-tag", "dispatch", "dispatch", "release", "release"],
  );
  for (const e of events) if (e.kind === "release") assert.equal(e.fromDraft, true, "no release is created published");
  for (const e of events) if (e.kind !== "push-branch") assert.equal(e.actor, "operator");
  const dispatched = events.filter((e) => e.kind === "dispatch").map((e) => (e.kind === "dispatch" ? e.tag : ""));
  assert.deepEqual(dispatched, ["v2.0.0", "v2.0.0-rc.1"]);
});

// Activity types of the `release` event (GitHub's events reference).
const TYPES = ["published", "unpublished", "created", "edited", "deleted", "prereleased", "released"] as const;

test("invariant: a `release` listener starts on the cut exactly when its types include what a published draft emits", () => {
  fc.assert(
    fc.property(fc.option(fc.subarray([...TYPES], { minLength: 1 }), { nil: undefined }), (types) => {
      const w = parseWorkflow(
        "pypi.yml",
        `on:\n  release:${types ? `\n    types: [${types.join(", ")}]` : ""}\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo p\n`,
      );
      const started = simulateFanOut([w], cutEvents(config, tags)).some((s) => s.workflows.includes("pypi.yml"));
      const emitted = ["published", "released", "prereleased"];
      assert.equal(started, !types || types.some((t) => emitted.includes(t)), JSON.stringify(types));
    }),
  );
});

test("a build with workflow_dispatch and no release trigger is started by the cut's dispatch, and only when configured", () => {
  const build = parseWorkflow(
    "build.yml",
    "on:\n  workflow_dispatch:\n    inputs:\n      tag: { type: string }\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo b\n",
  );
  const other = parseWorkflow("other.yml", build.text);
  const rows = simulateFanOut([build, other], cutEvents(config, tags)).filter((r) => r.event.kind === "dispatch");
  assert.deepEqual(
    rows.map((r) => r.workflows),
    [["build.yml"], ["build.yml"]],
  );
  // A workflow that listens to the release is started by the publication, not dispatched (release-roles.ts).
  const both = parseTriggers({ release: { types: ["published"] }, workflow_dispatch: null });
  assert.equal(startsOn(both, { kind: "dispatch", tag: "v2.0.0", workflows: ["x.yml"], actor: "operator" }), false);
});

test("a repository's own flow: a tool's published release emits created, a tool's draft does not, a person may do either", () => {
  const kinds = (flow: "draft" | "published" | "by-hand") =>
    ownFlowEvents(flow, tags)
      .filter((e) => e.kind === "release")
      .map((e) =>
        e.kind === "release"
          ? `${e.prerelease ? "pre" : "stable"}:${e.fromDraft ? "draft" : "at-once"}:${e.actor}`
          : "",
      );
  assert.deepEqual(kinds("published"), ["stable:at-once:tool", "pre:at-once:tool"]);
  assert.deepEqual(kinds("draft"), ["stable:draft:person", "pre:draft:person"]);
  assert.deepEqual(kinds("by-hand"), [
    "stable:at-once:person",
    "stable:draft:person",
    "pre:at-once:person",
    "pre:draft:person",
  ]);
  for (const flow of ["draft", "published", "by-hand"] as const)
    assert.ok(
      ownFlowEvents(flow, tags).every((e) => e.kind !== "dispatch"),
      "only the toolkit dispatches builds",
    );
});

const job = "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo a\n";

test("adopted: a `created`-only workflow fails with the reason the cut gives now (its draft is published)", async (t) => {
  const root = tempDir();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFiles(root, {
    ".github/workflows/pypi.yml": `on:\n  release:\n    types: [created]\n${job}`,
    ".github/workflows/build.yml": `on:\n  workflow_dispatch:\n${job}`,
  });
  const ctx = makeCtx(root, { config: { github: { releaseWorkflows: ["build.yml", "pypi.yml"] } } });
  const [r] = await runChecks(workflowContractChecks, ctx, { only: ["workflow.fan-out"] });
  assert.equal(r!.status, "fail");
  assert.match(
    r!.message,
    /pypi\.yml starts only on `created`, which publishing a draft does not emit \(the cut publishes its draft of v1\.2\.3/,
  );
  assert.doesNotMatch(r!.message, /build\.yml does not start/, "the dispatched build is started");
  assert.doesNotMatch(r!.message, /published at once/, "the cut never creates a release published");
  assert.match(r!.message, /workflow_dispatch at v1\.2\.3 \(the draft's builds\): build\.yml/);
  assert.match(r!.fix!, /workflow_dispatch/);
  assert.match(r!.fix!, /types: \[published\]/);
});

test("zero-config, the fan-out table shows the repository's own events, never the toolkit's dispatch", async (t) => {
  // Niamoto's mid-2026 build-binaries.yml ran on the tag push and had workflow_dispatch beside it;
  // without the toolkit nothing dispatches it at a release, so only the tag push is simulated.
  const root = tempDir();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFiles(root, {
    ".github/workflows/build-binaries.yml": `on:\n  workflow_dispatch:\n  push:\n    tags: ["v*"]\n${job}`,
  });
  const ctx = makeCtx(root);
  const zero = { ...ctx, config: { ...ctx.config, source: "default" } };
  const [r] = await runChecks(workflowContractChecks, zero, { only: ["workflow.fan-out"] });
  assert.equal(r!.status, "pass", r!.message);
  assert.match(r!.message, /push of tag v1\.2\.3: build-binaries\.yml/);
  assert.doesNotMatch(r!.message, /workflow_dispatch at|operator's token/);
});
