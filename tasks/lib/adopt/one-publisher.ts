/**
 * One publisher per target. For each thing the toolkit publishes — the Python package
 * on PyPI, the tag and the GitHub release (with its assets), the desktop app, the CLI
 * binaries — adoption finds what publishes it today on this config's release line and
 * decides, never leaving two:
 *
 * - nothing does: the toolkit's workflow is generated (the cut always makes the release);
 * - `--replace`: the old publisher is removed (old-flow-edit.ts) and the toolkit's generated;
 * - otherwise a package, app or binaries publisher is kept and nothing is generated for
 *   its target; a tool that makes the tag or the release (release-please, semantic-release,
 *   python-semantic-release, changesets, release-drafter, softprops, `gh release create`, a
 *   job that bumps and tags on every push) cannot be kept beside the cut: adoption refuses,
 *   naming both, and says what to run.
 *
 * Publishers on another release line (`hatchling-v*` beside `hatch-v*`) are another
 * component's: listed, left alone, and their target is not generated for this line.
 * TestPyPI uploads are not PyPI publishers. Pure.
 */
import { siteLabel, type FoundTool, type Target } from "./release-automation.ts";

export type Decision = "generate" | "keep" | "replace" | "refuse" | "ask" | "none";

export interface TargetPlan {
  target: Target;
  /** the toolkit's publisher for it */
  toolkit: string;
  decision: Decision;
  /** what publishes it today on this config's line */
  existing: FoundTool[];
  /** what publishes it for other release lines (left alone) */
  otherLines: FoundTool[];
  why: string;
  /** what to do, for `refuse` and `ask` */
  fix?: string;
}

export interface Offers {
  /** a Python package (publish-pypi.yml) */
  pypi: boolean;
  /** a Tauri app (build-tauri.yml) */
  app: boolean;
  /** CLI binaries (build-binaries.yml) */
  cli: boolean;
}

export const TARGET_NAMES: Record<Target, string> = {
  pypi: "PyPI",
  release: "the tag and GitHub release",
  "desktop-app": "the desktop app",
  "cli-binaries": "the CLI binaries",
};

const TOOLKIT: Record<Target, string> = {
  pypi: "publish-pypi.yml",
  release: "the cut (tag, draft release, published once every asset is attached)",
  "desktop-app": "build-tauri.yml",
  "cli-binaries": "build-binaries.yml",
};

const offered = (t: Target, o: Offers) =>
  t === "release" ? true : t === "pypi" ? o.pypi : t === "desktop-app" ? o.app : o.cli;

/** Whether a tool serves this config's line: no tag starts it (it serves every line), or this line's tags do. */
export const onLine = (t: FoundTool, prefix: string) =>
  t.lines === undefined || !t.lines.length || t.lines.includes(prefix);

export const describe = (t: FoundTool) => `${t.tool} (${siteLabel(t.where)}: ${t.why})`;

/** Registries the toolkit does not publish to: replacing a tool that publishes there would stop that. */
const FOREIGN = new Set(["npm", "crates", "other"]);

/** What a tool that makes the tag or the release does, for the message. */
function doesWhat(t: FoundTool): string {
  if (t.role === "bumps") return t.createsTag ? "pushes tags" : "bumps the version";
  if (t.createsTag) return "proposes the version, tags and releases";
  return "creates the GitHub release";
}

function refusal(target: Target, mine: FoundTool[]): Pick<TargetPlan, "why" | "fix"> {
  const makers = mine.filter((t) => t.role !== "uploads");
  const named = makers.map((t) => `${describe(t)} ${doesWhat(t)}`).join("; ");
  const cutting = makers.some((t) => t.createsTag && t.role === "releases");
  return {
    why: `two publishers for ${TARGET_NAMES[target]}: ${named}; the toolkit's cut tags and creates the release too`,
    fix: cutting
      ? "Rerun with --replace: adoption removes its job or step (shown in the diff); the cut then proposes the version from the commits, continues the CHANGELOG in its own style, tags and releases, and the tool's config files are unused (delete them). Or keep the tool and do not adopt the cut."
      : "Rerun with --replace: adoption removes the step or job that makes the release (shown in the diff), and the cut makes it instead. Or remove it yourself and rerun.",
  };
}

function decide(target: Target, mine: FoundTool[], others: FoundTool[], o: Offers, replace: boolean, prefix: string) {
  const base = { target, toolkit: TOOLKIT[target], existing: mine, otherLines: others };
  const wanted = offered(target, o);
  if (!mine.length) {
    if (others.length && wanted && target !== "release")
      return {
        ...base,
        decision: "ask" as const,
        why: `${TARGET_NAMES[target]} is published on another release line (${others.map(describe).join("; ")}); this config releases ${prefix || '""'} tags, so nothing is generated for it`,
        fix: "If this config should release it too, write one config per line, or move its publisher to this line's tags and rerun.",
      };
    return {
      ...base,
      decision: wanted ? ("generate" as const) : ("none" as const),
      why: wanted ? "nothing publishes it yet" : "nothing to publish",
    };
  }
  const configured = mine.filter((t) => t.where.kind === "config");
  if (configured.length === mine.length)
    return {
      ...base,
      decision: "ask" as const,
      why: `${configured.map((t) => `${t.tool} is configured in ${t.where.path}`).join("; ")}, but no workflow here runs it`,
      fix: "If it runs elsewhere (another CI, by hand), stop it there: the cut now tags and releases. Then delete its configuration.",
    };
  const foreign = mine.find((t) => t.registry && FOREIGN.has(t.registry));
  if (replace && foreign)
    return {
      ...base,
      decision: "refuse" as const,
      why: `${describe(foreign)} also publishes to ${foreign.registry}, which the toolkit does not: replacing it would stop that`,
      fix: "Keep the tool and do not adopt the cut, or move the package publishing to its own step and rerun with --replace.",
    };
  if (replace) return { ...base, decision: "replace" as const, why: `replaced by ${TOOLKIT[target]}` };
  if (target !== "release" || mine.every((t) => t.role === "uploads"))
    return {
      ...base,
      decision: "keep" as const,
      why:
        target === "release"
          ? "they attach files to the release the cut makes"
          : `kept; ${TOOLKIT[target]} is not generated (rerun with --replace to use it instead)`,
    };
  return { ...base, decision: "refuse" as const, ...refusal(target, mine) };
}

export function decideTargets(input: {
  tools: readonly FoundTool[];
  offers: Offers;
  replace: boolean;
  /** this config's tag prefix */
  prefix: string;
}): TargetPlan[] {
  const plans: TargetPlan[] = [];
  for (const target of ["pypi", "release", "desktop-app", "cli-binaries"] as const) {
    const of = input.tools.filter((t) => t.targets.includes(target));
    const mine = of.filter((t) => onLine(t, input.prefix));
    const others = of.filter((t) => !onLine(t, input.prefix));
    plans.push(decide(target, mine, others, input.offers, input.replace, input.prefix));
  }
  return plans;
}

/** Whether the toolkit publishes the target (its workflow generated, or the cut). */
export const toolkitPublishes = (p: TargetPlan | undefined) =>
  p !== undefined &&
  (p.decision === "generate" || p.decision === "replace" || (p.target === "release" && p.decision !== "refuse"));
