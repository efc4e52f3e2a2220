/**
 * The thin helper prompt adoption writes (`.claude/skills/release/SKILL.md`): it
 * asks and runs the release entry, nothing more, so it cannot drift from the cut.
 * Pure: the text depends only on where the toolkit lives.
 */
import { posix } from "node:path";
import { RELEASE } from "../core/entries.ts";

export const SKILL_PATH = ".claude/skills/release/SKILL.md";
export const SKILL_MARK = "<!-- Written by the release toolkit's adopt.ts; rerun it to update this file. -->";

export const isAdoptSkill = (text: string): boolean => text.includes(SKILL_MARK);

/**
 * How a maintainer runs one of the toolkit's entries from the repository root: at the
 * root `npx tsx` finds tsx in ./node_modules; a vendored toolkit has its own
 * node_modules, which `npm exec --prefix` puts on PATH while the command runs in the root.
 */
export function runCommand(toolkitDir: string, entryPath: string): string {
  const entry = posix.join(toolkitDir, entryPath);
  return toolkitDir === "." ? `npx tsx ${entry}` : `npm exec --prefix ${toolkitDir} -- tsx ${entry}`;
}

export function renderSkill(toolkitDir: string): string {
  const entry = posix.join(toolkitDir, RELEASE.path);
  const run = runCommand(toolkitDir, RELEASE.path);
  return [
    "---",
    "name: release",
    "description: Cut a release of this repository with its release script. Use when asked to release, publish or ship a version.",
    "---",
    "",
    SKILL_MARK,
    "",
    "# Release",
    "",
    `The whole release lives in \`${entry}\`; this prompt only asks the operator and runs it.`,
    "",
    `1. Without a version from the operator, inspect first: \`${run} --json\`. Take the`,
    "   suggested version and the CHANGELOG section from its plan, and every check whose status is `fail`.",
    "2. Show the operator that version, that section and each failed check with its `fix`. If a check",
    "   failed, stop there.",
    `3. When the operator confirms a version, run \`${run} VERSION --yes\`. It commits, tags,`,
    "   pushes, creates the GitHub Release with the operator's token and watches the workflows it starts.",
    "4. Report what the script printed, and nothing else: no extra git commands, no workflow edits, no",
    "   uploads.",
    "",
    "When the script refuses, show its message and its `fix` line unchanged.",
    "",
  ].join("\n");
}
