/**
 * Reading the docs that describe the release (scope.ts) and finding what drifted:
 * repository paths that do not exist, entries invoked with flags they do not accept,
 * and prose that leaves the release to CI. The reader walks the tree once (docs and
 * every file name); the rest works on plain data.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import {
  commandRefs,
  createdPaths,
  isRepoPathWord,
  normalizePath,
  SCRIPT_PATH,
  underAny,
} from "../workflows/commands.ts";
import type { EntrySpec } from "../core/entries.ts";
import { anyGlob } from "../core/glob.ts";
import { readMarkdown, sectionRanges, within, type CodeBlock, type MarkdownDoc } from "./markdown.ts";
import { docScope, type DocsScopeConfig, inDocsGlobs } from "./scope.ts";
import { staleFlowSentences } from "./stale-flow.ts";

const SKIP_DIRS = new Set([".git", "node_modules", "dist", "target", "build", ".venv", "venv", "__pycache__"]);

export interface DocFile {
  path: string;
  text: string;
  /** outside the release docs: read because of --all-docs (findings are warnings) */
  outOfScope?: boolean;
}

export interface RepoFiles {
  /** every file, repository-relative, sorted */
  files: string[];
  /** every file's base name, for bare names (`build_desktop.sh` exists if any file is so named) */
  names: Set<string>;
}

const isFileLink = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** One walk of the tree: the Markdown files and every file name. */
export function listRepo(root: string): RepoFiles {
  const files: string[] = [];
  const names = new Set<string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(path);
      } else if (e.isFile() || (e.isSymbolicLink() && isFileLink(join(root, path)))) {
        names.add(e.name);
        files.push(path);
      }
    }
  };
  walk("");
  return { files: files.sort(), names };
}

/** Files under root matching the globs (dot files included), sorted. */
export function readDocs(root: string, globs: readonly string[]): DocFile[] {
  const isMatch = anyGlob(globs, { dot: true });
  return listRepo(root)
    .files.filter((p) => isMatch(p))
    .map((path) => ({ path, text: readFileSync(join(root, path), "utf8") }));
}

export interface DocRef {
  doc: string;
  line: number;
  path: string;
  outOfScope?: boolean;
}

export interface FlagMisuse extends DocRef {
  flag: string;
  accepted: string[];
}

export interface StaleFlowRef {
  doc: string;
  line: number;
  text: string;
  why: string;
  outOfScope?: boolean;
}

export interface DocsDrift {
  /** the docs read, and why each was in scope */
  read: string[];
  missing: DocRef[];
  badFlags: FlagMisuse[];
  staleFlow: StaleFlowRef[];
}

function acceptedFlags(spec: EntrySpec): string[] {
  return Object.entries(spec.flags).flatMap(([name, f]) => [`--${name}`, ...(f.short ? [`-${f.short}`] : [])]);
}

/** Fence languages whose lines are shell commands (unlabelled fences too); `console` keeps only `$ ` lines. */
const SHELL_LANGS = new Set(["", "sh", "bash", "shell", "zsh", "console", "shell-session", "shellsession", "terminal"]);

/** The shell text of a block: with prompts (`$ `), only the prompt lines are commands; the rest is output. */
export function blockScript(b: CodeBlock): string | undefined {
  if (!SHELL_LANGS.has(b.lang)) return undefined;
  const lines = b.value.split("\n");
  const prompted = lines.filter((l) => /^\s*[$%]\s/.test(l));
  if (prompted.length || b.lang === "console" || b.lang === "shell-session")
    return lines.map((l) => (/^\s*[$%]\s/.test(l) ? l.replace(/^\s*[$%]\s/, "") : "")).join("\n");
  return b.value;
}

/** Files that package a project: the folder holding one is a package root (a monorepo's `apps/api/`). */
const MANIFESTS = ["package.json", "pyproject.toml", "setup.py", "Cargo.toml", "go.mod", "deno.json"];

/**
 * Where a doc's relative paths may start: its own folder, the package root above it, and
 * the repository root (`apps/api/CONTRIBUTING.md` naming `scripts/check.py` of `apps/api/`).
 */
export function pathBases(docDir: string, exists: (rel: string) => boolean): string[] {
  const bases = [docDir];
  for (let d = docDir; d !== "." && d !== "" && d !== "/"; d = posix.dirname(d))
    if (MANIFESTS.some((m) => exists(posix.join(d, m)))) {
      bases.push(d);
      break;
    }
  bases.push(".");
  return [...new Set(bases)];
}

type Commands = (script: string) => Promise<readonly { words: string[]; line: number }[]>;

/** Find the drift in parsed docs; `exists` answers for repository-relative paths. */
export async function findDrift(
  docs: readonly DocFile[],
  entries: readonly EntrySpec[],
  exists: (rel: string) => boolean,
  opts: { names?: Set<string>; commands?: Commands; parsed?: Map<string, MarkdownDoc> } = {},
): Promise<DocsDrift> {
  const commands = opts.commands ?? (await import("../workflows/shell.ts")).shellCommands;
  const drift: DocsDrift = { read: docs.map((d) => d.path), missing: [], badFlags: [], staleFlow: [] };
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const doc of docs) {
    const md = opts.parsed?.get(doc.path) ?? (await readMarkdown(doc.text));
    const bases = pathBases(posix.dirname(doc.path), exists);
    const made = new Set<string>();
    const present = (p: string) =>
      underAny(p, made) ||
      bases.some((b) => exists(posix.normalize(posix.join(b, p)))) ||
      (!p.includes("/") && Boolean(opts.names?.has(p)));
    const scope = doc.outOfScope ? { outOfScope: true } : {};
    const visit = (words: string[], line: number) => {
      for (const p of createdPaths(words)) made.add(p);
      const refs = commandRefs(words);
      for (const p of refs.paths) if (!present(p)) drift.missing.push({ doc: doc.path, line, path: p, ...scope });
      const spec = refs.program ? byPath.get(refs.program) : undefined;
      if (spec) {
        const accepted = acceptedFlags(spec);
        for (const flag of refs.flags)
          if (!accepted.includes(flag))
            drift.badFlags.push({ doc: doc.path, line, path: spec.path, flag, accepted, ...scope });
      }
      return refs.paths.length > 0;
    };
    for (const b of md.blocks) {
      const script = blockScript(b);
      if (script === undefined) continue;
      for (const c of await commands(script)) visit(c.words, b.line + c.line - 1);
    }
    for (const span of md.spans) {
      // Only what the Markdown makes an instruction is checked; a sentence that names a file is prose.
      if (span.role !== "command") continue;
      if (/\s/.test(span.value)) {
        for (const c of await commands(span.value)) visit(c.words, span.line);
      } else if (isRepoPathWord(span.value) && SCRIPT_PATH.test(span.value) && !present(normalizePath(span.value)))
        drift.missing.push({ doc: doc.path, line: span.line, path: normalizePath(span.value), ...scope });
    }
    const lines = doc.text.split(/\r?\n/);
    for (const s of staleFlowSentences(md.sentences, lines))
      drift.staleFlow.push({ doc: doc.path, line: s.line, text: s.text, why: s.why, ...scope });
  }
  return drift;
}

const TEXT_DOC = /(\.(txt|rst|adoc|prompt)|\/[^./]+)$/i;

/** Read the release docs of a repository (every doc, out of scope flagged, with `allDocs`) and find the drift. */
export async function scanDocs(
  root: string,
  cfg: DocsScopeConfig,
  entries: readonly EntrySpec[],
  opts: { allDocs?: boolean } = {},
): Promise<DocsDrift> {
  const repo = listRepo(root);
  const docs: DocFile[] = [];
  const parsed = new Map<string, MarkdownDoc>();
  for (const path of repo.files) {
    // Docs are prose: Markdown, or a text file the globs name; never the JSON, scripts or
    // images that sit beside a helper prompt in its folder.
    if (!/\.(md|mdx|markdown)$/i.test(path) && !(TEXT_DOC.test(path) && inDocsGlobs(path, cfg))) continue;
    const text = readFileSync(join(root, path), "utf8");
    const scope = docScope(path, text, cfg);
    if (scope.kind === "other" && !opts.allDocs) continue;
    if (scope.kind === "sections") {
      const md = await readMarkdown(text);
      const ranges = sectionRanges(md, scope.heading);
      // Only the release sections, even with --all-docs (the rest describes the product).
      if (ranges.length === 0) continue;
      parsed.set(path, within(md, ranges));
    }
    docs.push({ path, text, ...(scope.kind === "other" ? { outOfScope: true } : {}) });
  }
  return findDrift(docs, entries, (rel) => existsSync(join(root, rel)), { names: repo.names, parsed });
}
