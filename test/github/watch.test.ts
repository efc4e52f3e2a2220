import assert from "node:assert/strict";
import { test } from "node:test";
import { createGitHub } from "../../tasks/lib/github/client.ts";
import { publishRelease } from "../../tasks/lib/github/releases.ts";
import {
  diagnoseMissing,
  formatWatch,
  watchFanOut,
  type WatchOptions,
  type WorkflowWatch,
} from "../../tasks/lib/github/watch.ts";
import { ALL_WORKFLOWS, RELEASE_WORKFLOWS } from "./fixtures.ts";
import { withStandIn } from "../helpers/stand-in.ts";

const SHA = "c".repeat(40);
const WORKFLOWS = RELEASE_WORKFLOWS.map((w) => w.file);

/** A clock that only moves when the watch sleeps: the bounded wait is exact and instant. */
function fakeTime(): Pick<WatchOptions, "now" | "sleep"> & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) };
}

const base = { repo: "acme/atlas", tag: "v1.4.0", sha: SHA, workflows: WORKFLOWS, timeoutMs: 120_000, pollMs: 5_000 };

test("watchFanOut() reports every release workflow as started, with status and URL, as they appear", async () => {
  await withStandIn(async (s, gh) => {
    s.state.refs.set("v1.4.0", SHA);
    await publishRelease(gh, { repo: "acme/atlas", tag: "v1.4.0", title: "t", notes: "n", prerelease: false });
    s.state.runs[0]!.status = "completed";
    s.state.runs[0]!.conclusion = "success";
    const updates: WorkflowWatch[] = [];
    const time = fakeTime();
    const report = await watchFanOut(gh, { ...base, ...time, onUpdate: (u) => updates.push(u) });
    assert.deepEqual(
      report.map((r) => [r.workflow, r.status]),
      WORKFLOWS.map((w) => [w, "started"]),
    );
    assert.equal(updates.length, 3);
    assert.deepEqual(time.slept, [], "no waiting once every run is there");
    const pypi = report.find((r) => r.workflow === "publish-pypi.yml")!;
    assert.deepEqual([pypi.run?.status, pypi.run?.conclusion], ["completed", "success"]);
    assert.match(
      formatWatch(pypi),
      /^publish-pypi\.yml: completed \(success\) http:\/\/127\.0\.0\.1:\d+\/acme\/atlas\/actions\/runs\/\d+$/,
    );
  });
});

test("a workflow whose on: lacks release: published is reported missing by name, with that reason, after the bounded wait", async () => {
  const broken = { file: "build-binaries.yml", yaml: "on:\n  push:\n    tags: ['v*']\njobs: {}\n" };
  const workflows = [...RELEASE_WORKFLOWS.filter((w) => w.file !== broken.file), broken];
  await withStandIn(
    async (s, gh) => {
      s.state.refs.set("v1.4.0", SHA);
      await publishRelease(gh, { repo: "acme/atlas", tag: "v1.4.0", title: "t", notes: "n", prerelease: false });
      const time = fakeTime();
      const report = await watchFanOut(gh, {
        ...base,
        ...time,
        workflowSources: Object.fromEntries(workflows.map((w) => [w.file, w.yaml])),
      });
      assert.deepEqual(
        report.map((r) => [r.workflow, r.status]),
        [
          ["publish-pypi.yml", "started"],
          ["build-tauri.yml", "started"],
          ["build-binaries.yml", "missing"],
        ],
      );
      assert.match(report[2]!.reason ?? "", /`on:` does not include `release` with type `published`/);
      assert.match(formatWatch(report[2]!), /^build-binaries\.yml: NOT STARTED — likely fan-out failure/);
      assert.equal(
        time.slept.reduce((a, b) => a + b, 0),
        120_000,
        "waits exactly the bounded time",
      );
      assert.ok(time.slept.every((ms) => ms <= 5_000));
    },
    { workflows },
  );
});

test("a release made with the actions token starts nothing, and the watch says why", async () => {
  await withStandIn(async (s) => {
    const actions = createGitHub({ token: s.actionsToken, baseUrl: s.url, retries: 0 });
    await publishRelease(actions, { repo: "acme/atlas", tag: "v1.4.0", title: "t", notes: "n", prerelease: false });
    assert.equal(s.state.runs.length, 0);
    const gh = createGitHub({ token: s.token, baseUrl: s.url, retries: 0 });
    const report = await watchFanOut(gh, { ...base, ...fakeTime(), timeoutMs: 10_000 });
    assert.ok(report.every((r) => r.status === "missing"));
    assert.ok(
      report.every((r) => /created with the workflow's GITHUB_TOKEN/.test(r.reason ?? "")),
      JSON.stringify(report),
    );
  });
});

test("a disabled workflow, an unknown workflow file and Actions disabled are each named", async () => {
  await withStandIn(
    async (s, gh) => {
      s.state.workflows.find((w) => w.file === "build-tauri.yml")!.state = "disabled_manually";
      await publishRelease(gh, { repo: "acme/atlas", tag: "v1.4.0", title: "t", notes: "n", prerelease: false });
      const report = await watchFanOut(gh, {
        ...base,
        sha: s.state.runs[0]!.head_sha,
        ...fakeTime(),
        timeoutMs: 10_000,
        workflows: ["build-tauri.yml", "gone.yml"],
      });
      assert.match(report[0]!.reason ?? "", /disabled manually: enable it with `gh workflow enable build-tauri.yml`/);
      assert.match(report[1]!.reason ?? "", /does not know .github\/workflows\/gone.yml/);
    },
    { workflows: ALL_WORKFLOWS },
  );
  await withStandIn(async (s, gh) => {
    s.state.actionsEnabled = false;
    await publishRelease(gh, { repo: "acme/atlas", tag: "v1.4.0", title: "t", notes: "n", prerelease: false });
    const report = await watchFanOut(gh, { ...base, ...fakeTime(), timeoutMs: 10_000 });
    assert.ok(report.every((r) => /Actions is disabled/.test(r.reason ?? "")));
  });
});

test("a run that appears on a later poll is picked up; runs on another commit do not count", async () => {
  await withStandIn(async (s, gh) => {
    s.state.refs.set("v1.4.0", "d".repeat(40));
    await publishRelease(gh, { repo: "acme/atlas", tag: "v1.4.0", title: "t", notes: "n", prerelease: false });
    // The runs are on d…d; the watch looks for c…c until they are moved there mid-wait.
    let polls = 0;
    const time = fakeTime();
    const report = await watchFanOut(gh, {
      ...base,
      now: time.now,
      sleep: async (ms) => {
        await time.sleep!(ms);
        if (++polls === 2) for (const r of s.state.runs) r.head_sha = SHA;
      },
    });
    assert.ok(report.every((r) => r.status === "started"));
    assert.equal(polls, 2);
  });
});

test("diagnoseMissing() puts the most likely cause first", () => {
  assert.match(
    diagnoseMissing({ workflow: "a.yml", releaseAuthor: "github-actions[bot]", source: "on: push" }),
    /GITHUB_TOKEN/,
  );
  assert.match(diagnoseMissing({ workflow: "a.yml", source: "on: push", state: "disabled_manually" }), /`on:`/);
  assert.match(diagnoseMissing({ workflow: "a.yml", source: "on: release" }), /check first/);
});
