/**
 * What the history says about the last release, asked where a maintainer must confirm it.
 * The model is the plan's (release/last-release.ts: two-part tags, releases tagged on
 * another branch, a release commit without a tag), so adoption asks about exactly the
 * release the zero-config plan counts from. Pure: reads `RepositoryFacts`.
 */
import { isFirstVersion, lastRelease, releaseHistory } from "../release/last-release.ts";
import { DEFAULT_PREIDS } from "../release/tags.ts";
import { gt, isValid, release } from "../release/version.ts";
import type { InferContext } from "./infer-context.ts";

/** Questions about the last release of the line `prefix`, against the version the files declare. */
export function askAboutLastRelease(c: InferContext, prefix: string): void {
  const { git: g, versionSources: sources } = c.facts;
  const history = releaseHistory(
    { reachableTags: g.history.reachableTags, allTags: g.tags, subjects: g.history.subjects, head: g.history.head },
    prefix,
    DEFAULT_PREIDS,
  );
  const last = lastRelease(history);
  const declared = sources.files[0]?.version;
  const files = declared !== undefined && isValid(declared) ? declared : undefined;
  if (last && files && gt(last.version, files))
    c.ask(
      "versionFiles",
      `The version files declare ${files} but the last release is ${last.evidence}: the next release counts from it (the cut brings the files up); are these the files of the version the releases count?`,
    );
  const u = history.untaggedRelease;
  if (last?.tag === null && u)
    c.ask(
      "versionFiles",
      `No tag records a release, yet commit ${u.sha.slice(0, 7)} "${u.subject.slice(0, 80)}" released ${u.version}: the cut counts from it. Is ${u.version} the last release? Tag it (git tag ${prefix}${u.version} ${u.sha.slice(0, 12)} && git push origin ${prefix}${u.version}) so the history says so`,
    );
  if (!history.allReleaseTags.length && sources.tagging)
    c.ask(
      "versionFiles",
      `${sources.tagging.where} tags each release, yet no release tag exists here: were the tags never pushed? Push them (git push origin --tags) before the first cut, so it counts from the last release`,
    );
  if (!last && files && !sources.fromTag && !isFirstVersion(release(files)))
    c.ask(
      "versionFiles",
      `No tag or release commit records a release, yet the files say ${files}, not a first version: was ${files} released already (by hand, to a package index)? The first cut releases ${files} as is; if it is out, release the next version instead`,
    );
}
