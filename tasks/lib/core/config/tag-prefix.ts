/**
 * The tag prefix of a project's releases, read from its tags: the prefix of its newest
 * version (so a bare `0.11.0` after `v0.9.0` counts), or the one named after the project
 * when several lines share the repository (`hatch-v1.18.0` beside `hatchling-v1.32.0`).
 * Minimal on purpose: recognising and asking about release lines is a later step. Pure.
 */

export interface TagPrefix {
  prefix: string;
  why: string;
}

const VERSION_TAG = /^(.*?)(\d+)\.(\d+)(?:\.(\d+))?(?:[-.+]?([0-9A-Za-z][0-9A-Za-z.+-]*))?$/;

function parse(tag: string): { prefix: string; parts: number[]; pre: boolean } | undefined {
  const m = VERSION_TAG.exec(tag);
  if (!m || /\d$/.test(m[1]!)) return undefined;
  return { prefix: m[1]!, parts: [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)], pre: m[5] !== undefined };
}

/** Newer first: numeric parts, then a release before its pre-releases. */
function newer(a: { parts: number[]; pre: boolean }, b: { parts: number[]; pre: boolean }): number {
  for (let i = 0; i < 3; i++) if (a.parts[i] !== b.parts[i]) return b.parts[i]! - a.parts[i]!;
  return Number(a.pre) - Number(b.pre);
}

export function tagPrefixOf(tags: readonly string[], projectName?: string): TagPrefix | undefined {
  const parsed = tags.flatMap((t) => {
    const p = parse(t);
    return p ? [{ tag: t, ...p }] : [];
  });
  if (!parsed.length) return undefined;
  const prefixes = [...new Set(parsed.map((p) => p.prefix))];
  const name = projectName?.toLowerCase();
  if (name && prefixes.length > 1) {
    const own = prefixes.find((p) => ["-v", "-", "@", "/v", "/"].some((s) => p.toLowerCase() === `${name}${s}`));
    if (own !== undefined) return { prefix: own, why: `the tags named after ${projectName} (${own}X.Y.Z)` };
  }
  const newest = [...parsed].sort(newer)[0]!;
  const count = parsed.filter((p) => p.prefix === newest.prefix).length;
  return {
    prefix: newest.prefix,
    why: `the newest version tag ${newest.tag} (${count} of ${parsed.length} version tags have this prefix)`,
  };
}
