/**
 * How to recover from the failures a published cut can meet, as text for `fix`.
 * Pure: the branch and tag in, the instructions out. docs/RELEASE.md says the same.
 */

/**
 * Origin's branch moved after the release commit was made. `git pull --rebase` is
 * wrong here: it would move the release commit but leave the tag on the old one, a
 * commit that never reaches the branch. The release commit and tag exist only
 * locally (the push is atomic), so the safe way is to drop them and cut again on top.
 */
export function branchMovedFix(branch: string, tag: string, version: string): string {
  return [
    `Nothing was pushed (the push is atomic). Cut again on top of origin's ${branch}; do not \`git pull --rebase\` first, that would leave ${tag} on a commit that never reaches ${branch}:`,
    `  git tag -d ${tag}                # the tag was never pushed`,
    `  git reset --keep HEAD~1          # drop the unpushed release commit`,
    `  git pull --rebase origin ${branch}`,
    `  tsx release.ts --yes ${version}  # the CHANGELOG now includes what origin gained`,
  ].join("\n");
}

export function pushFailedFix(branch: string, tag: string): string {
  return `Nothing was pushed (the push is atomic). Fix access to origin (network, credentials, branch protection for ${branch}), then rerun \`tsx release.ts --yes\`: the local release commit and ${tag} are reused.`;
}

export function tagElsewhereFix(tag: string): string {
  return `origin's ${tag} is not the tag made here. If origin's is the real release, nothing is left to do here (delete the local one: git tag -d ${tag}; git fetch --tags). If it was pushed by mistake and nobody uses it, delete it on origin (git push origin :refs/tags/${tag}) and rerun; if a published immutable release uses it, GitHub refuses that: cut the next patch version instead.`;
}

export function releaseFailedFix(tag: string): string {
  return `${tag} is pushed; only the GitHub Release is missing or stale. Rerun \`tsx release.ts --yes\` to create or update the draft (the push is not repeated).`;
}
