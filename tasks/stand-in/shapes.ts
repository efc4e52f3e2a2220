/**
 * The JSON GitHub returns for each object, with every property its OpenAPI
 * description requires (most of them URLs derived from the object's own URL).
 */
import { createHash } from "node:crypto";
import type { StandInAsset, StandInEnvironment, StandInRelease, StandInRun, StandInWorkflow } from "./state.ts";

export interface Urls {
  /** API base, e.g. http://127.0.0.1:PORT */
  api: string;
  /** the "web" base that html_url and browser_download_url use (same server) */
  web: string;
}

const EPOCH = "2024-01-01T00:00:00Z";
const nodeId = (kind: string, id: number) => Buffer.from(`${kind}:${id}`).toString("base64");

export function userJson(u: Urls, login: string, id: number, kind: "User" | "Bot" = "User") {
  const url = `${u.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId("User", id),
    avatar_url: `${u.web}/avatars/${login}`,
    gravatar_id: "",
    url,
    html_url: `${u.web}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: kind,
    site_admin: false,
  };
}

/** GET /user: the public-user shape (what a token without user scopes sees). */
export function authenticatedUserJson(u: Urls, login: string, id: number) {
  return {
    ...userJson(u, login, id),
    user_view_type: "public",
    name: login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: EPOCH,
    updated_at: EPOCH,
  };
}

const REPO_URL_FIELDS: Record<string, string> = {
  archive_url: "/{archive_format}{/ref}",
  assignees_url: "/assignees{/user}",
  blobs_url: "/git/blobs{/sha}",
  branches_url: "/branches{/branch}",
  collaborators_url: "/collaborators{/collaborator}",
  comments_url: "/comments{/number}",
  commits_url: "/commits{/sha}",
  compare_url: "/compare/{base}...{head}",
  contents_url: "/contents/{+path}",
  contributors_url: "/contributors",
  deployments_url: "/deployments",
  downloads_url: "/downloads",
  events_url: "/events",
  forks_url: "/forks",
  git_commits_url: "/git/commits{/sha}",
  git_refs_url: "/git/refs{/sha}",
  git_tags_url: "/git/tags{/sha}",
  hooks_url: "/hooks",
  issue_comment_url: "/issues/comments{/number}",
  issue_events_url: "/issues/events{/number}",
  issues_url: "/issues{/number}",
  keys_url: "/keys{/key_id}",
  labels_url: "/labels{/name}",
  languages_url: "/languages",
  merges_url: "/merges",
  milestones_url: "/milestones{/number}",
  notifications_url: "/notifications{?since,all,participating}",
  pulls_url: "/pulls{/number}",
  releases_url: "/releases{/id}",
  stargazers_url: "/stargazers",
  statuses_url: "/statuses/{sha}",
  subscribers_url: "/subscribers",
  subscription_url: "/subscription",
  tags_url: "/tags",
  teams_url: "/teams",
  trees_url: "/git/trees{/sha}",
};

export function minimalRepoJson(u: Urls, repo: string) {
  const [owner = "", name = ""] = repo.split("/");
  const url = `${u.api}/repos/${repo}`;
  const fields = Object.fromEntries(Object.entries(REPO_URL_FIELDS).map(([k, v]) => [k, url + v]));
  return {
    id: 1,
    node_id: nodeId("Repository", 1),
    name,
    full_name: repo,
    owner: userJson(u, owner, 2),
    private: false,
    html_url: `${u.web}/${repo}`,
    description: null,
    fork: false,
    url,
    ...fields,
  };
}

export function fullRepoJson(
  u: Urls,
  repo: string,
  defaultBranch: string,
  permissions?: { admin: boolean; push: boolean },
) {
  const [, name = ""] = repo.split("/");
  const host = new URL(u.web).host;
  return {
    ...minimalRepoJson(u, repo),
    clone_url: `${u.web}/${repo}.git`,
    git_url: `git://${host}/${repo}.git`,
    ssh_url: `git@${host}:${repo}.git`,
    svn_url: `${u.web}/${repo}`,
    mirror_url: null,
    homepage: null,
    language: "Python",
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1,
    default_branch: defaultBranch,
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: EPOCH,
    created_at: EPOCH,
    updated_at: EPOCH,
    network_count: 0,
    subscribers_count: 0,
    topics: [],
    visibility: "public",
    ...(permissions
      ? {
          permissions: {
            admin: permissions.admin,
            maintain: permissions.admin,
            push: permissions.push,
            triage: permissions.push,
            pull: true,
          },
        }
      : {}),
    name,
  };
}

export function assetJson(u: Urls, repo: string, release: StandInRelease, a: StandInAsset, uploader: string) {
  return {
    url: `${u.api}/repos/${repo}/releases/assets/${a.id}`,
    browser_download_url: `${u.web}/${repo}/releases/download/${encodeURIComponent(release.tag_name)}/${encodeURIComponent(a.name)}`,
    id: a.id,
    node_id: nodeId("ReleaseAsset", a.id),
    name: a.name,
    label: a.label,
    state: "uploaded",
    content_type: a.content_type,
    size: a.data.length,
    // GitHub's own sha256 of the bytes it stores (see core/platform/releases.ts).
    digest: `sha256:${createHash("sha256").update(a.data).digest("hex")}`,
    download_count: 0,
    created_at: a.created_at,
    updated_at: a.updated_at,
    uploader: userJson(u, uploader, 3),
  };
}

export function releaseJson(u: Urls, repo: string, r: StandInRelease, authorLogin: string) {
  const url = `${u.api}/repos/${repo}/releases/${r.id}`;
  return {
    url,
    html_url: `${u.web}/${repo}/releases/tag/${encodeURIComponent(r.tag_name)}`,
    assets_url: `${url}/assets`,
    upload_url: `${u.api}/uploads/repos/${repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${u.api}/repos/${repo}/tarball/${encodeURIComponent(r.tag_name)}`,
    zipball_url: `${u.api}/repos/${repo}/zipball/${encodeURIComponent(r.tag_name)}`,
    id: r.id,
    node_id: nodeId("Release", r.id),
    tag_name: r.tag_name,
    target_commitish: r.target_commitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: r.immutable,
    created_at: r.created_at,
    published_at: r.published_at,
    author: userJson(u, authorLogin, 3, authorLogin.endsWith("[bot]") ? "Bot" : "User"),
    assets: r.assets.map((a) => assetJson(u, repo, r, a, authorLogin)),
  };
}

export function runJson(u: Urls, repo: string, run: StandInRun, wf: StandInWorkflow | undefined) {
  const url = `${u.api}/repos/${repo}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WorkflowRun", run.id),
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: `.github/workflows/${run.workflow}`,
    display_title: run.name,
    run_number: run.run_number,
    run_attempt: 1,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow_id,
    url,
    html_url: `${u.web}/${repo}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.created_at,
    updated_at: run.updated_at,
    run_started_at: run.created_at,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${u.api}/repos/${repo}/check-suites/${run.id}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${u.api}/repos/${repo}/actions/workflows/${wf?.id ?? run.workflow_id}`,
    head_commit: {
      id: run.head_sha,
      tree_id: run.head_sha,
      message: `release ${run.head_branch}`,
      timestamp: run.created_at,
      author: { name: "Release Operator", email: "operator@example.com" },
      committer: { name: "Release Operator", email: "operator@example.com" },
    },
    repository: minimalRepoJson(u, repo),
    head_repository: minimalRepoJson(u, repo),
  };
}

export function workflowJson(u: Urls, repo: string, wf: StandInWorkflow) {
  return {
    id: wf.id,
    node_id: nodeId("Workflow", wf.id),
    name: wf.name,
    path: `.github/workflows/${wf.file}`,
    state: wf.state,
    created_at: EPOCH,
    updated_at: EPOCH,
    url: `${u.api}/repos/${repo}/actions/workflows/${wf.id}`,
    html_url: `${u.web}/${repo}/blob/main/.github/workflows/${wf.file}`,
    badge_url: `${u.web}/${repo}/workflows/${encodeURIComponent(wf.name)}/badge.svg`,
  };
}

export function environmentJson(u: Urls, repo: string, e: StandInEnvironment) {
  return {
    id: e.id,
    node_id: nodeId("Environment", e.id),
    name: e.name,
    url: `${u.api}/repos/${repo}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${u.web}/${repo}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
    created_at: e.created_at,
    updated_at: e.updated_at,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}
