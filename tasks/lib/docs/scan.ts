/**
 * Reading the docs and helper prompts named by `config.docs.globs` and finding what
 * drifted: repository paths that do not exist, entries invoked with flags they do
 * not accept, and prose that leaves the release to CI. The reader walks the tree; the
 * rest is pure.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import picomatch from "picomatch";
import { commandRefs, isRepoPathWord, normalizePath, SCRIPT_PATH, simpleCommands } from "../workflows/commands.ts";
import type { EntrySpec } from "../core/entries.ts";
import { codeSnippets, staleFlowLines, type StaleFlow } from "./markdown.ts";

const SKIP_DIRS = new Set([".git", "node_modules", "dist", "target", "build", ".venv", "venv", "__pycache__"]);

export interface DocFile {
  path: string;
  text: string;
}

/** Files under root matching the globs (dot files included), sorted. */
export function readDocs(root: string, globs: readonly string[]): DocFile[] {
  const isMatch = picomatch([...globs], { dot: true });
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(path);
      } else if (e.isFile() && isMatch(path)) found.push(path);
    }
  };
  walk("");
  return found.sort().map((path) => ({ path, text: readFileSync(join(root, path), "utf8") }));
}

export interface DocRef {
  doc: string;
  line: number;
  path: string;
}

export interface FlagMisuse extends DocRef {
  flag: string;
  accepted: string[];
}

export interface DocsDrift {
  missing: DocRef[];
  badFlags: FlagMisuse[];
  staleFlow: (StaleFlow & { doc: string })[];
}

function acceptedFlags(spec: EntrySpec): string[] {
  return Object.entries(spec.flags).flatMap(([name, f]) => [`--${name}`, ...(f.short ? [`-${f.short}`] : [])]);
}

/** Find the drift in the docs; `exists` answers for repository-relative paths. */
export function findDrift(
  docs: readonly DocFile[],
  entries: readonly EntrySpec[],
  exists: (rel: string) => boolean,
): DocsDrift {
  const drift: DocsDrift = { missing: [], badFlags: [], staleFlow: [] };
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const doc of docs) {
    const docDir = posix.dirname(doc.path);
    const present = (p: string) => exists(p) || exists(posix.normalize(posix.join(docDir, p)));
    for (const snippet of codeSnippets(doc.text)) {
      // A one-word span is a mention, not a command: only script paths count (below).
      const lone = snippet.kind === "span" && !/\s/.test(snippet.text);
      const commands = lone ? [] : simpleCommands(snippet.text);
      let named = false;
      for (const words of commands) {
        const refs = commandRefs(words);
        for (const p of refs.paths) {
          named = true;
          if (!present(p)) drift.missing.push({ doc: doc.path, line: snippet.line, path: p });
        }
        const spec = refs.program ? byPath.get(refs.program) : undefined;
        if (spec) {
          const accepted = acceptedFlags(spec);
          for (const flag of refs.flags)
            if (!accepted.includes(flag))
              drift.badFlags.push({ doc: doc.path, line: snippet.line, path: spec.path, flag, accepted });
        }
      }
      // A lone script path in a span (`scripts/build/publish.sh`) is a reference too.
      const word = snippet.text;
      if (!named && lone && isRepoPathWord(word) && SCRIPT_PATH.test(word) && !present(normalizePath(word)))
        drift.missing.push({ doc: doc.path, line: snippet.line, path: normalizePath(word) });
    }
    for (const s of staleFlowLines(doc.text)) drift.staleFlow.push({ ...s, doc: doc.path });
  }
  return drift;
}

export function scanDocs(root: string, globs: readonly string[], entries: readonly EntrySpec[]): DocsDrift {
  return findDrift(readDocs(root, globs), entries, (rel) => existsSync(join(root, rel)));
}
