/**
 * `github.immutable-releases`: the repository's immutable-releases setting, read with
 * the operator's token, against the release workflows that upload into a release they
 * expect to be published already. With the setting on, each such upload is refused by
 * GitHub (422) after the release is public and its version burnt: the check fails.
 * Offline, or when the token cannot read the setting, the same steps get a warning
 * that names the setting. The verdict is pure (`immutableVerdict`), over the steps
 * `publishedUploads` finds.
 */
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { isGenerated, regenerateCommand } from "../workflows/header.ts";
import { releaseToolCreators } from "../workflows/published-before.ts";
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

const truthy = (v: unknown) => v === true || v === "true";
const action = (uses: string | undefined, name: string) => (uses ?? "").toLowerCase().startsWith(`${name}@`);
const isGh = (w: readonly string[], sub: string) => w[0] === "gh" && w[1] === "release" && w[2] === sub;
const TOOLKIT_UPLOADS = /(^|\/)(tasks\/upload-assets\.ts|tasks\/updater-manifest\.ts|tasks\/finalize-macos\.ts)$/;

/** What makes the workflow's uploads land in a published release, besides a `release` event. */
export interface WorkflowFacts {
  /** a `gh release create` without `--draft` */
  createsPublished: boolean;
  /** waits for the release by tag (`gh release view TAG`), which sees published releases only */
  waitsForPublished: boolean;
  /** how a release tool made the release public before the step runs (a clause), if one did */
  publishedBy?: string;
}

function ghUploadWhy(when: string | undefined, facts: WorkflowFacts): string {
  if (when) return when;
  if (facts.publishedBy) return facts.publishedBy;
  return facts.createsPublished
    ? "the workflow's `gh release create` published the release first"
    : "the workflow waits for the release with `gh release view`, which sees published releases only";
}

/** Why this step uploads into a release that is published when it runs, or undefined (pure). */
export function publishedUploadReason(sc: StepCommands, facts: WorkflowFacts): string | undefined {
  const { step } = sc;
  const onRelease = Boolean(sc.workflow.triggers.events.release);
  const when = onRelease ? "on a `release` event, the release is already published" : undefined;
  const words = sc.commands.map((c) => c.words);
  if (
    words.some((w) => isGh(w, "upload")) &&
    (onRelease || facts.createsPublished || facts.waitsForPublished || facts.publishedBy)
  )
    return `\`gh release upload\`: ${ghUploadWhy(when, facts)}`;
  if (onRelease && words.some((w) => w.some((x) => TOOLKIT_UPLOADS.test(x)) && !w.includes("--skip-upload")))
    return `the toolkit's upload: ${when}`;
  if (action(step.uses, "softprops/action-gh-release") && step.with.files !== undefined)
    if (onRelease || facts.publishedBy || !truthy(step.with.draft))
      return `softprops/action-gh-release uploads \`files\` into ${
        when
          ? "a release that is published"
          : facts.publishedBy
            ? `a release that is already published: ${facts.publishedBy}`
            : "a release it creates published (draft is not true), publishing before the upload"
      }`;
  if (action(step.uses, "tauri-apps/tauri-action")) {
    const given = step.with.releaseId !== undefined ? "releaseId" : step.with.tagName !== undefined ? "tagName" : "";
    if (given && (onRelease || facts.publishedBy))
      return `tauri-action uploads to the release it is given (\`${given}\`): ${when ?? facts.publishedBy}`;
    if (step.with.tagName !== undefined && !truthy(step.with.releaseDraft))
      return "tauri-action creates the release published (releaseDraft is not true), then uploads into it";
  }
  // ncipollo/release-action creates a new release as a draft and publishes it after its
  // artifacts (its issue #540); with `allowUpdates` into a release already public it cannot.
  if (
    action(step.uses, "ncipollo/release-action") &&
    step.with.artifacts !== undefined &&
    (onRelease || facts.publishedBy)
  )
    return `ncipollo/release-action uploads \`artifacts\` into ${when ? "a release that is published" : `a release that is already published: ${facts.publishedBy}`}`;
  if (action(step.uses, "svenstaro/upload-release-action"))
    return "svenstaro/upload-release-action finds the release by tag (drafts are invisible there) and creates it published when missing, then uploads";
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

export const immutableReleasesCheck: Check = {
  id: "github.immutable-releases",
  title: "release uploads survive immutable releases",
  async run(ctx) {
    const steps = await stepCommandsOf(ctx);
    if (!steps.length) return skip("no workflow steps in .github/workflows");
    const found = publishedUploads(steps, await releaseToolCreators(ctx));
    const setting = found.length || !ctx.offline ? await immutableSettingOf(ctx) : { state: "unknown" as const };
    return immutableVerdict(setting, found, ctx.config.workflows.toolkitDir);
  },
};

export const immutableChecks: Check[] = [immutableReleasesCheck];
