/**
 * The words in which a doc can say who creates the release, one table per language.
 * stale-flow.ts reads sentences with them; add a language by adding a table (each
 * pattern matches a token or a short phrase, never a whole sentence).
 */

export interface FlowPhrases {
  /** who is meant when CI makes the release: CI, Actions, a workflow, the tag push */
  ciAgent: RegExp;
  /** who makes it in the current flow: the operator, the release entry */
  operatorAgent: RegExp;
  /** making a release public (verb forms) */
  create: RegExp;
  /** the release itself, not its notes, branch, workflow or assets */
  release: RegExp;
  /** a negation before the verb ("does not", "never", "no workflow") */
  negation: RegExp;
  /** the release as the subject of a passive making ("the release is created") */
  passive: RegExp;
  /** who a passive making names as its agent when it is CI ("by the workflow", "automatically"); read in the passive's own clause */
  passiveAgent: RegExp;
  /** the tag push as what makes the release ("when the tag is pushed"): CI's doing, unless the doc says who publishes */
  tagTrigger: RegExp;
  /** the words that open a clause naming what something waits for or reacts to ("after", "once", "when") */
  trigger: RegExp;
  /** punctuation that ends a clause */
  clauseBreak: RegExp;
  /** a determiner right before a word, which makes it a noun ("the draft", "a draft") */
  determiner: RegExp;
  /** telling the operator to wait */
  wait: RegExp;
  /** the release appearing (what one waits for) */
  appears: RegExp;
  /** an instruction not to make the release yourself */
  dontCreate: RegExp;
  /** the current flow's own rule: never make it in CI ("in CI", "with GITHUB_TOKEN") */
  notInCi: RegExp;
}

const RELEASE_NOT =
  "(?!\\s*(?:notes?|branch(?:es)?|PRs?|pull requests?|workflows?|builds?|assets?|artifacts?|binaries|pipeline|jobs?|process|script|tags?|commits?|candidates?|checklist|page|guide|skill)\\b)";

export const ENGLISH: FlowPhrases = {
  ciAgent:
    /\b(?:CI|GitHub Actions|Actions|(?:the |a |that |this )?[\w.-]*\s?workflows?|[\w-]+\.ya?ml|(?:the )?pipeline|(?:the |a )?tag push(?:es)?|push(?:ing)? (?:of )?the tag|the (?:release |build )?job|the action|release-please|semantic-release|tauri-action|action-gh-release)\b/gi,
  operatorAgent:
    /\b(?:release\.ts|tsx release|you|the operator|(?:the |a |an |one )?maintainers?|a person|someone|by hand|manually|the release (?:script|command|entry)|we|I)\b/gi,
  create:
    /\b(?:creates?|created|creating|publish(?:es)?|publishing|drafts?|make[s]?|making|generates?|generating|opens?|cuts?|triggers?)\b/gi,
  release: new RegExp(
    `^\\s*(?:(?:the|a|an|new|draft|GitHub|corresponding|matching)\\s+){0,3}releases?\\b${RELEASE_NOT}`,
    "i",
  ),
  negation: /\b(?:not|never|no longer|don't|doesn't|won't|isn't|no|none of|instead of|rather than|without)\b/i,
  passive: new RegExp(
    `\\breleases?\\b${RELEASE_NOT}[^.]{0,40}?\\b(?:is|are|will be|gets|get|being|was)\\s+(?:then\\s+|now\\s+)?(?:automatically\\s+)?(?:created|published|drafted|generated|made)\\b`,
    "i",
  ),
  passiveAgent:
    /\b(?:by (?:CI|GitHub Actions|the [\w.-]*\s?workflow|a workflow|the pipeline|the action|[\w-]+\.ya?ml)|automatically)\b/i,
  tagTrigger: /\b(?:when the tag|once the tag|after the tag|on (?:the )?tag push|tag is pushed)\b/i,
  trigger: /\b(?:after|once|when|whenever|as soon as|upon|before|until|if)\b/gi,
  clauseBreak: /[,;:()\u2013\u2014]|\s-\s/g,
  determiner: /\b(?:the|a|an|that|this|its|their|each|every|existing)\s+$/i,
  wait: /\bwait(?:ing)?\s+(?:for|until|till)\b/i,
  appears: new RegExp(
    `\\breleases?\\b${RELEASE_NOT}[^.]{0,30}?\\b(?:appears?|to appear|shows? up|exists?|to exist|to be (?:created|published)|is (?:created|published))\\b`,
    "i",
  ),
  dontCreate: new RegExp(
    `(?:^|[.:;!]\\s+)(?:do not|don't|never|avoid)\\s+(?:manually\\s+)?(?:create|publish|make|draft)\\s+(?:(?:the|a|any)\\s+)?(?:GitHub\\s+)?release\\b${RELEASE_NOT}`,
    "i",
  ),
  notInCi:
    /\b(?:in CI|in a workflow|from (?:a|the) workflow|in GitHub Actions|with GITHUB_TOKEN|inside (?:Actions|CI)|from CI)\b/i,
};

/** Niamoto's plans are in French; a first table, to be grown with real passages. */
export const FRENCH: FlowPhrases = {
  ciAgent:
    /(?:la CI|GitHub Actions|(?:le |les |un )?workflows?|[\w-]+\.ya?ml|le pipeline|(?:le )?push du tag|l'action)/gi,
  operatorAgent:
    /(?:release\.ts|vous|l'opérateur|(?:le |un )?mainteneur|manuellement|à la main|le script de release|nous)/gi,
  create: /\b(?:crée|créera|créent|créer|créé|publie|publiera|publient|publier|génère|générera)\b/gi,
  release: /^\s*(?:(?:la|une|nouvelle|GitHub)\s+){0,3}(?:release|version GitHub)\b(?!\s*(?:notes?|de build))/i,
  negation: /\b(?:ne|n'|jamais|aucun|aucune|pas|sans)\b/i,
  passive:
    /\b(?:release|version GitHub)\b[^.]{0,40}?\b(?:est|sera|seront)\s+(?:alors\s+)?(?:automatiquement\s+)?(?:créée|publiée|générée)s?\b/i,
  passiveAgent: /(?:par (?:la CI|GitHub Actions|le workflow)|automatiquement)/i,
  tagTrigger: /(?:après le push|lors du push|au push)/i,
  trigger: /(?:\b(?:après|lorsque|lorsqu'|quand|dès que|une fois que|avant)\b)/gi,
  clauseBreak: /[,;:()\u2013\u2014]|\s-\s/g,
  determiner: /\b(?:le|la|les|un|une|ce|cette)\s+$/i,
  wait: /\b(?:attendre|attendez|attends)\s+(?:que|la fin)\b/i,
  appears: /\b(?:release)\b[^.]{0,30}?\b(?:apparaisse|apparaît|soit créée|existe)\b/i,
  dontCreate: /(?:^|[.:;!]\s+)(?:ne (?:créez|créer|publiez) (?:pas|jamais))\s+(?:la |une )?release\b/i,
  notInCi: /(?:dans la CI|dans un workflow|avec GITHUB_TOKEN)/i,
};

export const FLOW_LANGUAGES: readonly FlowPhrases[] = [ENGLISH, FRENCH];
