/**
 * The release checks, by stable id. They read the state and plan from
 * `ctx.facts.release`; only `git.behind-origin`, `git.tag-exists`, `tools.missing` and
 * the preflight commands look further (fetch, ls-remote, PATH, the commands).
 */
import { fail, pass, skip, warn, type Check, type CheckContext } from "../core/checks/types.ts";
import type { ReleaseConfig } from "../core/config/index.ts";
import { onPath, read } from "../core/exec.ts";
import * as git from "./git.ts";
import { gt } from "./version.ts";
import type { ReleasePlan } from "./plan.ts";
import { branchMovedFix } from "./recover.ts";
import type { ReleaseState } from "./state.ts";

export interface ReleaseFacts {
  state: ReleaseState;
  plan: ReleasePlan;
  /** the cut will mutate (--yes without --dry-run) */
  execute?: boolean;
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
    await git.fetchBranch(ctx.root, branch).catch((e: Error) => {
      throw Object.assign(new Error(`Cannot fetch ${branch} from origin: ${e.message}`), {
        fix: "Check the network and your access to origin, or skip with --skip-check git.behind-origin.",
      });
    });
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

const versionInconsistent: Check = {
  id: "version.inconsistent",
  title: "version files agree",
  async run(ctx) {
    const { state } = releaseFacts(ctx);
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
    if (gt(plan.target, plan.current)) return pass(`${plan.current} → ${plan.target}`);
    return fail(
      `Cannot release ${plan.target}: it is not greater than the current version ${plan.current}`,
      `Pass a version greater than ${plan.current}, or use --bump.`,
    );
  },
};

const changelogUnreleased: Check = {
  id: "changelog.unreleased-missing",
  title: "CHANGELOG can take the section",
  async run(ctx) {
    const { state, plan } = releaseFacts(ctx);
    const c = state.changelog;
    if (plan.target && c.versions.includes(plan.target)) return pass(`${c.path} already has ${plan.target}`);
    if (!c.exists)
      return fail(
        `Cannot update ${c.path}: it does not exist`,
        `Create ${c.path} (a "# Changelog" line is enough), or set changelog.path in release.config.ts.`,
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

/** The program a command starts (first argv element, or the first word of a shell string). */
export function programOf(command: string[] | string): string {
  return Array.isArray(command) ? command[0]! : command.trim().split(/\s+/)[0]!;
}

const toolsMissing: Check = {
  id: "tools.missing",
  title: "tools on PATH",
  async run(ctx) {
    const { plan } = releaseFacts(ctx);
    const wanted = [...new Set([...ctx.config.tools, ...plan.lockfiles.map((l) => programOf(l.command))])];
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

function preflightCheck(p: ReleaseConfig["preflight"][number]): Check {
  const argv = Array.isArray(p.command) ? p.command : ["sh", "-c", p.command];
  const shown = Array.isArray(p.command) ? p.command.join(" ") : p.command;
  return {
    id: `preflight.${p.id}`,
    title: p.title ?? p.id,
    slow: true,
    async run(ctx) {
      const r = await read(argv, { cwd: ctx.root, nothrow: true });
      if (r.exitCode === 0) return pass(`${shown} passed`);
      const output = [r.stdout.trim(), r.stderr.trim()].filter(Boolean).join("\n").split("\n").slice(-30).join("\n");
      return fail(
        `Cannot release: \`${shown}\` exited ${r.exitCode}\n${output}`,
        `Fix it, or skip the configured commands with --skip-checks (or --skip-check preflight.${p.id}).`,
      );
    },
  };
}

/** The release cut's checks, in report order; preflight commands last (slow). */
export function releaseChecks(config: ReleaseConfig): Check[] {
  return [
    gitBranch,
    gitDirty,
    gitBehindOrigin,
    gitTagExists,
    versionInconsistent,
    versionNotGreater,
    changelogUnreleased,
    changelogVersionExists,
    toolsMissing,
    ...config.preflight.map(preflightCheck),
  ];
}
