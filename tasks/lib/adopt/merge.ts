/**
 * Putting the inferred values together with a config that already exists: the
 * maintainer's values always win, inference only adds keys that are missing, and a
 * hand-written config that disagrees with inference is a conflict to show, never a
 * silent merge. Pure.
 */
import { isDeepStrictEqual } from "node:util";
import type { InferredValue, Question } from "./infer.ts";

type Tree = Record<string, unknown>;
const isPlain = (v: unknown): v is Tree => !!v && typeof v === "object" && !Array.isArray(v);

export function treeOf(values: readonly InferredValue[]): Tree {
  const tree: Tree = {};
  for (const v of values) {
    const parts = v.key.split(".");
    let node = tree;
    for (const p of parts.slice(0, -1)) node = (isPlain(node[p]) ? node[p] : (node[p] = {})) as Tree;
    node[parts.at(-1)!] = v.value;
  }
  return tree;
}

export function getPath(tree: unknown, key: string): unknown {
  let node = tree;
  for (const p of key.split(".")) {
    if (!isPlain(node) || !(p in node)) return undefined;
    node = node[p];
  }
  return node;
}

/** `theirs` over `ours`: objects merge key by key, anything else is taken from `theirs`. */
export function overlay(ours: Tree, theirs: Tree): Tree {
  const out: Tree = { ...ours };
  for (const [k, v] of Object.entries(theirs)) out[k] = isPlain(v) && isPlain(out[k]) ? overlay(out[k] as Tree, v) : v;
  return out;
}

export interface ValueDifference {
  key: string;
  theirs: unknown;
  inferred: unknown;
  source: string;
}

/** Inferred values the existing config lacks or holds differently. */
export function differences(values: readonly InferredValue[], existing: Tree): ValueDifference[] {
  return values
    .filter((v) => !isDeepStrictEqual(getPath(existing, v.key), v.value))
    .map((v) => ({ key: v.key, theirs: getPath(existing, v.key), inferred: v.value, source: v.source }));
}

export interface Merged {
  tree: Tree;
  /** dotted key → comment */
  sources: Map<string, string>;
  /** the questions still open (a key the maintainer set is answered) */
  questions: Question[];
}

export function merge(
  values: readonly InferredValue[],
  questions: readonly Question[],
  existing: Tree | undefined,
): Merged {
  const tree = existing ? overlay(treeOf(values), existing) : treeOf(values);
  const sources = new Map<string, string>();
  for (const v of values) {
    const now = getPath(tree, v.key);
    sources.set(v.key, isDeepStrictEqual(now, v.value) ? v.source : "your value (kept by adoption)");
  }
  const answered = (key: string) => {
    const theirs = existing ? getPath(existing, key) : undefined;
    const inferred = values.find((v) => v.key === key)?.value;
    return theirs !== undefined && !isDeepStrictEqual(theirs, inferred);
  };
  return { tree, sources, questions: questions.filter((q) => !answered(q.key)) };
}
