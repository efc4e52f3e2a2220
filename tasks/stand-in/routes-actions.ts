/**
 * Actions: workflows and their runs (filtered by event, head_sha, branch, status),
 * secrets with sealed-box public keys (repository and per environment), and
 * environments.
 */
import sodium from "libsodium-wrappers";
import { errorReply, notFound, paginate, validationFailed, type Route, type RouteContext } from "./http.ts";
import { newRun } from "./fan-out.ts";
import { environmentJson, runJson, workflowJson } from "./shapes.ts";
import { parseWorkflow } from "../lib/workflows/read.ts";
import {
  nextId,
  type SealedBoxKey,
  type StandInEnvironment,
  type StandInSecret,
  type StandInState,
  type StandInWorkflow,
} from "./state.ts";

const A = "/repos/:owner/:repo/actions";
const E = "/repos/:owner/:repo/environments";

function findWorkflow(ctx: RouteContext): StandInWorkflow | undefined {
  const id = ctx.params.workflow ?? "";
  return ctx.state.workflows.find((w) => String(w.id) === id || w.file === id);
}

function listRuns(ctx: RouteContext, workflowId?: number) {
  const q = ctx.query;
  const runs = [...ctx.state.runs]
    .reverse()
    .filter((r) => workflowId === undefined || r.workflow_id === workflowId)
    .filter((r) => !q.get("event") || r.event === q.get("event"))
    .filter((r) => !q.get("head_sha") || r.head_sha === q.get("head_sha"))
    .filter((r) => !q.get("branch") || r.head_branch === q.get("branch"))
    .filter((r) => !q.get("status") || r.status === q.get("status") || r.conclusion === q.get("status"));
  const wf = (id: number) => ctx.state.workflows.find((w) => w.id === id);
  return {
    status: 200,
    body: {
      total_count: runs.length,
      workflow_runs: paginate(runs, q).map((r) => runJson(ctx.urls, ctx.state.repo, r, wf(r.workflow_id))),
    },
  };
}

const b64 = (bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);

function publicKey(key: SealedBoxKey) {
  return { status: 200, body: { key_id: key.key_id, key: b64(key.publicKey) } };
}

function secretJson(s: StandInSecret) {
  return { name: s.name, created_at: s.created_at, updated_at: s.updated_at };
}

function listSecrets(secrets: Map<string, StandInSecret>, ctx: RouteContext) {
  const all = [...secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { status: 200, body: { total_count: all.length, secrets: paginate(all, ctx.query).map(secretJson) } };
}

function putSecret(secrets: Map<string, StandInSecret>, key: SealedBoxKey, ctx: RouteContext) {
  const b = ctx.json();
  const name = (ctx.params.name ?? "").toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith("GITHUB_"))
    return validationFailed("Secret", "name", "invalid");
  if (typeof b.encrypted_value !== "string" || typeof b.key_id !== "string")
    return validationFailed("Secret", "encrypted_value", "missing_field");
  if (b.key_id !== key.key_id) return errorReply(422, "Bad request - key_id does not match the current public key");
  let value: string | null = null;
  try {
    value = sodium.to_string(
      sodium.crypto_box_seal_open(
        sodium.from_base64(b.encrypted_value, sodium.base64_variants.ORIGINAL),
        key.publicKey,
        key.privateKey,
      ),
    );
  } catch {
    return errorReply(422, "Bad request - the encrypted value cannot be decrypted with the repository's public key");
  }
  const now = ctx.now();
  const existing = secrets.get(name);
  secrets.set(name, {
    name,
    encrypted_value: b.encrypted_value,
    key_id: b.key_id,
    value,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  });
  return existing ? { status: 204 } : { status: 201, body: {} };
}

function env(ctx: RouteContext): StandInEnvironment | undefined {
  return ctx.state.environments.get(ctx.params.env ?? "");
}

export function newSealedBoxKey(): SealedBoxKey {
  const kp = sodium.crypto_box_keypair();
  // GitHub's key ids are opaque digit strings.
  const keyId = String(BigInt("0x" + sodium.to_hex(kp.publicKey.slice(0, 8))) % 10n ** 19n);
  return { key_id: keyId, publicKey: kp.publicKey, privateKey: kp.privateKey };
}

export function newEnvironment(state: StandInState, now: string, name: string): StandInEnvironment {
  return { id: nextId(state), name, created_at: now, updated_at: now, key: newSealedBoxKey(), secrets: new Map() };
}

/** The dispatch inputs a workflow declares, with whether each is required. */
function dispatchInputs(wf: StandInWorkflow): Map<string, boolean> | undefined {
  const w = parseWorkflow(wf.file, wf.yaml);
  if (!w.triggers.events.workflow_dispatch) return undefined;
  const on = (w.doc as { on?: { workflow_dispatch?: { inputs?: Record<string, { required?: boolean }> } } }).on;
  const inputs = typeof on === "object" && on ? (on.workflow_dispatch?.inputs ?? {}) : {};
  return new Map(Object.entries(inputs ?? {}).map(([k, v]) => [k, Boolean(v?.required)]));
}

/** POST .../dispatches: one run of that workflow at `ref` (a branch or a tag), as GitHub starts it. */
function dispatch(ctx: RouteContext) {
  const wf = findWorkflow(ctx);
  if (!wf) return notFound();
  const b = ctx.json();
  const ref = typeof b.ref === "string" ? b.ref.replace(/^refs\/(heads|tags)\//, "") : "";
  if (!ref) return validationFailed("WorkflowDispatch", "ref", "missing_field");
  const declared = dispatchInputs(wf);
  if (!declared) return errorReply(422, "Workflow does not have 'workflow_dispatch' trigger");
  const inputs = Object.fromEntries(
    Object.entries(b.inputs && typeof b.inputs === "object" ? (b.inputs as Record<string, unknown>) : {}).map(
      ([k, v]) => [k, String(v)],
    ),
  );
  for (const name of Object.keys(inputs))
    if (!declared.has(name)) return errorReply(422, `Unexpected inputs provided: ["${name}"]`);
  for (const [name, required] of declared)
    if (required && !(name in inputs)) return errorReply(422, `Required input '${name}' not provided`);
  const sha = ctx.resolveCommit(ref);
  if (!sha) return errorReply(422, `No ref found for: ${ref}`);
  if (!ctx.state.actionsEnabled || wf.state !== "active")
    return errorReply(422, "Actions has been disabled for this workflow");
  const run = newRun(ctx, wf, { event: "workflow_dispatch", sha, ref, inputs });
  if (b.return_run_details !== true) return { status: 204 };
  const url = `${ctx.urls.api}/repos/${ctx.state.repo}/actions/runs/${run.id}`;
  return {
    status: 200,
    body: {
      workflow_run_id: run.id,
      run_url: url,
      html_url: `${ctx.urls.web}/${ctx.state.repo}/actions/runs/${run.id}`,
    },
  };
}

export const actionsRoutes: Route[] = [
  { method: "POST", path: `${A}/workflows/:workflow/dispatches`, access: "write", handle: dispatch },
  {
    method: "GET",
    path: `${A}/permissions`,
    access: "admin",
    handle: (ctx) => ({
      status: 200,
      body: { enabled: ctx.state.actionsEnabled, ...(ctx.state.actionsEnabled ? { allowed_actions: "all" } : {}) },
    }),
  },
  {
    method: "GET",
    path: `${A}/workflows`,
    access: "read",
    handle: (ctx) => ({
      status: 200,
      body: {
        total_count: ctx.state.workflows.length,
        workflows: ctx.state.workflows.map((w) => workflowJson(ctx.urls, ctx.state.repo, w)),
      },
    }),
  },
  {
    method: "GET",
    path: `${A}/workflows/:workflow`,
    access: "read",
    handle: (ctx) => {
      const wf = findWorkflow(ctx);
      return wf ? { status: 200, body: workflowJson(ctx.urls, ctx.state.repo, wf) } : notFound();
    },
  },
  {
    method: "GET",
    path: `${A}/workflows/:workflow/runs`,
    access: "read",
    handle: (ctx) => {
      const wf = findWorkflow(ctx);
      return wf ? listRuns(ctx, wf.id) : notFound();
    },
  },
  { method: "GET", path: `${A}/runs`, access: "read", handle: (ctx) => listRuns(ctx) },
  {
    method: "GET",
    path: `${A}/runs/:run`,
    access: "read",
    handle: (ctx) => {
      const run = ctx.state.runs.find((r) => r.id === Number(ctx.params.run));
      const wf = ctx.state.workflows.find((w) => w.id === run?.workflow_id);
      return run ? { status: 200, body: runJson(ctx.urls, ctx.state.repo, run, wf) } : notFound();
    },
  },
  { method: "GET", path: `${A}/secrets/public-key`, access: "admin", handle: (ctx) => publicKey(ctx.state.repoKey) },
  { method: "GET", path: `${A}/secrets`, access: "admin", handle: (ctx) => listSecrets(ctx.state.repoSecrets, ctx) },
  {
    method: "GET",
    path: `${A}/secrets/:name`,
    access: "admin",
    handle: (ctx) => {
      const s = ctx.state.repoSecrets.get((ctx.params.name ?? "").toUpperCase());
      return s ? { status: 200, body: secretJson(s) } : notFound();
    },
  },
  {
    method: "PUT",
    path: `${A}/secrets/:name`,
    access: "admin",
    handle: (ctx) => putSecret(ctx.state.repoSecrets, ctx.state.repoKey, ctx),
  },
  {
    method: "DELETE",
    path: `${A}/secrets/:name`,
    access: "admin",
    handle: (ctx) =>
      ctx.state.repoSecrets.delete((ctx.params.name ?? "").toUpperCase()) ? { status: 204 } : notFound(),
  },
  {
    method: "GET",
    path: E,
    access: "read",
    handle: (ctx) => {
      const all = [...ctx.state.environments.values()];
      return {
        status: 200,
        body: {
          total_count: all.length,
          environments: paginate(all, ctx.query).map((e) => environmentJson(ctx.urls, ctx.state.repo, e)),
        },
      };
    },
  },
  {
    method: "GET",
    path: `${E}/:env`,
    access: "read",
    handle: (ctx) => {
      const e = env(ctx);
      return e ? { status: 200, body: environmentJson(ctx.urls, ctx.state.repo, e) } : notFound();
    },
  },
  {
    method: "PUT",
    path: `${E}/:env`,
    access: "admin",
    handle: (ctx) => {
      const name = ctx.params.env ?? "";
      const e = ctx.state.environments.get(name) ?? newEnvironment(ctx.state, ctx.now(), name);
      ctx.state.environments.set(name, e);
      return { status: 200, body: environmentJson(ctx.urls, ctx.state.repo, e) };
    },
  },
  {
    method: "GET",
    path: `${E}/:env/secrets/public-key`,
    access: "admin",
    handle: (ctx) => {
      const e = env(ctx);
      return e ? publicKey(e.key) : notFound();
    },
  },
  {
    method: "GET",
    path: `${E}/:env/secrets`,
    access: "admin",
    handle: (ctx) => {
      const e = env(ctx);
      return e ? listSecrets(e.secrets, ctx) : notFound();
    },
  },
  {
    method: "PUT",
    path: `${E}/:env/secrets/:name`,
    access: "admin",
    handle: (ctx) => {
      const e = env(ctx);
      return e ? putSecret(e.secrets, e.key, ctx) : notFound();
    },
  },
];
