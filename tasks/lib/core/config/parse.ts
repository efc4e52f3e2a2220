/**
 * Validating a raw config object against the schema (validate.ts); errors name each field and
 * the file. The default config is the same schema's output for `{ name }`.
 */
import { ReleaseError } from "../errors.ts";
import { configSchema, type ParsedConfig } from "./schema.ts";
import type { Issue } from "./validate.ts";

function describeIssue(issue: Issue): string {
  const field = issue.path.map(String).join(".") || "(top level)";
  if (issue.code === "unrecognized_keys" && issue.keys)
    return `${issue.keys.map((k) => (issue.path.length ? `${field}.${k}` : k)).join(", ")}: unknown key`;
  return `${field}: ${issue.message}`;
}

/** Validate a raw config object; errors name each field and the file. */
export function parseConfig(raw: unknown, file: string): ParsedConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${describeIssue(i)}`);
    throw new ReleaseError(
      "config.invalid",
      `Cannot use ${file}: it is not a valid release config\n${lines.join("\n")}`,
      `Fix the fields listed above in ${file}.`,
    );
  }
  return result.data;
}
