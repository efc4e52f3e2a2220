/**
 * The docs drift checks (`docs.*`): paths that are gone, entries invoked with flags
 * they do not accept, and prose that tells the operator to leave the release to CI.
 */
import { fail, pass, type Check, type CheckContext } from "../core/checks/types.ts";
import { memoFact } from "../core/checks/facts.ts";
import { ENTRIES } from "../core/entries.ts";
import { scanDocs, type DocsDrift } from "./scan.ts";

declare module "../core/checks/types.ts" {
  interface CheckFacts {
    "docs.drift"?: Promise<DocsDrift>;
  }
}

const driftOf = (ctx: CheckContext): Promise<DocsDrift> =>
  memoFact(ctx, "docs.drift", () => scanDocs(ctx.root, ctx.config.docs.globs, ENTRIES));

const missingScript: Check = {
  id: "docs.missing-script",
  title: "docs name scripts and files that exist",
  async run(ctx) {
    const { missing } = await driftOf(ctx);
    if (missing.length === 0) return pass("every script and file named in the docs and helper prompts exists");
    return fail(
      `Cannot follow the docs: ${missing.map((m) => `${m.doc}:${m.line} names ${m.path}`).join("; ")} — it does not exist`,
      "Update the docs (or the helper prompt) to the command that replaced it, e.g. `tsx release.ts`, or restore the file.",
    );
  },
};

const unknownFlag: Check = {
  id: "docs.unknown-flag",
  title: "docs invoke entries with flags they accept",
  async run(ctx) {
    const { badFlags } = await driftOf(ctx);
    if (badFlags.length === 0) return pass("every entry in the docs is invoked with flags it accepts");
    return fail(
      `Cannot follow the docs: ${badFlags.map((b) => `${b.doc}:${b.line} passes ${b.flag} to ${b.path}`).join("; ")} — not an accepted flag`,
      `Use the flags the entry declares (\`tsx ${badFlags[0]!.path} --help\`): ${badFlags[0]!.accepted.join(" ")}`,
    );
  },
};

const staleFlow: Check = {
  id: "docs.stale-flow",
  title: "docs do not leave the release to CI",
  async run(ctx) {
    const { staleFlow } = await driftOf(ctx);
    if (staleFlow.length === 0) return pass("no doc tells the operator to wait for CI to create the release");
    return fail(
      `Cannot follow a stale release flow: ${staleFlow.map((s) => `${s.doc}:${s.line} "${s.text.slice(0, 100)}"`).join("; ")}`,
      "Say instead that `tsx release.ts` creates the GitHub Release with the operator's token and CI reacts to `release: published`.",
    );
  },
};

export const docsDriftChecks: Check[] = [missingScript, unknownFlag, staleFlow];
