/**
 * The tag prefix and the release lines. The prefix comes from the one rule the
 * zero-config plan uses too (core/config/tag-prefix.ts: the newest tags and the release
 * docs); the repository's other lines — a second component's tags, a workflow's tag
 * filter or a release tool's configured prefix with no tag yet (workflows/release-lines.ts)
 * — are named in a question, never merged into this config's line.
 */
import { tagPrefixOf, type TagPrefix } from "../core/config/tag-prefix.ts";
import { str, type InferContext } from "./infer-context.ts";

const shown = (p: string) => (p ? `"${p}"` : '"" (bare)');

/** Sets `tagPrefix` (asking when no tag exists or the docs disagree) and returns it. */
export function inferTagPrefix(c: InferContext): { prefix: string; tags: TagPrefix | undefined } {
  const { facts } = c;
  // As the zero-config plan names the project: the Python distribution, else the display name.
  const projectName = facts.versionSources.pythonName?.value ?? str(c.value("name"));
  const tags = tagPrefixOf(facts.git.tagTimes.length ? facts.git.tagTimes : facts.git.tags, {
    ...(projectName ? { projectName } : {}),
    ...(facts.statedTag ? { stated: facts.statedTag } : {}),
  });
  if (tags) c.set("tagPrefix", tags.prefix, tags.why);
  else {
    c.set("tagPrefix", "v", "no version tag yet: the toolkit's default");
    c.ask("tagPrefix", 'No version tag exists yet: should tags read v1.2.3 (tagPrefix "v") or 1.2.3 (tagPrefix "")?');
  }
  if (tags?.disagreement)
    c.ask("tagPrefix", `${tags.disagreement}: which form do new releases take? (tagPrefix is the tags' for now)`);
  askAboutLines(c, tags);
  return { prefix: tags?.prefix ?? "v", tags };
}

/** The other release lines, as one question: their tags and workflows are left alone. */
function askAboutLines(c: InferContext, tags: TagPrefix | undefined): void {
  const prefix = tags?.prefix ?? "v";
  const retired = new Set(tags?.retired.map((l) => l.prefix) ?? []);
  const fromTags = (tags?.active ?? []).filter((l) => l.prefix !== prefix);
  const described = fromTags.map((l) => {
    const listeners = c.facts.automation.lines.find((x) => x.prefix === l.prefix)?.listeners ?? [];
    return `${shown(l.prefix)} (${l.tags.length} tag(s), newest ${l.newest}${listeners.length ? `; started: ${listeners.join(", ")}` : ""})`;
  });
  // Lines with no tag yet: a workflow's own tag filter or a release tool's configured prefix.
  for (const l of c.facts.automation.lines)
    if (!l.sources.includes("tags") && l.prefix !== prefix && !retired.has(l.prefix))
      described.push(
        `${shown(l.prefix)} (no tag yet; ${l.sources.includes("tool") ? "a release tool's configured tags" : `the tag filter of ${l.listeners.join(", ") || "a workflow"}`})`,
      );
  if (!described.length) return;
  c.ask(
    "tagPrefix",
    `Several release lines share this repository: this config releases ${shown(prefix)} tags, and ${described.join("; ")} ${described.length > 1 ? "are" : "is"} another line, left alone (its tags, its workflows). Is ${shown(prefix)} the line this config releases? A second line needs its own config.`,
  );
}
