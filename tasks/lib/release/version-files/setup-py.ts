/**
 * The `version=` literal of a `setup.py`, located by Python's own `ast` (through the
 * python3 reader): its line and byte columns become a character span of the value,
 * without its quotes. A value that is not one plain string literal is refused.
 */
import { ReleaseError } from "../../core/errors.ts";
import { isError, readPython } from "../../core/version-sources/python-reader.ts";
import type { Span } from "./spans.ts";

/** Character offset in `text` of a 1-based line and a UTF-8 byte column on it. */
function offsetOf(text: string, line: number, byteCol: number): number {
  let start = 0;
  for (let n = 1; n < line; n++) start = text.indexOf("\n", start) + 1;
  const lineText = text.slice(start, text.indexOf("\n", start) === -1 ? text.length : text.indexOf("\n", start));
  return start + Buffer.from(lineText, "utf8").subarray(0, byteCol).toString("utf8").length;
}

export async function setupPySpan(text: string, path: string): Promise<Span> {
  const facts = await readPython({ setupPy: text, ini: {}, modules: {} }, process.cwd());
  if ("unavailable" in facts)
    throw new ReleaseError(
      "version.unreadable",
      `Cannot read ${path}: ${facts.unavailable}`,
      "Install python3, or list the file that holds the version instead.",
    );
  const setup = facts.setupPy;
  if (!setup || isError(setup) || !setup.version)
    throw new ReleaseError(
      "version.unreadable",
      `Cannot read the version of ${path}: ${setup && isError(setup) ? setup.error : "its setup() call has no version= string literal"}`,
      `Write version="X.Y.Z" in the setup() call of ${path}, or list the file it reads the version from.`,
    );
  const { line, col, endCol, value } = setup.version;
  const start = offsetOf(text, line, col);
  const end = offsetOf(text, line, endCol);
  const token = text.slice(start, end);
  const quote = /^[rRuU]?("|')/.exec(token);
  if (!quote || token.slice(quote[0].length, token.length - 1) !== value || !token.endsWith(quote[1]!))
    throw new ReleaseError(
      "version.unreadable",
      `Cannot edit ${path} safely: its version literal is not one plain quoted string (${token})`,
      `Write version="X.Y.Z" in ${path}.`,
    );
  return { start: start + quote[0].length, end: end - 1, value };
}
