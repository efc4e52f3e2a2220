/** The repository the doctor looks at: --repo, else the git top-level of the working directory. */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ReleaseError } from "./errors.ts";
import { read } from "./exec.ts";

export async function resolveRoot(repo: string | undefined, cwd = process.cwd()): Promise<string> {
  const dir = resolve(cwd, repo ?? ".");
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ReleaseError(
      "repo.missing",
      `Cannot inspect ${repo ?? dir}: it is not a directory`,
      "Pass --repo with the path of the repository.",
    );
  const r = await read(["git", "rev-parse", "--show-toplevel"], { cwd: dir, nothrow: true });
  // Outside git the folder itself is inspected (the doctor only reads files).
  return r.exitCode === 0 ? r.stdout.trim() : dir;
}
