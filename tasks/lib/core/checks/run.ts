/**
 * Running a list of checks: filter by --only patterns and --skip-check ids, run the
 * fast ones concurrently and the slow ones one at a time with progress, and turn a
 * crash inside a check into a failed result that names it (never a lost check).
 */
import { redact } from "../redact.ts";
import { step } from "../log.ts";
import type { CheckId } from "../codes.ts";
import type { Check, CheckContext, CheckResult } from "./types.ts";

export interface RunChecksOptions {
  /** ids skipped one by one (--skip-check) */
  skip?: Iterable<string>;
  /** skip the slow checks (--skip-checks) */
  skipSlow?: boolean;
  /** glob-like id patterns (`signing.*`); empty means all */
  only?: readonly string[];
  /** print progress of slow checks to stderr */
  progress?: boolean;
}

export function idMatches(id: string, pattern: string): boolean {
  const re = new RegExp(
    "^" +
      pattern
        .split("*")
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*") +
      "$",
  );
  return re.test(id);
}

function normalize(
  id: CheckId,
  o: { status: CheckResult["status"]; message: string; fix?: string | null },
): CheckResult {
  return { id, status: o.status, message: redact(o.message), fix: o.fix ? redact(o.fix) : null };
}

async function runOne<C extends CheckContext>(check: Check<C>, ctx: C): Promise<CheckResult> {
  try {
    return normalize(check.id, await check.run(ctx));
  } catch (e) {
    const err = e as Error & { fix?: string };
    return normalize(check.id, {
      status: "fail",
      message: `${check.title}: ${err?.message ?? String(e)}`,
      fix: err?.fix ?? `Fix the error above, or skip this check with --skip-check ${check.id}.`,
    });
  }
}

export async function runChecks<C extends CheckContext>(
  checks: readonly Check<C>[],
  ctx: C,
  opts: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const skip = new Set(opts.skip ?? []);
  const only = opts.only ?? [];
  const selected = checks.filter((c) => only.length === 0 || only.some((p) => idMatches(c.id, p)));
  const results = new Map<string, CheckResult>();
  const fast: Check<C>[] = [];
  const slow: Check<C>[] = [];
  for (const check of selected) {
    if (skip.has(check.id))
      results.set(check.id, normalize(check.id, { status: "skip", message: `skipped by --skip-check ${check.id}` }));
    else if (check.slow && opts.skipSlow)
      results.set(check.id, normalize(check.id, { status: "skip", message: "skipped by --skip-checks" }));
    else (check.slow ? slow : fast).push(check);
  }
  await Promise.all(fast.map(async (c) => results.set(c.id, await runOne(c, ctx))));
  for (const c of slow) {
    const run = () => runOne(c, ctx);
    results.set(c.id, opts.progress ? await step(c.title, run) : await run());
  }
  // Report in registry order, whatever order they finished in.
  return selected.map((c) => results.get(c.id)!);
}

export const hasFailure = (results: readonly CheckResult[]) => results.some((r) => r.status === "fail");
