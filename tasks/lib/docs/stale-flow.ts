/**
 * `docs.stale-flow`'s reading: does a sentence attribute making the release to CI
 * (a workflow, GitHub Actions, the tag push), or tell the operator to wait for it?
 * A sentence is checked with every language table of flow-phrases.ts. Pure.
 */
import { FLOW_LANGUAGES, type FlowPhrases } from "./flow-phrases.ts";
import type { Sentence } from "./markdown.ts";

/** Why the sentence describes the stale flow, or undefined. */
export function staleReason(sentence: string, p: FlowPhrases): string | undefined {
  if (p.dontCreate.test(sentence) && !p.notInCi.test(sentence)) return "tells the operator not to create the release";
  if (p.wait.test(sentence)) {
    const after = sentence.slice(sentence.search(p.wait));
    if (p.appears.test(after) || madeByCi(after, p)) return "tells the operator to wait for CI to create the release";
  }
  if (p.passive.test(sentence) && p.passiveCause.test(sentence) && !p.negation.test(clauseOf(sentence, p.passive)))
    return "says the release is made by CI";
  if (madeByCi(sentence, p)) return "attributes creating the release to CI";
  return undefined;
}

/** The clause (between punctuation) where a pattern matches. */
function clauseOf(s: string, re: RegExp): string {
  const at = s.search(re);
  const start = Math.max(s.lastIndexOf(",", at), s.lastIndexOf(";", at), 0);
  return s.slice(start, at + 80);
}

/** Whether a create-verb followed by the release has a CI agent as its closest subject. */
function madeByCi(s: string, p: FlowPhrases): boolean {
  for (const verb of s.matchAll(p.create)) {
    const at = verb.index!;
    if (!p.release.test(s.slice(at + verb[0].length))) continue;
    const before = s.slice(0, at);
    const ci = [...before.matchAll(p.ciAgent)].at(-1);
    const op = [...before.matchAll(p.operatorAgent)].at(-1);
    if (!ci || (op && op.index! > ci.index!)) continue;
    // "CI does not create…", "no workflow creates…": the negation sits around the subject.
    const around = before.slice(Math.max(0, ci.index! - 12));
    if (p.negation.test(around)) continue;
    return true;
  }
  return false;
}

/** The sentences of a doc that describe the stale flow (a line with `doctor: ignore` is skipped). */
export function staleFlowSentences(
  sentences: readonly Sentence[],
  rawLines: readonly string[] = [],
): (Sentence & { why: string })[] {
  const out: (Sentence & { why: string })[] = [];
  for (const s of sentences) {
    if (rawLines[s.line - 1]?.includes("doctor: ignore")) continue;
    for (const lang of FLOW_LANGUAGES) {
      const why = staleReason(s.text, lang);
      if (why) {
        out.push({ ...s, why });
        break;
      }
    }
  }
  return out;
}
