/**
 * The docs drift checks (`docs.*`) over the docs that describe the release (scope.ts):
 * paths that are gone, entries invoked with flags they do not accept, and prose that
 * leaves the release to CI.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

/** What the repository's own CI does with the release, for a zero-config doc that says CI makes it. */
interface CiFlow {
  /** who makes the release in CI, as a clause */
  maker: string;
  /** workflows GitHub never starts for the release CI makes (`workflow.ci-creates-release` reports them) */
  lost: string[];
}

/**
 * Zero-config, the release CI makes (a draft a person publishes counts too), if it makes
 * one; an adopted contract (release.config.ts) always has `tsx release.ts` make it.
 */
async function ciFlowOf(ctx: CheckContext): Promise<CiFlow | undefined> {
  if (ctx.config.source !== "default") return undefined;
  const { makers } = await releaseFlowOf(ctx, cutTagsOf(ctx).stable);
  const m = makers[0];
  if (!m) return undefined;
  return {
    maker: `${m.at.workflow.path} (job ${m.at.job.id}) ${m.why}`,
    lost: [...new Set(makers.flatMap((x) => x.lost))].sort(),
  };
}

/** The lost workflows a doc names (`publish-pypi.yml`): the runs it promises that never start. */
function promisedLost(root: string, doc: string, lost: readonly string[]): string[] {
  let text = "";
  try {
    text = readFileSync(join(root, doc), "utf8");
  } catch {
    return [];
  }
  return lost.filter((file) => new RegExp(`(?<![\\w.-])${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(text));
}

const STALE_FIX =
  "Say instead that `tsx release.ts` creates the GitHub Release as a draft with the operator's token, dispatches the builds that upload into it, and publishes it once every asset is there; the workflows that need the published release (PyPI) react to `release: published`. A page that only describes other repositories' flows (a reference, an evaluation record) belongs in `docs.exclude`.";

/**
 * A doc is stale when what it says is not what the repository does. A doc that says CI
 * makes the release, where CI does, is accurate; the runs that release loses are a
 * workflow problem, reported once by `workflow.ci-creates-release`, and a doc is stale for
 * them only where it promises one of those runs by name.
 */
const staleFlow: Check = {
  id: "docs.stale-flow",
  title: "release docs do not leave the release to CI",
  async run(ctx) {
    const { staleFlow } = await driftOf(ctx);
    const ci = staleFlow.length ? await ciFlowOf(ctx) : undefined;
    if (!ci)
      return verdict(
        staleFlow,
        (s) =>
          `Cannot follow a stale release flow: ${s.map((x) => `${x.doc}:${x.line} ${x.why}: "${x.text.slice(0, 120)}"`).join("; ")}`,
        STALE_FIX,
        "no release doc tells the operator to leave the release to CI",
      );
    const promised = new Map(staleFlow.map((x) => [x.doc, promisedLost(ctx.root, x.doc, ci.lost)]));
    const stale = staleFlow.filter((x) => promised.get(x.doc)!.length > 0);
    const lostNote = ci.lost.length ? ` (the runs it loses are \`workflow.ci-creates-release\`'s finding)` : "";
    return verdict(
      stale,
      (s) =>
        `Cannot follow a stale release flow: ${s.map((x) => `${x.doc}:${x.line} ${x.why}: "${x.text.slice(0, 120)}"`).join("; ")} — CI does (${ci.maker}), but GitHub never starts ${[...new Set(s.flatMap((x) => promised.get(x.doc)!))].join(", ")}, which the doc names, for a release made with GITHUB_TOKEN`,
      "Make the release with a token whose events start workflows (see `workflow.ci-creates-release`), or say in the doc which workflows do not run for it. " +
        STALE_FIX,
      `the release docs say CI makes the release, which is what the repository does: ${ci.maker}${lostNote} (${staleFlow.length} passage(s))`,
    );
  },
};

export const docsDriftChecks: Check[] = [missingScript, unknownFlag, staleFlow];
