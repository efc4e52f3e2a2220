/**
 * The import graph of the toolkit's own code, read with the TypeScript scanner (not a
 * regular expression), and the layering rule it must obey (docs/ARCHITECTURE.md).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

export interface ImportEdge {
  from: string;
  to: string;
  /** `await import()`: loaded on demand, allowed where a static import is not */
  dynamic: boolean;
  /** `import type` / `export type`: erased at run time (still counts for cycles) */
  typeOnly: boolean;
}

/** Every relative import of one file's text: static, type-only, re-exports and `import()`. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: ImportEdge[] = [];
  const add = (spec: string, dynamic: boolean, typeOnly: boolean): void => {
    if (spec.startsWith("."))
      edges.push({ from: file, to: posix.normalize(posix.join(posix.dirname(file), spec)), dynamic, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, false, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, false, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg)) add(arg.text, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The layer of a path, lowest first; undefined for files outside the toolkit's code. */
export function layerOf(path: string): { rank: number; name: string } | undefined {
  if (path.startsWith("tasks/lib/core/")) return { rank: 0, name: "core" };
  if (
    /^tasks\/lib\/(release|github|workflows|docs|signing|macos|updater|adopt)\//.test(path) ||
    path.startsWith("templates/")
  )
    return { rank: 1, name: "domain" };
  if (path.startsWith("tasks/lib/doctor/")) return { rank: 2, name: "doctor" };
  if (path.startsWith("tasks/lib/commands/")) return { rank: 3, name: "commands" };
  if (path.startsWith("tasks/stand-in/")) return { rank: 4, name: "stand-in" };
  if (path === "release.ts" || /^tasks\/[^/]+\.ts$/.test(path)) return { rank: 5, name: "entry" };
  if (path === "release.config.ts") return { rank: 5, name: "entry" };
  return undefined;
}

export interface Violation {
  edge: ImportEdge;
  why: string;
}

/**
 * Domains that use others and are used by none: the macOS finalizer signs with `signing/`,
 * publishes with `github/` and writes `updater/`'s manifest, so none of those may reach
 * back into it (what two of them share lives in the lower one).
 */
const TOP_DOMAINS = ["tasks/lib/macos/"];

/** The rule: imports go down (or sideways), never up; the stand-in is only loaded on demand. Pure. */
export function layerViolations(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (!from || !to) continue;
    if (to.name === "stand-in" && from.name !== "stand-in" && from.name !== "entry" && !edge.dynamic && !edge.typeOnly)
      out.push({ edge, why: "production code loads the GitHub stand-in only through `await import()`" });
    else if (to.name === "stand-in" && edge.dynamic && from.name !== "commands" && from.name !== "entry")
      out.push({ edge, why: "only the commands (--rehearse) load the GitHub stand-in" });
    else if (to.rank > from.rank && to.name !== "stand-in")
      out.push({ edge, why: `${from.name} may not import ${to.name} (a higher layer)` });
    else if (from.name === "domain" && TOP_DOMAINS.some((d) => edge.to.startsWith(d) && !edge.from.startsWith(d)))
      out.push({ edge, why: `no other domain imports ${edge.to.split("/").slice(0, 3).join("/")}/ (a top domain)` });
  }
  return out;
}

/** Import cycles among static imports, type-only ones included (Tarjan's algorithm). Pure. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.dynamic) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of next.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** Read the import graph of the toolkit's code under `root`. */
export function readImportGraph(root: string): ImportEdge[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const d of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${d.name}` : d.name;
      if (d.isDirectory()) walk(rel);
      else if (rel.endsWith(".ts")) files.push(rel);
    }
  };
  walk("tasks");
  walk("templates");
  files.push("release.ts", "release.config.ts");
  return files.flatMap((f) => importsOf(f, readFileSync(join(root, f), "utf8")));
}
