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

/**
 * Whether the verb opens a sentence or a list item as an order to the reader ("Create a
 * release on GitHub"), rather than continuing a lead-in whose subject is CI ("the runners
 * will automatically: - create the release").
 */
function imperative(before: string, verb: string): boolean {
  if (!/(?:^|[.:;!?])\s*$/.test(before)) return false;
  if (verb[0] !== verb[0]!.toUpperCase()) return false;
  return !/\b(?:will|would|shall|can|could|should|must|does|do|automatically|then)\s*:\s*$/i.test(before);
}

/** Whether a create-verb followed by the release has a CI agent as its closest subject. */
function madeByCi(s: string, p: FlowPhrases): boolean {
  for (const verb of s.matchAll(p.create)) {
    const at = verb.index!;
    if (!p.release.test(s.slice(at + verb[0].length))) continue;
    const before = s.slice(0, at);
    if (imperative(before, verb[0])) continue;
    // "the draft release", "a draft": a noun, not CI drafting one.
    if (p.determiner.test(before)) continue;
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
  const leadIns = new Set<string>();
  for (const s of sentences) {
    if (rawLines[s.line - 1]?.includes("doctor: ignore")) continue;
    // A list's lead-in that is stale by itself is reported once, not once per item.
    if (s.leadIn && leadIns.has(s.leadIn)) continue;
    if (s.leadIn && FLOW_LANGUAGES.some((l) => staleReason(s.leadIn!, l))) leadIns.add(s.leadIn);
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
