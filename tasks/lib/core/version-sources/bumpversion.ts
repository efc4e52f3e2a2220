/**
 * The files a bump2version / bump-my-version configuration keeps in step: INI
 * `.bumpversion.cfg` (or `setup.cfg`) `[bumpversion:file:PATH]` sections read by
 * configparser, TOML `.bumpversion.toml` or pyproject `[tool.bumpversion]` read by
 * smol-toml. Pure.
 */
import { parse as parseToml } from "smol-toml";
import { rec, type Rec } from "../records.ts";
import { isError } from "./python-reader.ts";
import type { SourceFacts } from "./types.ts";

export interface BumpEntry {
  path: string;
  /** a search pattern other than the bare version: the file keeps more than a version string */
  search?: string;
  glob?: boolean;
}

export interface BumpConfig {
  /** the file holding the configuration */
  config: string;
  current: string | undefined;
  entries: BumpEntry[];
  /** it tags each release it makes (`tag = True`) */
  tag: boolean;
}

/** A search pattern that only finds the version as the kind's own assignment. */
const plainSearch = (s: string | undefined) =>
  s === undefined || s === "{current_version}" || /^(__)?version(__)?\s*[:=]\s*["']?\{current_version\}["']?$/.test(s);

function fromIni(facts: SourceFacts, path: string): BumpConfig | undefined {
  if ("unavailable" in facts.python) return undefined;
  const ini = facts.python.ini[path];
  if (!ini || isError(ini)) return undefined;
  const sections = ini as Record<string, Record<string, string>>;
  if (!sections.bumpversion) return undefined;
  const entries: BumpEntry[] = [];
  for (const [name, options] of Object.entries(sections)) {
    const file = /^bumpversion:(file|glob)(?:\([^)]*\))?:(.+)$/.exec(name);
    if (!file) continue;
    const search = options.search;
    entries.push({ path: file[2]!.trim(), glob: file[1] === "glob", ...(plainSearch(search) ? {} : { search }) });
  }
  const tag = /^(true|yes|on|1)$/i.test(sections.bumpversion.tag?.trim() ?? "");
  return { config: path, current: sections.bumpversion.current_version, entries, tag };
}

function fromToml(facts: SourceFacts, path: string): BumpConfig | undefined {
  let doc: Rec;
  try {
    doc = rec(parseToml(facts.text(path) ?? ""));
  } catch {
    return undefined;
  }
  const table = rec(rec(doc.tool).bumpversion);
  if (!Object.keys(table).length) return undefined;
  const files = Array.isArray(table.files) ? table.files.map(rec) : [];
  const entries: BumpEntry[] = files.flatMap((f) => {
    const search = typeof f.search === "string" ? f.search : undefined;
    const target = typeof f.filename === "string" ? f.filename : typeof f.glob === "string" ? f.glob : undefined;
    return target
      ? [{ path: target, glob: typeof f.glob === "string", ...(plainSearch(search) ? {} : { search }) }]
      : [];
  });
  return {
    config: path,
    current: typeof table.current_version === "string" ? table.current_version : undefined,
    entries,
    tag: table.tag === true,
  };
}

/** Every bumpversion configuration in the repository (usually one). */
export function bumpConfigs(facts: SourceFacts): BumpConfig[] {
  const out: BumpConfig[] = [];
  for (const p of [".bumpversion.cfg", "setup.cfg"]) {
    const c = facts.paths.includes(p) ? fromIni(facts, p) : undefined;
    if (c) out.push(c);
  }
  for (const p of [".bumpversion.toml", "pyproject.toml"]) {
    const c = facts.paths.includes(p) ? fromToml(facts, p) : undefined;
    if (c) out.push(c);
  }
  return out;
}
