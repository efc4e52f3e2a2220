/**
 * What the GitHub stand-in remembers, in memory: releases with their assets, secrets
 * (repository and per environment) with real sealed-box key pairs, environments,
 * the workflows it knows and the runs a published release started.
 */

export interface StandInAsset {
  id: number;
  name: string;
  label: string | null;
  content_type: string;
  data: Buffer;
  created_at: string;
  updated_at: string;
}

export interface StandInRelease {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string | null;
  /** which token created it: "operator" | "actions" | other token names */
  created_by: string;
  /** login of the token that published it (the `author` GitHub shows) */
  author: string;
  /** published while the repository's immutable-releases setting was on: assets and tag locked for good */
  immutable: boolean;
  assets: StandInAsset[];
}

export interface StandInWorkflow {
  id: number;
  /** file name inside .github/workflows */
  file: string;
  name: string;
  yaml: string;
  /** "active" | "disabled_manually" — a disabled workflow starts nothing */
  state: "active" | "disabled_manually";
}

export interface StandInRun {
  id: number;
  workflow_id: number;
  /** file name, for convenience in tests */
  workflow: string;
  name: string;
  event: string;
  /** the token that caused it: "operator", "actions", ... */
  actor: string;
  /** the dispatch inputs (workflow_dispatch only) */
  inputs?: Record<string, string>;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  head_sha: string;
  head_branch: string;
  run_number: number;
  created_at: string;
  updated_at: string;
}

export interface StandInSecret {
  name: string;
  encrypted_value: string;
  key_id: string;
  /** the opened sealed box, so tests can assert what was uploaded (null if it could not be opened) */
  value: string | null;
  created_at: string;
  updated_at: string;
}

export interface SealedBoxKey {
  key_id: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export interface StandInEnvironment {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  key: SealedBoxKey;
  secrets: Map<string, StandInSecret>;
}

export interface StandInToken {
  login: string;
  /** the workflow's own GITHUB_TOKEN: no /user, and its releases start no workflow */
  actions?: boolean;
  /** repository permissions of this token */
  push: boolean;
  admin: boolean;
}

export interface StandInState {
  /** "owner/name" served */
  repo: string;
  /** default branch */
  defaultBranch: string;
  releases: StandInRelease[];
  /** id of the release marked latest */
  latestReleaseId: number | null;
  workflows: StandInWorkflow[];
  runs: StandInRun[];
  /** false models "Actions disabled for this repository": nothing starts */
  actionsEnabled: boolean;
  repoKey: SealedBoxKey;
  repoSecrets: Map<string, StandInSecret>;
  environments: Map<string, StandInEnvironment>;
  /** token value → who it is (values are never recorded in `requests`) */
  tokens: Map<string, StandInToken>;
  /** ref name (branch or tag) → commit sha, used to give runs their head_sha */
  refs: Map<string, string>;
  /** the repository's "Enforce immutable releases" setting (GET /repos/{o}/{r}/immutable-releases) */
  immutableReleases: {
    enabled: boolean;
    enforcedByOwner: boolean;
    /**
     * Whether an immutable release's pre-release flag and "latest" may still change:
     * GitHub's pages disagree (see core/platform/releases.ts), so the stand-in plays both.
     */
    flagsEditable: boolean;
  };
  /** tag names an immutable release used: no new release may take them, ever */
  burntTags: Set<string>;
  /** monotonically increasing ids */
  nextId: number;
}

export function nextId(state: StandInState): number {
  return state.nextId++;
}
