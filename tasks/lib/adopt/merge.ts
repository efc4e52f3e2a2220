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

/** `ours` added to `theirs` where it lacks a key: their order and values first. */
export function fill(theirs: Tree, ours: Tree): Tree {
  const out: Tree = { ...theirs };
  for (const [k, v] of Object.entries(ours)) {
    if (!(k in out)) out[k] = v;
    else if (isPlain(v) && isPlain(out[k])) out[k] = fill(out[k] as Tree, v);
  }
  return out;
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

/**
 * `previous`: the comments of the config adoption wrote last time; a value inference no
 * longer finds (its evidence was replaced) keeps its old comment.
 */
export function merge(
  values: readonly InferredValue[],
  questions: readonly Question[],
  existing: Tree | undefined,
  previous: ReadonlyMap<string, string> = new Map(),
): Merged {
  const tree = existing ? fill(existing, treeOf(values)) : treeOf(values);
  const sources = new Map<string, string>();
  for (const [key, comment] of previous) if (getPath(tree, key) !== undefined) sources.set(key, comment);
  for (const v of values) {
    const now = getPath(tree, v.key);
    // The first evidence stays the comment while the value agrees with it.
    if (isDeepStrictEqual(now, v.value)) sources.set(v.key, previous.get(v.key) ?? v.source);
    else sources.set(v.key, "your value (kept by adoption)");
  }
  const answered = (key: string) => {
    const theirs = existing ? getPath(existing, key) : undefined;
    const inferred = values.find((v) => v.key === key)?.value;
    return theirs !== undefined && !isDeepStrictEqual(theirs, inferred);
  };
  return { tree, sources, questions: questions.filter((q) => !answered(q.key)) };
}
