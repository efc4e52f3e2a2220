/**
 * A stand-in for the parts of the GitHub REST API the toolkit uses, served over real
 * HTTP on 127.0.0.1 so the real Octokit client can drive it. State lives in memory;
 * every request is recorded (never a token value); `failNext` makes the next calls
 * fail with a given status. Releases published with the operator's token start the
 * workflows that listen for `release: published`; with the actions token, none.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import sodium from "libsodium-wrappers";
import { compile, errorReply, type Reply, type Route, type RouteContext } from "./http.ts";
import { actionsRoutes, newEnvironment, newSealedBoxKey } from "./routes-actions.ts";
import { immutabilityRoutes, refRoutes } from "./immutability.ts";
import { releaseRoutes } from "./routes-releases.ts";
import { authenticatedUserJson, fullRepoJson, type Urls } from "./shapes.ts";
import type { StandInRun, StandInState, StandInToken, StandInWorkflow } from "./state.ts";
import { workflowDisplayName } from "../lib/workflows/read.ts";

export type * from "./state.ts";
export { startsOnPublishedRelease } from "../lib/workflows/read.ts";

export interface StandInOptions {
  /** "owner/name" it serves (default "acme/atlas") */
  repo?: string;
  /** workflow files it knows (to decide fan-out) */
  workflows?: { file: string; yaml: string }[];
  /** or read them from a .github/workflows folder */
  workflowsDir?: string;
  /** a git repository (e.g. the bare origin) whose tags give the runs their head_sha */
  gitDir?: string;
  /** environments that exist from the start (default: none) */
  environments?: string[];
  /** port on 127.0.0.1 (default: a free one) */
  port?: number;
  /** the clock (ISO strings without milliseconds, as GitHub prints them) */
  now?: () => Date;
  /** the repository's "Enforce immutable releases" setting (default off) */
  immutable?: boolean | { enforcedByOwner: boolean };
  /**
   * Whether an immutable release's pre-release flag and "latest" may change (GitHub's
   * pages disagree; default false, the stricter reading)
   */
  immutableFlagsEditable?: boolean;
  /** plays each run a release or a dispatch starts (the simulated CI); without one, runs stay queued */
  runner?: StandInRunner;
}

/** What a runner is given: where the stand-in is and the workflow's own token, as a job has them. */
export interface RunnerContext {
  url: string;
  /** GITHUB_TOKEN of the run */
  actionsToken: string;
  repo: string;
  state: StandInState;
}

/** Plays one run; its answer is the run's conclusion. */
export type StandInRunner = (run: StandInRun, ctx: RunnerContext) => Promise<"success" | "failure">;

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** which token was used: "operator", "actions", "read-only", "unknown"; absent without one */
  auth?: string;
}

export interface StandIn {
  /** base URL, e.g. http://127.0.0.1:PORT (pass as baseUrl to createGitHub) */
  url: string;
  /** the operator's token (a personal token) */
  token: string;
  /** the "workflow GITHUB_TOKEN": releases created with it start no workflow */
  actionsToken: string;
  /** a personal token that may read but not write the repository */
  readOnlyToken: string;
  state: StandInState;
  requests: RecordedRequest[];
  failNext(count: number, status: number, match?: { method?: string; path?: RegExp }): void;
  /** set (or replace) the runner that plays new runs */
  setRunner(runner: StandInRunner | undefined): void;
  /** resolves when every run handed to the runner has finished */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface FailRule {
  remaining: number;
  status: number;
  method?: string;
  path?: RegExp;
}

const ACTIONS_LOGIN = "github-actions[bot]";

function readWorkflowsDir(dir: string): { file: string; yaml: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => ({ file, yaml: readFileSync(join(dir, file), "utf8") }));
}

function gitCommit(gitDir: string | undefined, ref: string): string | undefined {
  if (!gitDir) return undefined;
  for (const candidate of [`refs/tags/${ref}`, `refs/heads/${ref}`]) {
    try {
      return execFileSync("git", ["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`], {
        cwd: gitDir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      /* not this kind of ref */
    }
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^(?:token|bearer)\s+(.+)$/i.exec(h.trim());
  return m?.[1]?.trim();
}

function baseRoutes(): Route[] {
  return [
    {
      method: "GET",
      path: "/user",
      access: "user",
      handle: (ctx) =>
        ctx.token?.actions
          ? errorReply(403, "Resource not accessible by integration")
          : { status: 200, body: authenticatedUserJson(ctx.urls, ctx.token?.login ?? "unknown", 10) },
    },
    {
      method: "GET",
      path: "/repos/:owner/:repo",
      access: "read",
      // Installation tokens (the workflow's GITHUB_TOKEN) get no `permissions` block.
      handle: (ctx) => ({
        status: 200,
        body: fullRepoJson(
          ctx.urls,
          ctx.state.repo,
          ctx.state.defaultBranch,
          ctx.token?.actions ? undefined : ctx.token,
        ),
      }),
    },
    {
      method: "POST",
      path: "/graphql",
      access: "user",
      // Only `viewer { login }`: how a client tells the workflow token from an app's.
      handle: (ctx) => ({ status: 200, body: { data: { viewer: { login: ctx.token?.login ?? "" } } } }),
    },
  ];
}

/** The three tokens the stand-in knows: the operator's, the workflow's own, a read-only one. */
function issueTokens() {
  const token = `ghp_${randomBytes(18).toString("hex")}`;
  const actionsToken = `ghs_${randomBytes(18).toString("hex")}`;
  const readOnlyToken = `github_pat_${randomBytes(24).toString("hex")}`;
  const known = new Map<string, StandInToken>([
    [token, { login: "release-operator", push: true, admin: true }],
    [actionsToken, { login: ACTIONS_LOGIN, actions: true, push: true, admin: false }],
    [readOnlyToken, { login: "read-only-reader", push: false, admin: false }],
  ]);
  /** how the request log names each token (never its value) */
  const names = new Map([
    [token, "operator"],
    [actionsToken, "actions"],
    [readOnlyToken, "read-only"],
  ]);
  return { token, actionsToken, readOnlyToken, known, names };
}

/** The repository as it starts: no release, the workflows it was given, its environments. */
function initialState(opts: StandInOptions, tokens: Map<string, StandInToken>, now: () => string): StandInState {
  const workflowFiles = opts.workflows ?? (opts.workflowsDir ? readWorkflowsDir(opts.workflowsDir) : []);
  const state: StandInState = {
    repo: opts.repo ?? "acme/atlas",
    defaultBranch: "main",
    releases: [],
    latestReleaseId: null,
    workflows: [],
    runs: [],
    actionsEnabled: true,
    repoKey: newSealedBoxKey(),
    repoSecrets: new Map(),
    environments: new Map(),
    tokens,
    refs: new Map(),
    immutableReleases: {
      enabled: Boolean(opts.immutable),
      enforcedByOwner: typeof opts.immutable === "object" && opts.immutable.enforcedByOwner,
      flagsEditable: Boolean(opts.immutableFlagsEditable),
    },
    burntTags: new Set(),
    nextId: 1000,
  };
  state.workflows = workflowFiles.map(
    (w): StandInWorkflow => ({
      id: state.nextId++,
      file: w.file,
      name: workflowDisplayName(w.yaml, w.file),
      yaml: w.yaml,
      state: "active",
    }),
  );
  for (const name of opts.environments ?? []) state.environments.set(name, newEnvironment(state, now(), name));
  return state;
}

/**
 * GitHub's answer before a route runs, as it decides it: 401 without a token or with an
 * unknown one (public routes excepted), 404 for another repository, 403 for a token that
 * may not write (or administer) it, worded as GitHub words it for the kind of token.
 * Undefined: the route may run. Pure.
 */
export function accessRefusal(
  route: Pick<Route, "access">,
  params: Record<string, string>,
  token: { value: string | undefined; known: StandInToken | undefined },
  repo: string,
): Reply | undefined {
  if (route.access !== "public") {
    if (!token.value) return errorReply(401, "Requires authentication");
    if (!token.known) return errorReply(401, "Bad credentials");
  }
  if (params.owner !== undefined && `${params.owner}/${params.repo}`.toLowerCase() !== repo.toLowerCase())
    return errorReply(404, "Not Found");
  const known = token.known;
  if ((route.access === "write" && !known?.push) || (route.access === "admin" && !known?.admin)) {
    const by = known?.actions ? "integration" : "personal access token";
    return errorReply(403, `Resource not accessible by ${by}`);
  }
  return undefined;
}

/** What a running stand-in holds between requests. */
interface Live {
  opts: StandInOptions;
  state: StandInState;
  routes: (Route & { match: ReturnType<typeof compile> })[];
  tokenNames: Map<string, string>;
  actionsToken: string;
  now: () => string;
  urls: Urls;
  requests: RecordedRequest[];
  failRules: FailRule[];
  runner: StandInRunner | undefined;
  playing: Set<Promise<void>>;
}

/** The runner plays the run after GitHub has answered the request that started it. */
function playRun(live: Live, run: StandInRun): void {
  if (!live.runner) return;
  const play = live.runner;
  const done = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => {
      run.status = "in_progress";
      run.updated_at = live.now();
      return play(run, {
        url: live.urls.api,
        actionsToken: live.actionsToken,
        repo: live.state.repo,
        state: live.state,
      });
    })
    .catch(() => "failure" as const)
    .then((conclusion) => {
      Object.assign(run, { status: "completed", conclusion, updated_at: live.now() });
      live.playing.delete(done);
    });
  live.playing.add(done);
}

function routeContext(live: Live, req: IncomingMessage, url: URL, params: Record<string, string>, body: Buffer) {
  const value = bearer(req);
  const known = value ? live.state.tokens.get(value) : undefined;
  return {
    state: live.state,
    urls: live.urls,
    params,
    query: url.searchParams,
    headers: req.headers,
    body,
    token: known,
    tokenName: tokenName(live, value),
    json: () => {
      if (body.length === 0) return {};
      const parsed = JSON.parse(body.toString("utf8")) as unknown;
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    },
    now: live.now,
    resolveCommit: (ref: string) => gitCommit(live.opts.gitDir, ref) ?? live.state.refs.get(ref),
    gitDir: live.opts.gitDir,
    runCreated: (run: StandInRun) => playRun(live, run),
  } satisfies RouteContext;
}

/** How the request log names the token a request carried. */
function tokenName(live: Live, value: string | undefined): string | undefined {
  if (!value) return undefined;
  return live.tokenNames.get(value) ?? live.state.tokens.get(value)?.login ?? "unknown";
}

/** An injected failure first, then the first route that matches, behind GitHub's access rules. */
async function respond(live: Live, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const rule = live.failRules.find(
    (f) => f.remaining > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(url.pathname)),
  );
  if (rule) {
    rule.remaining--;
    return errorReply(rule.status, rule.status >= 500 ? "Server Error" : "Injected failure");
  }
  for (const route of live.routes) {
    if (route.method !== method) continue;
    const params = route.match(url.pathname);
    if (!params) continue;
    const value = bearer(req);
    const refusal = accessRefusal(
      route,
      params,
      { value, known: value ? live.state.tokens.get(value) : undefined },
      live.state.repo,
    );
    if (refusal) return refusal;
    const ctx = routeContext(live, req, url, params, await readBody(req));
    try {
      return await route.handle(ctx);
    } catch (e) {
      if (e instanceof SyntaxError) return errorReply(400, "Problems parsing JSON");
      throw e;
    }
  }
  return errorReply(404, "Not Found");
}

/** The reply on the wire: raw bytes, no body, or JSON, with GitHub's request id and rate headers. */
function send(res: ServerResponse, reply: Reply, requestNumber: number): void {
  const headers: Record<string, string> = {
    "x-github-request-id": String(requestNumber),
    "x-ratelimit-remaining": "4999",
  };
  if (reply.raw) {
    res.writeHead(reply.status, {
      ...headers,
      "content-type": reply.contentType ?? "application/octet-stream",
      "content-length": String(reply.raw.length),
    });
    res.end(reply.raw);
  } else if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
}

/** One request: answered (a bug in the stand-in is a 500 that says so), recorded, sent. */
async function handle(live: Live, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let reply: Reply;
  let auth = tokenName(live, bearer(req));
  try {
    reply = await respond(live, req);
  } catch (e) {
    reply = errorReply(500, `stand-in bug: ${(e as Error).message}`);
    auth = undefined;
  }
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  live.requests.push({
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname + url.search,
    status: reply.status,
    ...(auth ? { auth } : {}),
  });
  send(res, reply, live.requests.length);
}

export async function startStandIn(opts: StandInOptions = {}): Promise<StandIn> {
  await sodium.ready;
  const clock = opts.now ?? (() => new Date());
  const now = () =>
    clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  const tokens = issueTokens();
  const live: Live = {
    opts,
    state: initialState(opts, tokens.known, now),
    routes: [...baseRoutes(), ...releaseRoutes, ...actionsRoutes, ...immutabilityRoutes, ...refRoutes].map((r) => ({
      ...r,
      match: compile(r.path),
    })),
    tokenNames: tokens.names,
    actionsToken: tokens.actionsToken,
    now,
    urls: { api: "", web: "" },
    requests: [],
    failRules: [],
    runner: opts.runner,
    playing: new Set(),
  };
  const server = createServer((req, res) => void handle(live, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  live.urls = { api: base, web: base };

  return {
    url: base,
    token: tokens.token,
    actionsToken: tokens.actionsToken,
    readOnlyToken: tokens.readOnlyToken,
    state: live.state,
    requests: live.requests,
    failNext(count, status, match) {
      live.failRules.push({
        remaining: count,
        status,
        ...(match?.method ? { method: match.method.toUpperCase() } : {}),
        ...(match?.path ? { path: match.path } : {}),
      });
    },
    setRunner(r) {
      live.runner = r;
    },
    async idle() {
      while (live.playing.size) await Promise.all([...live.playing]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
