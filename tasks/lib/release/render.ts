/** The plan and the checks as text for a human (stdout when not --json). */
import type { CheckResult } from "../core/checks/types.ts";
import { c } from "../core/log.ts";
import { shownOf } from "./command-line.ts";
import { lastRelease } from "./last-release.ts";
import type { ReleasePlan } from "./plan.ts";
import type { ReleaseState } from "./state.ts";

const MARK: Record<CheckResult["status"], string> = { pass: "✓", warn: "!", fail: "✗", skip: "-" };

export function renderChecks(checks: readonly CheckResult[]): string {
  const paint = { pass: c.green, warn: c.yellow, fail: c.red, skip: c.dim };
  const lines: string[] = [];
  for (const r of checks) {
    const [first, ...rest] = r.message.split("\n");
    lines.push(`  ${paint[r.status](MARK[r.status])} ${r.id.padEnd(30)} ${first}`);
    for (const l of rest) lines.push(`      ${l}`);
    if (r.status === "fail" && r.fix) lines.push(`      ${c.yellow("fix:")} ${r.fix}`);
  }
  return lines.join("\n");
}

export function renderPlan(state: ReleaseState, plan: ReleasePlan): string {
  const lines: string[] = [];
  lines.push(c.bold("Release plan"));
  lines.push(`  branch        ${state.branch ?? "(detached)"} at ${state.head?.slice(0, 12) ?? "(no commits)"}`);
  const last = lastRelease(state);
  const since = state.lastTag ?? (state.untaggedRelease ? state.untaggedRelease.sha.slice(0, 12) : "the start");
  lines.push(`  last release  ${last?.evidence ?? "(none: first release)"}`);
  lines.push(
    `  commits       ${state.commits.length} since ${since}${state.offHistoryTags.length ? " (commits of tags off HEAD's history left out)" : ""}${state.releaseCommitsLeftOut ? ` (${state.releaseCommitsLeftOut} release commit(s) left out)` : ""}`,
  );
  lines.push(`  current       ${plan.current}`);
  lines.push(`  target        ${plan.target ?? "(none)"}  ${c.dim(plan.reason)}`);
  if (plan.tag) lines.push(`  tag           ${plan.tag}${plan.previousTag ? `  (previous ${plan.previousTag})` : ""}`);
  if (plan.compareUrl) lines.push(`  compare       ${plan.compareUrl}`);
  if (plan.fromTag)
    lines.push(
      `  version from  the tag (${plan.fromTag})${plan.versionFiles.length ? "" : ": no version file to bump, the tag is the release's version"}`,
    );
  if (plan.filesChanged.length) {
    lines.push("", c.bold("Files that change"));
    if (plan.changelog && plan.filesChanged.includes(plan.changelog.path))
      lines.push(
        plan.changelog.mode === "create"
          ? `  ${plan.changelog.path}  (created: Keep a Changelog, with the section ${plan.target})`
          : `  ${plan.changelog.path}  (new section ${plan.target})`,
      );
    for (const f of plan.versionFiles) lines.push(`  ${f.path}  ${f.from ?? "?"} → ${f.to}`);
    for (const l of plan.lockfiles)
      lines.push(`  ${l.path}  (${shownOf(l.command)}${l.cwd !== "." ? ` in ${l.cwd}` : ""})`);
    for (const f of plan.releaseFiles) lines.push(`  ${f}  (release file: staged with whatever changed in it)`);
  }
  if (plan.preflight.length) {
    lines.push("", c.bold("Preflight (runs with --yes, before the first write)"));
    for (const p of plan.preflight)
      lines.push(
        `  ${p.id}: ${p.command}${p.cwd !== "." ? ` (in ${p.cwd})` : ""}${p.blocking ? "" : c.dim(" [non-blocking]")}${p.runsHere ? "" : c.dim(" [not on this platform]")}`,
      );
  }
  if (plan.changelog) lines.push("", ...changelogLines(plan.changelog));
  if (plan.releaseNotes) lines.push("", c.bold("GitHub release notes"), "", plan.releaseNotes.trimEnd());
  lines.push("", c.bold("Steps"), `  ${plan.steps.join(" → ")}`);
  return lines.join("\n");
}

/** The CHANGELOG part of the plan: the style learned, what the file already holds, what is left out and by which rule, the section. */
function changelogLines(cl: NonNullable<ReleasePlan["changelog"]>): string[] {
  const lines: string[] = [];
  const learned = Object.entries(cl.sources)
    .filter(([, s]) => s !== "default")
    .map(([k, s]) => `${k} (${s})`);
  lines.push(c.bold(`CHANGELOG section (${cl.path})`));
  lines.push(`  style         ${learned.length ? learned.join(", ") : "Keep a Changelog default"}`);
  if (cl.existing) lines.push(`  ${c.dim("already in the file: used as written")}`);
  if (cl.mode === "notes-only") lines.push(`  ${c.dim("the project keeps no CHANGELOG: for the release notes only")}`);
  if (cl.mode === "create")
    lines.push(`  ${c.dim(`${cl.path} does not exist: the cut creates it (Keep a Changelog)`)}`);
  if (cl.leftOut.length) {
    lines.push(`  left out      ${cl.leftOut.length} commit(s)`);
    for (const l of cl.leftOut) lines.push(`    ${l.sha.slice(0, 7)} ${l.subject}  ${c.dim(`${l.rule}: ${l.reason}`)}`);
  }
  lines.push("", cl.section.trimEnd());
  return lines;
}
