/**
 * SIGKILL at each GitHub boundary of the draft-first cut (the draft created, each
 * build dispatched, the publication sent), before and after GitHub acted, then a
 * rerun: the same end state as an uninterrupted cut — one release, published once,
 * every asset, one run per build and one PyPI run, nothing deleted. The approach is
 * kill.test.ts's: the cut announces its boundaries (RELEASE_TRACE_BOUNDARIES=1) and
 * RELEASE_KILL_AT=n makes it kill itself right before boundary n.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { cloneRepo, type TempRepo } from "../helpers/gitdir.ts";
import type { StandIn } from "../../tasks/stand-in/index.ts";
import type { SimulatedCi } from "../../tasks/stand-in/ci.ts";
import { draftRepo, draftStandIn } from "./draft-fixtures.ts";
import { originRefs, parseCut, publishCut, standInEnv, startCut } from "./publish-helpers.ts";

const DATES = { GIT_AUTHOR_DATE: "2025-01-01T12:00:00Z", GIT_COMMITTER_DATE: "2025-01-01T12:00:00Z" };
const ARGS = ["--yes"];

function finalState(repo: TempRepo, s: StandIn, ci: SimulatedCi) {
  return {
    origin: originRefs(repo),
    releases: s.state.releases.map(
      (r) =>
        `${r.tag_name} draft=${r.draft} immutable=${r.immutable} ${r.assets
          .map((a) => a.name)
          .sort()
          .join(",")}`,
    ),
    latest: s.state.releases.findIndex((r) => r.id === s.state.latestReleaseId),
    runs: s.state.runs.map((r) => `${r.workflow}:${r.event}:${r.conclusion}`).sort(),
    pypiSaw: ci.observed.filter((o) => o.workflow === "publish-pypi.yml").map((o) => o.release?.draft),
    deletes: s.requests.filter((q) => q.method === "DELETE" && !q.path.includes("/assets/")).length,
  };
}

const boundaryLines = (stderr: string) => stderr.split("\n").filter((l) => /^boundary \d+: /.test(l));

async function killAt(base: TempRepo, n: number) {
  const repo = cloneRepo(base, "rc-killpub-");
  const { s, ci } = await draftStandIn(repo, { immutable: true });
  try {
    const env = { ...standInEnv(s), ...DATES, RELEASE_TRACE_BOUNDARIES: "1", RELEASE_KILL_AT: String(n) };
    const killed = await startCut(repo, ARGS, env).done;
    const last = boundaryLines(killed.stderr).at(-1) ?? "";
    assert.notEqual(killed.code, 0, `kill at ${n}: the cut finished instead of dying\n${killed.stderr}`);
    assert.match(last, new RegExp(`^boundary ${n}: `));
    await s.idle(); // the builds the killed cut started go on without it, as on GitHub
    const rerun = await publishCut(repo, s, ARGS, DATES);
    assert.equal(rerun.code, 0, `rerun after a kill at ${last}:\n${rerun.stderr}`);
    return { last, state: finalState(repo, s, ci) };
  } finally {
    await s.close();
    repo.cleanup();
  }
}

test("SIGKILL at each GitHub boundary of the draft-first cut (immutable on), then a rerun: the same end state", async (t) => {
  const base = draftRepo();
  t.after(base.cleanup);
  base.commit("feat(map): clusters", { "a.txt": "1" });
  base.git("push", "-q", "origin", "main");

  const ref = cloneRepo(base, "rc-killpub-ref-");
  t.after(ref.cleanup);
  const { s, ci } = await draftStandIn(ref, { immutable: true });
  t.after(() => s.close());
  const r = parseCut(await startCut(ref, ARGS, { ...standInEnv(s), ...DATES, RELEASE_TRACE_BOUNDARIES: "1" }).done);
  assert.equal(r.code, 0, r.stderr);
  await s.idle();
  const reference = finalState(ref, s, ci);
  assert.equal(reference.releases.length, 1);
  assert.match(reference.releases[0]!, /draft=false immutable=true .*latest\.json/);
  assert.deepEqual(reference.pypiSaw, [false]);
  assert.equal(reference.deletes, 0);

  const labels = boundaryLines(r.stderr);
  const github = labels.map((l, i) => ({ l, n: i + 1 })).filter(({ l }) => /: GitHub: /.test(l));
  // Before and after each request that changes GitHub: the draft, both dispatches, the publication.
  for (const kind of [
    /create the draft/,
    /draft v1\.3\.0 created/,
    /dispatch build-tauri/,
    /dispatched build-binaries/,
    /publish v1\.3\.0/,
    /published v1\.3\.0/,
  ])
    assert.ok(
      github.some(({ l }) => kind.test(l)),
      `no boundary like ${kind}:\n${labels.join("\n")}`,
    );
  for (const { n, l } of github) {
    const o = await killAt(base, n);
    assert.deepEqual(o.state, reference, `kill before ${l}`);
  }
  t.diagnostic(`GitHub boundaries covered: ${github.length} of ${labels.length}`);
});
