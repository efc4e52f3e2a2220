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
import type { RefusalCode } from "../core/codes.ts";
import { siteLabel, TARGETS, type FoundTool, type Target } from "./release-automation.ts";

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
  /** what --replace removes for it (its makers: files attached to the cut's release stay) */
  replaced: FoundTool[];
  why: string;
  /** what to do, for `refuse` and `ask` */
  fix?: string;
  /** for `refuse`: the refusal's code (`adopt.two-publishers` unless said) */
  code?: Extract<RefusalCode, "adopt.two-publishers" | "adopt.replace-stops-publishing">;
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
  if (t.createsTag && t.createsRelease === false) return "proposes the version and tags";
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

type Decided = Omit<TargetPlan, "target" | "toolkit" | "existing" | "otherLines" | "replaced"> & {
  replaced?: FoundTool[];
};

/** No publisher of this line: the toolkit's, unless only another line publishes it. */
function unpublished(target: Target, others: FoundTool[], wanted: boolean, prefix: string): Decided {
  if (others.length && wanted && target !== "release")
    return {
      decision: "ask",
      why: `${TARGET_NAMES[target]} is published on another release line (${others.map(describe).join("; ")}); this config releases ${prefix || '""'} tags, so nothing is generated for it`,
      fix: "If this config should release it too, write one config per line, or move its publisher to this line's tags and rerun.",
    };
  return { decision: wanted ? "generate" : "none", why: wanted ? "nothing publishes it yet" : "nothing to publish" };
}

/** Why --replace must keep a publisher the toolkit cannot stand in for, if it must. */
function irreplaceable(target: Target, mine: FoundTool[], wanted: boolean): Decided | undefined {
  if (!wanted && target !== "release")
    return {
      decision: "keep",
      why: `kept: the toolkit has nothing to build for ${TARGET_NAMES[target]} here (${describe(mine[0]!)})`,
    };
  const wheels = mine.find((t) => t.platformWheels);
  if (target === "pypi" && wheels)
    return {
      decision: "keep",
      why: `kept: ${describe(wheels)} uploads platform wheels its jobs build (cibuildwheel, maturin, manylinux), which publish-pypi.yml does not build; replacing it would publish the wrong build`,
    };
  return undefined;
}

function decide(
  target: Target,
  mine: FoundTool[],
  others: FoundTool[],
  o: Offers,
  replace: boolean,
  prefix: string,
): Decided {
  const wanted = offered(target, o);
  if (!mine.length) return unpublished(target, others, wanted, prefix);
  const configured = mine.filter((t) => t.where.kind === "config");
  if (configured.length === mine.length)
    return {
      decision: "ask",
      why: `${configured.map((t) => `${t.tool} is configured in ${t.where.path}`).join("; ")}, but no workflow here runs it`,
      fix: "If it runs elsewhere (another CI, by hand), stop it there: the cut now tags and releases. Then delete its configuration.",
    };
  const kept = irreplaceable(target, mine, wanted);
  if (kept) return kept;
  const foreign = mine.find((t) => t.registry && FOREIGN.has(t.registry));
  if (replace && foreign)
    return {
      decision: "refuse",
      code: "adopt.replace-stops-publishing",
      why: `${describe(foreign)} also publishes to ${foreign.registry}, which the toolkit does not: replacing it would stop that`,
      fix: "Keep the tool and do not adopt the cut, or move the package publishing to its own step and rerun with --replace.",
    };
  // Files attached to the cut's release are not a second release: they stay, even with --replace.
  const makers = target === "release" ? mine.filter((t) => t.role !== "uploads") : mine;
  if (!makers.length) return { decision: "keep", why: "they attach files to the release the cut makes" };
  if (replace) return { decision: "replace", why: `replaced by ${TOOLKIT[target]}`, replaced: makers };
  if (target !== "release")
    return {
      decision: "keep",
      why: `kept; ${TOOLKIT[target]} is not generated (rerun with --replace to use it instead)`,
    };
  return { decision: "refuse", ...refusal(target, mine) };
}

/**
 * A tool removed for one target but kept for another (softprops making the release and
 * attaching binaries the toolkit cannot build here) cannot be removed: that target refuses.
 */
function consistent(plans: TargetPlan[]): TargetPlan[] {
  const kept = new Set(plans.filter((p) => p.decision === "keep").flatMap((p) => p.existing));
  return plans.map((p) => {
    const clash = p.replaced.find((t) => kept.has(t));
    if (!clash) return p;
    const keptFor = plans.find((q) => q.decision === "keep" && q.existing.includes(clash))!;
    return {
      ...p,
      decision: "refuse",
      code: "adopt.replace-stops-publishing",
      replaced: [],
      why: `${describe(clash)} publishes ${TARGET_NAMES[p.target]} and ${TARGET_NAMES[keptFor.target]}, which is kept (${keptFor.why}); removing it would stop that`,
      fix: `Split it: attach ${TARGET_NAMES[keptFor.target]} in a step of its own (e.g. \`gh release upload\` into the cut's release), then rerun with --replace.`,
    };
  });
}

export function decideTargets(input: {
  tools: readonly FoundTool[];
  offers: Offers;
  replace: boolean;
  /** this config's tag prefix */
  prefix: string;
}): TargetPlan[] {
  const plans = TARGETS.map((target): TargetPlan => {
    const of = input.tools.filter((t) => t.targets.includes(target));
    const mine = of.filter((t) => onLine(t, input.prefix));
    const others = of.filter((t) => !onLine(t, input.prefix));
    const d = decide(target, mine, others, input.offers, input.replace, input.prefix);
    return { replaced: [], ...d, target, toolkit: TOOLKIT[target], existing: mine, otherLines: others };
  });
  return consistent(plans);
}

/** Whether the toolkit publishes the target (its workflow generated, or the cut). */
export const toolkitPublishes = (p: TargetPlan | undefined) =>
  p !== undefined &&
  (p.decision === "generate" || p.decision === "replace" || (p.target === "release" && p.decision !== "refuse"));
