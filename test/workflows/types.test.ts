/**
 * The workflow types catch a misspelt key or a wrong value type at `npm run typecheck`:
 * each `@ts-expect-error` below fails the typecheck if the error it expects goes away.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { DOCTOR, FlagsOf } from "../../tasks/lib/core/entries.ts";
import type { Job, Step, Workflow } from "../../templates/types.ts";

test("misspelt keys and wrong value types are type errors", () => {
  // @ts-expect-error runs_on is not a job key
  const job: Job = { name: "x", runs_on: "ubuntu-latest", permissions: {}, steps: [] };
  // @ts-expect-error persist-credentials belongs in with:, and a step needs run or uses
  const step: Step = { name: "x", "persist-credentials": false };
  // @ts-expect-error permission levels are read, write or none
  const wf: Workflow = { name: "x", on: {}, permissions: { contents: "admin" }, jobs: {} };
  const wf2: Workflow = {
    name: "x",
    on: {},
    permissions: {},
    // @ts-expect-error cancel-in-progress is a boolean
    concurrency: { group: "g", "cancel-in-progress": "yes" },
    jobs: {},
  };
  // @ts-expect-error the doctor has no --onyl flag
  const flags: FlagsOf<typeof DOCTOR> = { onyl: ["signing.*"] };
  assert.ok(job && step && wf && wf2 && flags);
});
