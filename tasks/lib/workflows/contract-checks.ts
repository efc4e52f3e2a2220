/**
 * The workflow contract checks (`workflow.*`): fan-out of the cut's events, CI that
 * creates or waits for the release, tag filters, missing scripts, undeclared secrets.
 */
import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import {
  createsRelease,
  cutEvents,
  findSteps,
  pollsForRelease,
  releaseListeners,
  secretsRead,
  simulateFanOut,
  type StepRef,
} from "./analysis.ts";
import { commandRefs, simpleCommands } from "./commands.ts";
import { startsOn } from "./triggers.ts";
import { workflowsOf, type Workflow } from "./read.ts";

const where = (r: StepRef) => `${r.workflow} (job ${r.job}, step "${r.step}")`;

async function withWorkflows(ctx: CheckContext, body: (ws: Workflow[]) => CheckOutcome): Promise<CheckOutcome> {
  const ws = await workflowsOf(ctx);
  if (ws.length === 0) return skip("no workflow files in .github/workflows");
  return body(ws);
}

const fanOut: Check = {
  id: "workflow.fan-out",
  title: "the release cut starts the release workflows",
  run: (ctx) =>
    withWorkflows(ctx, (ws) => {
      const sims = simulateFanOut(ws, cutEvents(ctx.config));
      const table = sims.map((s) => `  ${s.label}: ${s.workflows.join(", ") || "(none)"}`).join("\n");
      const broken = ws.filter((w) => w.error).map((w) => `${w.path}: ${w.error}`);
      const missing = ctx.config.github.releaseWorkflows.filter((f) => !ws.some((w) => w.file === f));
      const stable = sims.find((s) => s.event.kind === "release" && !s.event.prerelease)!;
      const pre = sims.find((s) => s.event.kind === "release" && s.event.prerelease)!;
      const present = ctx.config.github.releaseWorkflows.filter((f) => !missing.includes(f));
      const notStarted = present.filter((f) => !stable.workflows.includes(f));
      const notOnPre = present.filter((f) => stable.workflows.includes(f) && !pre.workflows.includes(f));
      const problems = [
        ...broken.map((b) => `cannot parse ${b}`),
        ...missing.map((f) => `configured release workflow ${f} does not exist`),
        ...notStarted.map((f) => `${f} does not start when the release is published`),
      ];
      if (problems.length)
        return fail(
          `Cannot fan out: ${problems.join("; ")}\n${table}`,
          "Make each release workflow listen to `on: release: types: [published]` (run `tsx tasks/gen-workflows.ts`), or list the right files in github.releaseWorkflows of release.config.ts.",
        );
      if (notOnPre.length)
        return warn(
          `${notOnPre.join(", ")} will not start for a pre-release (types: [released] skips pre-releases)\n${table}`,
          "Use `types: [published]` if pre-releases should be built too.",
        );
      return pass(`every release workflow starts from the published release\n${table}`);
    }),
};

const ciCreatesRelease: Check = {
  id: "workflow.ci-creates-release",
  title: "no workflow creates the GitHub release",
  run: (ctx) =>
    withWorkflows(ctx, (ws) => {
      const creators = findSteps(ws, createsRelease);
      if (creators.length === 0) return pass("no workflow creates a release");
      const creatorFiles = new Set(creators.map((c) => c.workflow));
      const silent = releaseListeners(ws).filter((f) => !creatorFiles.has(f));
      return fail(
        `Cannot rely on a release created in CI: ${creators.map((c) => `${where(c)} ${c.why}`).join("; ")}. ` +
          `A release created with GITHUB_TOKEN starts no \`release: published\` workflow, so ${silent.length ? silent.join(", ") : "no release workflow"} would silently not run.`,
        "Remove the step and let `tsx release.ts` create the release with the operator's token; workflows upload to the existing release (`github.event.release.tag_name`).",
      );
    }),
};

const waitsForRelease: Check = {
  id: "workflow.waits-for-release",
  title: "no workflow polls for the release to appear",
  run: (ctx) =>
    withWorkflows(ctx, (ws) => {
      const pollers = findSteps(ws, pollsForRelease);
      if (pollers.length === 0) return pass("no workflow waits for a release");
      return fail(
        `Cannot trust a workflow that waits for the release: ${pollers.map((p) => `${where(p)} ${p.why}`).join("; ")} — CI is then both the creator and the consumer of the release.`,
        "Trigger the workflow with `on: release: types: [published]` and drop the loop; `tsx release.ts` creates the release before CI needs it.",
      );
    }),
};

const tagFilterMismatch: Check = {
  id: "workflow.tag-filter-mismatch",
  title: "tag filters match the tags the cut creates",
  run: (ctx) =>
    withWorkflows(ctx, (ws) => {
      const p = ctx.config.tagPrefix;
      const stableTags = [`${p}1.2.3`, `${p}10.20.30`];
      const preTag = `${p}1.3.0-rc.1`;
      const failures: string[] = [];
      const warnings: string[] = [];
      for (const w of ws) {
        const f = w.triggers.events.push;
        if (!f || !(f.tags || f["tags-ignore"])) continue;
        const filter = JSON.stringify(f.tags ?? { "tags-ignore": f["tags-ignore"] });
        const missed = stableTags.filter((tag) => !startsOn(w.triggers, { kind: "push-tag", tag }));
        if (missed.length) failures.push(`${w.file} tags ${filter} does not match ${missed.join(", ")}`);
        else if (!startsOn(w.triggers, { kind: "push-tag", tag: preTag }))
          warnings.push(`${w.file} tags ${filter} does not match the pre-release tag ${preTag}`);
      }
      if (failures.length)
        return fail(
          `Cannot start on the release tag: ${failures.join("; ")}`,
          `Match the tags the cut creates (\`${p}<version>\`), e.g. tags: ["${p}*"], or trigger on the published release instead.`,
        );
      if (warnings.length)
        return warn(warnings.join("; "), `Use a filter such as "${p}*" if pre-releases should run it too.`);
      return pass("every tag filter matches the cut's tags");
    }),
};

/** Files named by `run:` steps and local `uses:` that do not exist. */
export function missingFiles(root: string, ws: readonly Workflow[]): string[] {
  const missing: string[] = [];
  for (const w of ws)
    for (const job of w.jobs) {
      if (job.uses?.startsWith("./") && !existsSync(join(root, job.uses)))
        missing.push(`${w.file} job ${job.id} calls ${job.uses}`);
      for (const s of job.steps) {
        if (s.uses?.startsWith("./") && !existsSync(join(root, s.uses)))
          missing.push(`${w.file} job ${job.id} uses ${s.uses}`);
        if (!s.run) continue;
        for (const words of simpleCommands(s.run.replace(/\$\{\{[^}]*\}\}/g, "$X")))
          for (const p of commandRefs(words).paths) {
            const rel = posix.normalize(posix.join(s.workingDirectory ?? ".", p));
            if (!existsSync(join(root, rel))) missing.push(`${w.file} job ${job.id} runs ${rel}`);
          }
      }
    }
  return [...new Set(missing)];
}

const missingScript: Check = {
  id: "workflow.missing-script",
  title: "workflow steps name files that exist",
  run: (ctx) =>
    withWorkflows(ctx, (ws) => {
      const missing = missingFiles(ctx.root, ws);
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
