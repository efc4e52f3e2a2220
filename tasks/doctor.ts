/**
 * `tsx tasks/doctor.ts`: every non-mutating check, in seconds, before anything is
 * pushed. Human output or `--json` (one document `{ ok, checks }`); exit 1 on a
 * failure. `secrets push` validates the signing material, then uploads it.
 * Thin: the flow is tasks/lib/commands/doctor.ts, imported after the flags are parsed
 * so `--help` loads no check and no library.
 */
import { parseCli, runMain } from "./lib/core/cli.ts";
import { DOCTOR } from "./lib/core/entries.ts";

const argv = process.argv.slice(2);
runMain(async () => {
  parseCli(DOCTOR, argv);
  const { doctorMain } = await import("./lib/commands/doctor.ts");
  return doctorMain(argv);
});
