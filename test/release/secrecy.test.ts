/**
 * The operator's token, set in the environment, never appears in anything the cut
 * prints or writes: stdout, stderr, the files of the repository and its origin (git
 * objects included, uncompressed), the commit and tag messages, the release. Error
 * paths included: a 401 and a 500 from GitHub, and a token GitHub rejects.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { releaseRepo } from "./helpers.ts";
import { publishCut, standInEnv, standInFor, startCut } from "./publish-helpers.ts";

/** Every byte under `dir`, as text (binary files too: a token is ASCII). */
function everyFile(dir: string): string {
  let text = "";
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    text += statSync(path).isDirectory() ? everyFile(path) : `${path}\n${readFileSync(path, "latin1")}\n`;
  }
  return text;
}

/** Every git object, uncompressed: commits, tags, trees, blobs. */
function everyObject(gitDir: string): string {
  return execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"], {
    encoding: "latin1",
    maxBuffer: 256 * 1024 * 1024,
  });
}

const scenarios = [
  { name: "a successful cut (human output)", json: false, fail: undefined, token: "stand-in" },
  { name: "a successful cut (--json)", json: true, fail: undefined, token: "stand-in" },
  { name: "a 500 on the release (human output: the thrown error)", json: false, fail: 500, token: "stand-in" },
  { name: "a 401 on the release (--json)", json: true, fail: 401, token: "stand-in" },
  { name: "a token GitHub rejects (401 in the checks)", json: false, fail: undefined, token: "revoked" },
] as const;

for (const sc of scenarios) {
  test(`the token never appears in anything printed or written: ${sc.name}`, async (t) => {
    const repo = releaseRepo();
    t.after(repo.cleanup);
    const s = await standInFor(repo);
    t.after(() => s.close());
    repo.commit("feat: x", { "a.txt": "1" });
    const token = sc.token === "stand-in" ? s.token : "ghp_revoked0123456789abcdefghijklmnopqrstu";
    if (sc.fail) s.failNext(3, sc.fail, { method: "POST", path: /\/releases$/ });
    const env = { ...standInEnv(s), GH_TOKEN: token };
    const r = sc.json
      ? await publishCut(repo, s, ["--yes"], env)
      : await startCut(repo, ["--yes"], env, { json: false }).done;
    // The scenario ran as intended: success, or the error path it is about.
    if (sc.fail || sc.token === "revoked") {
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr + r.stdout,
        sc.token === "revoked" ? /401|Bad credentials/ : new RegExp(`answered ${sc.fail}`),
      );
    } else assert.equal(r.code, 0, r.stderr);
    if (sc.token === "stand-in")
      assert.match(everyObject(repo.origin!), /release: v1\.3\.0/, "the release commit was pushed");
    const written = [
      r.stdout,
      r.stderr,
      everyFile(dirname(repo.dir)), // the work tree, .git and the bare origin
      everyObject(join(repo.dir, ".git")),
      everyObject(repo.origin!),
      repo.git("log", "--all", "--format=%B"),
      repo.git("for-each-ref", "--format=%(contents)", "refs/tags"),
      JSON.stringify(s.state.releases.map((x) => ({ name: x.name, body: x.body, target: x.target_commitish }))),
      JSON.stringify(s.requests),
    ].join("\n");
    assert.ok(!written.includes(token), "the token leaked");
    // And not a recognisable part of it either.
    assert.ok(!written.includes(token.slice(4, 20)), "a part of the token leaked");
  });
}
