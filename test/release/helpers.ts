/** Temp repositories shaped for the release cut, and a way to run `release.ts` on them. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gitdir, type TempRepo } from "../helpers/gitdir.ts";
import { type EntryResult, type EntryRuntime, runEntry } from "../helpers/run-entry.ts";
import { entryEnv, runInProcess } from "../helpers/in-process.ts";
import { releaseMain } from "../../tasks/lib/commands/release.ts";

export const CHANGELOG =
  "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2024-05-01\n\n### Fixed\n\n- **api:** an earlier fix (1a2b3c4)\n";

export function files(version: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "pyproject.toml": `# sample\n[project]\nname = "demo"\nversion = "${version}"\ndependencies = ["x>=1"]\n\n[tool.other]\nversion = "9.9.9"\n`,
    "src/demo/__version__.py": `__version__ = "${version}"\n`,
    "CHANGELOG.md": CHANGELOG,
    ...extra,
  };
}

/**
 * A repo with a bare origin, the given files, and (unless `tag: null`) the release tag on the
 * first commit, a release commit. Untagged, that commit is an ordinary one: a release commit
 * without a tag would say the version was released (see last-release.ts).
 */
export function releaseRepo(
  opts: { version?: string; tag?: string | null; extra?: Record<string, string> } = {},
): TempRepo {
  const version = opts.version ?? "1.2.3";
  const tag = opts.tag === undefined ? `v${version}` : opts.tag;
  const message = tag ? `release: v${version}` : "chore: initial commit";
  const repo = gitdir({ files: files(version, opts.extra), origin: true, message });
  if (tag) {
    repo.git("tag", "-a", tag, "-m", tag);
    repo.git("push", "-q", "origin", tag);
  }
  return repo;
}

export interface CutResult {
  code: number;
  stdout: string;
  stderr: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export const FIXED_DATE = { SOURCE_DATE_EPOCH: "1735689600" }; // 2025-01-01

const cutArgs = (repo: TempRepo, args: string[]) => [
  "--json",
  "--repo",
  repo.dir,
  "--github-repo",
  "acme/demo",
  ...args,
];
const cutEnv = (env: Record<string, string | undefined>) => ({ ...FIXED_DATE, GITHUB_REPOSITORY: undefined, ...env });

function parsed(r: EntryResult): CutResult {
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${r.code}):\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return { ...r, json };
}

/** Run release.ts on the repo with --json (parsed) and a fixed date, as a user would (a process). */
export function cut(
  repo: TempRepo,
  args: string[],
  env: Record<string, string | undefined> = {},
  runtime: EntryRuntime = "node",
): CutResult {
  return parsed(runEntry("release.ts", cutArgs(repo, args), { env: cutEnv(env), runtime }));
}

/** release.ts's flow in this process, with the environment a process would get (see in-process.ts). */
export function releaseInProcess(
  argv: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
): Promise<EntryResult> {
  const processEnv = entryEnv(env);
  return runInProcess(() => releaseMain(argv, { env: processEnv, cwd }), { processEnv });
}

/**
 * The same run as `cut` (same flags, environment and output, `process.env` included)
 * inside the test process, without the runtime's start-up.
 */
export async function cutInProcess(
  repo: TempRepo,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CutResult> {
  return parsed(await releaseInProcess(cutArgs(repo, args), cutEnv(env), repo.dir));
}

export function check(
  result: CutResult,
  id: string,
): { id: string; status: string; message: string; fix: string | null } {
  const found = result.json.checks.find((c: { id: string }) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${JSON.stringify(result.json.checks)}`);
  return found;
}

/** Every tracked and untracked file's content plus HEAD, tags and the index: to prove nothing changed. */
export function fingerprint(repo: TempRepo): string {
  const listed = repo
    .git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
    .split("\0")
    .filter(Boolean)
    .sort();
  const contents = listed.map((p) => `${p}\n${readFileSync(join(repo.dir, p), "utf8")}`).join("\0");
  const refs = execFileSync("git", ["show-ref"], { cwd: repo.dir, encoding: "utf8" });
  return `${contents}\n${refs}\n${repo.git("status", "--porcelain")}\n${repo.git("write-tree")}`;
}
