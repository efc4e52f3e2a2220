/**
 * The vocabulary of the old release flow, shared by its readers and by what adoption
 * decides: the targets the toolkit publishes, where a publisher or release tool was
 * found, and the found tool itself. Pure types and small helpers.
 */
import type { ToolUse } from "../workflows/release-tools.ts";
import { taskRunner } from "./scripts.ts";

/** What the toolkit publishes: the Python package, the tag and GitHub release (with its assets), the app, the CLI binaries. */
export type Target = "pypi" | "release" | "desktop-app" | "cli-binaries";
export const TARGETS: readonly Target[] = ["pypi", "release", "desktop-app", "cli-binaries"];

export type Site =
  | { kind: "workflow"; path: string; job: string; step: number; stepName: string }
  /** a task file's rule: a Makefile's, or a justfile's recipe */
  | { kind: "makefile"; path: string; rule: string; line: number }
  | { kind: "script"; path: string; line: number }
  /** a release doc's code that a person is told to run */
  | { kind: "doc"; path: string; line: number }
  | { kind: "config"; path: string };

export interface FoundTool {
  /** the catalog's name: `twine`, `release-please`, `softprops/action-gh-release`, ... */
  tool: string;
  /** the toolkit's targets it publishes (none: TestPyPI, npm...) */
  targets: Target[];
  /** what it does, in one word: publishes a package, makes the release or tag, attaches files, bumps */
  role: "publishes" | "releases" | "uploads" | "bumps";
  /** the package index, for a package publisher */
  registry?: string;
  createsTag: boolean;
  /** it makes the GitHub release (a tool that only tags leaves that to something else) */
  createsRelease?: boolean;
  why: string;
  where: Site;
  /** the prefixes of the release lines whose tags start its workflow; undefined when no tag does (it serves every line) */
  lines?: string[];
  /** its job (or a job it needs) builds platform wheels: cibuildwheel, maturin, a manylinux image */
  platformWheels?: boolean;
}

/** Where a site is, as the report names it. */
export function siteLabel(s: Site): string {
  switch (s.kind) {
    case "workflow":
      return `${s.path} (job ${s.job}, step ${s.stepName})`;
    case "makefile":
      return `${s.path}:${s.line} (${taskRunner(s.path)} ${s.rule})`;
    case "script":
      return `${s.path}:${s.line}`;
    case "doc":
      return `${s.path}:${s.line} (the docs tell a person to run it)`;
    case "config":
      return `${s.path} (configured; no workflow here runs it)`;
  }
}

export const found = (use: ToolUse, cls: Pick<FoundTool, "role" | "targets">, where: Site): FoundTool => ({
  tool: use.tool,
  ...cls,
  ...(use.registry ? { registry: use.registry } : {}),
  createsTag: use.createsTag,
  createsRelease: use.createsRelease,
  why: use.why,
  where,
});

/** What a job builds, for the targets of what it publishes. */
export interface Builds {
  app: boolean;
  cli: boolean;
}

/** The role and targets of one catalog use, given what its job builds. */
export function classify(use: ToolUse, builds: Builds): Pick<FoundTool, "role" | "targets"> {
  const targets: Target[] = [];
  if (use.registry === "pypi") targets.push("pypi");
  const releases = use.createsRelease || use.createsTag || Boolean(use.publishesDraft);
  if (releases) targets.push("release");
  const uploads = !use.registry && !releases;
  if (use.tool === "tauri-action" || (uploads || releases ? builds.app : false)) targets.push("desktop-app");
  else if ((uploads || releases) && builds.cli) targets.push("cli-binaries");
  if (uploads && !targets.length) targets.push("release");
  const role = use.registry ? "publishes" : releases ? "releases" : "uploads";
  return { role, targets: [...new Set(targets)] };
}
