/**
 * Template contexts the workflow tests render: an adopting project on the default
 * config, a full-featured adopting project (front end, SHA pins, renamed secrets,
 * custom matrix), and this repository's own config (which generates only its CI).
 */
import { parse } from "yaml";
import { workflowsSchema } from "../../tasks/lib/core/config/workflows-schema.ts";
import { loadTemplateContext } from "../../tasks/lib/workflows/load.ts";
import { render } from "../../tasks/lib/workflows/render.ts";
import { templateContext, type TemplateContext } from "../../templates/context.ts";
import type { Workflow } from "../../templates/types.ts";
import { PROJECT_ROOT } from "../helpers/run-entry.ts";

export const CHECKOUT_SHA = "11bd71901bbe5b1630ceea73d27597364c9af683";

export const FULL_WORKFLOWS = {
  pythonVersion: "3.11",
  nodeVersion: "22",
  pyinstallerVersion: "6.10.0",
  appName: "Atlas Desktop",
  cliName: "atlas",
  cliSpec: "packaging/atlas-cli.spec",
  sidecarSpec: "src-tauri/sidecar/atlas.spec",
  frontend: { dir: "ui", install: "npm ci", build: "npm run build" },
  pypiEnvironment: "release-pypi",
  actions: { "actions/checkout": `${CHECKOUT_SHA} # v4.2.2` },
  signingSecrets: { APPLE_CERTIFICATE: "MAC_P12_BASE64", TAURI_SIGNING_PRIVATE_KEY: "UPDATER_KEY" },
};

export function fullContext(): TemplateContext {
  return templateContext({
    name: "atlas",
    branch: "main",
    tagPrefix: "v",
    workflows: workflowsSchema.parse(FULL_WORKFLOWS),
  });
}

/** A project that adopted the toolkit and kept every default. */
export function defaultContext(): TemplateContext {
  return templateContext({ name: "atlas", branch: "main", tagPrefix: "v", workflows: workflowsSchema.parse({}) });
}

export const repoContext = (): Promise<TemplateContext> => loadTemplateContext(PROJECT_ROOT, {});

/** The adopting projects' rendered files (all four workflows), labelled. */
export async function everyRendering(): Promise<{ label: string; ctx: TemplateContext; files: Map<string, string> }[]> {
  const defaults = defaultContext();
  const full = fullContext();
  return [
    { label: "default project", ctx: defaults, files: render(defaults) },
    { label: "full-featured project", ctx: full, files: render(full) },
  ];
}

export const parseWorkflow = (text: string): Workflow => parse(text) as Workflow;

export const RELEASE_WORKFLOWS = [
  ".github/workflows/publish-pypi.yml",
  ".github/workflows/build-tauri.yml",
  ".github/workflows/build-binaries.yml",
];
