/**
 * Pure comparison of the rendered files with what the repository holds: missing,
 * different (with a unified diff) or stale (a generated file no template produces).
 * Hand-written workflows (no generated header) are none of its business.
 */
import { isGenerated } from "./header.ts";

export interface Drift {
  missing: string[];
  differs: string[];
  stale: string[];
  /** per problem path: the repository's text and the generated one (undefined: no such file) */
  texts: Map<string, { have: string | undefined; want: string | undefined }>;
}

/** `existing`: every workflow file in the repository (path → text). */
export function compareWorkflows(desired: ReadonlyMap<string, string>, existing: ReadonlyMap<string, string>): Drift {
  const drift: Drift = { missing: [], differs: [], stale: [], texts: new Map() };
  for (const [path, want] of desired) {
    const have = existing.get(path);
    if (have === want) continue;
    (have === undefined ? drift.missing : drift.differs).push(path);
    drift.texts.set(path, { have, want });
  }
  for (const path of [...existing.keys()].sort()) {
    const have = existing.get(path)!;
    if (desired.has(path) || !isGenerated(have)) continue;
    drift.stale.push(path);
    drift.texts.set(path, { have, want: undefined });
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

/**
 * The full report: the summary, then a unified diff per file from the repository's
 * text to the generated one. The diff library is loaded only when there is drift,
 * which keeps `--check` on a clean tree close to the runtime's start-up time.
 */
export async function formatDrift(d: Drift): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  const diffs = [...d.missing, ...d.differs, ...d.stale].map((path) => {
    const { have, want } = d.texts.get(path)!;
    const from = have === undefined ? "/dev/null" : `a/${path}`;
    const to = want === undefined ? "/dev/null" : `b/${path}`;
    return createTwoFilesPatch(from, to, have ?? "", want ?? "", undefined, undefined, { context: 3 }).trimEnd();
  });
  return (
    [
      summarize(d)
        .map((l) => `  - ${l}`)
        .join("\n"),
      ...diffs,
    ].join("\n\n") + "\n"
  );
}
