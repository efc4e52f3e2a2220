/**
 * Insert a rendered section into the file, keeping every byte outside it: under
 * `[Unreleased]` when there is one (its hand-written notes move into the section),
 * else above the newest version section, else after the preamble. Link references
 * (`[Unreleased]: …compare/vA...HEAD`) are updated when the file keeps them. Pure.
 */
import type { Changelog } from "./read.ts";
import { compareUrl, type LinkInput } from "./render.ts";

export interface InsertOptions extends LinkInput {
  /** the new section's label as its heading writes it (`v1.2.0`, `1.2.0`) */
  label: string;
  /** blank lines between sections, as the file writes them */
  sectionGap: number;
}

/** Put hand-written Unreleased notes below the heading, unless the section already carries them. */
function withManualNotes(section: string, notes: string): string {
  if (!notes || section.includes(notes)) return section;
  const nl = section.indexOf("\n");
  const heading = section.slice(0, nl);
  const rest = section.slice(nl).replace(/^\n+/, "");
  return `${heading}\n\n${notes}\n\n${rest}`;
}

export function insertSection(doc: Changelog, section: string, o: InsertOptions): string {
  const { text, eol } = doc;
  const gap = "\n".repeat(o.sectionGap);
  let out: string;
  if (doc.unreleased) {
    const u = doc.unreleased;
    const body = withManualNotes(section, u.body.replace(/\r\n/g, "\n"));
    const rest = text.slice(u.end);
    out = `${text.slice(0, u.headingEnd)}${eol}${eol}${toEol(body, eol)}${rest ? toEol(gap, eol) : ""}${rest}`;
  } else {
    const at = doc.sections[0]?.start ?? doc.definitionsStart ?? text.length;
    let before = text.slice(0, at);
    const rest = text.slice(at);
    if (before.trim()) before = before.replace(/(?:\r?\n)*$/, `${eol}${eol}`);
    out = `${before}${toEol(section, eol)}${rest ? toEol(gap, eol) : ""}${rest}`;
  }
  return updateLinks(out, o);
}

const toEol = (s: string, eol: string) => (eol === "\n" ? s : s.replace(/\n/g, eol));

function updateLinks(text: string, o: InsertOptions): string {
  const def = /^\[Unreleased\]:[ \t]*(\S+)[ \t]*$/im.exec(text);
  if (!def || !o.repository) return text;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const base = `https://github.com/${o.repository}`;
  const unreleased = `[Unreleased]: ${base}/compare/${o.tag}...HEAD`;
  const own = `[${o.label}]: ${compareUrl(o)}`;
  return text.slice(0, def.index) + `${unreleased}${eol}${own}` + text.slice(def.index + def[0].length);
}
