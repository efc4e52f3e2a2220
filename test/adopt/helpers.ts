/** Fixture repositories for the adoption tests, and a snapshot of a work tree to prove nothing was written. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readFacts } from "../../tasks/lib/adopt/facts.ts";
import type { Inference } from "../../tasks/lib/adopt/infer.ts";
import type { Target } from "../../tasks/lib/adopt/release-automation.ts";
import { gitdir, type TempRepo } from "../helpers/gitdir.ts";

export function fixtureRepo(files: Record<string, string>, opts: { tags?: string[]; origin?: string } = {}): TempRepo {
  const repo = gitdir({ files });
  for (const t of opts.tags ?? []) repo.git("tag", t);
  if (opts.origin) repo.git("remote", "add", "origin", opts.origin);
  return repo;
}

/** Every file under dir (without .git) → sha256 of its bytes. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (e.name === ".git") continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else
        out[p] = createHash("sha256")
          .update(readFileSync(join(dir, p)))
          .digest("hex");
    }
  };
  walk("");
  return out;
}

/**
 * Tags on commits of their own (with whatever the work tree holds), one day apart in the
 * order given, from `firstDay` of January 2026: tag times are release order.
 */
export function datedTags(repo: TempRepo, tags: readonly string[], firstDay = 1): void {
  tags.forEach((tag, i) => {
    const date = `2026-01-${String(firstDay + i).padStart(2, "0")}T12:00:00Z`;
    const env = { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date };
    repo.git("add", "-A");
    execFileSync("git", ["commit", "-q", "--allow-empty", "-m", `chore: release ${tag}`], { cwd: repo.dir, env });
    repo.git("tag", tag);
  });
}

/** A Python package at 1.2.0 with a CHANGELOG: the project the publisher fixtures add their release flow to. */
export const PY_PACKAGE = {
  "pyproject.toml": '[project]\nname = "gizmo"\nversion = "1.2.0"\n',
  "CHANGELOG.md": "# Changelog\n",
};

/** What adoption reads from a fixture repository whose releases are `tags` (dated, in that order). */
export async function factsOfTagged(files: Record<string, string>, tags: readonly string[] = ["v1.2.0"]) {
  const repo = fixtureRepo(files);
  datedTags(repo, tags);
  try {
    return await readFacts(repo.dir);
  } finally {
    repo.cleanup();
  }
}

/** What adoption decided for one target. */
export const decisionFor = (inf: Inference, target: Target) => inf.targets.find((t) => t.target === target)!;

/** A workflow: `on:` lines, then jobs given as `id: [job lines]` (a job that calls a reusable workflow gets no runner). */
export function workflowYaml(on: string[], jobs: Record<string, string[]>, name?: string): string {
  const lines = [...(name ? [`name: ${name}`] : []), "on:", ...on.map((l) => `  ${l}`), "jobs:"];
  for (const [id, body] of Object.entries(jobs))
    lines.push(
      `  ${id}:`,
      ...(body[0]?.startsWith("uses:") ? [] : ["    runs-on: ubuntu-latest"]),
      ...body.map((l) => `    ${l}`),
    );
  return `${lines.join("\n")}\n`;
}
