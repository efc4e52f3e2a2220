/**
 * After the publication: `verify` (published, immutable where the setting says so,
 * every recorded checksum equal to GitHub's digest, `gh release verify` where it can
 * run) and `watch` (the workflows the publication starts, e.g. publish-pypi.yml, each
 * reported as it appears; a missing one is explained). Both only read GitHub.
 */
import { ReleaseError } from "../core/errors.ts";
import { c, log } from "../core/log.ts";
import { findReleaseByTag } from "../github/releases.ts";
import { formatVerification, verifyRelease } from "../github/verify.ts";
import { formatWatch, watchFanOut } from "../github/watch.ts";
import { releaseCommit, session } from "./publish-shared.ts";
import type { Step } from "./step-types.ts";

const verify: Step = {
  id: "verify",
  title: "verify the published release (immutable, digests, attestation)",
  // Reading is harmless: it runs on every cut that reaches it, so a rerun reports it again.
  isDone: async () => false,
  async run(ctx) {
    const s = session(ctx);
    const found = await findReleaseByTag(s.gh, s.repo, ctx.plan.tag);
    if (!found) throw new Error(`bug: no release ${ctx.plan.tag} to verify`);
    const v = await verifyRelease({
      gh: s.gh,
      repo: s.repo,
      tag: ctx.plan.tag,
      releaseId: found.id,
      setting: s.immutable,
      apiUrl: s.apiUrl,
      token: s.token.token,
    });
    s.verification = v;
    log(`  ${v.ok ? c.green("verified") : c.red("NOT verified")}: ${formatVerification(v)}`);
    if (!v.ok)
      throw new ReleaseError(
        "release.verify",
        `Cannot verify ${ctx.plan.tag}: ${v.problems.join("; ")}`,
        `The release is published: do not delete it or its tag. Compare the assets with what the build jobs uploaded (their SHA256SUMS-*.txt); if an asset is wrong, cut the next patch version (\`tsx release.ts --yes --bump patch\`).`,
      );
  },
};

/** The publication's workflows, and configured ones that are missing (the watch explains them). */
const watched = (s: ReturnType<typeof session>) => [
  ...s.roles.onPublish,
  ...s.roles.other.filter((f) => s.sources[f] === undefined),
];

const watch: Step = {
  id: "watch",
  title: "watch the workflows the publication starts",
  // Watching only reads; repeating it is harmless, so it is done only when not wanted.
  async isDone(ctx) {
    const s = session(ctx);
    return !s.watch || watched(s).length === 0;
  },
  async run(ctx) {
    const s = session(ctx);
    const { github } = ctx.config;
    const seen = new Set<string>();
    s.fanOut = await watchFanOut(s.gh, {
      repo: s.repo,
      tag: ctx.plan.tag,
      sha: await releaseCommit(ctx),
      workflows: watched(s),
      timeoutMs: github.watchSeconds * 1000,
      pollMs: github.pollSeconds * 1000,
      workflowSources: s.sources,
      onUpdate: (w) => {
        if (seen.has(w.workflow)) return;
        seen.add(w.workflow);
        log(`  ${w.status === "started" ? c.green("started") : c.yellow("warning:")} ${formatWatch(w)}`);
      },
    });
  },
};

export function afterPublishSteps(): Step[] {
  return [verify, watch];
}
