import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveTarget, type TargetInput } from "../../tasks/lib/release/target.ts";

const input = (over: Partial<TargetInput> = {}): TargetInput => ({
  current: "1.4.2",
  firstRelease: false,
  resumeVersion: undefined,
  suggested: { bump: "minor", reason: "1 feature(s)" },
  tagPrefix: "v",
  ...over,
});
const v = (over: Partial<TargetInput>, flags: Parameters<typeof resolveTarget>[1] = {}) =>
  resolveTarget(input(over), flags).version;

test("resolveTarget(): suggested bump, --bump, explicit VERSION (with or without the tag prefix)", () => {
  assert.equal(v({}), "1.5.0");
  assert.equal(v({}, { bump: "major" }), "2.0.0");
  assert.equal(v({}, { bump: "patch" }), "1.4.3");
  assert.equal(v({}, { version: "1.4.9" }), "1.4.9");
  assert.equal(v({}, { version: "v1.4.9" }), "1.4.9");
});

test("resolveTarget(): pre-releases rc.0 then rc.1, a new preid, and promotion", () => {
  assert.equal(v({}, { preid: "rc" }), "1.5.0-rc.0");
  assert.equal(v({ current: "1.5.0-rc.0" }, { preid: "rc" }), "1.5.0-rc.1");
  assert.equal(v({ current: "1.5.0-beta.3" }, { preid: "rc" }), "1.5.0-rc.0");
  assert.equal(v({}, { preid: "rc", bump: "major" }), "2.0.0-rc.0");
  assert.equal(v({ current: "1.5.0-rc.1" }), "1.5.0");
  assert.equal(resolveTarget(input({ current: "1.5.0-rc.1" }), {}).kind, "promote");
});

test("resolveTarget(): first release uses the files' version; nothing to suggest is a problem, not a crash", () => {
  assert.equal(v({ firstRelease: true, current: "0.1.0" }), "0.1.0");
  assert.equal(v({ firstRelease: true, current: "0.0.0", suggested: { bump: "minor", reason: "" } }), "0.1.0");
  const none = resolveTarget(
    input({ suggested: { bump: undefined, reason: "no commits since the last release" } }),
    {},
  );
  assert.equal(none.version, null);
  assert.match(none.problem!, /no commits since the last release/);
});

test("resolveTarget(): a rerun on the release commit resumes that version unless told otherwise", () => {
  assert.equal(resolveTarget(input({ current: "1.5.0", resumeVersion: "1.5.0" }), {}).kind, "resume");
  assert.equal(resolveTarget(input({ current: "1.5.0", resumeVersion: "1.5.0" }), { version: "1.5.0" }).kind, "resume");
  assert.equal(v({ current: "1.5.0", resumeVersion: "1.5.0" }, { bump: "patch" }), "1.5.1");
});

test("resolveTarget(): bad flags are usage errors", () => {
  assert.throws(() => resolveTarget(input(), { version: "1.4" }), /not a semantic version/);
  assert.throws(() => resolveTarget(input(), { bump: "huge" }), /major, minor or patch/);
  assert.throws(() => resolveTarget(input(), { version: "2.0.0", bump: "major" }), /Cannot combine/);
  assert.throws(() => resolveTarget(input(), { preid: "r c" }), /--preid/);
});

test("resolveTarget(): files bumped above every tag are the target (aws/aws-sdk-pandas: 3.17.1 over the tag 3.17.0); --bump and VERSION still win", () => {
  const ahead = { current: "3.17.1", ahead: { filesVersion: "3.17.1", above: "3.17.0" } };
  const r = resolveTarget(input(ahead), {});
  assert.deepEqual([r.version, r.kind], ["3.17.1", "ahead"]);
  assert.match(r.reason, /already declare 3\.17\.1, above the newest tag v3\.17\.0/);
  assert.equal(v(ahead, { bump: "minor" }), "3.18.0");
  assert.equal(v(ahead, { version: "4.0.0" }), "4.0.0");
});
