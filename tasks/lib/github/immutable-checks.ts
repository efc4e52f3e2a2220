/**
 * `github.immutable-releases`: the repository's immutable-releases setting, read with
 * the operator's token, against the release workflows that upload into a release they
 * expect to be published already. With the setting on, each such upload is refused by
 * GitHub (422) after the release is public and its version burnt: the check fails.
 * Offline, or when the token cannot read the setting, the same steps get a warning
 * that names the setting. The verdict is pure (`immutableVerdict`), over the steps
 * `publishedUploads` finds.
 */
import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { isGenerated, regenerateCommand } from "../workflows/header.ts";
import { releaseToolCreators } from "../workflows/published-before.ts";
import { startedOnlyByRelease } from "../workflows/analysis.ts";
import { releaseUploads, type ReadFile } from "../workflows/release-tools.ts";
import { stepCommandsOf, stepWhere, type StepCommands } from "../workflows/step-commands.ts";
import { githubFacts } from "./github-checks.ts";
import { readImmutableSetting, type ImmutableSetting } from "./immutable.ts";

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "github.immutable"?: Promise<ImmutableSetting>;
  }
}

/** The setting, read once per run (the check and the cut's session share it); never throws. */
export const immutableSettingOf = (ctx: CheckContext): Promise<ImmutableSetting> =>
  memoFact(ctx, "github.immutable", async () => {
    if (ctx.offline) return { state: "unknown", why: "offline" };
    const repo = ctx.config.repository;
    const { gh } = await githubFacts(ctx);
    if (!gh || !repo) return { state: "unknown", why: !repo ? "no repository slug" : "no GitHub token" };
    return readImmutableSetting(gh, repo);
  });

export interface PublishedUpload {
  workflow: string;
  /** `file (job J, step "S")` */
  where: string;
  why: string;
  generated: boolean;
}

const isGh = (w: readonly string[], sub: string) => w[0] === "gh" && w[1] === "release" && w[2] === sub;

/** What makes the workflow's uploads land in a published release, besides a `release` event. */
export interface WorkflowFacts {
  /** a `gh release create` without `--draft` */
  createsPublished: boolean;
  /** waits for the release by tag (`gh release view TAG`), which sees published releases only */
  waitsForPublished: boolean;
  /** how a release tool made the release public before the step runs (a clause), if one did */
  publishedBy?: string;
  /** reads a repository file (a release tool's configuration) */
  readFile?: ReadFile;
}

/** Why the release that exists when the step runs is published, if it is. */
function alreadyPublished(sc: StepCommands, facts: WorkflowFacts): string | undefined {
  if (sc.workflow.triggers.events.release) return "a `release` event started the workflow";
  if (facts.publishedBy) return facts.publishedBy;
  if (facts.createsPublished) return "the workflow's `gh release create` published the release first";
  if (facts.waitsForPublished)
    return "the workflow waits for the release with `gh release view`, which sees published releases only";
  return undefined;
}

/**
 * Why this step uploads into a release that is published when it runs, or undefined
 * (pure). The uploads are the release-tools catalog's (`releaseUploads`): each attaches to
 * the tag's release when it exists, and says what it does when there is none.
 */
export function publishedUploadReason(sc: StepCommands, facts: WorkflowFacts): string | undefined {
  const uploads = releaseUploads(sc.step, {
    env: { ...sc.workflow.env, ...sc.job.env },
    commands: sc.commands.map((c) => c.words),
    startedOnlyByRelease: startedOnlyByRelease(sc.workflow),
    ...(facts.readFile ? { readFile: facts.readFile } : {}),
  });
  const published = alreadyPublished(sc, facts);
  for (const u of uploads) {
    if (published) return `${u.why} to a release that is already published: ${published}`;
    if (u.whenMissing === "published")
      return `${u.why} to a release it creates published when the tag has none, publishing before the upload`;
  }
  return undefined;
}

/** `gh release create` without `--draft` (and without files, which gh attaches to a draft first). */
const createsPublishedRelease = (w: readonly string[]) =>
  isGh(w, "create") && !w.some((x) => x === "--draft" || x === "-d" || /^--draft=(true)?$/.test(x));

const filesWhere = (steps: readonly StepCommands[], test: (w: readonly string[]) => boolean) =>
  new Set(steps.filter((sc) => sc.commands.some((c) => test(c.words))).map((sc) => sc.workflow.file));

/**
 * Each step that uploads into a release already published when it runs. `publishedBy`
 * names the release tool that created the release published before a step runs, when
 * one did (`releaseToolCreators`); without it only the workflow's own steps are read.
 */
export function publishedUploads(
  steps: readonly StepCommands[],
  publishedBy: (sc: StepCommands) => string | undefined = () => undefined,
  readFile?: ReadFile,
): PublishedUpload[] {
  const out: PublishedUpload[] = [];
  const creators = filesWhere(steps, createsPublishedRelease);
  const waiters = filesWhere(steps, (w) => isGh(w, "view"));
  for (const sc of steps) {
    const file = sc.workflow.file;
    const by = publishedBy(sc);
    const why = publishedUploadReason(sc, {
      createsPublished: creators.has(file),
      waitsForPublished: waiters.has(file),
      ...(by ? { publishedBy: by } : {}),
      ...(readFile ? { readFile } : {}),
    });
    if (why)
      out.push({
        workflow: sc.workflow.file,
        where: stepWhere(sc.workflow, sc.job, sc.step, sc.index),
        why,
        generated: isGenerated(sc.workflow.text),
      });
  }
  return out;
}

/** The fix: regenerate a generated workflow; move a hand-written step to the draft. */
export function immutableFix(found: readonly PublishedUpload[], toolkitDir: string): string {
  const generated = found.some((f) => f.generated);
  const hand = found.filter((f) => !f.generated);
  return [
    generated &&
      `Regenerate the generated workflows (\`${regenerateCommand(toolkitDir)}\`): they upload into the cut's draft, before it is published.`,
    hand.length &&
      `Change ${hand.map((f) => f.where).join("; ")}: upload into a draft instead (start it with \`workflow_dispatch\`, find the draft by listing releases, upload with \`tsx tasks/upload-assets.ts\` or \`gh release upload\` into the draft, never publish from the workflow), or let adoption replace it with the generated workflow (\`tsx tasks/adopt.ts --replace\`).`,
  ]
    .filter(Boolean)
    .join(" ");
}

/** The verdict over the setting and the uploads found (pure). */
export function immutableVerdict(
  setting: ImmutableSetting,
  found: readonly PublishedUpload[],
  toolkitDir: string,
): CheckOutcome {
  const list = found.map((f) => `  ${f.where}: ${f.why}`).join("\n");
  const name = 'the repository\'s "Enforce immutable releases" setting (Settings → General → Releases)';
  if (!found.length)
    return pass(
      `no release workflow uploads into a published release (immutable releases: ${setting.state}${setting.enforcedByOwner ? ", enforced by the organisation" : ""})`,
    );
  const fix = immutableFix(found, toolkitDir);
  if (setting.state === "on")
    return fail(
      `Cannot publish with these workflows: immutable releases are on${setting.enforcedByOwner ? " (enforced by the organisation)" : ""}, and these steps upload into a release that is already published (GitHub answers 422, the version's tag is burnt):\n${list}`,
      fix,
    );
  if (setting.state === "off")
    return pass(`immutable releases are off; these steps would break the day ${name} is switched on:\n${list}`);
  return warn(
    `${found.length} step(s) upload into an already published release; they fail if ${name} is on (not read: ${setting.why ?? "unknown"}):\n${list}`,
    fix,
  );
}

/** A repository file's text, or undefined when it cannot be read (outside the repository included). */
function readRepoFile(root: string, path: string): string | undefined {
  const full = resolve(root, path);
  if (!full.startsWith(resolve(root) + sep)) return undefined;
  try {
    return readFileSync(full, "utf8");
  } catch {
    return undefined;
  }
}

export const immutableReleasesCheck: Check = {
  id: "github.immutable-releases",
  title: "release uploads survive immutable releases",
  async run(ctx) {
    const steps = await stepCommandsOf(ctx);
    if (!steps.length) return skip("no workflow steps in .github/workflows");
    const found = publishedUploads(steps, await releaseToolCreators(ctx), (p) => readRepoFile(ctx.root, p));
    const setting = found.length || !ctx.offline ? await immutableSettingOf(ctx) : { state: "unknown" as const };
    return immutableVerdict(setting, found, ctx.config.workflows.toolkitDir);
  },
};

export const immutableChecks: Check[] = [immutableReleasesCheck];
