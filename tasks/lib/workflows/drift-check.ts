/**
 * `workflow.drift`: the generated workflows are exactly what the templates render
 * from release.config.ts. Run by the doctor and the release cut before anything is
 * pushed, so a hand edit is caught locally, not by a run that never starts.
 */
import { relative } from "node:path";
import type { Check, CheckContext } from "../core/checks/types.ts";
import { fail, pass, skip } from "../core/checks/types.ts";
import { compareWorkflows, hasDrift, summarize } from "./drift.ts";
import { readWorkflowFiles } from "./files.ts";
import { isGenerated, regenerateCommand } from "./header.ts";

export const workflowDriftCheck: Check[] = [
  {
    id: "workflow.drift",
    title: "generated workflows match their templates",
    async run(ctx: CheckContext) {
      const existing = readWorkflowFiles(ctx.root);
      // A repository that has not adopted generated workflows yet has nothing to drift from.
      if (![...existing.values()].some(isGenerated)) {
        return skip(
          `no generated workflows in .github/workflows yet (adopt them with \`${regenerateCommand(ctx.config.workflows.toolkitDir)}\`)`,
        );
      }
      // The templates and the YAML writer are loaded only when there is something to compare.
      const [{ repoTemplateContext }, { render }, { fixCommand }] = await Promise.all([
        import("./load.ts"),
        import("./render.ts"),
        import("./generate.ts"),
      ]);
      // The same context gen-workflows renders from: the repository's .node-version and tauri.conf.json included.
      const tctx = repoTemplateContext(ctx.root, ctx.config);
      const desired = render(tctx);
      const drift = compareWorkflows(desired, existing);
      if (!hasDrift(drift)) return pass(`${desired.size} generated workflow(s) match their templates`);
      const rel = relative(process.cwd(), ctx.root);
      const fix = fixCommand(tctx.toolkitDir, rel === "" ? undefined : ctx.root);
      return fail(
        `Workflows drifted from their templates:\n${summarize(drift)
          .map((l) => `  - ${l}`)
          .join("\n")}`,
        `Run \`${fix}\` and commit the result (\`${fix} --check\` shows the diff); edit the template or release.config.ts, never the generated file.`,
      );
    },
  },
];
