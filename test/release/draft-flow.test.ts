/**
 * The draft-first cut against the stand-in, with immutable releases on and off: the
 * draft, the builds dispatched with the operator's token, the wait for every promised
 * asset, one publication that fans out (PyPI starts only then), the verification;
 * --no-watch and the resume; a failed build; a release already published and
 * incomplete; a burnt tag name.
 */
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import type { StandInOptions } from "../../tasks/stand-in/index.ts";
import type { SimulatedCiOptions } from "../../tasks/stand-in/ci.ts";
import { COMPLETE_ASSETS, draftRepo, draftStandIn } from "./draft-fixtures.ts";
import { originRefs, publishCut, SLUG, stepIds } from "./publish-helpers.ts";

async function setup(t: TestContext, opts: StandInOptions & { ci?: SimulatedCiOptions } = {}) {
  const repo = draftRepo();
  t.after(repo.cleanup);
  const { s, ci } = await draftStandIn(repo, opts);
  t.after(() => s.close());
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  return { repo, s, ci, yes: (args: string[]) => publishCut(repo, s, args) };
}

const names = (r: { assets: { name: string }[] }) => r.assets.map((a) => a.name).sort();
const writes = (s: { requests: { method: string; path: string; auth?: string }[] }) =>
  s.requests.filter((q) => q.method !== "GET").map((q) => `${q.method} ${q.path.replace(/\?.*$/, "")} ${q.auth}`);

for (const immutable of [true, false])
  test(`the whole cut, immutable releases ${immutable ? "on" : "off"}: draft, builds, every asset, one publication, PyPI after it, verified`, async (t) => {
    const { s, ci, yes } = await setup(t, { immutable });
    const r = await yes(["--yes"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(stepIds(r).slice(5), [
      "push:done",
      "draft:done",
      "builds:done",
      "assets:done",
      "publish:done",
      "verify:done",
      "watch:done",
    ]);
    const [rel] = s.state.releases;
    assert.equal(s.state.releases.length, 1);
    assert.equal(rel!.draft, false);
    assert.equal(rel!.immutable, immutable);
    assert.equal(s.state.latestReleaseId, rel!.id);
    assert.deepEqual(names(rel!), COMPLETE_ASSETS("1.3.0"));
    // The builds were dispatched with the operator's token while the release was a draft...
    const builds = ci.observed.filter((o) => o.event === "workflow_dispatch");
    assert.deepEqual(builds.map((o) => o.workflow).sort(), ["build-binaries.yml", "build-tauri.yml"]);
    assert.ok(builds.every((o) => o.release?.draft === true));
    assert.ok(s.state.runs.filter((x) => x.event === "workflow_dispatch").every((x) => x.actor === "operator"));
    // ...and PyPI started once, from the publication, when every asset was already there.
    const pypi = ci.observed.filter((o) => o.workflow === "publish-pypi.yml");
    assert.deepEqual(pypi, [
      {
        workflow: "publish-pypi.yml",
        event: "release",
        tag: "v1.3.0",
        release: { draft: false, assets: COMPLETE_ASSETS("1.3.0") },
      },
    ]);
    // The operator's token made the release and published it once; the uploads were the workflows' own token.
    const mine = writes(s).filter((w) => w.endsWith(" operator"));
    assert.deepEqual(
      mine.filter((w) => !w.includes("/dispatches")),
      [`POST /repos/${SLUG}/releases operator`, `PATCH /repos/${SLUG}/releases/${rel!.id} operator`],
    );
    assert.ok(
      writes(s)
        .filter((w) => w.includes("/assets"))
        .every((w) => w.endsWith(" actions")),
    );
    assert.ok(!writes(s).some((w) => w.startsWith("DELETE /repos") && w.includes("/git/refs")), "no tag deleted");
    // Verified: published, immutable as the setting says, every recorded checksum equal to GitHub's digest.
    assert.equal(r.json.immutable.state, immutable ? "on" : "off");
    assert.equal(r.json.verification.ok, true, JSON.stringify(r.json.verification));
    assert.equal(r.json.verification.immutable.release, immutable);
    assert.equal(r.json.verification.digests.checked, COMPLETE_ASSETS("1.3.0").length - 2);
    assert.deepEqual(r.json.verification.digests.unrecorded, []);
    assert.equal(r.json.verification.attestation.status, "skipped");
    assert.deepEqual(
      r.json.fanOut.map((w: { workflow: string; status: string }) => `${w.workflow}:${w.status}`),
      ["publish-pypi.yml:started"],
    );
    assert.match(r.stderr, /verified: published; (immutable|not immutable \(setting off\)); 8\/8 digest/);
    // A rerun finds everything done and changes nothing.
    const before = writes(s).length;
    const again = await yes(["--yes", "--no-watch"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(writes(s).slice(before), []);
  });

test("--no-watch stops at the draft and says what is missing; a later --yes finds it, waits and publishes", async (t) => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const { repo, s, ci, yes } = await setup(t, { immutable: true });
  // The builds start but do not finish before the first cut looks.
  const play = ci.runner;
  s.setRunner(async (run, rc) => {
    await held;
    return play(run, rc);
  });
  const first = await yes(["--yes", "--no-watch"]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(stepIds(first).slice(-3), ["draft:done", "builds:done", "assets:waiting"]);
  assert.equal(s.state.releases[0]!.draft, true);
  assert.match(first.json.waiting.running.join(), /build-tauri\.yml/);
  assert.ok(first.json.waiting.missing.some((m: string) => /latest\.json/.test(m)));
  assert.match(first.stderr, /draft v1\.3\.0 .* is waiting for .*latest\.json/);
  assert.match(first.stderr, /Run `tsx release\.ts --yes` to resume/);
  assert.ok(!ci.observed.some((o) => o.workflow === "publish-pypi.yml"), "nothing published, so no PyPI");
  assert.match(originRefs(repo), /refs\/tags\/v1\.3\.0/);

  release();
  await s.idle();
  const resumed = await yes(["--yes"]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.deepEqual(stepIds(resumed).slice(4), [
    "tag:skipped",
    "push:skipped",
    "draft:skipped",
    "builds:skipped",
    "assets:skipped",
    "publish:done",
    "verify:done",
    "watch:done",
  ]);
  assert.equal(s.state.releases.length, 1);
  assert.equal(s.state.releases[0]!.draft, false);
  assert.equal(s.state.runs.filter((x) => x.event === "workflow_dispatch").length, 2, "no second dispatch");
  assert.equal(ci.observed.filter((o) => o.workflow === "publish-pypi.yml").length, 1);
});

test("a build that fails leaves the draft unpublished with the run named; the rerun starts it again and publishes", async (t) => {
  const { s, ci, yes } = await setup(t, { immutable: true, ci: { failOnce: ["build-binaries.yml"] } });
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "release.build-failed");
  assert.match(
    r.json.error.message,
    /build-binaries\.yml ended failure \(http.*\/actions\/runs\/\d+\); the release stays a draft/,
  );
  assert.match(r.json.error.fix, /rerun `tsx release\.ts --yes`/);
  assert.equal(s.state.releases[0]!.draft, true);
  assert.ok(!ci.observed.some((o) => o.workflow === "publish-pypi.yml"));
  const again = await yes(["--yes"]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(s.state.releases[0]!.draft, false);
  assert.deepEqual(names(s.state.releases[0]!), COMPLETE_ASSETS("1.3.0"));
  assert.deepEqual(
    s.state.runs
      .filter((x) => x.event === "workflow_dispatch")
      .map((x) => `${x.workflow}:${x.conclusion}`)
      .sort(),
    ["build-binaries.yml:failure", "build-binaries.yml:success", "build-tauri.yml:success"],
  );
});

// Real projects hit this once immutable releases were on (rubyists/linear-cli-ex#18, skilld-dev/skilld#145):
// a release published before its assets, unrepairable. The cut never deletes or recreates it.
test("a release already published and incomplete on an immutable repository: the cut stops and says to cut the next patch", async (t) => {
  const { repo, s, yes } = await setup(t, { immutable: true });
  // A cut stopped after its push; then someone published v1.3.0 by hand, empty (as a publish-first tool would).
  const stopped = await publishCut(repo, s, ["--yes"], { RELEASE_FAIL_AFTER: "push" });
  assert.equal(stopped.json.error.code, "release.fail-after");
  const res = await fetch(`${s.url}/repos/${SLUG}/releases`, {
    method: "POST",
    headers: { authorization: `token ${s.token}`, "content-type": "application/json" },
    body: JSON.stringify({ tag_name: "v1.3.0", name: "Demo v1.3.0", body: "by hand" }),
  });
  assert.equal(res.status, 201);
  const before = writes(s).length;
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "release.published-incomplete");
  assert.match(
    r.json.error.message,
    /v1\.3\.0: the release is already published and immutable but lacks .*latest\.json/,
  );
  assert.match(r.json.error.fix, /tsx release\.ts --yes --bump patch/);
  const after = writes(s).slice(before);
  assert.ok(!after.some((w) => w.startsWith("DELETE")), after.join("\n"));
  assert.ok(!after.some((w) => w.includes("/dispatches")), "no build started for a release that cannot take assets");
  assert.ok(!after.some((w) => w.includes("/assets")));
  assert.equal(s.state.releases.length, 1);
});

test("a tag name an immutable release once used is refused by GitHub: the cut says the version is burnt and to cut the next patch", async (t) => {
  const { s, yes } = await setup(t, { immutable: true });
  s.state.burntTags.add("v1.3.0");
  const r = await yes(["--yes"]);
  assert.equal(r.code, 1);
  assert.equal(r.json.error.code, "release.tag-burnt");
  assert.match(r.json.error.message, /an immutable release of acme\/demo used it before/);
  assert.match(r.json.error.fix, /--bump patch/);
  assert.equal(s.state.releases.length, 0);
});
