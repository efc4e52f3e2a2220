/**
 * The workflow contract checks (`workflow.*`): fan-out of the cut's events (for the
 * tag being cut), CI that creates or waits for the release, tag filters, missing
 * scripts, undeclared secrets. `run:` blocks are read through the shell parser.
 */
import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import {
  cutEvents,
  cutTags,
  ownFlowEvents,
  pollsForRelease,
  releaseListeners,
  secretsRead,
  simulateFanOut,
  startedOnlyByRelease,
  tagListeners,
  type CutTags,
  type FanOut,
  type OwnFlow,
} from "./analysis.ts";
import { releaseFlowOf, type Maker } from "./release-flow.ts";
import { lineOf, linesStarting, listensToTags, type ReleaseLine } from "./release-lines.ts";
import { commandRefs, createdPaths, normalizePath, underAny } from "./commands.ts";
import { startsOn, type CutEvent } from "./triggers.ts";
import { workflowsOf, type Workflow } from "./read.ts";
import { stepCommandsOf, stepWhere, type StepCommands } from "./step-commands.ts";

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    /** the version being cut (the doctor: the next suggested one), for the fan-out table */
    "workflows.cutVersion"?: string;
    /** zero-config: the tag prefix the repository's own tags use (`V3.9.1` → `V`) */
    "workflows.tagPrefix"?: string;
    /** zero-config: the repository's own version tags, the truth tag filters are checked against */
    "workflows.repoTags"?: string[];
  }
}

async function withWorkflows(
  ctx: CheckContext,
  body: (ws: Workflow[]) => CheckOutcome | Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const ws = await workflowsOf(ctx);
  if (ws.length === 0) return skip("no workflow files in .github/workflows");
  return body(ws);
}

/** Without release.config.ts nothing was declared: the repository's own workflows are the truth. */
const zeroConfig = (ctx: CheckContext) => ctx.config.source === "default";

/**
 * The tags the cut will create: the release cut's plan, else the version the doctor
 * suggested, else representative ones. (`facts.release` belongs to the release area;
 * only its plan's target is read here.)
 */
const tagPrefixOf = (ctx: CheckContext) => ctx.facts["workflows.tagPrefix"] ?? ctx.config.tagPrefix;

export function cutTagsOf(ctx: CheckContext): CutTags {
  const plan = (ctx.facts as { release?: { plan?: { target?: string | null } } }).release?.plan;
  const version = plan?.target ?? ctx.facts["workflows.cutVersion"] ?? "1.2.3";
  return cutTags(tagPrefixOf(ctx), version);
}

/**
 * How the release becomes public in this repository, for the fan-out: the toolkit's cut
 * (adopted), else the repository's own flow (a release tool that leaves a draft a person
 * publishes, a tool that creates it published, or a person by hand).
 */
type Publication = "cut" | OwnFlow;

function publicationOf(adopted: boolean, makers: readonly Maker[]): Publication {
  if (adopted) return "cut";
  if (makers.some((m) => m.draft)) return "draft";
  if (makers.some((m) => !m.use.publishesDraft)) return "published";
  return makers.length ? "draft" : "by-hand";
}

/** The release workflows zero-config: release listeners, and tag listeners of the cut's own line. */
function releaseWorkflowsOf(ws: readonly Workflow[], lines: readonly ReleaseLine[], tag: string): string[] {
  const line = lineOf(lines, tag);
  const tagged = line ? line.listeners : tagListeners(ws, tag);
  return [...new Set([...releaseListeners(ws), ...tagged])].sort();
}

/** A workflow a release created published starts, but a published draft does not (`types: [created]`). */
const createdOnly = (w: Workflow | undefined) =>
  Boolean(w) &&
  startsOn(w!.triggers, { kind: "release", tag: "", prerelease: false, actor: "operator" }) &&
  !startsOn(w!.triggers, { kind: "release", tag: "", prerelease: false, actor: "operator", fromDraft: true });

/** The workflows each kind of simulated event starts (the union over the events of that kind). */
function startedBy(sims: readonly FanOut[], stable: string) {
  const union = (keep: (e: CutEvent) => boolean) =>
    new Set(sims.filter((s) => keep(s.event)).flatMap((s) => s.workflows));
  return {
    tag: union((e) => e.kind === "push-tag" && e.tag === stable),
    dispatch: union((e) => e.kind === "dispatch"),
    release: union((e) => e.kind === "release" && !e.prerelease),
    pre: union((e) => e.kind === "release" && e.prerelease),
  };
}

const DRAFT_NOTE: Record<"cut" | "draft", (tag: string) => string> = {
  cut: (tag) => `the cut publishes its draft of ${tag}, which emits \`published\`, never \`created\``,
  draft: () => "the release tool leaves a draft that a person publishes",
};

const FAN_OUT_FIX = {
  adopted:
    "A build that uploads into the release takes `on: workflow_dispatch` (the cut dispatches it at the tag while the release is a draft); a workflow that needs the published release (PyPI) takes `on: release: types: [published]`, which publishing the draft emits. The generated workflows do both (`tsx tasks/gen-workflows.ts`); or list the right files in github.releaseWorkflows of release.config.ts.",
  zero: "Listen to `on: release: types: [published]`: it fires for a release published at once and for a draft published later, pre-releases included.",
};

/** The release workflows against the simulated publication: which start, which do not, and why. */
interface FanOutReading {
  how: Publication;
  tags: CutTags;
  /** which workflow starts on which event, for the message */
  table: string;
  auto: boolean;
  broken: string[];
  missing: string[];
  present: string[];
  onlyCreated: string[];
  notStarted: string[];
  notOnPre: string[];
}

async function readFanOut(ctx: CheckContext, ws: Workflow[]): Promise<FanOutReading> {
  const tags = cutTagsOf(ctx);
  const flow = await releaseFlowOf(ctx, tags.stable);
  const how = publicationOf(flow.adopted, flow.makers);
  const sims = simulateFanOut(ws, how === "cut" ? cutEvents(ctx.config, tags) : ownFlowEvents(how, tags));
  const table = sims.map((s) => `  ${s.label}: ${s.workflows.join(", ") || "(none)"}`).join("\n");
  const auto = zeroConfig(ctx);
  const wanted = auto ? releaseWorkflowsOf(ws, flow.lines, tags.stable) : ctx.config.github.releaseWorkflows;
  const missing = auto ? [] : wanted.filter((f) => !ws.some((w) => w.file === f));
  const present = wanted.filter((f) => !missing.includes(f));
  const on = startedBy(sims, tags.stable);
  // Zero-config a tag-push workflow is started by the release too; an adopted contract wants the dispatch or `release: published`.
  const starts = (f: string) => on.release.has(f) || on.dispatch.has(f) || (auto && on.tag.has(f));
  const onlyCreated = present.filter((f) => createdOnly(ws.find((w) => w.file === f)) && !(auto && on.tag.has(f)));
  const preTags = (ctx.facts["workflows.repoTags"] ?? []).some((t) => /\d-[\w.]+$/.test(t));
  return {
    how,
    tags,
    table,
    auto,
    broken: ws.filter((w) => w.error).map((w) => `${w.path}: ${w.error}`),
    missing,
    present,
    onlyCreated,
    notStarted: present.filter((f) => !starts(f) && !onlyCreated.includes(f)),
    notOnPre: present.filter(
      (f) => on.release.has(f) && !on.pre.has(f) && !(auto && on.tag.has(f)) && (!auto || preTags),
    ),
  };
}

/** A workflow that does not start fails; one that misses a publication a person may choose, or pre-releases, warns. */
function fanOutVerdict(r: FanOutReading): CheckOutcome {
  const { how, tags, table } = r;
  const problems = [
    ...r.broken.map((b) => `cannot parse ${b}`),
    ...r.missing.map((f) => `configured release workflow ${f} does not exist`),
    ...r.notStarted.map((f) => `${f} does not start when the release ${tags.stable} is published`),
    ...(how === "cut" || how === "draft" ? r.onlyCreated : []).map(
      (f) =>
        `${f} starts only on \`created\`, which publishing a draft does not emit (${DRAFT_NOTE[how as "cut" | "draft"](tags.stable)})`,
    ),
  ];
  if (problems.length)
    return fail(`Cannot fan out: ${problems.join("; ")}\n${table}`, r.auto ? FAN_OUT_FIX.zero : FAN_OUT_FIX.adopted);
  const doubts = [
    ...(how === "by-hand" ? r.onlyCreated : []).map(
      (f) =>
        `${f} starts only on \`created\`: a release made by hand and published at once starts it, but one saved as a draft first (or cut by \`tsx release.ts\`, which always publishes a draft) will not`,
    ),
    ...r.notOnPre.map(
      (f) => `${f} will not start for the pre-release ${tags.prerelease} (types: [released] skips pre-releases)`,
    ),
  ];
  if (doubts.length) return warn(`${doubts.join("; ")}\n${table}`, FAN_OUT_FIX.zero);
  if (r.present.length === 0) return pass(`no workflow listens to the release or its tag\n${table}`);
  return pass(`every release workflow (${r.present.join(", ")}) starts for ${tags.stable}\n${table}`);
}

const fanOut: Check = {
  id: "workflow.fan-out",
  title: "the release cut starts the release workflows",
  run: (ctx) => withWorkflows(ctx, async (ws) => fanOutVerdict(await readFanOut(ctx, ws))),
};

/** The listeners that still start on the branch push that starts the maker, whose release-event run alone is lost. */
const stillRun = (m: Maker) =>
  m.runsAnyway
    .map((r) => `${r.file} still starts on the push of ${r.branch} that starts ${m.at.workflow.file}`)
    .join(", ");

const ciCreatesRelease: Check = {
  id: "workflow.ci-creates-release",
  title: "no workflow creates the GitHub release with GITHUB_TOKEN",
  run: (ctx) =>
    withWorkflows(ctx, async () => {
      const { makers } = await releaseFlowOf(ctx, cutTagsOf(ctx).stable);
      const at = (m: Maker) => stepWhere(m.at.workflow, m.at.job, m.at.step, m.at.index);
      const losing = makers.filter((m) => m.lost.length > 0);
      // Adopted: `tsx release.ts` creates the release; a second creator in CI breaks the contract even if nothing listens.
      const contract = zeroConfig(ctx) ? [] : makers.filter((m) => !m.draft && m.lost.length === 0);
      if (losing.length)
        return fail(
          `Cannot rely on a release created in CI: ${losing.map((m) => `${at(m)} ${m.why} with GITHUB_TOKEN, so ${m.lost.join(", ")} will not start${m.runsAnyway.length ? ` (${stillRun(m)}; only its release run is lost)` : ""}`).join("; ")}. ` +
            "GitHub starts no workflow for events caused by GITHUB_TOKEN.",
          "Give the step a GitHub App or personal token (events it causes start workflows), or let `tsx release.ts` cut the release: it creates a draft with the operator's token, dispatches the builds that upload into it, and publishes it with that token, which starts the `release: published` workflows.",
        );
      if (contract.length)
        return fail(
          `Cannot keep the release contract: ${contract.map((m) => `${at(m)} ${m.why}`).join("; ")} — \`tsx release.ts\` creates the release`,
          "Remove the step: `tsx release.ts` creates the release as a draft and publishes it once every asset is there. A build it dispatches uploads into the draft with `tsx tasks/upload-assets.ts` (which finds the draft by listing releases; a draft emits no release event and the by-tag lookup does not see it).",
        );
      const partial = makers.filter((m) => m.lost.length === 0 && m.runsAnyway.length > 0);
      if (partial.length)
        return warn(
          `${partial.map((m) => `${at(m)} ${m.why} with GITHUB_TOKEN, so no workflow starts for the release, but ${stillRun(m)}`).join("; ")}: the doctor cannot tell whether that run does what the release run would have done.`,
          "If it must run for the release itself, give the release step a GitHub App or personal token (events it causes start workflows).",
        );
      if (makers.length === 0) return pass("no workflow creates a release");
      return pass(
        makers.map((m) => `${at(m)} ${m.why}: ${m.note ?? "no other workflow listens, so no run is lost"}`).join("; "),
      );
    }),
};

/**
 * Why a step's loop waits for a release a person makes: it polls the release (not other
 * runs), its workflow is not started by the release itself, and no earlier job or step
 * of the same workflow creates the release (then the loop only waits for it to be visible).
 */
export function releaseWaiters(steps: readonly StepCommands[], makers: readonly Maker[]): string[] {
  const out: string[] = [];
  for (const sc of steps) {
    const why = pollsForRelease(sc.step);
    if (!why || startedOnlyByRelease(sc.workflow)) continue;
    if (makers.some((m) => m.at.workflow === sc.workflow)) continue;
    out.push(`${stepWhere(sc.workflow, sc.job, sc.step, sc.index)} ${why}`);
  }
  return out;
}

const waitsForRelease: Check = {
  id: "workflow.waits-for-release",
  title: "no workflow polls for the release to appear",
  run: (ctx) =>
    withWorkflows(ctx, async () => {
      const { makers } = await releaseFlowOf(ctx, cutTagsOf(ctx).stable);
      const pollers = releaseWaiters(await stepCommandsOf(ctx), makers);
      if (pollers.length === 0) return pass("no workflow waits for a release");
      const list = pollers.join("; ");
      if (makers.some((m) => !m.draft))
        return fail(
          `Cannot trust a workflow that waits for the release: ${list} — CI is then both the creator and the consumer of the release.`,
          "Drop the loop and let `tsx release.ts` make the release: a build that uploads takes `on: workflow_dispatch` (the cut dispatches it once the draft exists), a workflow that needs the published release takes `on: release: types: [published]`.",
        );
      return warn(
        `${list}: it races the person who creates the release — if the release is not there when the loop gives up, the upload is lost`,
        "Drop the loop and start the upload when the release exists: `on: workflow_dispatch` once a draft exists (published releases accept no upload where immutable releases are on; `tsx release.ts` works this way), or `on: release: types: [published]` where releases stay mutable.",
      );
    }),
};

/** What a tag filter gets: a failure, a warning, or nothing to say. */
type FilterVerdict = { fail?: string; warn?: string };

/**
 * Zero-config, a tag filter against the repository's release lines: the lines it starts
 * on are judged on their own tags (a desktop line is not asked to match the package's
 * pre-releases); a filter that matches no tag at all may be a typo or a line not yet
 * released, so it only warns.
 */
function filterVsLines(w: Workflow, lines: readonly ReleaseLine[]): FilterVerdict {
  const starts = (tag: string) => startsOn(w.triggers, { kind: "push-tag", tag });
  const own = linesStarting(w, lines).filter((l) => l.tags.length > 0);
  const all = lines.flatMap((l) => l.tags);
  if (own.length === 0 && all.length)
    return {
      warn: `matches none of the repository's ${all.length} version tags (lines ${lines
        .filter((l) => l.tags.length)
        .map((l) => `${l.prefix || "(bare)"}…`)
        .join(
          ", ",
        )}): if it is meant for a line not released yet, its first tag will start it; otherwise it never runs`,
    };
  for (const l of own) {
    const stable = l.tags.filter((t) => !/\d-[\w.]+$/.test(t));
    const pre = l.tags.filter((t) => /\d-[\w.]+$/.test(t));
    if (stable.length && !stable.some(starts))
      return { warn: `matches none of the stable tags (e.g. ${stable.at(-1)})` };
    if (pre.length && !pre.some(starts)) return { warn: `matches none of the pre-release tags (e.g. ${pre.at(-1)})` };
  }
  return {};
}

/**
 * Adopted, a tag filter against the tags the cut creates: the release tag and two
 * representative ones must start it (a failure), the pre-release tag should (a warning).
 * A workflow another release line starts (`desktop-v*`) is that line's, not the cut's;
 * a line known only from this filter proves nothing (it may be a typo for the cut's).
 */
function filterVsCut(w: Workflow, lines: readonly ReleaseLine[], cut: CutTags, prefix: string): FilterVerdict {
  const started = linesStarting(w, lines).filter((l) => l.tags.length > 0 || l.sources.includes("tool"));
  if (started.length && !started.some((l) => l === lineOf(lines, cut.stable) || l.prefix === prefix)) return {};
  const stableTags = [...new Set([cut.stable, `${prefix}1.2.3`, `${prefix}10.20.30`])];
  const missed = stableTags.filter((tag) => !startsOn(w.triggers, { kind: "push-tag", tag }));
  if (missed.length) return { fail: `does not match ${missed.join(", ")}` };
  if (!startsOn(w.triggers, { kind: "push-tag", tag: cut.prerelease }))
    return { warn: `does not match the pre-release tag ${cut.prerelease}` };
  return {};
}

const tagFilterMismatch: Check = {
  id: "workflow.tag-filter-mismatch",
  title: "tag filters match the tags the cut creates",
  run: (ctx) =>
    withWorkflows(ctx, async (ws) => {
      const p = tagPrefixOf(ctx);
      const cut = cutTagsOf(ctx);
      const { lines } = await releaseFlowOf(ctx, cut.stable);
      const repoTags = zeroConfig(ctx) ? ctx.facts["workflows.repoTags"] : undefined;
      const failures: string[] = [];
      const warnings: string[] = [];
      // A filter that only keeps tag pushes out of a branch workflow (`tags: ['!*']`, `tags-ignore: ['**']`) names no release line.
      for (const w of ws.filter(listensToTags)) {
        const f = w.triggers.events.push!;
        const filter = JSON.stringify(f.tags ?? { "tags-ignore": f["tags-ignore"] });
        const r = repoTags?.length ? filterVsLines(w, lines) : filterVsCut(w, lines, cut, p);
        if (r.fail) failures.push(`${w.file} tags ${filter} ${r.fail}`);
        if (r.warn) warnings.push(`${w.file} tags ${filter} ${r.warn}`);
      }
      if (failures.length)
        return fail(
          `Cannot start on the release tag: ${failures.join("; ")}`,
          `Match the tags the cut creates (\`${p}<version>\`), e.g. tags: ["${p}*"], or trigger on the published release instead.`,
        );
      if (warnings.length)
        return warn(warnings.join("; "), `Use a filter such as "${p}*" if pre-releases should run it too.`);
      return pass(
        repoTags?.length
          ? "every tag filter matches the repository's version tags"
          : "every tag filter matches the cut's tags",
      );
    }),
};

/** Files named by `run:` steps and local `uses:` that do not exist (paths earlier steps create excepted). */
export function missingFiles(root: string, steps: readonly StepCommands[]): string[] {
  const missing: string[] = [];
  const created = new Map<string, Set<string>>();
  for (const sc of steps) {
    const { workflow: w, job, step: s } = sc;
    const key = `${w.file}#${job.id}`;
    const made = created.get(key) ?? new Set<string>();
    created.set(key, made);
    if (sc.index === 0 && job.uses?.startsWith("./") && !existsSync(join(root, job.uses)))
      missing.push(`${w.path} job ${job.id} calls ${job.uses}`);
    if (s.uses?.startsWith("./") && !existsSync(join(root, s.uses)))
      missing.push(`${w.path} job ${job.id} uses ${s.uses}`);
    // Actions that write files (download-artifact, write-file, cache): their `path:` exists afterwards.
    for (const key of ["path", "name", "file", "output", "destination"] as const) {
      const p = s.with[key];
      if (s.uses && !s.uses.startsWith("actions/checkout") && typeof p === "string")
        for (const one of p.split("\n")) if (one.trim()) made.add(normalizePath(one.trim()));
    }
    const checkoutPath = s.uses?.startsWith("actions/checkout") ? s.with.path : undefined;
    if (typeof checkoutPath === "string") made.add(`@checkout:${normalizePath(checkoutPath)}`);
    // A working directory from an expression is known only on the runner.
    if (s.workingDirectory?.includes("${{")) continue;
    let cwd = s.workingDirectory ?? ".";
    for (const { words } of sc.commands) {
      if (words[0] === "cd" && words[1] && !words[1].includes("$X")) {
        cwd = posix.normalize(posix.join(cwd, words[1]));
        continue;
      }
      for (const p of createdPaths(words)) made.add(posix.normalize(posix.join(cwd, p)));
      for (const p of commandRefs(words).paths) {
        const rel = posix.normalize(posix.join(cwd, p));
        if (underAny(rel, made) || rel.startsWith("..")) continue;
        const inCheckout = [...made]
          .filter((m) => m.startsWith("@checkout:"))
          .some((m) => rel.startsWith(`${m.slice(10)}/`) && existsSync(join(root, rel.slice(m.length - 9))));
        if (!inCheckout && !existsSync(join(root, rel))) missing.push(`${w.path} job ${job.id} runs ${rel}`);
      }
    }
  }
  return [...new Set(missing)];
}

const missingScript: Check = {
  id: "workflow.missing-script",
  title: "workflow steps name files that exist",
  run: (ctx) =>
    withWorkflows(ctx, async () => {
      const missing = missingFiles(ctx.root, await stepCommandsOf(ctx));
      if (missing.length === 0) return pass("every script, spec and local action named by a workflow exists");
      return fail(
        `Cannot run the workflows: ${missing.join("; ")} — the file does not exist`,
        "Restore the file, or update the step to the script that replaced it (then run `tsx tasks/gen-workflows.ts` for generated workflows).",
      );
    }),
};

const secretsUndeclared: Check = {
  id: "workflow.secrets-undeclared",
  title: "workflow secrets are declared in the config",
  run: (ctx) =>
    withWorkflows(ctx, (ws) => {
      const read = new Map<string, string[]>();
      for (const w of ws) for (const s of secretsRead(w)) read.set(s, [...(read.get(s) ?? []), w.file]);
      if (zeroConfig(ctx)) return skip("no release.config.ts: no secrets are declared to compare with");
      const declared = ctx.config.secrets
        ? new Set([...ctx.config.secrets.repository, ...Object.values(ctx.config.secrets.environments).flat()])
        : undefined;
      if (!declared) {
        if (read.size === 0) return pass("the workflows read no secrets");
        return warn(
          `the workflows read ${[...read.keys()].join(", ")} but release.config.ts declares no secrets`,
          `Declare them: secrets: { repository: [${[...read.keys()].map((s) => `"${s}"`).join(", ")}] }`,
        );
      }
      const undeclared = [...read.keys()].filter((s) => !declared.has(s));
      const unused = [...declared].filter((s) => !read.has(s));
      if (undeclared.length)
        return fail(
          `Cannot vouch for the workflows' secrets: ${undeclared.map((s) => `${s} (read by ${read.get(s)!.join(", ")})`).join(", ")} not declared in release.config.ts`,
          "Add them to secrets.repository (or secrets.environments.<name>) in release.config.ts, or remove the reference from the workflow.",
        );
      if (unused.length)
        return warn(
          `declared but read by no workflow: ${unused.join(", ")}`,
          "Remove them from secrets in release.config.ts, or wire them into the workflow that needs them.",
        );
      return pass(`every secret the workflows read is declared (${read.size})`);
    }),
};

export const workflowContractChecks: Check[] = [
  fanOut,
  ciCreatesRelease,
  waitsForRelease,
  tagFilterMismatch,
  missingScript,
  secretsUndeclared,
];
