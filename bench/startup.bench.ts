/**
 * Start-up: every entry's `--help` (and the cut's `--list-steps`) next to the
 * runtime's own floor, `tsx -e 0`, measured alternately in the same run, each run by
 * tsx and by Deno. These answer from the declared flags alone, so they should cost what
 * the runtime costs. Target: at most 1.2× the floor.
 */
import { ENTRIES } from "../tasks/lib/core/entries.ts";
import { type BenchResult, DENO_RUN, printRows, ratioRow, sideBySide, TSX } from "./measure.ts";

const RUNS = 7;
const TARGET = 1.2;

export default async function (): Promise<BenchResult> {
  const measured = [...ENTRIES.map((e) => [e.path, "--help"]), ["release.ts", "--list-steps"]];
  const floor = { argv: [TSX, "-e", "0"] };
  const rows = measured.flatMap((args) => {
    const [entry, base, deno] = sideBySide([{ argv: [TSX, ...args] }, floor, { argv: [...DENO_RUN, ...args] }], RUNS);
    return [
      ratioRow(`\`tsx ${args.join(" ")}\``, entry!, "`tsx -e 0`", base!, TARGET),
      ratioRow(`\`deno run -A ${args.join(" ")}\``, deno!, "`tsx -e 0`", base!, TARGET),
    ];
  });
  printRows(rows);
  return { ok: rows.every((r) => r.ok), rows };
}
