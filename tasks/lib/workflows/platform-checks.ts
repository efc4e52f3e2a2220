/**
 * The doctor's checks of what GitHub and Apple run today, offline, from the platform
 * facts (`tasks/lib/core/platform/`): runner labels (matrix values and `include:`
 * entries too) that are retired or about to be, `openssl pkcs12` on an OpenSSL 3
 * runner without `-legacy`, action versions GitHub retired, actions on a runtime GitHub
 * removed, actions moved by tag in a privileged job, and facts too old to trust. Each message names the date and
 * the source it relies on.
 */
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import {
  REMOVED_RUNTIME_FALLBACK,
  REMOVED_RUNTIMES,
  retirementOf,
  runtimeFactOf,
  runtimeOf,
  runtimeRemoved,
} from "../core/platform/actions.ts";
import type { PlatformFact } from "../core/platform/fact.ts";
import { PLATFORM_FACTS } from "../core/platform/index.ts";
import {
  announcedDay,
  labelStatus,
  opensslThreeLabel,
  RETIRED_OLDEST_FIRST,
  RUNNER_IMAGES,
  runnerLabel,
  successorLabel,
  type RunnerImage,
} from "../core/platform/runners.ts";
import { STALE_AFTER_DAYS, staleness } from "../core/platform/staleness.ts";
import { isFullSha } from "../../../templates/actions.ts";
import { jobActions, privilegeOf, versionOf, type ActionUse } from "./action-refs.ts";
import { workflowsOf, type Workflow } from "./read.ts";
import { jobLabels, type LabelUse } from "./runner-labels.ts";
import { stepCommandsOf, stepLabel } from "./step-commands.ts";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
const cite = (f: PlatformFact<unknown>) => `${f.source}, checked ${f.checked}`;

interface JobRef {
  workflow: Workflow;
  id: string;
  doc: Rec;
}

function jobsOf(ws: readonly Workflow[]): JobRef[] {
  return ws
    .filter((w) => !w.error)
    .flatMap((w) => Object.entries(rec(rec(w.doc).jobs)).map(([id, doc]) => ({ workflow: w, id, doc: rec(doc) })));
}

const where = (j: JobRef, u: LabelUse) =>
  `${j.workflow.path} (job ${j.id}, ${u.via === "runs-on" ? "runs-on" : u.via}: ${u.label})`;

async function overJobs(ctx: CheckContext, body: (jobs: JobRef[]) => CheckOutcome): Promise<CheckOutcome> {
  const ws = await workflowsOf(ctx);
  if (!ws.length) return skip("no workflow files in .github/workflows");
  return body(jobsOf(ws));
}

/** `ubuntu-18.04` → ["ubuntu", [18, 4]]; `macos-10.15`, `windows-2016` likewise; anything else (arch or size suffixes) is not read. */
function numbered(label: string): { os: string; version: number[] } | undefined {
  const m = /^(ubuntu|macos|windows)-(\d+(?:\.\d+)?)$/.exec(label.trim().toLowerCase());
  return m ? { os: m[1]!, version: m[2]!.split(".").map(Number) } : undefined;
}

const older = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
};

/**
 * A GitHub-hosted label the facts do not list, older than an image GitHub has retired
 * (`ubuntu-18.04` beside Ubuntu 20.04, retired 2025-04-15): GitHub retires the oldest image
 * of an OS first (RETIRED_OLDEST_FIRST), so it gets no runner either. The retired image
 * that bounds it, or undefined.
 */
export function retiredBeforeKnown(
  label: string,
  now: Date,
): { image: PlatformFact<RunnerImage>; on: string; as: string } | undefined {
  const mine = numbered(label);
  if (!mine || runnerLabel(label)) return undefined;
  const bounds = (Object.values(RUNNER_IMAGES) as PlatformFact<RunnerImage>[]).flatMap((image) =>
    image.value.labels.flatMap((l) => {
      const theirs = numbered(l);
      const status = labelStatus(l, now);
      return theirs && theirs.os === mine.os && status.kind === "retired" && older(mine.version, theirs.version)
        ? [{ image, on: status.on, as: l }]
        : [];
    }),
  );
  return bounds.sort((a, b) => a.on.localeCompare(b.on))[0];
}

const runnerRetired: Check = {
  id: "workflow.runner-retired",
  title: "every runner label still gets a GitHub-hosted runner",
  run: (ctx) =>
    overJobs(ctx, (jobs) => {
      const lines = jobs.flatMap((j) =>
        jobLabels(j.doc).flatMap((u) => {
          const status = labelStatus(u.label, ctx.now);
          if (status.kind === "retired") {
            const img = runnerLabel(u.label)!.image;
            return [
              `${where(j, u)}: GitHub retired ${img.value.name} on ${announcedDay(img.value, status.on)}; the job never starts (${cite(img)}); use ${successorLabel(u.label)}`,
            ];
          }
          const bound = retiredBeforeKnown(u.label, ctx.now);
          if (!bound) return [];
          return [
            `${where(j, u)}: older than ${bound.image.value.name}, which GitHub retired on ${bound.on} (${cite(bound.image)}), and GitHub retires the oldest image of an OS first (${cite(RETIRED_OLDEST_FIRST)}): the job never starts; use ${successorLabel(bound.as)}`,
          ];
        }),
      );
      if (!lines.length) return pass("no job runs on a retired runner label");
      return fail(
        `Cannot get a runner: ${lines.join("; ")}`,
        "Replace each label with the one named (generated workflows: `tsx tasks/gen-workflows.ts`; a hand-written one by hand, or let `tsx tasks/adopt.ts` map them).",
      );
    }),
};

/** What a user of a label being retired must know, or undefined when it is not being retired on `now`. */
export function retiringNotice(label: string, now: Date): string | undefined {
  const status = labelStatus(label, now);
  if (status.kind !== "deprecated" && status.kind !== "ending") return undefined;
  const img = runnerLabel(label)!.image;
  const window = status.kind === "deprecated" ? `deprecated since ${status.since}, ` : "";
  const note = img.value.note ? `; ${img.value.note}` : "";
  return `${img.value.name} is ${window}announced until ${announcedDay(img.value, status.retires)} (${cite(img)})${note}`;
}

/** Every label of these workflows GitHub is retiring, one line per job and label. */
export function retiringLabels(ws: readonly Workflow[], now: Date): { line: string; label: string }[] {
  return jobsOf(ws).flatMap((j) =>
    jobLabels(j.doc).flatMap((u) => {
      const notice = retiringNotice(u.label, now);
      return notice ? [{ line: `${where(j, u)}: ${notice}`, label: u.label }] : [];
    }),
  );
}

const runnerDeprecated: Check = {
  id: "workflow.runner-deprecated",
  title: "no runner label is being retired",
  async run(ctx) {
    const ws = await workflowsOf(ctx);
    if (!ws.length) return skip("no workflow files in .github/workflows");
    const found = retiringLabels(ws, ctx.now);
    if (!found.length) return pass("no job runs on a label GitHub is retiring");
    const moves = [...new Set(found.map((f) => f.label))]
      .map((l) => [l, successorLabel(l)] as const)
      .filter(([l, to]) => to !== l)
      .map(([l, to]) => `${l} → ${to}`);
    const last = found.some((f) => successorLabel(f.label) === f.label);
    return warn(
      found.map((f) => f.line).join("\n"),
      `Move before that day${moves.length ? `: ${moves.join(", ")}` : ""}${last ? "; for the last Intel image, decide how the Intel build is made after it (docs/workflows.md: the Intel build)" : ""}.`,
    );
  },
};

const readsP12Plainly = (words: readonly string[]) =>
  words[0] === "openssl" &&
  words[1] === "pkcs12" &&
  !words.includes("-legacy") &&
  !words.some((w, i) => w === "-provider" && words[i + 1] === "legacy");

const opensslLegacy: Check = {
  id: "workflow.openssl-legacy",
  title: "openssl pkcs12 on an OpenSSL 3 runner passes -legacy",
  async run(ctx) {
    const ws = await workflowsOf(ctx);
    if (!ws.length) return skip("no workflow files in .github/workflows");
    const byJob = new Map(jobsOf(ws).map((j) => [`${j.workflow.path}#${j.id}`, j]));
    const steps = await stepCommandsOf(ctx);
    const found: string[] = [];
    for (const sc of steps) {
      const j = byJob.get(`${sc.workflow.path}#${sc.job.id}`);
      const ossl3 = j ? jobLabels(j.doc).filter((u) => opensslThreeLabel(u.label)) : [];
      if (!ossl3.length || !sc.commands.some((c) => readsP12Plainly(c.words))) continue;
      const img = runnerLabel(ossl3[0]!.label)!.image;
      found.push(
        `${sc.workflow.path} (job ${sc.job.id}, step "${stepLabel(sc.step, sc.index)}") runs \`openssl pkcs12\` without -legacy on ${ossl3.map((u) => u.label).join(", ")}, whose openssl is ${img.value.openssl} (${cite(img)})`,
      );
    }
    if (!found.length) return pass("no openssl pkcs12 step on an OpenSSL 3 runner without -legacy");
    return warn(
      `${found.join("; ")}: OpenSSL 3 reads a legacy .p12 (RC2/3DES, what macOS security import accepts) only with -legacy, and exports one security import rejects without it`,
      "Add -legacy to the openssl pkcs12 command (reading and exporting); keep the .p12 in the legacy format.",
    );
  },
};

interface UseRef {
  j: JobRef;
  use: ActionUse;
}

function usesOf(jobs: JobRef[]): UseRef[] {
  return jobs.flatMap((j) => jobActions(j.doc).map((use) => ({ j, use })));
}

const moveTo = (action: string) => {
  const pin = runtimeFactOf(action)?.value.pin;
  return pin ? `${action}@${pin.sha} # ${pin.version}` : undefined;
};

interface RemovedUse {
  file: string;
  job: string;
  /** `actions/checkout v4` */
  what: string;
  action: string;
  runtime: string;
  removed: string;
}

/** One line per workflow: each action version with its jobs, grouped by the runtime it declares. */
function removedRuntimeLines(found: readonly RemovedUse[]): string[] {
  const files = [...new Set(found.map((f) => f.file))];
  return files.map((file) => {
    const here = found.filter((f) => f.file === file);
    const byRuntime = [...new Set(here.map((f) => f.runtime))].map((runtime) => {
      const uses = here.filter((f) => f.runtime === runtime);
      const whats = [...new Set(uses.map((u) => u.what))].map((what) => {
        const jobs = [...new Set(uses.filter((u) => u.what === what).map((u) => u.job))];
        return `${what} (${jobs.length > 1 ? "jobs" : "job"} ${jobs.join(", ")})`;
      });
      const verb = whats.length > 1 ? "declare" : "declares";
      return `${whats.join(", ")} ${verb} ${runtime}, which GitHub removed on ${uses[0]!.removed}`;
    });
    return `${file}: ${byRuntime.join("; ")}`;
  });
}

const actionRuntime: Check = {
  id: "workflow.action-runtime",
  title: "every action runs on a runtime GitHub still provides",
  run: (ctx) =>
    overJobs(ctx, (jobs) => {
      const found: RemovedUse[] = [];
      for (const u of usesOf(jobs)) {
        const version = versionOf(u.use, u.j.workflow.text);
        const runtime = version ? runtimeOf(u.use.action, version) : undefined;
        const removed = runtime ? runtimeRemoved(runtime, ctx.now) : undefined;
        if (!removed || !runtime) continue;
        const what = `${u.use.action} ${version}`;
        found.push({ file: u.j.workflow.path, job: u.j.id, what, action: u.use.action, runtime, removed });
      }
      if (!found.length) return pass("every action with a known runtime runs on one GitHub still provides");
      const fallback = REMOVED_RUNTIME_FALLBACK.value.runsOn;
      const moves = [...new Set(found.map((f) => f.action))].map(moveTo);
      return warn(
        [
          ...removedRuntimeLines(found),
          `The runner now runs these on ${fallback} instead, with no opt-out (${cite(REMOVED_RUNTIME_FALLBACK)}): they still start, on a Node their versions were not released for, so a step may behave differently or fail and every run carries a deprecation annotation. Removal dates: ${cite(REMOVED_RUNTIMES)}.`,
        ].join("\n"),
        `Move each to a version released for ${fallback}: ${moves.join(", ")} (${[...new Set(found.map((f) => cite(runtimeFactOf(f.action)!)))].join("; ")}). Regenerate the generated workflows; edit the hand-written ones.`,
      );
    }),
};

interface RetiredUse {
  file: string;
  job: string;
  /** `actions/upload-artifact v2` */
  what: string;
  retirement: NonNullable<ReturnType<typeof retirementOf>>;
}

/** One line per workflow: each retired version with its jobs, the day it stopped and what to use instead. */
function retiredLines(found: readonly RetiredUse[]): string[] {
  return [...new Set(found.map((f) => f.file))].map((file) => {
    const here = found.filter((f) => f.file === file);
    const uses = [...new Set(here.map((f) => f.what))].map((what) => {
      const same = here.filter((f) => f.what === what);
      const jobs = [...new Set(same.map((u) => u.job))];
      const r = same[0]!.retirement.retirement;
      const via = r.via ? ` (${r.via})` : "";
      return `${what} (${jobs.length > 1 ? "jobs" : "job"} ${jobs.join(", ")}) retired on ${r.retired}${via}, use ${r.action}@${r.moveTo.sha} # ${r.moveTo.version}`;
    });
    return `${file}: ${uses.join("; ")}`;
  });
}

const actionRetired: Check = {
  id: "workflow.action-retired",
  title: "no job uses an action version GitHub retired",
  run: (ctx) =>
    overJobs(ctx, (jobs) => {
      const found: RetiredUse[] = [];
      for (const u of usesOf(jobs)) {
        const ref = versionOf(u.use, u.j.workflow.text) ?? u.use.ref;
        const retirement = retirementOf(u.use.action, ref, ctx.now);
        if (retirement)
          found.push({ file: u.j.workflow.path, job: u.j.id, what: `${u.use.action} ${ref}`, retirement });
      }
      if (!found.length) return pass("no job uses an action version GitHub retired");
      const sources = [...new Set(found.map((f) => cite(f.retirement.fact)))];
      return fail(
        [
          "Cannot start these jobs: GitHub fails a job that uses a retired action version as soon as it starts.",
          ...retiredLines(found),
          `Retirements: ${sources.join("; ")}.`,
        ].join("\n"),
        "Move each use to the release named (pin its commit with the version as a comment); the artifact actions v4 and later cannot read artifacts an older version uploaded, so move the uploads and downloads of a workflow together.",
      );
    }),
};

const actionUnpinned: Check = {
  id: "workflow.action-unpinned",
  title: "jobs holding write access, an environment or secrets pin actions by commit",
  run: (ctx) =>
    overJobs(ctx, (jobs) => {
      const found: string[] = [];
      for (const j of jobs) {
        const why = privilegeOf(j.doc, rec(j.workflow.doc).permissions, rec(j.workflow.doc).env);
        const movable = jobActions(j.doc).filter((u) => !isFullSha(u.ref));
        if (why && movable.length)
          found.push(
            `${j.workflow.path} (job ${j.id}, ${why}): ${[...new Set(movable.map((u) => `${u.action}@${u.ref}`))].join(", ")}`,
          );
      }
      if (!found.length) return pass("every action in a privileged job is pinned by full commit");
      const example = moveTo("actions/checkout");
      return warn(
        `${found.join("\n")}\nA tag or branch can be moved to other code, which then runs with that access.`,
        `Pin each by its full commit with the version as a comment (e.g. ${example}); generated workflows already are.`,
      );
    }),
};

const factsStale: Check = {
  id: "platform.facts-stale",
  title: "the toolkit's knowledge of GitHub and Apple is recent",
  async run(ctx) {
    const s = staleness(PLATFORM_FACTS, ctx.now);
    const text = `the toolkit's platform facts (runner labels, action runtimes, Apple's requirements) were last checked on ${s.newest}, ${s.ageDays} days ago`;
    if (!s.stale) return pass(text);
    return warn(
      `${text}, more than the ${STALE_AFTER_DAYS} days they are trusted for: GitHub may have retired runners or runtimes since, which these checks would not know`,
      "Update the toolkit (a newer release of it, then `tsx tasks/adopt.ts` to reinstall and regenerate), or check tasks/lib/core/platform/ against the sources each fact names.",
    );
  },
};

export const platformChecks: Check[] = [
  factsStale,
  runnerRetired,
  runnerDeprecated,
  opensslLegacy,
  actionRetired,
  actionRuntime,
  actionUnpinned,
];
