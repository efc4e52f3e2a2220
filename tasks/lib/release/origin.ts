/**
 * What origin holds for the release, read with `git ls-remote` (no local state
 * file: origin itself says whether the push happened), and the one atomic push.
 */
import { read, write } from "../core/exec.ts";
import * as git from "./git.ts";

export interface OriginRefs {
  /** origin's branch tip, when the branch exists there */
  branch: string | undefined;
  /** the object origin's tag ref names (the tag object for an annotated tag) */
  tag: string | undefined;
}

export async function readOriginRefs(root: string, branch: string, tag: string): Promise<OriginRefs> {
  const r = await read(["git", "ls-remote", "origin", `refs/heads/${branch}`, `refs/tags/${tag}`], { cwd: root });
  const refs = new Map(
    r.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [sha, name] = line.split("\t");
        return [name!, sha!] as const;
      }),
  );
  return { branch: refs.get(`refs/heads/${branch}`), tag: refs.get(`refs/tags/${tag}`) };
}

/** Whether `tip` (a commit origin has) contains `commit`; fetches the branch when `tip` is unknown here. */
export async function originContains(root: string, branch: string, tip: string, commit: string): Promise<boolean> {
  if (tip === commit) return true;
  const known = (await read(["git", "cat-file", "-e", `${tip}^{commit}`], { cwd: root, nothrow: true })).exitCode === 0;
  if (!known) await git.fetchBranch(root, branch);
  const r = await read(["git", "merge-base", "--is-ancestor", commit, tip], { cwd: root, nothrow: true });
  return r.exitCode === 0;
}

/** `git push --atomic origin <refspecs>`: every ref or none. */
export function pushAtomic(root: string, refspecs: string[]) {
  return write(["git", "push", "--atomic", "--porcelain", "origin", ...refspecs], {
    cwd: root,
    nothrow: true,
    env: { GIT_TERMINAL_PROMPT: "0" },
  });
}
