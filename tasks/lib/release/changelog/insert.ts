/**
 * Insert a rendered section into the file, keeping every byte outside it: under
 * `[Unreleased]` when there is one (what was written there by hand is in the section
 * now: the plan merged it), else above the newest version section, else after the
 * preamble. Link references stay as the file writes them: the new version's is added
 * in their shape and `[Unreleased]`'s compare link moves to the new tag. A file that
 * does not exist yet is created in Keep a Changelog's shape. Pure.
 */
import type { Changelog } from "./read.ts";
import { compareUrl, type LinkInput } from "./render.ts";

export interface InsertOptions extends LinkInput {
  /** the new section's label as its heading writes it (`v1.2.0`, `1.2.0`) */
  label: string;
  /** blank lines between sections, as the file writes them */
  sectionGap: number;
}

const toEol = (s: string, eol: string) => (eol === "\n" ? s : s.replace(/\n/g, eol));

export function insertSection(doc: Changelog, section: string, o: InsertOptions): string {
  const { text, eol } = doc;
  const split = doc.definitionsStart ?? text.length;
  const body = text.slice(0, split);
  const definitions = text.slice(split);
  const gap = "\n".repeat(o.sectionGap);
  let out: string;
  if (doc.unreleased) {
    const u = doc.unreleased;
    const rest = body.slice(u.end);
    out = `${body.slice(0, u.headingEnd)}${eol}${eol}${toEol(section, eol)}${rest || definitions ? toEol(gap, eol) : ""}${rest}`;
  } else {
    const at = doc.sections[0]?.start ?? body.length;
    let before = body.slice(0, at);
    const rest = body.slice(at);
    if (before.trim()) before = before.replace(/(?:\r?\n)*$/, `${eol}${eol}`);
    out = `${before}${toEol(section, eol)}${rest || definitions ? toEol(gap, eol) : ""}${rest}`;
  }
  return out + updateDefinitions(doc, definitions, o);
}

const DEFINITION = /^\[([^\]]+)\]:[ \t]*(\S+)(.*)$/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// a ref ends where a version does: `v1.1.1` is not the front of `v1.1.10`
const refRe = (ref: string) => new RegExp(`${escapeRe(ref)}(?![0-9A-Za-z-]|\\.\\d)`, "g");
// the left side of a compare link to HEAD: `compare/v1.1.0...HEAD`, `compare/1.1.0..HEAD`
const COMPARE_HEAD = /(\/compare\/)([^/\s]+?)(\.{2,3})HEAD\b/;
const VERSION_AT_END = /\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** The new version's ref in the shape the file uses: `v1.2.0` where it compares from `v1.1.0`, `1.2.0` from `1.1.0`. */
function newRef(shownPrevious: string, o: InsertOptions): string {
  const version = VERSION_AT_END.exec(o.tag)?.[0] ?? o.tag;
  const prefix = shownPrevious.replace(VERSION_AT_END, "");
  return prefix === shownPrevious ? o.tag : `${prefix}${version}`;
}

/**
 * The link definitions after the cut: unchanged when the file keeps none for its
 * versions; else the new version's link (modelled on `[Unreleased]`'s, or on the newest
 * version's) next to its neighbours, and `[Unreleased]` comparing from the new tag.
 */
function updateDefinitions(doc: Changelog, definitions: string, o: InsertOptions): string {
  if (!definitions) return definitions;
  const eol = doc.eol;
  const lines = definitions.split(eol === "\r\n" ? "\r\n" : "\n");
  const keyAt = (key: string) => lines.findIndex((l) => DEFINITION.exec(l)?.[1]!.toLowerCase() === key.toLowerCase());
  if (keyAt(o.label) !== -1) return definitions;
  const unreleased = lines.findIndex((l) => /^\[unreleased\]:/i.test(l));
  const newest = doc.sections[0] ? keyAt(doc.sections[0].label) : -1;
  const older = doc.sections[1] ? keyAt(doc.sections[1].label) : -1;
  let url: string | undefined;
  let at: number;
  if (unreleased !== -1) {
    const m = DEFINITION.exec(lines[unreleased]!)!;
    const compare = COMPARE_HEAD.exec(m[2]!);
    const ref = compare ? newRef(compare[2]!, o) : o.tag;
    url = m[2]!.replace(/\bHEAD\b/, ref);
    if (compare) lines[unreleased] = `[${m[1]}]: ${m[2]!.replace(COMPARE_HEAD, `$1${ref}$3HEAD`)}${m[3]}`;
    // next to [Unreleased], on the side where the previous version's link is
    at = newest !== -1 && newest < unreleased ? unreleased : unreleased + 1;
  } else if (newest !== -1) {
    url = modelledOn(lines[newest]!, doc, o);
    at = older !== -1 && older < newest ? newest + 1 : newest;
  } else return definitions;
  url ??= compareUrl(o);
  if (!url) return lines.join(eol);
  lines.splice(at, 0, `[${o.label}]: ${url}`);
  return lines.join(eol);
}

/** The newest version's link with its tags swapped for the new release's (`compare/v1.0.0...v1.1.0`). */
function modelledOn(line: string, doc: Changelog, o: InsertOptions): string | undefined {
  const url = DEFINITION.exec(line)![2]!;
  const newest = doc.sections[0]!;
  const shown = /\/compare\/([^/\s]+?)\.{2,3}([^/\s]+)$/.exec(url);
  if (shown) {
    const [, from, to] = shown;
    if (!to!.endsWith(newest.version)) return undefined;
    return url
      .replace(refRe(to!), newRef(to!, o))
      .replace(refRe(from!), o.previousTag ? newRef(from!, { ...o, tag: o.previousTag }) : from!);
  }
  const tagged = url.match(refRe(newest.label)) ? newest.label : newest.version;
  return url.includes(tagged) ? url.replace(refRe(tagged), newRef(tagged, o)) : undefined;
}

/** A new CHANGELOG in Keep a Changelog's shape, holding the first section the cut writes. */
export function createChangelog(section: string, o: InsertOptions): string {
  const head = [
    "# Changelog",
    "",
    "All notable changes to this project are documented in this file. The format is based on",
    "[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this project adheres to",
    "[Semantic Versioning](https://semver.org/spec/v2.0.0.html).",
    "",
    "## [Unreleased]",
    "",
  ].join("\n");
  const links =
    o.repository && /^## \[/.test(section)
      ? `\n[Unreleased]: https://github.com/${o.repository}/compare/${o.tag}...HEAD\n[${o.label}]: ${compareUrl(o)}\n`
      : "";
  return `${head}${section}${links}`;
}
