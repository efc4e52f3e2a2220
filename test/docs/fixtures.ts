/** Docs and helper prompts that drifted (the retrospective's), and their repaired versions. */
import dedent from "dedent";

export const DRIFTED_DOCS: Record<string, string> = {
  "docs/RELEASING.md": dedent`
    # Releasing

    1. Bump the version and push the tag.
    2. Wait for CI to create the release, then check the assets.

    \`\`\`sh
    bash scripts/build/publish.sh --all
    \`\`\`
  `,
  ".claude/skills/release/SKILL.md": dedent`
    ---
    name: release
    ---
    Run \`scripts/build/publish.sh\`, then \`tsx release.ts --force\`.
    Do not create the GitHub release yourself: the binaries workflow creates it.
  `,
};

export const REPAIRED_DOCS: Record<string, string> = {
  "docs/RELEASING.md": dedent`
    # Releasing

    \`tsx release.ts\` creates the GitHub Release with your token; CI reacts to it.

    \`\`\`sh
    tsx release.ts 1.4.0 --yes
    tsx tasks/doctor.ts --only 'signing.*' --p12 cert.p12
    \`\`\`
  `,
  ".claude/skills/release/SKILL.md": "Run `tsx release.ts --json`, then `tsx release.ts VERSION --yes`.\n",
  "release.ts": "// entry\n",
  "tasks/doctor.ts": "// entry\n",
};
