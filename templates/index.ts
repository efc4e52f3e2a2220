/** Every workflow template, in the order they are rendered. */
import type { WorkflowName } from "../tasks/lib/core/config/workflows-schema.ts";
import { buildBinaries } from "./build-binaries.ts";
import { buildTauri } from "./build-tauri.ts";
import { ci } from "./ci.ts";
import type { TemplateContext } from "./context.ts";
import { publishPypi } from "./publish-pypi.ts";
import type { WorkflowTemplate } from "./types.ts";

export const TEMPLATES: Record<WorkflowName, WorkflowTemplate<TemplateContext>> = {
  "publish-pypi": publishPypi,
  "build-tauri": buildTauri,
  "build-binaries": buildBinaries,
  ci,
};

export { templateContext, projectPaths, type TemplateContext } from "./context.ts";
export { expr } from "./expr.ts";
