/**
 * What only the real GitHub can answer, read (never written) with the operator's
 * token for a rehearsal: the names of the repository's Actions secrets, its
 * environments with their secrets' names, and its immutable-releases setting. The
 * rehearsal seeds the stand-in with them; what cannot be read is skipped with the
 * reason, so the rehearsal still runs every step.
 */
import type { GitHub } from "./client.ts";
import { httpFailure } from "./errors.ts";
import { readImmutableSetting, type ImmutableSetting } from "./immutable.ts";
import { splitRepo } from "./releases.ts";

export type Read<T> = { value: T } | { skipped: string };

export interface RealFacts {
  /** repository secrets (names only) */
  secrets: Read<string[]>;
  /** environment name → its secrets' names */
  environments: Read<Record<string, string[]>>;
  immutable: ImmutableSetting;
}

const why = (e: unknown, what: string) => {
  const f = httpFailure(e);
  return `${what} could not be read from GitHub (${f.status ? `${f.status}: ` : ""}${f.message}); the token needs admin access`;
};

/** Read them; `reason` says why there is nothing to read with (no token, no slug, offline). */
export async function readRealFacts(gh: GitHub | null, repo: string | undefined, reason?: string): Promise<RealFacts> {
  if (!gh || !repo) {
    const skipped = reason ?? "no GitHub token for the real repository";
    return { secrets: { skipped }, environments: { skipped }, immutable: { state: "unknown", why: skipped } };
  }
  const r = splitRepo(repo);
  let secrets: RealFacts["secrets"];
  try {
    const list = await gh.paginate(gh.rest.actions.listRepoSecrets, { ...r, per_page: 100 });
    secrets = { value: list.map((s) => s.name).sort() };
  } catch (e) {
    secrets = { skipped: why(e, `${repo}'s Actions secrets`) };
  }
  let environments: RealFacts["environments"];
  try {
    const envs = (await gh.rest.repos.getAllEnvironments({ ...r, per_page: 100 })).data.environments ?? [];
    const value: Record<string, string[]> = {};
    for (const env of envs) {
      const list = await gh.paginate(gh.rest.actions.listEnvironmentSecrets, {
        ...r,
        environment_name: env.name,
        per_page: 100,
      });
      value[env.name] = list.map((s) => s.name).sort();
    }
    environments = { value };
  } catch (e) {
    environments = { skipped: why(e, `${repo}'s environments`) };
  }
  return { secrets, environments, immutable: await readImmutableSetting(gh, repo) };
}

/** One line per fact, for the rehearsal's report. */
export function describeRealFacts(f: RealFacts): string[] {
  const show = <T>(label: string, x: Read<T>, count: (v: T) => string) =>
    "value" in x ? `${label}: ${count(x.value)} (read from GitHub)` : `${label}: skipped, ${x.skipped}`;
  return [
    show("secrets", f.secrets, (v) => `${v.length} name(s)`),
    show("environments", f.environments, (v) => Object.keys(v).join(", ") || "none"),
    `immutable releases: ${f.immutable.state}${f.immutable.why ? ` (${f.immutable.why}; rehearsed as on, the stricter)` : ""}`,
  ];
}
