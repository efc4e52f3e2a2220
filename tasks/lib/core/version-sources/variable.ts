/**
 * A version assigned to a named variable in any text file, as python-semantic-release's
 * `version_variables` finds it: the name (quoted or not, never the tail of a longer name), an
 * assignment operator (`=`, `:`, `:=`, `==`, `@`, or a space), then the version, quoted or
 * not (`__version__ = "1.2.0"`, `python-semantic-release == 10.6.1`, `"version": "2.0.0"`).
 * The detector reads it here and the cut edits the same spans (release/version-files). Pure.
 */

export interface VariableMatch {
  /** the version's span in the text */
  start: number;
  end: number;
  value: string;
}

const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;

/** Every assignment of `variable` to a version in `text`, in text order. */
export function variableMatches(text: string, variable: string): VariableMatch[] {
  const name = variable.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(
    `(['"])?(?<![\\w.-])${name}\\1?[ \\t]*(?::=|==|[:=@ ])[ \\t]*(['"])?(${SEMVER})(?![\\w.])\\2?`,
    "dg",
  );
  return [...text.matchAll(re)].map((m) => {
    const [start, end] = m.indices![3]!;
    return { start, end, value: m[3]! };
  });
}
