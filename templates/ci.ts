/**
 * ci.yml: this project's own CI. Typecheck, tests, and `gen-workflows --check`, so a
 * hand-edited workflow or a template change without regeneration fails the build.
 */
import { GEN_WORKFLOWS } from "../tasks/lib/core/entries.ts";
import { UTILITY_RUNNER, type TemplateContext } from "./context.ts";
import { expr } from "./expr.ts";
import { checkout, lines, npmInstall, setupNode, toolkit } from "./steps.ts";
import type { Workflow, WorkflowTemplate } from "./types.ts";

export const ci: WorkflowTemplate<TemplateContext> = {
  name: "ci",
  source: "templates/ci.ts",
  build: (ctx): Workflow => ({
    name: "CI",
    on: { push: { branches: [ctx.branch] }, pull_request: {} },
    permissions: { contents: "read" },
    concurrency: { group: `ci-${expr("github.ref")}`, "cancel-in-progress": true },
    jobs: {
      test: {
        name: "Typecheck, tests, workflow drift",
        "runs-on": UTILITY_RUNNER,
        permissions: { contents: "read" },
        steps: [
          checkout(ctx, { atReleaseTag: false }),
          setupNode(ctx),
          {
            name: "Install the system tools the tests use",
            run: lines(
              "sudo apt-get update -qq",
              "sudo apt-get install -y -qq minisign openssl shellcheck python3-build python3-hatchling",
            ),
          },
          npmInstall(),
          { name: "Typecheck", run: "npm run typecheck" },
          { name: "Test", run: "npm test" },
          { name: "Refuse hand-edited workflows", run: toolkit(ctx, GEN_WORKFLOWS, { check: true }) },
        ],
      },
    },
  }),
};
