/**
 * SIGKILL at every process boundary of a cut, then a rerun. The boundaries are not
 * guessed: the cut announces each one (every git call and child process, every file
 * write) with RELEASE_TRACE_BOUNDARIES=1, and RELEASE_KILL_AT=n makes it `kill -9`
 * itself right before boundary n. For each n the rerun must end exactly like an
 * uninterrupted cut (origin's refs byte for byte, one CHANGELOG section, one release,
 * the same workflow runs, a clean tree, no record left in .git/), and a kill that
 * came before anything was written must leave the exact pre-cut state.
 *
 * The repository carries what makes a real cut fragile: a lockfile refreshed by a
 * shell command, a release file, a preflight command and a pre-commit hook that
 * rewrites that release file and fails the first commit (see hook-fixtures.ts).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { StandIn } from "../../tasks/stand-in/index.ts";
import { cloneRepo, type TempRepo } from "../helpers/gitdir.ts";
import { fingerprint, releaseRepo } from "./helpers.ts";
import { installPreCommit, REQUIREMENTS_HOOK } from "./hook-fixtures.ts";
import { originRefs, parseCut, publishCut, standInEnv, standInFor, startCut } from "./publish-helpers.ts";

const DATES = { GIT_AUTHOR_DATE: "2025-01-01T12:00:00Z", GIT_COMMITTER_DATE: "2025-01-01T12:00:00Z" };
const CONFIG = `export default {
  name: "demo",
  versionFiles: ["pyproject.toml", "src/demo/__version__.py"],
  lockfiles: [{ path: "demo.lock", command: "grep -m1 '^version' pyproject.toml > demo.lock" }],
  releaseFiles: ["requirements.txt"],
  preflight: [{ id: "quick", command: ["true"] }],
};
`;

function baseRepo(): TempRepo {
  const repo = releaseRepo({
    extra: {
      "release.config.ts": CONFIG,
      "demo.lock": 'version = "1.2.3"\n',
      "requirements.txt": "# generated from pyproject.toml 1.2.3\nx>=1\n",
    },
  });
  repo.commit("feat(map): clusters", { "a.txt": "1" });
  repo.commit("fix: sidecar survives a hidden window", { "a.txt": "2" });
  repo.git("push", "-q", "origin", "main");
  return repo;
}

/** A fresh copy with its own bare origin, and the hook installed. */
function copyOf(base: TempRepo): TempRepo {
  const repo = cloneRepo(base, "rc-kill-");
  installPreCommit(repo.dir, REQUIREMENTS_HOOK);
  return repo;
}

const ARGS = ["--yes", "--no-watch"];

function finalState(repo: TempRepo, s: StandIn) {
  return {
    origin: originRefs(repo),
    changelog: readFileSync(join(repo.dir, "CHANGELOG.md"), "utf8"),
    status: repo.git("status", "--porcelain", "--untracked-files=all"),
    record:
      existsSync(join(repo.dir, ".git", "release-cut.json")) ||
      existsSync(join(repo.dir, ".git", "release-cut.json.tmp")),
    releaseCommits: repo
      .git("log", "--format=%s", "v1.2.3..HEAD")
      .split("\n")
      .filter((l) => l.startsWith("release:")),
    releases: s.state.releases.map((r) => `${r.tag_name} ${r.name} ${r.draft} ${r.prerelease}\n${r.body}`),
    runs: s.state.runs.map((r) => `${r.workflow}@${r.head_sha}`).sort(),
  };
}

const boundaryLines = (stderr: string) => stderr.split("\n").filter((l) => /^boundary \d+: /.test(l));

interface Outcome {
  at: number;
  last: string;
  preCutKept: boolean | "n/a";
  state: ReturnType<typeof finalState>;
  rerunLog: string;
}

async function killAt(base: TempRepo, n: number, beforeWriteUntil: number): Promise<Outcome> {
  const repo = copyOf(base);
  const s = await standInFor(repo);
  try {
    const before = fingerprint(repo);
    const env = { ...standInEnv(s), ...DATES, RELEASE_TRACE_BOUNDARIES: "1", RELEASE_KILL_AT: String(n) };
    const killed = await startCut(repo, ARGS, env).done;
    const seen = boundaryLines(killed.stderr);
    assert.notEqual(killed.code, 0, `kill at ${n}: the cut finished instead of dying\n${killed.stderr}`);
    assert.doesNotMatch(killed.stderr, /^released /m);
    assert.match(seen.at(-1) ?? "", new RegExp(`^boundary ${n}: `), `kill at ${n}: last boundary seen`);
    // Nothing was written before this boundary (only reads, or the record inside .git/): the tree is exactly as before.
    const preCutKept = n <= beforeWriteUntil ? fingerprint(repo) === before : "n/a";
    // The rerun is an ordinary cut: in this process (the killed run had to be a process of its own).
    const rerun = await publishCut(repo, s, ARGS, DATES);
    assert.equal(rerun.code, 0, `rerun after a kill at ${n} (${seen.at(-1)}):\n${rerun.stderr}`);
    return { at: n, last: seen.at(-1)!, preCutKept, state: finalState(repo, s), rerunLog: rerun.stderr };
  } finally {
    await s.close();
    repo.cleanup();
  }
}

test("SIGKILL before each process boundary of a cut, then a rerun: the same end state as an uninterrupted cut", async (t) => {
  const started = Date.now();
  const base = baseRepo();
  t.after(base.cleanup);

  // The reference: an uninterrupted cut, traced to find every boundary.
  const ref = copyOf(base);
  t.after(ref.cleanup);
  const s = await standInFor(ref);
  t.after(() => s.close());
  const r = parseCut(await startCut(ref, ARGS, { ...standInEnv(s), ...DATES, RELEASE_TRACE_BOUNDARIES: "1" }).done);
  assert.equal(r.code, 0, r.stderr);
  const reference = finalState(ref, s);
  const labels = boundaryLines(r.stderr);
  // The hook really fired: its rewrite is in the release commit, and the first commit attempt was refused.
  assert.equal(ref.git("show", "HEAD:requirements.txt"), "# generated from pyproject.toml 1.3.0\nx>=1\n");
  assert.equal(labels.filter((l) => /git commit --quiet -m/.test(l)).length, 2, labels.join("\n"));
  assert.deepEqual(reference.releaseCommits, ["release: v1.3.0"]);
  assert.equal(reference.changelog.match(/^## \[1\.3\.0\]/gm)?.length, 1);
  assert.equal(reference.status, "");
  assert.equal(reference.record, false);
  assert.equal(reference.releases.length, 1);
  // Every kind of boundary is there: git reads and writes, the record, file writes, the lockfile and preflight commands.
  for (const kind of [
    /write \.git\/release-cut\.json/,
    /write CHANGELOG\.md/,
    /^boundary \d+: sh -c grep/,
    /^boundary \d+: true/,
    /git push/,
    /git tag/,
  ])
    assert.ok(
      labels.some((l) => kind.test(l)),
      `no boundary like ${kind}`,
    );
  // Boundaries before the first write of a file in the tree (the record lives in .git/).
  const firstTreeWrite = labels.findIndex((l) => /: (write (?!\.git\/)|true$|sh -c)/.test(l)) + 1;

  const outcomes: Outcome[] = [];
  const queue = labels.map((_, i) => i + 1);
  // Two at a time: each kill has its own copy, origin and stand-in.
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift())
      outcomes.push(await killAt(base, n, firstTreeWrite - 1));
  };
  await Promise.all([worker(), worker()]);
  outcomes.sort((a, b) => a.at - b.at);
  for (const o of outcomes) {
    assert.deepEqual(o.state, reference, `kill before ${o.last}`);
    if (o.preCutKept !== "n/a") assert.equal(o.preCutKept, true, `kill before ${o.last}: the tree changed`);
  }
  // Reruns explained what they found: some restored a half-written tree, some finished a complete commit.
  assert.ok(outcomes.some((o) => /interrupted cut of v1\.3\.0 found: restored the state before it/.test(o.rerunLog)));
  assert.ok(
    outcomes.some((o) => /interrupted cut of v1\.3\.0 found: its release commit \w+ is complete/.test(o.rerunLog)),
  );
  t.diagnostic(
    `boundaries covered: ${labels.length} (first tree write at ${firstTreeWrite}); ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});
