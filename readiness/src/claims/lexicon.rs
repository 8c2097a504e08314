//! The small words the claim checker's rules read (negators, forms of "be", determiners,
//! removal and planning verbs, the vendor's people, …), each with its roles, in one `match`: a
//! rule asks a word's role ([`super::words::Words::is`], looked up once per word) rather than
//! spelling its own list.

/// A set of roles, one bit each.
pub(super) type Roles = u32;

/// "but", "however": a contrast ends a negation's reach.
pub(super) const CONTRAST: Roles = 1 << 0;
/// "not", "never", "cannot": negates up to six words before the phrase.
pub(super) const NEGATOR: Roles = 1 << 1;
/// "no", "without": negates up to two words before the phrase.
pub(super) const NEAR_NEGATOR: Roles = 1 << 2;
/// A verb "not" negates after it: "is not", "does not", "will not".
pub(super) const NEGATABLE: Roles = 1 << 3;
/// A plan rather than an offer: "roadmap", "planned".
pub(super) const PLAN: Roles = 1 << 4;
/// A state "not" denies: "not available", "not live", "not yet".
pub(super) const STATE: Roles = 1 << 5;
/// An offer a heading refuses: "cannot promise", "don't offer".
pub(super) const OFFER: Roles = 1 << 6;
/// Work only weighed: "exploring", "considering".
pub(super) const WEIGHING: Roles = 1 << 7;
/// Taken away: "removed", "discontinued".
pub(super) const REMOVAL: Roles = 1 << 8;
/// "the", "our", "this".
pub(super) const DETERMINER: Roles = 1 << 9;
/// A person by their unit: "team", "engineer", "specialist".
pub(super) const UNIT: Roles = 1 << 10;
/// The vendor's side of a unit: "our", "support", "onboarding", "sales".
pub(super) const VENDOR: Roles = 1 << 11;
/// A person doing the work by name of their job: "reviewer", "AE", "CSM".
pub(super) const STAFF: Roles = 1 << 12;
/// Says a person is not needed: "no", "zero", "without", "nobody".
pub(super) const NOT_NEEDED: Roles = 1 << 13;
/// The past of "be" before a removal after the phrase: "has been removed", "was dropped".
pub(super) const PAST_BE: Roles = 1 << 14;
/// What may stand between a phrase and what is said of it: "is", "has been", "still", "in".
pub(super) const LINK: Roles = 1 << 15;
/// A state a thing waits for after "until": "until our Stripe integration is live".
pub(super) const READINESS: Roles = 1 << 16;
/// Joins two actions, each with its own doer: "Buy online or talk to our sales team".
pub(super) const JOINER: Roles = 1 << 17;
/// Making the thing, not doing the work: "Our engineers built instant checkout".
pub(super) const BUILT: Roles = 1 << 18;
/// Said to run by itself: "automatically", "instantly".
pub(super) const AUTOMATION: Roles = 1 << 19;
/// A person whose words before say whose: "your account manager".
pub(super) const PERSON: Roles = 1 << 20;
/// The reader does it: "yourself", "themselves".
pub(super) const SELF: Roles = 1 << 21;
/// Checking by hand: "reviewers record …", "check", "verify".
pub(super) const DOING: Roles = 1 << 22;
/// A form of "be": what is said after it is said of the phrase ("… is in the backlog").
pub(super) const BE: Roles = 1 << 23;
/// Starts a condition or a comparison, which says nothing of the phrase before it: "if",
/// "when", "with", "than".
pub(super) const CONDITION: Roles = 1 << 24;
/// What "don't" urges rather than denies: "don't wait", "don't forget".
pub(super) const ENCOURAGED: Roles = 1 << 25;
/// Others than the vendor: a heading about them boasts ("Not available elsewhere: …").
pub(super) const RIVAL: Roles = 1 << 26;
/// A time that "not" denies for: "Not at the moment", "Not today", "not yet".
pub(super) const NOW: Roles = 1 << 27;
/// The small words a plain question holds besides what it asks about: "Can I …", "Is there …",
/// "Is it possible to …" ([`super::answer`]).
pub(super) const ASKING: Roles = 1 << 28;
/// Says a thing goes on as now, so a date ahead is no roadmap: "still", "as usual", "as you do
/// today" (with [`NOW`]'s words; [`super::ahead`]).
pub(super) const GOES_ON: Roles = 1 << 29;
/// Makes the phrase a thing beside its clause's subject: "Euro pricing for card checkout …",
/// "the discount for teams that pay by card …" ([`super::ahead`]).
pub(super) const BESIDE: Roles = 1 << 30;
/// A stretch of the calendar: "later this year", "next quarter" ([`super::ahead`]).
pub(super) const PERIOD: Roles = 1 << 31;

/// Whether `word` is one of the words of `list` (words parted by white space). A rule's own short
/// list costs the page's script fewer bytes than a `match` of its words.
pub(super) fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

/// The roles of a folded word (none for a word not listed): a `match`, which the compiler
/// turns into a switch on the length and a few comparisons.
pub(super) fn roles(folded: &str) -> Roles {
    match folded {
        "a" | "an" | "its" | "the" | "their" | "these" | "this" | "those" => DETERMINER,
        "that" => DETERMINER | BESIDE,
        "ae" | "aes" | "csm" | "csms" | "reviewer" | "reviewers" => STAFF,
        "had" | "under" => LINK,
        "already" | "still" => LINK | GOES_ON,
        "for" | "in" | "on" => LINK | BESIDE,
        "about" | "at" | "by" | "from" | "of" | "where" | "which" | "who" => BESIDE,
        "again" | "always" | "continue" | "existing" | "keep" | "since" | "usual" | "well" => {
            GOES_ON
        }
        "autumn" | "fall" | "month" | "quarter" | "spring" | "summer" | "winter" | "year" => PERIOD,
        "currently" | "now" => LINK | NOW,
        "has" | "have" => LINK | ASKING,
        "moment" | "present" | "today" | "yet" => NOW,
        "get" | "i" | "it" | "me" | "my" | "there" | "they" | "us" | "we" | "you" | "your" => {
            ASKING
        }
        "to" => ASKING | BESIDE,
        "although" | "but" | "however" | "though" | "whereas" => CONTRAST,
        "and" | "backed" | "or" | "plus" | "so" | "then" => JOINER,
        "anywhere" | "competitor" | "competitors" | "elsewhere" | "incumbents" | "legacy"
        | "other" | "others" | "rivals" => RIVAL,
        "approve" | "approves" | "check" | "checked" | "checks" | "confirm" | "confirmed"
        | "confirms" | "record" | "recorded" | "records" | "review" | "reviewed" | "reviews"
        | "verified" | "verifies" | "verify" | "view" | "viewed" | "views" => DOING,
        "approved" => READINESS | DOING,
        "are" | "be" | "is" => NEGATABLE | LINK | BE,
        "auto" | "automatically" | "instant" | "instantly" => AUTOMATION,
        "automated" | "automatic" => STATE | AUTOMATION,
        "available" | "enabled" | "live" | "ready" => STATE | READINESS,
        "because" | "even" | "if" | "once" | "than" | "unless" | "when" | "whenever" => CONDITION,
        "been" | "was" | "were" => NEGATABLE | PAST_BE | LINK | BE,
        "being" => LINK | BE,
        "billing" | "compliance" | "cs" | "finance" | "implementation" | "onboarding" | "sales"
        | "services" | "solutions" | "success" => VENDOR,
        "build" | "builds" | "built" | "created" | "designed" | "developed" | "launched"
        | "love" | "loves" | "made" | "shipped" | "ships" => BUILT,
        "can" | "did" | "do" | "does" | "will" => NEGATABLE,
        "cannot" | "neither" | "nor" => NEGATOR,
        "claim" | "offer" | "promise" | "provide" | "say" | "sell" => OFFER,
        "complete" | "completed" | "configured" | "passes" | "proven" => READINESS,
        "considering" | "evaluating" | "exploring" | "investigating" | "scoping" => WEIGHING,
        "deprecated" | "disabled" | "discontinued" | "dropped" | "pulled" | "removed"
        | "retired" => REMOVAL,
        "engineer" | "engineers" | "specialist" | "specialists" | "team" | "teams" => UNIT,
        "executive" | "manager" | "managers" => PERSON,
        "forget" | "hesitate" | "miss" | "settle" | "stress" | "wait" | "worry" => ENCOURAGED,
        "free" | "frees" | "nobody" | "not" | "replace" | "replaces" | "skip" | "stop" | "zero" => {
            NOT_NEEDED
        }
        "herself" | "himself" | "myself" | "themselves" | "yourself" | "yourselves" => SELF,
        "instead" | "rather" => NOT_NEEDED | JOINER,
        "never" => NEGATOR | NOT_NEEDED,
        "no" | "none" | "nothing" | "without" => NEAR_NEGATOR | NOT_NEEDED,
        "offered" | "possible" => STATE,
        "our" => DETERMINER | VENDOR,
        "planned" | "roadmap" => PLAN,
        "remain" | "remains" | "sits" | "stay" | "stays" => BE,
        "support" => OFFER | VENDOR,
        "supported" => STATE | JOINER,
        "unlike" => NOT_NEEDED | JOINER | CONDITION,
        "while" => CONTRAST | JOINER | CONDITION,
        "with" => JOINER | CONDITION | BESIDE,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_have_their_roles_and_others_none() {
        assert_eq!(super::roles("checkout"), 0);
        assert_eq!(super::roles("the"), super::DETERMINER);
        assert_eq!(super::roles("was") & super::PAST_BE, super::PAST_BE);
    }
}
