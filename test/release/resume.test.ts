/**
 * Crash-safe resume: crash the cut after every named step in turn (RELEASE_FAIL_AFTER),
 * rerun it, and compare the final state with an uninterrupted run: origin's branch and
 * tag (byte-identical objects, thanks to fixed dates), one CHANGELOG section, one
 * release with the same notes, one run per release workflow. Also a real kill.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import type { StandIn } from "../../tasks/stand-in/index.ts";
import { cloneRepo, type TempRepo } from "../helpers/gitdir.ts";
import { runEntry } from "../helpers/run-entry.ts";
import { releaseRepo } from "./helpers.ts";
import { originRefs, parseCut, publishCut, standInEnv, standInFor, startCut } from "./publish-helpers.ts";

/** Fixed dates: the release commit and tag object are then the same bytes in every copy. */
const DATES = { GIT_AUTHOR_DATE: "2025-01-01T12:00:00Z", GIT_COMMITTER_DATE: "2025-01-01T12:00:00Z" };

/** One base repository (tagged v1.2.3 plus two commits), copied for each scenario. */
function baseRepo(): TempRepo {
  const repo = releaseRepo();
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  repo.commit("fix: sidecar survives a hidden window", { "a.txt": "2" });
  repo.git("push", "-q", "origin", "main");
  return repo;
}

/** A fresh copy: its own bare origin (a clone of the base's) and work tree. */
function copyOf(base: TempRepo): TempRepo {
  return cloneRepo(base, "rc-resume-");
}

interface FinalState {
  origin: string;
  changelog: string;
  releases: { tag: string; name: string | null; body: string | null; draft: boolean; prerelease: boolean }[];
  runs: string[];
}

function finalState(repo: TempRepo, s: StandIn): FinalState {
  return {
    origin: originRefs(repo),
    changelog: readFileSync(join(repo.dir, "CHANGELOG.md"), "utf8"),
    releases: s.state.releases.map((r) => ({
      tag: r.tag_name,
      name: r.name,
      body: r.body,
      draft: r.draft,
      prerelease: r.prerelease,
    })),
    runs: s.state.runs.map((r) => `${r.workflow}@${r.head_sha}`).sort(),
  };
}

async function scenario(base: TempRepo, crashAfter: string | undefined): Promise<FinalState> {
  const repo = copyOf(base);
  const s = await standInFor(repo);
  try {
    if (crashAfter) {
      const crashed = await publishCut(repo, s, ["--yes"], { ...DATES, RELEASE_FAIL_AFTER: crashAfter });
      assert.equal(crashed.code, 1, `crash after ${crashAfter}: ${crashed.stderr}`);
      assert.equal(crashed.json.error.code, "release.fail-after");
    }
    const r = await publishCut(repo, s, ["--yes"], DATES);
    assert.equal(r.code, 0, `rerun after ${crashAfter}: ${r.stderr}`);
    return finalState(repo, s);
  } finally {
    await s.close();
    repo.cleanup();
  }
}

test("a crash after each named step, then a rerun, ends exactly like an uninterrupted run", async (t) => {
  const base = baseRepo();
  t.after(base.cleanup);
  const steps = runEntry("release.ts", ["--list-steps"]).stdout.trim().split("\n");
  assert.deepEqual(steps, [
    "changelog",
    "version-files",
    "lockfiles",
    "commit",
    "tag",
    "push",
    "draft",
    "builds",
    "assets",
    "publish",
    "verify",
    "watch",
  ]);
  const reference = await scenario(base, undefined);
  // The reference itself: main and the tag on origin, one section, one release, three runs.
  assert.match(reference.origin, /refs\/heads\/main\n[\s\S]*refs\/tags\/v1\.3\.0\n/);
  assert.equal(reference.changelog.match(/^## \[1\.3\.0\]/gm)?.length, 1);
  assert.equal(reference.releases.length, 1);
  assert.match(reference.releases[0]!.body!, /clusters[\s\S]*sidecar survives/);
  assert.equal(reference.runs.length, 3);
  // Crash scenarios in small parallel batches (each has its own origin and stand-in).
  for (let i = 0; i < steps.length; i += 4) {
    const batch = steps.slice(i, i + 4);
    const results = await Promise.all(batch.map((step) => scenario(base, step)));
    results.forEach((state, j) => assert.deepEqual(state, reference, `crash after ${batch[j]}`));
  }
});

/** An HTTP proxy to the stand-in that holds the release creation forever (until closed). */
async function hangingProxy(target: string, onHang: () => void) {
  const held: import("node:http").ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.method === "POST" && /\/releases$/.test(req.url ?? "")) {
      held.push(res);
      onHang();
      return;
    }
    const up = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

test("the process killed while GitHub hangs on the release: the rerun publishes once, without pushing again", async (t) => {
  const base = baseRepo();
  t.after(base.cleanup);
  const repo = copyOf(base);
  t.after(repo.cleanup);
  const s = await standInFor(repo);
  t.after(() => s.close());
  let kill = () => {};
  const proxy = await hangingProxy(s.url, () => kill());
  t.after(proxy.close);
  const started = startCut(repo, ["--yes"], { ...standInEnv(s), GITHUB_API_URL: proxy.url, ...DATES });
  kill = () => started.kill("SIGKILL");
  const killed = await started.done;
  assert.notEqual(killed.code, 0, "the cut was killed, not finished");
  const pushed = originRefs(repo);
  assert.match(pushed, /refs\/tags\/v1\.3\.0/);
  assert.equal(s.state.releases.length, 0);
  const r = parseCut(await startCut(repo, ["--yes"], { ...standInEnv(s), ...DATES }).done);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.json.steps.map((x: { id: string; status: string }) => `${x.id}:${x.status}`).slice(3), [
    "commit:skipped",
    "tag:skipped",
    "push:skipped",
    "draft:done",
    "builds:skipped",
    "assets:skipped",
    "publish:done",
    "verify:done",
    "watch:done",
  ]);
  assert.equal(originRefs(repo), pushed);
  assert.equal(s.state.releases.length, 1);
  assert.equal(s.state.runs.length, 3);
  assert.equal(execFileSync("git", ["status", "--porcelain"], { cwd: repo.dir, encoding: "utf8" }), "");
});
