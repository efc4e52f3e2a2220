/**
 * Throwaway git repositories for tests: a work tree with user config and gc off,
 * optionally a bare `origin` it pushes to. Removed by `cleanup()` (call it from `t.after`).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tempDir, writeFiles } from "./tmp.ts";

export { tempDir, writeFiles } from "./tmp.ts";

export interface TempRepo {
  dir: string;
  /** path of the bare origin, when made */
  origin?: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  /** write files (optional), stage everything, commit; returns the new sha */
  commit(message: string, files?: Record<string, string>): string;
  cleanup(): void;
}

/** Environment that isolates git from the machine's own config. */
export const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

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
  for (const [k, v] of [
    ["user.name", "Test"],
    ["user.email", "test@example.com"],
    ["commit.gpgsign", "false"],
    ["tag.gpgsign", "false"],
    ["gc.auto", "0"],
    ["core.hooksPath", ".git/hooks"],
  ] as const)
    git(dir, ["config", k, v]);

  const repo: TempRepo = {
    dir,
    git: (...args) => git(dir, args),
    write: (files) => writeFiles(dir, files),
    commit(message, files) {
      if (files) writeFiles(dir, files);
      git(dir, ["add", "-A"]);
      git(dir, ["commit", "-q", "--allow-empty", "-F", "-"], message);
      return git(dir, ["rev-parse", "HEAD"]).trim();
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
  for (const [k, v] of [
    ["user.name", "Test"],
    ["user.email", "test@example.com"],
    ["commit.gpgsign", "false"],
    ["tag.gpgsign", "false"],
    ["core.hooksPath", ".git/hooks"],
  ])
    git(work, ["config", k!, v!]);
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
