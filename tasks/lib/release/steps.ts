/**
 * The cut as an ordered list of named steps. Each step can tell from git and the files
 * whether it is already done, so a rerun for the same version skips it: no second
 * CHANGELOG section, no second commit, no moved tag. Every file write and process goes
 * through a boundary (core/boundary.ts), so a kill between any two is testable.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAt } from "../core/boundary.ts";
import { createChangelog, hasVersion, insertSection, readChangelog } from "./changelog.ts";
import { ReleaseError } from "../core/errors.ts";
import { write } from "../core/exec.ts";
import { argvOf, shownOf } from "./command-line.ts";
import * as git from "./git.ts";
import { readVersionOf, setVersionOf } from "./version-files/index.ts";
export { releasePathspecs } from "./plan.ts";
import { publishSteps } from "./publish.ts";
import type { Step, StepContext } from "./step-types.ts";

export type { Journal, Step, StepContext } from "./step-types.ts";

const readText = (ctx: StepContext, path: string) => readFileSync(join(ctx.root, path), "utf8");
/**
 * Whether HEAD is the release commit. HEAD moves only inside the commit step's run, so
 * the lockfiles and commit steps, which both ask before it, share one answer per run.
 */
const releaseHead = new WeakMap<StepContext, Promise<boolean>>();
function headIsReleaseCommit(ctx: StepContext): Promise<boolean> {
  let known = releaseHead.get(ctx);
  if (!known) {
    known = git.headSubject(ctx.root).then((subject) => subject === ctx.plan.commitMessage);
    releaseHead.set(ctx, known);
  }
  return known;
}

const changelog: Step = {
  id: "changelog",
  title: "insert the CHANGELOG section",
  // Done when the file has a section for the version in any heading shape (another tool's too),
  // or when the project keeps no CHANGELOG.
  async isDone(ctx) {
    if (ctx.plan.changelog?.mode === "notes-only") return true;
    const file = join(ctx.root, ctx.config.changelog.path);
    return existsSync(file) && hasVersion(readFileSync(file, "utf8"), ctx.plan.target);
  },
  async run(ctx) {
    const path = ctx.config.changelog.path;
    const { plan } = ctx;
    const cl = plan.changelog!;
    const options = {
      repository: ctx.config.repository,
      tag: plan.tag,
      previousTag: plan.previousTag ?? undefined,
      label: cl.label,
      sectionGap: cl.style.gaps.section,
    };
    const file = join(ctx.root, path);
    // A file that is not there (yet) is created: the plan says so (mode "create").
    const text = existsSync(file)
      ? insertSection(await readChangelog(readFileSync(file, "utf8")), cl.section, options)
      : createChangelog(cl.section, options);
    writeFileAt(file, text, path);
  },
};

const versionFiles: Step = {
  id: "version-files",
  title: "bump the version files",
  async isDone(ctx) {
    for (const f of ctx.config.versionFiles)
      if ((await readVersionOf(f.kind, readText(ctx, f.path), f.path, f.variable)) !== ctx.plan.target) return false;
    return true;
  },
  async run(ctx) {
    for (const f of ctx.config.versionFiles) {
      const text = readText(ctx, f.path);
      const next = await setVersionOf(f.kind, text, f.path, ctx.plan.target, f.variable);
      if (next !== text) writeFileAt(join(ctx.root, f.path), next, f.path);
    }
  },
};

const lockfiles: Step = {
  id: "lockfiles",
  title: "refresh the lockfiles",
  async isDone(ctx) {
    // Nothing to refresh, or already part of the release commit.
    return ctx.plan.lockfiles.length === 0 || (await headIsReleaseCommit(ctx));
  },
  async run(ctx) {
    for (const l of ctx.plan.lockfiles) {
      const r = await write(argvOf(l.command), { cwd: join(ctx.root, l.cwd), nothrow: true });
      if (r.exitCode !== 0) {
        const output = (r.stderr || r.stdout).trim().split("\n").slice(-20).join("\n");
        throw new ReleaseError(
          "release.lockfile-failed",
          `Cannot refresh ${l.path}: \`${shownOf(l.command)}\`${l.cwd !== "." ? ` (in ${l.cwd})` : ""} exited ${r.exitCode}\n${output}`,
          `Run it yourself to see why; fix the lockfile entry in release.config.ts if the command is wrong.`,
        );
      }
    }
  },
};

function hookOutput(r: { stdout: string; stderr: string }): string {
  return [r.stdout.trim(), r.stderr.trim()].filter(Boolean).join("\n").split("\n").slice(-20).join("\n");
}

const commit: Step = {
  id: "commit",
  title: "commit the release",
  isDone: headIsReleaseCommit,
  async run(ctx) {
    releaseHead.delete(ctx);
    const { root, pathspecs } = ctx;
    await git.stage(root, pathspecs);
    let r = await git.commit(root, ctx.plan.commitMessage);
    // A hook (pre-commit style) that rewrote or added release files and refused: restage them, retry once.
    if (r.exitCode !== 0 && (await git.unstagedAmong(root, pathspecs)).length) {
      await git.stage(root, pathspecs);
      r = await git.commit(root, ctx.plan.commitMessage);
    }
    if (r.exitCode !== 0)
      throw new ReleaseError(
        "release.commit-failed",
        `Cannot commit the release: git commit exited ${r.exitCode}\n${hookOutput(r)}`,
        "Fix what the commit hook reports, then rerun.",
      );
    // A hook that rewrote release files but let the commit through: fold its changes into the commit.
    let left = await git.dirtyPaths(root);
    if (left.length && (await git.unstagedAmong(root, pathspecs)).length) {
      await git.stage(root, pathspecs);
      await write(["git", "commit", "--quiet", "--amend", "--no-edit", "--no-verify"], { cwd: root });
      left = await git.dirtyPaths(root);
    }
    const outside = left;
    if (outside.length)
      throw new ReleaseError(
        "release.hook-outside",
        `Cannot finish the release commit: files outside the release files changed (by a commit hook or a preflight command): ${outside.join(", ")}`,
        "Add them to releaseFiles in release.config.ts if they belong in the release commit, or make the hook leave them alone; then rerun.",
      );
  },
};

const tag: Step = {
  id: "tag",
  title: "create the annotated tag",
  async isDone(ctx) {
    const at = await git.localTagCommit(ctx.root, ctx.plan.tag);
    return at !== undefined && at === (await git.headSha(ctx.root));
  },
  async run(ctx) {
    await git.annotatedTag(ctx.root, ctx.plan.tag, `${ctx.config.name} ${ctx.plan.tag}`);
    ctx.journal.createdTag = ctx.plan.tag;
  },
};

/** The local part of the cut: a failure anywhere in it undoes all of it. */
export function localSteps(): Step[] {
  return [changelog, versionFiles, lockfiles, commit, tag];
}

/** Every step of the cut, in order: local steps, then the publishing seam. */
export function releaseSteps(): Step[] {
  return [...localSteps(), ...publishSteps()];
}
