/**
 * GitHub-side checks of the doctor (names only, never values):
 * `github.secrets-missing` — every secret a workflow reads exists in the repository or
 * in an environment its jobs use; `github.pypi-environment` — the environment used
 * for PyPI trusted publishing exists. (Whether the token may create releases is
 * `github.token`.)
 */
import { fail, pass, skip, type Check } from "../core/checks/types.ts";
import { secretsRead } from "../workflows/analysis.ts";
import { workflowsOf } from "../workflows/read.ts";
import { githubError } from "./errors.ts";
import { splitRepo } from "./releases.ts";
import { githubOf } from "./check-client.ts";

export const githubDoctorChecks: Check[] = [
  {
    id: "github.secrets-missing",
    title: "the secrets the workflows read exist on GitHub",
    async run(ctx) {
      const { gh, reason } = await githubOf(ctx);
      if (!gh) return skip(reason!);
      const ws = await workflowsOf(ctx);
      const needed = new Map<string, string[]>();
      for (const w of ws) for (const s of secretsRead(w)) needed.set(s, [...(needed.get(s) ?? []), w.file]);
      if (needed.size === 0) return pass("the workflows read no secrets");
      const { owner, repo } = splitRepo(ctx.config.repository!);
      const environments = [
        ...new Set(
          ws
            .flatMap((w) => w.jobs.map((j) => j.environment))
            .filter((e): e is string => Boolean(e) && !e!.includes("${{")),
        ),
      ];
      const available = new Set<string>();
      try {
        for (const s of await gh.paginate(gh.rest.actions.listRepoSecrets, { owner, repo, per_page: 100 }))
          available.add(s.name);
        for (const env of environments) {
          try {
            for (const s of await gh.paginate(gh.rest.actions.listEnvironmentSecrets, {
              owner,
              repo,
              environment_name: env,
              per_page: 100,
            }))
              available.add(s.name);
          } catch {
            /* a missing environment is github.pypi-environment's business */
          }
        }
      } catch (e) {
        const err = githubError(e, `list the Actions secrets of ${ctx.config.repository}`, {
          repo: ctx.config.repository!,
          code: "github.secrets-missing",
        });
        return fail(err.message, err.fix ?? "Use a token that may read the repository's Actions secrets (admin).");
      }
      const missing = [...needed.keys()].filter((n) => !available.has(n));
      if (missing.length === 0)
        return pass(
          `all ${needed.size} secrets exist (repository${environments.length ? ` and environments ${environments.join(", ")}` : ""})`,
        );
      return fail(
        `Cannot run the workflows: ${missing.map((m) => `${m} (read by ${needed.get(m)!.join(", ")})`).join(", ")} not set in ${ctx.config.repository}`,
        "Add them under Settings → Secrets and variables → Actions; for the signing material use `tsx tasks/doctor.ts secrets push`, which validates it first.",
      );
    },
  },
  {
    id: "github.pypi-environment",
    title: "the PyPI trusted-publishing environment exists",
    async run(ctx) {
      const { gh, reason } = await githubOf(ctx);
      if (!gh) return skip(reason!);
      const name = ctx.config.workflows.pypiEnvironment;
      const ws = await workflowsOf(ctx);
      const uses = ws.some((w) =>
        w.jobs.some(
          (j) => j.environment === name || j.steps.some((s) => s.uses?.startsWith("pypa/gh-action-pypi-publish")),
        ),
      );
      if (!uses) return skip("no workflow publishes to PyPI");
      try {
        await gh.rest.repos.getEnvironment({ ...splitRepo(ctx.config.repository!), environment_name: name });
        return pass(`environment "${name}" exists`);
      } catch (e) {
        if ((e as { status?: number }).status === 404)
          return fail(
            `Cannot publish to PyPI: the environment "${name}" does not exist in ${ctx.config.repository}, and the trusted publisher on PyPI names it`,
            `Create it under Settings → Environments (named "${name}"), or set workflows.pypiEnvironment to the one PyPI trusts.`,
          );
        const err = githubError(e, `read environment ${name}`, {
          repo: ctx.config.repository!,
          code: "github.pypi-environment",
        });
        return fail(err.message, err.fix ?? "Check the token's access.");
      }
    },
  },
];
