/**
 * The cut as an ordered list of named steps. Each step can tell from git and the files
 * whether it is already done, so a rerun for the same version skips it: no second
 * CHANGELOG section, no second commit, no moved tag.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hasVersion, insertSection, readChangelog } from "./changelog.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import { ReleaseError } from "../core/errors.ts";
import { write } from "../core/exec.ts";
import * as git from "./git.ts";
import { readVersion, setVersion } from "./version-files/index.ts";
import type { ReleasePlan } from "./plan.ts";
import { publishSteps } from "./publish.ts";
import type { Step, StepContext } from "./step-types.ts";

export type { Journal, Step, StepContext } from "./step-types.ts";

const readText = (ctx: StepContext, path: string) => readFileSync(join(ctx.root, path), "utf8");
const headIsReleaseCommit = async (ctx: StepContext) => (await git.headSubject(ctx.root)) === ctx.plan.commitMessage;

/** Every file the commit contains. */
export function releasePaths(ctx: Pick<StepContext, "config" | "plan">): string[] {
  return [
    ctx.config.changelog.path,
    ...ctx.config.versionFiles.map((v) => v.path),
    ...ctx.plan.lockfiles.map((l) => l.path),
  ];
}

const changelog: Step = {
  id: "changelog",
  title: "insert the CHANGELOG section",
  // Done when the file has a section for the version in any heading shape (another tool's too).
  async isDone(ctx) {
    return hasVersion(readText(ctx, ctx.config.changelog.path), ctx.plan.target);
  },
  async run(ctx) {
    const path = ctx.config.changelog.path;
    const { plan } = ctx;
    const cl = plan.changelog!;
    const doc = await readChangelog(readText(ctx, path));
    const options = {
      repository: ctx.config.repository,
      tag: plan.tag,
      previousTag: plan.previousTag ?? undefined,
      label: cl.label,
      sectionGap: cl.style.gaps.section,
    };
    writeFileSync(join(ctx.root, path), insertSection(doc, cl.section, options));
  },
};

const versionFiles: Step = {
  id: "version-files",
  title: "bump the version files",
  async isDone(ctx) {
    return ctx.config.versionFiles.every((f) => readVersion(f.kind, readText(ctx, f.path), f.path) === ctx.plan.target);
  },
  async run(ctx) {
    for (const f of ctx.config.versionFiles) {
      const text = readText(ctx, f.path);
      const next = setVersion(f.kind, text, f.path, ctx.plan.target);
      if (next !== text) writeFileSync(join(ctx.root, f.path), next);
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
      const argv = Array.isArray(l.command) ? l.command : ["sh", "-c", l.command];
      await write(argv, { cwd: ctx.root });
    }
  },
};

const commit: Step = {
  id: "commit",
  title: "commit the release",
  isDone: headIsReleaseCommit,
  async run(ctx) {
    const paths = releasePaths(ctx);
    await git.stage(ctx.root, paths);
    let r = await git.commit(ctx.root, ctx.plan.commitMessage);
    // A hook (formatter) that rewrote staged files and refused the commit: restage, retry once.
    if (r.exitCode !== 0 && (await git.unstagedAmong(ctx.root, paths)).length) {
      await git.stage(ctx.root, paths);
      r = await git.commit(ctx.root, ctx.plan.commitMessage);
    }
    if ((await git.headSha(ctx.root)) !== ctx.journal.origHead) ctx.journal.createdCommit = true;
    if (r.exitCode !== 0) {
      const output = (r.stderr || r.stdout).trim().split("\n").slice(-20).join("\n");
      throw new ReleaseError(
        "release.commit-failed",
        `Cannot commit the release: git commit exited ${r.exitCode}\n${output}`,
        "Fix what the commit hook reports, then rerun; every file was restored.",
      );
    }
    // A hook that rewrote files but let the commit through: fold its changes into the commit.
    const rewritten = await git.unstagedAmong(ctx.root, paths);
    if (rewritten.length) {
      await git.stage(ctx.root, rewritten);
      await write(["git", "commit", "--quiet", "--amend", "--no-edit", "--no-verify"], { cwd: ctx.root });
    }
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
