/**
 * Pure comparison of the rendered files with what the repository holds: missing,
 * different (with a unified diff) or stale (a generated file no template produces).
 * Hand-written workflows (no generated header) are none of its business.
 */
import { createTwoFilesPatch } from "diff";
import { isGenerated } from "./header.ts";

export interface Drift {
  missing: string[];
  differs: string[];
  stale: string[];
  /** a unified diff per problem path, from the repository's text to the generated one */
  diffs: Map<string, string>;
}

const patch = (path: string, have: string | undefined, want: string | undefined) =>
  createTwoFilesPatch(have === undefined ? "/dev/null" : `a/${path}`, want === undefined ? "/dev/null" : `b/${path}`, have ?? "", want ?? "", undefined, undefined, { context: 3 });

/** `existing`: every workflow file in the repository (path → text). */
export function compareWorkflows(desired: ReadonlyMap<string, string>, existing: ReadonlyMap<string, string>): Drift {
  const drift: Drift = { missing: [], differs: [], stale: [], diffs: new Map() };
  for (const [path, want] of desired) {
    const have = existing.get(path);
    if (have === want) continue;
    (have === undefined ? drift.missing : drift.differs).push(path);
    drift.diffs.set(path, patch(path, have, want));
  }
  for (const path of [...existing.keys()].sort()) {
    const have = existing.get(path)!;
    if (desired.has(path) || !isGenerated(have)) continue;
    drift.stale.push(path);
    drift.diffs.set(path, patch(path, have, undefined));
  }
  return drift;
}

export const hasDrift = (d: Drift): boolean => d.missing.length + d.differs.length + d.stale.length > 0;

/** One line per problem, for a check message. */
export function summarize(d: Drift): string[] {
  return [
    ...d.missing.map((p) => `${p} is missing`),
    ...d.differs.map((p) => `${p} differs from its template`),
    ...d.stale.map((p) => `${p} is generated but no template produces it any more`),
  ];
}

/** The full report: the summary, then every diff. */
export function formatDrift(d: Drift): string {
  const diffs = [...d.missing, ...d.differs, ...d.stale].map((p) => d.diffs.get(p)!.trimEnd());
  return [summarize(d).map((l) => `  - ${l}`).join("\n"), ...diffs].join("\n\n") + "\n";
}
