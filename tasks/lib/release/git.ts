/**
 * Git queries and mutations, all through the process door (`exec.ts`). Queries use
 * `read`; anything that changes the repository uses `write` (refused under dry-run).
 * Output formats use NUL and record separators so messages may contain any character.
 */
import { ReleaseError } from "../core/errors.ts";
import { read, write } from "../core/exec.ts";

export interface GitOptions {
  env?: Record<string, string | undefined>;
}

const run = (root: string, args: string[], o: GitOptions = {}) => read(["git", ...args], { cwd: root, env: o.env });
const change = (root: string, args: string[], o: GitOptions = {}) => write(["git", ...args], { cwd: root, env: o.env });

/** The top-level of the work tree containing `cwd`. */
export async function topLevel(cwd: string): Promise<string> {
  const r = await read(["git", "rev-parse", "--show-toplevel"], { cwd, nothrow: true });
  if (r.exitCode !== 0)
    throw new ReleaseError(
      "git.not-a-repo",
      `Cannot release from ${cwd}: it is not inside a git work tree`,
      "Run it in your repository, or pass --repo DIR.",
    );
  return r.stdout.trim();
}

/** The checked-out branch; undefined on a detached HEAD. */
export async function currentBranch(root: string): Promise<string | undefined> {
  const r = await read(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** HEAD's sha, or undefined in a repository without commits. */
export async function headSha(root: string): Promise<string | undefined> {
  const r = await read(["git", "rev-parse", "--verify", "--quiet", "HEAD"], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** The subject of HEAD's commit ("" without commits). */
export async function headSubject(root: string): Promise<string> {
  const r = await read(["git", "log", "-1", "--format=%s"], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout.trim() : "";
}

/** Paths that differ from HEAD: staged, unstaged and untracked (porcelain v1, NUL-separated). */
export async function dirtyPaths(root: string): Promise<string[]> {
  const r = await run(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all"]);
  const entries = r.stdout.split("\0");
  const paths: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.length < 4) continue;
    paths.push(e.slice(3));
    // A rename or copy is followed by its source path.
    if (e[0] === "R" || e[0] === "C") i++;
  }
  return paths;
}

/** Tags starting with `prefix` that are reachable from HEAD. */
export async function mergedTags(root: string, prefix: string): Promise<string[]> {
  const r = await run(root, ["tag", "--merged", "HEAD", "--list", `${prefix}*`]);
  return r.stdout
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every tag starting with `prefix`, reachable or not. */
export async function listTags(root: string, prefix: string): Promise<string[]> {
  const r = await run(root, ["tag", "--list", `${prefix}*`]);
  return r.stdout
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether the repository is a shallow clone (CI's default `fetch-depth: 1`). */
export async function isShallow(root: string): Promise<boolean> {
  const r = await read(["git", "rev-parse", "--is-shallow-repository"], { cwd: root, nothrow: true });
  return r.stdout.trim() === "true";
}

/** The commit a tag points to (peeled), or undefined when the tag does not exist locally. */
export async function localTagCommit(root: string, tag: string): Promise<string | undefined> {
  const r = await read(["git", "rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`], {
    cwd: root,
    nothrow: true,
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * A local tag's own object and the commit it points to, read in one git call (undefined
 * when the tag does not exist). For a lightweight tag the two are the same commit.
 */
export async function localTag(root: string, tag: string): Promise<{ object: string; commit: string } | undefined> {
  const ref = `refs/tags/${tag}`;
  const r = await read(["git", "cat-file", "--batch-check=%(objectname)"], {
    cwd: root,
    input: `${ref}\n${ref}^{commit}\n`,
    nothrow: true,
  });
  // A name git cannot resolve comes back as "<name> missing".
  const [object, commit] = r.stdout.split("\n");
  const isId = (s: string | undefined): s is string => /^[0-9a-f]{40,64}$/.test(s ?? "");
  return r.exitCode === 0 && isId(object) && isId(commit) ? { object, commit } : undefined;
}

/** Whether origin has the tag (one ls-remote call). */
export async function remoteHasTag(root: string, tag: string, remote = "origin"): Promise<boolean> {
  const r = await run(root, ["ls-remote", "--tags", remote, `refs/tags/${tag}`]);
  return r.stdout.trim().length > 0;
}

export async function hasRemote(root: string, remote = "origin"): Promise<boolean> {
  const r = await read(["git", "remote", "get-url", remote], { cwd: root, nothrow: true });
  return r.exitCode === 0;
}

/** Fetch the branch from origin (refreshes origin/<branch>; touches no work tree file). */
export async function fetchBranch(root: string, branch: string, remote = "origin"): Promise<void> {
  await run(root, ["fetch", "--quiet", "--no-tags", remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
}

/** How many commits `ref` has that HEAD lacks; undefined when `ref` does not exist. */
export async function countMissing(root: string, ref: string): Promise<number | undefined> {
  const r = await read(["git", "rev-list", "--count", `HEAD..${ref}`], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? Number(r.stdout.trim()) : undefined;
}

export interface RawCommit {
  sha: string;
  /** the whole message: subject, body, footers */
  message: string;
}

/**
 * Commits in `since..HEAD` (all of HEAD when `since` is undefined), merges left out,
 * newest first. One `git log` call: records are NUL-separated (`-z`), each record is
 * the sha, a newline, then the raw message (git forbids NUL inside a message).
 */
export async function commitsSince(
  root: string,
  since: string | undefined,
  /** further refs whose history is left out too (releases cut on another branch) */
  without: readonly string[] = [],
): Promise<RawCommit[]> {
  const range = [...(since ? [`${since}..HEAD`] : ["HEAD"]), ...without.map((r) => `^${r}`)];
  const args = ["git", "log", "--no-merges", "-z", "--format=%H%n%B", ...range, "--"];
  const r = await read(args, { cwd: root, nothrow: true });
  if (r.exitCode === 0) return parseLogRecords(r.stdout);
  // A branch without commits has no history. Asked only when the log failed: one git process fewer per plan.
  if ((await headSha(root)) === undefined) return [];
  return parseLogRecords((await run(root, args.slice(1))).stdout);
}

/** The newest `max` commits of HEAD's history, newest first, with their subjects. */
export async function recentSubjects(root: string, max: number): Promise<{ sha: string; subject: string }[]> {
  const r = await read(["git", "log", `--max-count=${max}`, "--format=%H%x09%s", "HEAD", "--"], {
    cwd: root,
    nothrow: true,
  });
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => ({ sha: l.slice(0, l.indexOf("\t")), subject: l.slice(l.indexOf("\t") + 1) }));
}

/** Commits in `from..to`, newest first, merges left out (the commits a past release was made from). */
export async function commitsBetween(root: string, from: string, to: string, maxCount?: number): Promise<RawCommit[]> {
  const limit = maxCount === undefined ? [] : [`--max-count=${maxCount}`];
  const r = await run(root, ["log", "--no-merges", "-z", "--format=%H%n%B", ...limit, `${from}..${to}`, "--"]);
  return parseLogRecords(r.stdout);
}

/** Parse `git log -z --format=%H%n%B` output without copying more than each record. */
export function parseLogRecords(out: string): RawCommit[] {
  const commits: RawCommit[] = [];
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf("\0", start);
    if (end === -1) end = out.length;
    const nl = out.indexOf("\n", start);
    if (nl !== -1 && nl < end)
      commits.push({ sha: out.slice(start, nl), message: out.slice(nl + 1, end).replace(/\n+$/, "") });
    start = end + 1;
  }
  return commits;
}

// --- mutations -------------------------------------------------------------

/** Stage everything that changed within the pathspecs: edits, new files and deletions. */
export async function stage(root: string, pathspecs: string[]): Promise<void> {
  if (pathspecs.length) await change(root, ["add", "--all", "--", ...pathspecs]);
}

/**
 * Paths within the pathspecs whose work tree differs from the index, untracked ones
 * included (what a hook rewrote or added after the staging).
 */
export async function unstagedAmong(root: string, pathspecs: string[]): Promise<string[]> {
  if (!pathspecs.length) return [];
  const r = await run(root, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...pathspecs]);
  const entries = r.stdout.split("\0");
  const out: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.length < 4) continue;
    if (e[1] !== " ") out.push(e.slice(3));
    if (e[0] === "R" || e[0] === "C") i++;
  }
  return out;
}

/** The path of a file inside the git directory (worktree-aware), relative paths resolved against root. */
export async function gitPath(root: string, name: string): Promise<string> {
  const r = await run(root, ["rev-parse", "--path-format=absolute", "--git-path", name]);
  return r.stdout.trim();
}

/** The first parent of `sha`, or undefined for a root commit. */
export async function parentOf(root: string, sha: string): Promise<string | undefined> {
  const r = await read(["git", "rev-parse", "--verify", "--quiet", `${sha}^1`], { cwd: root, nothrow: true });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Blob ids of the tracked files among `paths` in commit `sha` (path → id). */
export async function blobsAt(root: string, sha: string, paths: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (!paths.length) return map;
  const r = await run(root, ["ls-tree", "-r", "-z", "--full-tree", sha, "--", ...paths]);
  for (const line of r.stdout.split("\0").filter(Boolean)) {
    const tab = line.indexOf("\t");
    const [, type, id] = line.slice(0, tab).split(" ");
    if (type === "blob") map.set(line.slice(tab + 1), id!);
  }
  return map;
}

/** The blob ids of files as they are on disk, byte for byte (no filters). */
export async function hashFiles(root: string, paths: string[]): Promise<string[]> {
  if (!paths.length) return [];
  const r = await run(root, ["hash-object", "--no-filters", "--", ...paths]);
  return r.stdout.split("\n").filter(Boolean);
}

/** Make the index match HEAD entirely (the work tree is left alone). */
export async function resetIndex(root: string): Promise<void> {
  await change(root, ["reset", "--quiet"]);
}

/** Overwrite the work tree's `paths` with their content in the index. */
export async function checkoutFromIndex(root: string, paths: string[]): Promise<void> {
  if (paths.length) await change(root, ["checkout", "--quiet", "--", ...paths]);
}

/** Commit what is staged; hooks run. Returns the process result (nothrow) so callers can retry. */
export function commit(root: string, message: string, o: GitOptions = {}) {
  return write(["git", "commit", "--quiet", "-m", message], { cwd: root, env: o.env, nothrow: true });
}

export async function annotatedTag(root: string, tag: string, message: string, o: GitOptions = {}): Promise<void> {
  await change(root, ["tag", "--annotate", "--message", message, tag, "HEAD"], o);
}

export async function deleteTag(root: string, tag: string): Promise<void> {
  await change(root, ["tag", "--delete", tag]);
}

/** Move HEAD back to `sha`, keeping the index and files (they are restored separately). */
export async function resetSoft(root: string, sha: string): Promise<void> {
  await change(root, ["reset", "--quiet", "--soft", sha]);
}

/** Make the index match HEAD for `paths` (files untouched). */
export async function unstage(root: string, paths: string[]): Promise<void> {
  if (!paths.length) return;
  if ((await headSha(root)) === undefined)
    await change(root, ["rm", "--cached", "--quiet", "--ignore-unmatch", "--", ...paths]);
  else await change(root, ["reset", "--quiet", "HEAD", "--", ...paths]);
}

/** Whether origin has `branch`, and origin's default branch (one ls-remote call). */
export async function remoteBranches(
  root: string,
  branch: string,
  remote = "origin",
): Promise<{ has: boolean; defaultBranch: string | undefined }> {
  const r = await run(root, ["ls-remote", "--symref", remote, "HEAD", `refs/heads/${branch}`]);
  const defaultBranch = /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(r.stdout)?.[1];
  return {
    has: new RegExp(`\\srefs/heads/${branch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m").test(r.stdout),
    defaultBranch,
  };
}
