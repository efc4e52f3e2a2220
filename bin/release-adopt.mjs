#!/usr/bin/env node
// The package's `release-adopt` bin (npx): tsx, from this package's own dependencies, loads the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("../tasks/adopt.ts");
