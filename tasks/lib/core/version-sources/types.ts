/**
 * The vocabulary of version sources: which files carry the project's version, or which
 * tool derives it from the tag, each with why (the ecosystem rule that says so).
 */
import type { VersionFileKind } from "../config/schema.ts";
import type { PythonFacts } from "./python-reader.ts";

export interface VersionSourceFile {
  path: string;
  kind: VersionFileKind;
  /** the version it declares now */
  version: string;
  /** the rule that makes it a version file, e.g. "[project].version (PEP 621)" */
  why: string;
  /** kind "variable": the name the version is assigned to */
  variable?: string;
}

export interface VersionSources {
  /** files the cut bumps, in report order */
  files: VersionSourceFile[];
  /** the tag is the version: the tool that derives it, and where that is configured */
  fromTag?: { tool: string; why: string };
  /** what a maintainer must answer (files that disagree, a dynamic version of unknown source) */
  questions: string[];
  /** files that mention a version the cut leaves alone, and why */
  notes: string[];
  /** a tool configured to tag each release it makes (bumpversion's `tag = True`), and where */
  tagging?: { tool: string; where: string };
  /** the Python distribution's name, when a manifest gives it */
  pythonName?: { value: string; why: string };
}

/** What the rules read: the file list, the texts, and what python3 read. */
export interface SourceFacts {
  paths: readonly string[];
  text(path: string): string | undefined;
  python: PythonFacts | { unavailable: string };
  /** every tag of the repository (a version no tag names may be a placeholder: placeholder.ts) */
  tags?: readonly string[];
}

/** A partial answer from one ecosystem's rules, merged by `decideVersionSources`. */
export type Found = Partial<Omit<VersionSources, "files" | "questions" | "notes">> &
  Pick<VersionSources, "files" | "questions" | "notes">;

export const emptyFound = (): Found => ({ files: [], questions: [], notes: [] });

/** A version string a release could carry (semver, or a PEP 440 release/pre-release). */
export function looksLikeVersion(v: string): boolean {
  return /^v?\d+(\.\d+){1,3}([-.+]?[0-9A-Za-z.+-]*)?$/.test(v.trim());
}
