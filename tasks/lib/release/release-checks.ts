/**
 * The release checks, by stable id. They read the state and plan from
 * `ctx.facts.release`; only `git.behind-origin`, `git.tag-exists`, `tools.missing` and
 * the preflight commands look further (fetch, ls-remote, PATH, the commands).
 */
import { fail, pass, skip, warn, type Check, type CheckContext } from "../core/checks/types.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import { join } from "node:path";
import { onPath, write } from "../core/exec.ts";
import { c, log } from "../core/log.ts";
import { argvOf, programOf, shownOf } from "./command-line.ts";
import { filesVersion, platformName } from "./plan.ts";
import * as git from "./git.ts";
import { gt, release } from "./version.ts";
import { isFirstVersion, lastRelease } from "./last-release.ts";
import type { ReleasePlan } from "./plan.ts";
import { branchMovedFix } from "./recover.ts";
import type { ReleaseState } from "./state.ts";
import { tagsAtOrAbove } from "./tags.ts";

export interface ReleaseFacts {
  state: ReleaseState;
  plan: ReleasePlan;
  /** the cut will mutate (--yes without --dry-run) */
  execute?: boolean;
  /** a check before the preflight failed: the preflight does not run */
  blockedBefore?: boolean;
}

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    release?: ReleaseFacts;
  }
}

export function releaseFacts(ctx: CheckContext): ReleaseFacts {
  const f = ctx.facts.release;
  if (!f) throw new Error("bug: release checks need ctx.facts.release");
  return f;
}

const gitBranch: Check = {
  id: "git.branch",
  title: "on the release branch",
  async run(ctx) {
    const { state } = releaseFacts(ctx);
    if (state.branch === ctx.config.branch) return pass(`on ${state.branch}`);
    return fail(
      `Cannot release from ${state.branch ?? "a detached HEAD"}: releases are cut from ${ctx.config.branch}`,
      `git switch ${ctx.config.branch}`,
    );
  },
};

const gitDirty: Check = {
  id: "git.dirty",
  title: "work tree clean",
  async run(ctx) {
    const { dirty } = releaseFacts(ctx).state;
    if (!dirty.length) return pass("no staged, unstaged or untracked changes");
    const shown = dirty
      .slice(0, 20)
      .map((p) => `  ${p}`)
      .join("\n");
    return fail(
      `Cannot release with local changes (${dirty.length} path(s)):\n${shown}${dirty.length > 20 ? "\n  ..." : ""}`,
      "Commit or stash them (git stash --include-untracked), then rerun.",
    );
  },
};

const gitBehindOrigin: Check = {
  id: "git.behind-origin",
  title: "not behind origin",
  async run(ctx) {
    const branch = ctx.config.branch;
    if (ctx.offline) return skip("offline");
    if (!(await git.hasRemote(ctx.root))) return skip("no origin remote");
    const fetchError = await git.fetchBranch(ctx.root, branch).then(
      () => undefined,
      (e: Error) => e,
    );
    if (fetchError) {
      // A branch origin does not have is a wrong branch name, not a network failure.
      const heads = await git.remoteBranches(ctx.root, branch).catch(() => undefined);
      if (heads && !heads.has && heads.defaultBranch && heads.defaultBranch !== branch)
        return fail(
          `Cannot compare with origin: origin has no branch ${branch}; its default branch is ${heads.defaultBranch}`,
          `Set branch: "${heads.defaultBranch}" in release.config.ts (releases are cut from the repository's own default branch), or push ${branch} first.`,
        );
      if (heads && !heads.has) return warn(`origin has no ${branch} branch yet`, "It will be created by the push.");
      throw Object.assign(new Error(`Cannot fetch ${branch} from origin: ${fetchError.message}`), {
        fix: "Check the network and your access to origin, or skip with --skip-check git.behind-origin.",
      });
    }
    const missing = await git.countMissing(ctx.root, `refs/remotes/origin/${branch}`);
    if (missing === undefined) return warn(`origin has no ${branch} branch yet`, `It will be created by the push.`);
    if (missing > 0) {
      // Resuming a cut whose push was rejected: a plain pull --rebase would strand the tag.
      const { plan } = releaseFacts(ctx);
      const fix =
        plan.resume && plan.tag && plan.target
          ? branchMovedFix(branch, plan.tag, plan.target)
          : `git pull --rebase origin ${branch}`;
      return fail(`Cannot release: HEAD is ${missing} commit(s) behind origin/${branch}`, fix);
    }
    return pass(`up to date with origin/${branch}`);
  },
};

const gitTagExists: Check = {
  id: "git.tag-exists",
  title: "tag is free",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    if (!plan.tag) return skip("no target version");
    const local = await git.localTagCommit(ctx.root, plan.tag);
    if (local && !(plan.resume && local === state.head)) {
      return fail(
        `Cannot create ${plan.tag}: it already exists locally (on ${local.slice(0, 12)})`,
        `Choose another version, or delete the tag if it was never published: git tag -d ${plan.tag}`,
      );
    }
    if (!ctx.offline && (await git.hasRemote(ctx.root)) && (await git.remoteHasTag(ctx.root, plan.tag))) {
      if (!local)
        return fail(
          `Cannot create ${plan.tag}: origin already has it`,
          `Choose another version (git fetch --tags to see it).`,
        );
    }
    return pass(local ? `${plan.tag} already points at HEAD (resuming)` : `${plan.tag} is free locally and on origin`);
  },
};

const gitShallow: Check = {
  id: "git.shallow",
  title: "full history",
  async run(ctx) {
    if (!releaseFacts(ctx).state.shallow) return pass("not a shallow clone");
    return fail(
      "Cannot read the history: this is a shallow clone, so the last release tag and the commits since it are missing",
      "Fetch the whole history: git fetch --unshallow --tags (in GitHub Actions: actions/checkout with fetch-depth: 0).",
    );
  },
};

const releaseTagAhead: Check = {
  id: "git.release-tag-ahead",
  title: "no release tag at or above the target",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    if (!plan.target) return skip("no target version");
    // On a rerun this cut's own tag may already exist: that one is expected.
    const ahead = tagsAtOrAbove(state.allReleaseTags, plan.target, plan.resume ? (plan.tag ?? undefined) : undefined);
    if (!ahead.length) return pass(`no release tag at or above ${plan.target}`);
    const names = ahead.map((t) => t.tag);
    return fail(
      `Cannot release ${plan.target}: release tag(s) at or above it already exist: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""}`,
      `Release a version above ${names[0]} (pass it as VERSION). If ${names[0]} is not one of this project's releases, give it another prefix or pre-release identifier than versioning.preids (${state.preids.join(", ")}).`,
    );
  },
};

/**
 * The newest release tags are not ancestors of HEAD while the version files have moved past the
 * last tag HEAD reaches: a rewritten history. The range then starts at that older tag, and the
 * bump reads every commit since it, so it can propose a major version where the project meant a
 * minor one: a warning that asks for the version. A tag on another branch above the files'
 * version (a maintenance line) is not this case.
 */
const tagsOffHistory: Check = {
  id: "git.tags-off-history",
  title: "the newest release tags are on HEAD's history",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    if (!state.lastTag || !state.lastVersion) return skip("no release tag reachable from HEAD");
    const files = filesVersion(state);
    const off = state.allReleaseTags.filter(
      (t) =>
        gt(t.version, state.lastVersion!) &&
        state.offHistoryTags.includes(t.tag) &&
        files !== undefined &&
        !gt(t.version, files),
    );
    // Commits those tags hold are not listed again: only what HEAD has beyond them could be counted twice.
    if (!off.length || !state.commits.length)
      return pass(
        off.length
          ? `every commit since ${state.lastTag} is in ${off[0]!.tag} or older: nothing is listed twice`
          : `${state.lastTag} is the newest release tag up to ${files ?? state.lastVersion}`,
      );
    const newest = off[0]!;
    return warn(
      `${newest.tag}${off.length > 1 ? ` and ${off.length - 1} older release tag(s)` : ""} above ${state.lastTag} ${off.length > 1 ? "are not ancestors" : "is not an ancestor"} of HEAD (a rewritten history?), though the version files say ${files}: this release lists and bumps from the ${state.commits.length} commit(s) since ${state.lastTag}`,
      `Check the proposed version (${plan.target ?? "none"}) and the CHANGELOG section; pass the version you mean (tsx release.ts VERSION) if they are not what ${newest.tag}'s successor should be.`,
    );
  },
};

const fourPartTag: Check = {
  id: "version.four-part-tag",
  title: "release tags are semantic versions",
  async run(ctx) {
    const { state } = releaseFacts(ctx);
    // A four-part tag below the last release is old history; at or above it, it may be the real last release.
    const blocking = state.fourPartTags.filter((t) => !state.lastVersion || !gt(state.lastVersion, t.base));
    if (blocking.length)
      return fail(
        `Cannot tell the last release: ${blocking.map((t) => t.tag).join(", ")} ${blocking.length > 1 ? "have" : "has"} a four-part version, which is not a semantic version${state.lastTag ? ` (the last semver tag is ${state.lastTag})` : ""}`,
        `Release the next version explicitly (e.g. tsx release.ts ${bumpedBase(blocking[0]!.base)}), which then becomes the last release.`,
      );
    if (state.fourPartTags.length)
      return pass(`older four-part tag(s) ignored: ${state.fourPartTags.map((t) => t.tag).join(", ")}`);
    return pass("no four-part version tag reachable from HEAD");
  },
};

/** The patch after `x.y.z`: a version above a four-part tag `x.y.z.n`. */
function bumpedBase(base: string): string {
  const [a, b, c] = base.split(".").map(Number);
  return `${a}.${b}.${c! + 1}`;
}

const versionInconsistent: Check = {
  id: "version.inconsistent",
  title: "version files agree",
  async run(ctx) {
    const { state } = releaseFacts(ctx);
    const fromTag = ctx.config.versioning.fromTag;
    // The tag is the version (setuptools_scm, hatch-vcs...): no file has to agree with it.
    if (!state.versionFiles.length && fromTag)
      return pass(`the version comes from the tag (${fromTag}): no version file to bump`);
    if (!state.versionFiles.length)
      return warn("no version files configured", "List them in versionFiles in release.config.ts.");
    const unreadable = state.versionFiles.filter((f) => f.error);
    if (unreadable.length)
      return fail(
        unreadable.map((f) => f.error).join("\n"),
        "Fix the files listed above, or remove them from versionFiles.",
      );
    const distinct = new Set(state.versionFiles.map((f) => f.version));
    if (distinct.size === 1) return pass(`${state.versionFiles.length} file(s) at ${[...distinct][0]}`);
    const width = Math.max(...state.versionFiles.map((f) => f.path.length));
    const lines = state.versionFiles.map((f) => `  ${f.path.padEnd(width)}  ${f.version}`).join("\n");
    return fail(
      `Cannot tell the current version: the version files disagree\n${lines}`,
      "Set them all to the last released version (or pass the next one explicitly after fixing them).",
    );
  },
};

const versionNotGreater: Check = {
  id: "version.not-greater",
  title: "target version is greater",
  async run(ctx) {
    const { plan } = releaseFacts(ctx);
    if (plan.problem || !plan.target)
      return fail(
        plan.problem ?? "Cannot choose a version",
        "Pass VERSION or --bump major|minor|patch to release anyway.",
      );
    if (plan.resume) return pass(`resuming ${plan.target}`);
    if (plan.firstRelease && plan.target === plan.current) return pass(`first release: ${plan.target}`);
    // The files were bumped by hand above every tag: their version is the release's.
    if (plan.targetKind === "ahead") return pass(`${plan.target}: the version files are already there, untagged`);
    if (gt(plan.target, plan.current)) return pass(`${plan.current} → ${plan.target}`);
    return fail(
      `Cannot release ${plan.target}: it is not greater than the current version ${plan.current}`,
      `Pass a version greater than ${plan.current}, or use --bump.`,
    );
  },
};

/**
 * No tag records the last release: a commit says it released a version (the plan counts from
 * it), or there is no release evidence while the files say a version no first release carries.
 * Either way the project released without tags, and only the maintainer knows what is out.
 */
const untaggedRelease: Check = {
  id: "version.untagged-release",
  title: "the last release has a tag",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    const last = lastRelease(state);
    const tagOf = (v: string) => `${ctx.config.tagPrefix}${v}`;
    const u = state.untaggedRelease;
    if (last && last.tag === null && u)
      return warn(
        `${u.version} was released without a tag (commit ${u.sha.slice(0, 7)} "${u.subject.slice(0, 80)}"): this release counts from it and lists the ${state.commits.length} commit(s) since`,
        `If ${u.version} is not the last release, pass the version you mean (tsx release.ts VERSION). Tag it so later cuts read it from git: git tag ${tagOf(u.version)} ${u.sha.slice(0, 12)} && git push origin ${tagOf(u.version)}`,
      );
    if (plan.firstRelease && plan.target && !isFirstVersion(release(plan.target)))
      return warn(
        `No release tag exists, yet the files say ${plan.current}, not a first version: was ${plan.current} released already without a tag (by hand, to a package index or a store)?`,
        `If it was, release the next one (tsx release.ts --bump patch) and tag the old one where it was made (git tag ${tagOf(plan.current)} COMMIT); if not, release ${plan.target} as planned.`,
      );
    return pass(last ? `the last release is ${last.evidence}` : "no release yet");
  },
};

const changelogUnreleased: Check = {
  id: "changelog.unreleased-missing",
  title: "CHANGELOG can take the section",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    const c = state.changelog;
    if (ctx.config.changelog.keep === false)
      return skip(`the project keeps no CHANGELOG (changelog.keep: false): the cut writes the release notes only`);
    if (plan.target && c.versions.includes(plan.target)) return pass(`${c.path} already has ${plan.target}`);
    // Many projects keep their notes on GitHub's releases only: the cut starts a file for them.
    if (!c.exists)
      return pass(
        `${c.path} does not exist: the cut creates it (Keep a Changelog); set changelog.keep: false in release.config.ts to keep none`,
      );
    // No [Unreleased] is the usual case (release-please, changesets, git-cliff): the section goes on top.
    if (!c.hasUnreleased) return pass(`${c.path}: the new section goes above the newest version`);
    return pass(`${c.path} has [Unreleased]`);
  },
};

const changelogVersionExists: Check = {
  id: "changelog.version-exists",
  title: "CHANGELOG section for the target",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    if (!plan.target) return skip("no target version");
    const found = state.changelog.pending.find((s) => s.version === plan.target);
    if (!state.changelog.versions.includes(plan.target)) return pass(`no section for ${plan.target} yet`);
    if (plan.resume || found)
      return warn(
        `${state.changelog.path} already has ${found?.label ?? plan.target}: the cut uses it as written (no second section)`,
      );
    return fail(
      `Cannot add ${plan.target} to ${state.changelog.path}: it already has a section for it, older than the last release`,
      `Release another version, or remove the stale ${plan.target} section.`,
    );
  },
};

const toolsMissing: Check = {
  id: "tools.missing",
  title: "tools on PATH",
  async run(ctx) {
    const { plan } = releaseFacts(ctx);
    // A shell string needs only `sh`: its first word may be a builtin (`cd ui && ...`).
    const wanted = [
      ...new Set([
        ...ctx.config.tools,
        ...plan.lockfiles.map((l) => programOf(l.command)),
        ...ctx.config.preflight
          .filter((p) => !p.platforms || p.platforms.includes(platformName(process.platform) as "macos"))
          .map((p) => programOf(p.command)),
      ]),
    ];
    const missing: string[] = [];
    for (const t of wanted) if (!t.includes("/") && !(await onPath(t, ctx.env))) missing.push(t);
    if (missing.length)
      return fail(
        `Cannot find on PATH: ${missing.join(", ")}`,
        `Install ${missing.join(", ")} (or remove them from tools/lockfiles in release.config.ts).`,
      );
    return pass(`found ${wanted.join(", ")}`);
  },
};

/** The last lines of a command's output, for a message or the progress log. */
export function outputTail(r: { stdout: string; stderr: string }, lines = 30): string {
  return [r.stdout.trim(), r.stderr.trim()].filter(Boolean).join("\n").split("\n").slice(-lines).join("\n");
}

/**
 * A preflight command as a check. It runs only when the cut executes and every other
 * check passed (it may be slow, and it may write files: a build regenerating release
 * files). Inspection and --dry-run only say what would run.
 */
function preflightCheck(p: ReleaseConfig["preflight"][number]): Check {
  const cwd = p.cwd ?? ".";
  const shown = `${shownOf(p.command)}${cwd !== "." ? ` (in ${cwd})` : ""}`;
  return {
    id: `preflight.${p.id}`,
    title: p.title ?? p.id,
    slow: true,
    async run(ctx) {
      const { execute, blockedBefore } = releaseFacts(ctx);
      const here = platformName(process.platform);
      if (p.platforms && !p.platforms.includes(here as "macos"))
        return skip(`only on ${p.platforms.join(", ")} (this is ${here}): ${shown}`);
      if (!execute) return skip(`would run with --yes${p.blocking ? "" : " (non-blocking)"}: ${shown}`);
      if (blockedBefore) return skip(`not run: an earlier check failed (${shown})`);
      const r = await write(argvOf(p.command), { cwd: join(ctx.root, cwd), nothrow: true });
      const tail = outputTail(r, 8);
      if (tail) log(c.dim(tail.replace(/^/gm, "    ")));
      if (r.exitCode === 0) return pass(`${shown} passed`);
      const message = `\`${shown}\` exited ${r.exitCode}\n${outputTail(r)}`;
      if (!p.blocking)
        return warn(
          `non-blocking, the cut goes on: ${message}`,
          `Look at it after the release (preflight.${p.id} has blocking: false).`,
        );
      return fail(
        `Cannot release: ${message}`,
        `Fix it, or skip the configured commands with --skip-checks (or --skip-check preflight.${p.id}).`,
      );
    },
  };
}

const interrupted: Check = {
  id: "release.interrupted",
  title: "no interrupted cut",
  async run(ctx) {
    const rec = releaseFacts(ctx).state.interrupted;
    if (!rec) return pass("no interrupted cut recorded in .git/");
    return fail(
      `Cannot plan from this tree: a cut of ${rec.tag} was interrupted (recorded in .git/release-cut.json; HEAD was ${rec.origHead.slice(0, 12)})`,
      "Rerun with --yes: it finishes that cut when its release commit is complete, else restores every file to the pre-cut state (verified) and cuts again.",
    );
  },
};

/** The preflight commands, as checks (run after the others; see preflightCheck). */
export function preflightChecks(config: ReleaseConfig): Check[] {
  return config.preflight.map(preflightCheck);
}

/** The release cut's checks, in report order; the preflight commands are preflightChecks(). */
export function releaseChecks(_config: ReleaseConfig): Check[] {
  return [
    interrupted,
    gitBranch,
    gitDirty,
    gitBehindOrigin,
    gitTagExists,
    gitShallow,
    releaseTagAhead,
    tagsOffHistory,
    fourPartTag,
    versionInconsistent,
    versionNotGreater,
    untaggedRelease,
    changelogUnreleased,
    changelogVersionExists,
    toolsMissing,
  ];
}
