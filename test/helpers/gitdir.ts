/**
 * Throwaway git repositories for tests: a work tree with user config and gc off,
 * optionally a bare `origin` it pushes to. Removed by `cleanup()` (call it from `t.after`).
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempDir, writeFiles } from "./tmp.ts";

export { tempDir, writeFiles } from "./tmp.ts";

export interface TempRepo {
  dir: string;
  /** path of the bare origin, when made */
  origin?: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  /** write files (optional), stage everything, commit (`git rev-parse HEAD` when the sha is wanted) */
  commit(message: string, files?: Record<string, string>): void;
  cleanup(): void;
}

/**
 * Git's own housekeeping off: after a commit, fetch or push git starts `git maintenance
 * run --auto` (and `gc --auto` in a bare origin that receives), a process each time that
 * only matters for repositories that live long. Thousands of throwaway repositories do
 * not. Given as `GIT_CONFIG_*` so it reaches every git, the fixtures' and the cut's.
 */
const NO_HOUSEKEEPING: Record<string, string> = {
  GIT_CONFIG_COUNT: "2",
  GIT_CONFIG_KEY_0: "maintenance.auto",
  GIT_CONFIG_VALUE_0: "false",
  GIT_CONFIG_KEY_1: "gc.auto",
  GIT_CONFIG_VALUE_1: "0",
};

/**
 * The template every `git init` and `git clone` copies: only an empty `hooks/`, where the
 * tests put theirs. git's own holds a dozen sample hooks, and copying them made each new
 * repository cost 19 ms instead of 4 (measured over 200 inits), mostly in the kernel, for
 * the thousand or so repositories a run creates. One per test process, removed at its exit.
 */
const TEMPLATE = mkdtempSync(join(tmpdir(), "rc-git-template-"));
mkdirSync(join(TEMPLATE, "hooks"));
process.on("exit", () => rmSync(TEMPLATE, { recursive: true, force: true }));

/** Environment that isolates git from the machine's own config. */
export const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TEMPLATE_DIR: TEMPLATE,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  ...NO_HOUSEKEEPING,
};

// The test identity and settings, written into .git/config at once (one `git config` each was six processes).
const REPO_CONFIG = `[user]
	name = Test
	email = test@example.com
[commit]
	gpgsign = false
[tag]
	gpgsign = false
[gc]
	auto = 0
[maintenance]
	auto = false
[core]
	hooksPath = .git/hooks
`;

export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    input,
    env: { ...process.env, ...GIT_ENV },
    stdio: ["pipe", "pipe", "pipe"],
    maxBuffer: 512 * 1024 * 1024,
  });
}

export interface GitdirOptions {
  files?: Record<string, string>;
  /** create a bare origin and push main to it */
  origin?: boolean;
  /** message of the first commit (when files are given) */
  message?: string;
}

export function gitdir(opts: GitdirOptions = {}): TempRepo {
  const base = tempDir();
  const dir = join(base, "work");
  mkdirSync(dir);
  git(dir, ["init", "-q", "-b", "main"]);
  appendFileSync(join(dir, ".git", "config"), REPO_CONFIG);

  const repo: TempRepo = {
    dir,
    git: (...args) => git(dir, args),
    write: (files) => writeFiles(dir, files),
    commit(message, files) {
      if (files) writeFiles(dir, files);
      git(dir, ["add", "-A"]);
      git(dir, ["commit", "-q", "--allow-empty", "-F", "-"], message);
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
  if (opts.files) repo.commit(opts.message ?? "chore: initial commit", opts.files);
  if (opts.origin) {
    const origin = join(base, "origin.git");
    git(base, ["init", "-q", "--bare", "-b", "main", origin]);
    git(dir, ["remote", "add", "origin", origin]);
    if (opts.files) git(dir, ["push", "-q", "-u", "origin", "main"]);
    repo.origin = origin;
  }
  return repo;
}

/**
 * A fresh copy of a repository for one scenario: its own bare origin (a clone of the
 * base's) and a work tree with the test identity; it only runs git.
 */
export function cloneRepo(base: TempRepo, prefix = "rc-copy-"): TempRepo {
  const dir = tempDir(prefix);
  const origin = join(dir, "origin.git");
  const work = join(dir, "work");
  git(dir, ["clone", "-q", "--bare", base.origin!, origin]);
  git(dir, ["clone", "-q", origin, work]);
  appendFileSync(join(work, ".git", "config"), REPO_CONFIG);
  const unused = () => {
    throw new Error("a cloned repository only runs git");
  };
  return {
    dir: work,
    origin,
    git: (...args) => git(work, args),
    write: unused,
    commit: unused,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
