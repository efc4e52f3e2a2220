/**
 * Which docs describe the release (pure). By default the release gate reads the
 * release guides and helper prompts (`docs.globs`), a README's release sections, and
 * any other doc that invokes a release entry; never archives or dated plans
 * (`docs.exclude`). `--all-docs` reads every Markdown file too, as warnings only.
 */
import { anyGlob } from "../core/glob.ts";

export interface DocsScopeConfig {
  globs: readonly string[];
  exclude: readonly string[];
  /** headings of README sections that describe the release */
  readmeSections: string;
}

export type DocScope =
  /** read whole; findings block the cut */
  | { kind: "release"; why: string }
  /** only the sections whose heading matches */
  | { kind: "sections"; heading: RegExp }
  /** outside the release docs: read only with --all-docs, findings are warnings */
  | { kind: "other" };

/** A doc that runs the release entry (`tsx release.ts`, `deno run -A release.ts`, `node …/release.ts`). */
const INVOKES_RELEASE = /\b(?:tsx|node|deno run(?:\s+-\S+)*|bun)\s+(?:\S*\/)?release\.ts\b/;

// The globs compiled once per config, not once per doc (a repository may have hundreds of docs).
const compiled = new WeakMap<DocsScopeConfig, { excluded: (p: string) => boolean; guide: (p: string) => boolean }>();

function matchers(cfg: DocsScopeConfig) {
  let m = compiled.get(cfg);
  if (!m) {
    m = {
      excluded: anyGlob(cfg.exclude, { dot: true, nocase: true }),
      guide: anyGlob(cfg.globs, { dot: true, nocase: true }),
    };
    compiled.set(cfg, m);
  }
  return m;
}

/** A file the docs globs name (a release guide or helper prompt, whatever its extension). */
export const inDocsGlobs = (path: string, cfg: DocsScopeConfig): boolean => matchers(cfg).guide(path);

export function docScope(path: string, text: string, cfg: DocsScopeConfig): DocScope {
  const { excluded, guide } = matchers(cfg);
  if (excluded(path)) return { kind: "other" };
  if (guide(path)) return { kind: "release", why: "a release guide" };
  if (/^readme\.md$/i.test(path)) return { kind: "sections", heading: new RegExp(cfg.readmeSections, "i") };
  if (INVOKES_RELEASE.test(text)) return { kind: "release", why: "it invokes the release entry" };
  return { kind: "other" };
}
