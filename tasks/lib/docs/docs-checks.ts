/**
 * The docs drift checks (`docs.*`) over the docs that describe the release (scope.ts):
 * paths that are gone, entries invoked with flags they do not accept, and prose that
 * leaves the release to CI.
 */
import { fail, pass, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { ENTRIES } from "../core/entries.ts";
import { scanDocs, type DocsDrift } from "./scan.ts";
import { cutTagsOf } from "../workflows/contract-checks.ts";
import { releaseFlowOf } from "../workflows/release-flow.ts";

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "docs.drift"?: Promise<DocsDrift>;
    /** --all-docs: read every Markdown file; drift outside the release docs only warns */
    "docs.all"?: boolean;
  }
}

const driftOf = (ctx: CheckContext): Promise<DocsDrift> =>
  memoFact(ctx, "docs.drift", () => scanDocs(ctx.root, ctx.config.docs, ENTRIES, { allDocs: ctx.facts["docs.all"] }));

/** Fail on drift in the release docs; drift found only outside them (--all-docs) warns, never blocking the cut. */
function verdict<T extends { outOfScope?: boolean }>(
  found: T[],
  describe: (found: T[]) => string,
  fix: string,
  ok: string,
): CheckOutcome {
  const inScope = found.filter((f) => !f.outOfScope);
  const outside = found.filter((f) => f.outOfScope);
  const also = outside.length ? `\nalso outside the release docs (--all-docs): ${describe(outside)}` : "";
  if (inScope.length) return fail(`${describe(inScope)}${also}`, fix);
  if (outside.length) return warn(`outside the release docs (--all-docs): ${describe(outside)}`, fix);
  return pass(ok);
}

const missingScript: Check = {
  id: "docs.missing-script",
  title: "release docs name scripts and files that exist",
  async run(ctx) {
    const { missing } = await driftOf(ctx);
    return verdict(
      missing,
      (m) =>
        `Cannot follow the docs: ${m.map((x) => `${x.doc}:${x.line} names ${x.path}`).join("; ")} — it does not exist`,
      "Update the docs (or the helper prompt) to the command that replaced it, e.g. `tsx release.ts`, or restore the file.",
      "every script and file named in the release docs and helper prompts exists",
    );
  },
};

const unknownFlag: Check = {
  id: "docs.unknown-flag",
  title: "release docs invoke entries with flags they accept",
  async run(ctx) {
    const { badFlags } = await driftOf(ctx);
    return verdict(
      badFlags,
      (b) =>
        `Cannot follow the docs: ${b.map((x) => `${x.doc}:${x.line} passes ${x.flag} to ${x.path}`).join("; ")} — not an accepted flag`,
      badFlags[0]
        ? `Use the flags the entry declares (\`tsx ${badFlags[0].path} --help\`): ${badFlags[0].accepted.join(" ")}`
        : "",
      "every entry in the release docs is invoked with flags it accepts",
    );
  },
};

/**
 * Zero-config, a doc that says CI makes the release is drift only if the repository's
 * CI does not (the doc is stale), or does so in a way that loses runs; an adopted
 * contract (release.config.ts) always has `tsx release.ts` make it.
 */
async function ciFlowIsReal(ctx: CheckContext): Promise<string | undefined> {
  if (ctx.config.source !== "default") return undefined;
  // A draft CI leaves for a person to publish (release-drafter, a draft upload) is CI making the release too.
  const { makers } = await releaseFlowOf(ctx, cutTagsOf(ctx).stable);
  if (makers.length === 0 || makers.some((m) => m.lost.length > 0)) return undefined;
  const m = makers[0]!;
  return `${m.at.workflow.path} (job ${m.at.job.id}) ${m.why}, and no run is lost`;
}

const staleFlow: Check = {
  id: "docs.stale-flow",
  title: "release docs do not leave the release to CI",
  async run(ctx) {
    const { staleFlow } = await driftOf(ctx);
    const real = staleFlow.length ? await ciFlowIsReal(ctx) : undefined;
    if (real)
      return pass(
        `the release docs say CI makes the release, which is what the repository does: ${real} (${staleFlow.length} passage(s))`,
      );
    return verdict(
      staleFlow,
      (s) =>
        `Cannot follow a stale release flow: ${s.map((x) => `${x.doc}:${x.line} ${x.why}: "${x.text.slice(0, 120)}"`).join("; ")}`,
      "Say instead that `tsx release.ts` creates the GitHub Release as a draft with the operator's token, dispatches the builds that upload into it, and publishes it once every asset is there; the workflows that need the published release (PyPI) react to `release: published`.",
      "no release doc tells the operator to leave the release to CI",
    );
  },
};

export const docsDriftChecks: Check[] = [missingScript, unknownFlag, staleFlow];
