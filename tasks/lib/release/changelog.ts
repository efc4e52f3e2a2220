/**
 * The CHANGELOG, as the rest of the release cut sees it: one reader (changelog/read),
 * the house style learned from the file and its commits (changelog/infer), a renderer
 * (changelog/render), an inserter that keeps every other byte (changelog/insert), and
 * the plan's CHANGELOG part (changelog/plan).
 */
export { type ChangelogFacts, changelogFacts, noFile } from "./changelog/facts.ts";
export { createChangelog, insertSection } from "./changelog/insert.ts";
export { type ChangelogMode, type ChangelogPlan, planChangelog } from "./changelog/plan.ts";
export { type Changelog, findSection, readChangelog, sectionText } from "./changelog/read.ts";
export { compareUrl, type LinkInput, releaseNotes, renderSection } from "./changelog/render.ts";
export { type ChangelogStyle, DEFAULT_CATEGORIES, defaultStyle, type StyleOverrides } from "./changelog/style.ts";

import { findSection, readChangelog } from "./changelog/read.ts";

/** Whether the file has a section for `version`, in any heading shape. */
export async function hasVersion(text: string, version: string): Promise<boolean> {
  return findSection(await readChangelog(text), version) !== undefined;
}
