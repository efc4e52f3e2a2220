/** The template context of a repository: its release.config.ts, resolved. */
import { templateContext, type TemplateContext } from "../../../templates/context.ts";
import { ReleaseError } from "../core/errors.ts";
import { loadConfig, type ReleaseConfig } from "../core/config/index.ts";

/** Build the context from a loaded config; a bad action pin becomes a config error that names it. */
export function contextFromConfig(
  config: Pick<ReleaseConfig, "name" | "branch" | "tagPrefix" | "workflows" | "source">,
): TemplateContext {
  try {
    return templateContext(config);
  } catch (e) {
    throw new ReleaseError(
      "config.invalid",
      `Cannot render the workflows: ${(e as Error).message}`,
      `Fix workflows.actions in ${config.source}.`,
    );
  }
}

export async function loadTemplateContext(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemplateContext> {
  return contextFromConfig(await loadConfig(root, { env }));
}
