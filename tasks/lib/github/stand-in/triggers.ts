/**
 * Does a workflow start when a release is published? The rule GitHub applies: its
 * `on:` names `release` (as a string, in a list, or as a key) and, if the key lists
 * `types`, one of them is `published`. Pure: text in, answer out.
 */
import { parse } from "yaml";

type Doc = Record<string, unknown>;

function parseDoc(yamlText: string): Doc | null {
  try {
    const doc = parse(yamlText) as unknown;
    return doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Doc) : null;
  } catch {
    return null;
  }
}

/** `on:` — YAML 1.1 readers turn the bare key into `true`; accept both spellings. */
function onField(doc: Doc): unknown {
  return "on" in doc ? doc.on : (doc as Record<string, unknown>)["true"];
}

export function startsOnReleasePublished(yamlText: string): boolean {
  const doc = parseDoc(yamlText);
  if (!doc) return false;
  const on = onField(doc);
  if (on === "release") return true;
  if (Array.isArray(on)) return on.includes("release");
  if (on && typeof on === "object") {
    if (!("release" in on)) return false;
    const release = (on as Doc).release;
    if (release === null || release === undefined) return true;
    if (typeof release !== "object") return false;
    const types = (release as Doc).types;
    if (types === undefined || types === null) return true;
    if (typeof types === "string") return types === "published";
    return Array.isArray(types) && types.includes("published");
  }
  return false;
}

/** The workflow's display name (`name:`), else its file name, as GitHub shows it. */
export function workflowDisplayName(yamlText: string, file: string): string {
  const name = parseDoc(yamlText)?.name;
  return typeof name === "string" && name.trim() ? name : `.github/workflows/${file}`;
}
