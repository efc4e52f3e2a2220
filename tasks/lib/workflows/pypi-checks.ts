/**
 * Checks on the workflows that upload to PyPI (or TestPyPI), against what the index
 * accepts (core/platform/pypi.ts): an upload that runs once per activity type of one
 * release, so that its repeats upload files the index already has, and an upload that
 * signs in with a user's name, which the index has refused since it made two-factor
 * authentication mandatory. The publishers are the release-tools catalog's.
 */
import { fail, pass, skip, warn, type Check, type CheckContext, type CheckOutcome } from "../core/checks/types.ts";
import { PYPI_FILE_ONCE, PYPI_TOKEN_USER } from "../core/platform/pypi.ts";
import { rec } from "../core/records.ts";
import { startedOnlyByRelease } from "./analysis.ts";
import { workflowsOf } from "./read.ts";
import { toolUses, unwrapRunner } from "./release-tools.ts";
import { stepCommandsOf, stepWhere, type StepCommands } from "./step-commands.ts";
import { releaseTypes } from "./triggers.ts";

async function over(
  ctx: CheckContext,
  find: (sc: StepCommands) => string | undefined,
  ok: string,
  bad: (found: string[]) => CheckOutcome,
): Promise<CheckOutcome> {
  if ((await workflowsOf(ctx)).length === 0) return skip("no workflow files in .github/workflows");
  const found = [...new Set((await stepCommandsOf(ctx)).flatMap((sc) => find(sc) ?? []))];
  return found.length ? bad(found) : pass(ok);
}

const words = (sc: StepCommands) => sc.commands.map((c) => c.words);

/** The step's uploads to PyPI or TestPyPI, by the catalog. */
const pypiUploads = (sc: StepCommands) =>
  toolUses(sc.step, {
    env: { ...sc.workflow.env, ...sc.job.env },
    commands: words(sc),
    startedOnlyByRelease: startedOnlyByRelease(sc.workflow),
  }).filter((u) => u.registry === "pypi" || u.registry === "testpypi");

/** The `if:` of the step's job and of the step, as written. */
function conditions(sc: StepCommands): string {
  const job = rec(rec(rec(sc.workflow.doc).jobs)[sc.job.id]);
  const steps = Array.isArray(job.steps) ? job.steps : [];
  return `${String(job.if ?? "")} ${String(rec(steps[sc.index]).if ?? "")}`;
}

/** An upload that passes over files the index has (`skip-existing`, `--skip-existing`, uv's `--check-url`). */
const skipsExisting = (sc: StepCommands) =>
  [sc.step.with["skip-existing"], sc.step.with.skip_existing].some((v) => v === true || v === "true") ||
  words(sc).some((w) => w.includes("--skip-existing") || w.includes("--check-url")) ||
  sc.step.env.UV_PUBLISH_CHECK_URL !== undefined;

/** Runs of the workflow one stable release starts when a draft is published (the fewest a release can start). */
function runsPerRelease(sc: StepCommands): string[] {
  const f = sc.workflow.triggers.events.release;
  if (!f) return [];
  const emitted = releaseTypes(false, true);
  return f.types ? emitted.filter((t) => f.types!.includes(t)) : emitted;
}

/** Why the step uploads the same files once per activity type of one release, or undefined. */
export function repeatedUpload(sc: StepCommands): string | undefined {
  const runs = runsPerRelease(sc);
  if (runs.length < 2 || pypiUploads(sc).length === 0 || skipsExisting(sc)) return undefined;
  // A condition on the activity (`github.event.action == 'published'`) keeps one run; a
  // concurrency group that cancels may keep any of them: either way, not a certain repeat.
  if (/github\.event\.action/.test(conditions(sc))) return undefined;
  if (/cancel-in-progress/.test(JSON.stringify(rec(sc.workflow.doc).concurrency ?? ""))) return undefined;
  const types = sc.workflow.triggers.events.release!.types
    ? runs.join(" and ")
    : `${runs.join(" and ")} (and created, for a release published at once)`;
  return `${stepWhere(sc.workflow, sc.job, sc.step, sc.index)} uploads on every \`release\` activity it listens to: one release starts it for ${types}`;
}

const publishRepeats: Check = {
  id: "workflow.publish-repeats",
  title: "an upload to PyPI runs once per release",
  run: (ctx) =>
    over(ctx, repeatedUpload, "every upload to PyPI runs once per release", (found) =>
      warn(
        `${found.join("; ")} — the index takes a file name once (${PYPI_FILE_ONCE.value.status} "${PYPI_FILE_ONCE.value.message}"), so every run after the first fails`,
        "Listen to one activity: `on: release: types: [published]` (or pass over existing files: `skip-existing: true`, `twine upload --skip-existing`).",
      ),
    ),
};

/** The value of an option (`-u X`, `--username X`, `--username=X`). */
function option(w: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < w.length; i++) {
    if (names.includes(w[i]!)) return w[i + 1];
    const long = names.find((n) => n.startsWith("--") && w[i]!.startsWith(`${n}=`));
    if (long) return w[i]!.slice(long.length + 1);
  }
  return undefined;
}

/** A value written out in the workflow (no expression, no shell variable). */
const literal = (v: unknown): v is string => typeof v === "string" && !v.includes("${{") && !v.includes("$");

/** An index twine is pointed at that is not PyPI or TestPyPI (a private index takes passwords). */
function otherIndex(w: readonly string[], env: Record<string, unknown>): boolean {
  const name = option(w, ["-r", "--repository"]) ?? env.TWINE_REPOSITORY;
  const url = option(w, ["--repository-url"]) ?? env.TWINE_REPOSITORY_URL;
  if (name !== undefined && !["pypi", "testpypi"].includes(String(name))) return true;
  return url !== undefined && !/^https:\/\/(test\.)?pypi\.org\//.test(String(url));
}

/** The user name a step uploads to PyPI with, when it is written out and not the token's; undefined otherwise. */
export function passwordUpload(sc: StepCommands): string | undefined {
  const token = PYPI_TOKEN_USER.value.username;
  const env = { ...sc.workflow.env, ...sc.job.env, ...sc.step.env };
  const where = stepWhere(sc.workflow, sc.job, sc.step, sc.index);
  const uses = pypiUploads(sc);
  const user = sc.step.with.user;
  if (uses.some((u) => u.tool === "pypa/gh-action-pypi-publish") && literal(user) && user !== token)
    if (sc.step.with.password !== undefined) return `${where} signs in to the index as "${user}"`;
  for (const written of words(sc)) {
    const w = unwrapRunner(written);
    if (w[0] !== "twine" || w[1] !== "upload" || otherIndex(w, env)) continue;
    const name = option(w, ["-u", "--username"]) ?? env.TWINE_USERNAME;
    const password = option(w, ["-p", "--password"]) ?? env.TWINE_PASSWORD;
    if (literal(name) && name !== token && password !== undefined) return `${where} runs twine as the user "${name}"`;
  }
  return undefined;
}

const passwordAuth: Check = {
  id: "workflow.pypi-password-auth",
  title: "uploads to PyPI sign in with a token or trusted publishing",
  run: (ctx) =>
    over(ctx, passwordUpload, "no upload to PyPI signs in with a user's name", (found) =>
      fail(
        `Cannot upload to PyPI: ${found.join("; ")} — the index takes only API tokens (user name \`${PYPI_TOKEN_USER.value.username}\`) or trusted publishing since ${PYPI_TOKEN_USER.value.passwordUploadsRefusedSince}, and refuses this sign-in`,
        `Use trusted publishing (pypa/gh-action-pypi-publish with \`id-token: write\` and no password), or the user name \`${PYPI_TOKEN_USER.value.username}\` with an API token as the password.`,
      ),
    ),
};

export const pypiChecks: Check[] = [publishRepeats, passwordAuth];
