/**
 * A work tree of a stored snapshot at a commit, for the benches that run on real
 * repositories. A snapshot may lack a few large blobs (a file kept out of the copy):
 * those paths are left out of the checkout (sparse), so the rest can still be read,
 * and the caller is told which ones are missing.
 */
import { spawnSync } from "node:child_process";

/** A path as a sparse-checkout pattern that matches it alone (gitignore syntax: specials escaped). */
const literal = (path: string) => `!/${path.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`)}`;

const git = (dir: string, ...args: string[]) =>
  spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

export interface Checkout {
  /** paths the snapshot has no content for (left out of the work tree) */
  missing: string[];
}

/**
 * Clone `mirror` into `into` and check out `commit` (HEAD when empty); with `branch`, that
 * branch is (re)made at the commit, so HEAD is not detached. Throws with git's own words
 * when the clone or the checkout fails for another reason than a missing blob.
 */
export function checkoutAt(mirror: string, commit: string, into: string, branch?: string): Checkout {
  const clone = spawnSync("git", ["clone", "-q", "--no-checkout", mirror, into], { encoding: "utf8" });
  if (clone.status !== 0) throw new Error(`git clone ${mirror}: ${clone.stderr.trim()}`);
  const at = commit || "HEAD";
  const listed = git(into, "ls-tree", "-r", "-z", at);
  if (listed.status !== 0) throw new Error(`git ls-tree ${at}: ${listed.stderr.trim()}`);
  const entries = listed.stdout
    .split("\0")
    .map((l) => /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  // One batch call for every blob: "missing" is git's answer for an object the snapshot lacks.
  const check = spawnSync("git", ["-C", into, "cat-file", "--batch-check=%(objectname)"], {
    encoding: "utf8",
    input: entries.map((m) => m[1]).join("\n") + "\n",
    maxBuffer: 1 << 28,
  });
  const answers = check.stdout.split("\n");
  const missing = entries.filter((_, i) => / missing$/.test(answers[i] ?? "")).map((m) => m[2]!);
  if (missing.length) {
    const sparse = git(into, "sparse-checkout", "set", "--no-cone", "/*", ...missing.map(literal));
    if (sparse.status !== 0) throw new Error(`git sparse-checkout: ${sparse.stderr.trim()}`);
  }
  const out = branch ? git(into, "checkout", "-q", "-f", "-B", branch, at) : git(into, "checkout", "-q", "-f", at);
  if (out.status !== 0) throw new Error(`git checkout ${at}: ${out.stderr.trim()}`);
  return { missing };
}
