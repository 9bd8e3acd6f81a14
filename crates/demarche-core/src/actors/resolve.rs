//! Context: ambiguous names decided by the article, and later mentions
//! (surnames, pronouns, descriptions) resolved to what they name.

use super::{Actor, Actors, Cand, How, Mention, MentionKind};
use crate::lexicon::{ActorEntry, ActorKind, Lexicon, NameRole};
use crate::text::{Text, TokenKind, among};
use smol_str::SmolStr;

/// Whether the folded text holds `term` as whole words.
pub(crate) fn contains_term(haystack: &str, term: &str) -> bool {
    if term.is_empty() {
        return false;
    }
    let alnum_at = |i: usize| haystack[i..].chars().next().is_some_and(char::is_alphanumeric);
    let alnum_before = |i: usize| haystack[..i].chars().next_back().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(k) = haystack[from..].find(term) {
        let s = from + k;
        let e = s + term.len();
        if !alnum_before(s) && (e >= haystack.len() || !alnum_at(e)) {
            return true;
        }
        from = s + term.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Decides the readings of ambiguous names, and drops names used as parts
/// of a person's name ("Chad Smith", "Victoria Nuland", "Michael Jordan").
pub(crate) fn ambiguity(text: &Text, lx: &Lexicon, cands: &mut Vec<Cand>) {
    let hay = text.folded.as_str();
    // Per token: whether a candidate starts there, whether one covers it.
    let mut starts = vec![false; text.tokens.len() + 1];
    let mut covered = vec![false; text.tokens.len() + 1];
    for c in cands.iter() {
        starts[c.tokens.start] = true;
        covered[c.tokens.clone()].fill(true);
    }
    let sentence_start = |t: usize| text.sentences[text.sentence_of(t)].tokens.start == t;
    // Each veto or context term is searched in the article once, however many names ask.
    let found = std::cell::RefCell::new(rustc_hash::FxHashMap::<String, bool>::default());
    let in_article = |term: &str| -> bool {
        if let Some(&hit) = found.borrow().get(term) {
            return hit;
        }
        let hit = contains_term(hay, term);
        found.borrow_mut().insert(term.to_string(), hit);
        hit
    };
    for c in cands.iter_mut() {
        // Only ambiguous readings and capitals are weighed below: a candidate with
        // neither keeps every reading (the retain would keep all, nothing is read).
        if !c.targets.iter().any(|t| t.ambiguity.is_some() || t.role == NameRole::Capital) {
            continue;
        }
        let next_is_name = text.tokens.get(c.tokens.end).is_some_and(|n| {
            n.is_capitalized(&text.folded)
                && n.space_before
                && !starts[c.tokens.end]
                && text.sentence_of(c.tokens.end) == text.sentence_of(c.tokens.start)
        });
        // A given name right before: "Michael Jordan". Not the sentence's first word ("In Georgia").
        let prev_is_name =
            c.tokens.start > 1 && !sentence_start(c.tokens.start) && !sentence_start(c.tokens.start - 1) && {
                let p = &text.tokens[c.tokens.start - 1];
                p.kind == TokenKind::Word && p.is_capitalized(&text.folded) && !covered[c.tokens.start - 1]
            };
        let mut readings: Vec<(usize, bool, bool)> = Vec::new(); // (target index, context hit, default)
        c.targets.retain(|t| {
            let Some(i) = t.ambiguity else {
                // A capital next to a name is a person or a thing ("Paris Hilton", "George Washington").
                return !(t.role == NameRole::Capital && (next_is_name || prev_is_name));
            };
            let a = &lx.actors[t.entry as usize].ambiguous[i as usize];
            if a.veto.iter().any(|v| in_article(v)) {
                return false;
            }
            if matches!(a.role, NameRole::Name | NameRole::Capital) && (next_is_name || prev_is_name) {
                return false;
            }
            true
        });
        for (k, t) in c.targets.iter().enumerate() {
            if let Some(i) = t.ambiguity {
                let a = &lx.actors[t.entry as usize].ambiguous[i as usize];
                readings.push((k, a.context.iter().any(|v| in_article(v)), a.default));
            }
        }
        if readings.len() > 1 {
            let keep: Vec<usize> = if readings.iter().any(|r| r.1) {
                readings.iter().filter(|r| r.1).map(|r| r.0).collect()
            } else {
                readings.iter().filter(|r| r.2).map(|r| r.0).collect()
            };
            let drop: Vec<usize> = readings.iter().map(|r| r.0).filter(|k| !keep.contains(k)).collect();
            let mut k = 0;
            c.targets.retain(|_| {
                let d = drop.contains(&k);
                k += 1;
                !d
            });
        }
    }
    cands.retain(|c| !c.targets.is_empty());
}

const MALE: &[&str] = &["he", "him"];
const FEMALE: &[&str] = &["she", "her"];
const FIRST_PERSON: &[&str] = &["we", "us", "our", "i", "me", "my"];
/// Resolved only inside reported speech, to a speaker that is not a person.
const THIRD_NEUTER: &[&str] = &["it", "they"];

/// Surnames, pronouns, descriptions and role nouns, in text order.
pub(crate) fn coreference(text: &Text, lx: &Lexicon, out: &mut Actors) {
    // Surnames and other single name tokens of persons already introduced.
    // The family name is last, except in Chinese, Korean and Vietnamese names ("Liu Fang" -> "Liu").
    // Folded once per person here, not once per capitalized word.
    let families: Vec<Option<String>> = out
        .persons
        .iter()
        .map(|p| {
            let parts: Vec<&str> = p.name.split_whitespace().collect();
            let family_first =
                matches!(p.actor.code.as_str(), "CHN" | "TWN" | "HKG" | "MAC" | "KOR" | "PRK" | "VNM" | "SGP");
            let family = if family_first { parts.first() } else { parts.last() };
            family.filter(|_| parts.len() > 1).map(|l| crate::text::fold_str(l))
        })
        .collect();
    let mut extra = Vec::new();
    for (t, tok) in text.tokens.iter().enumerate() {
        if out.owner[t].is_some() || !tok.is_capitalized(&text.folded) {
            continue;
        }
        let word = tok.norm(&text.folded);
        let sentence = text.sentence_of(t);
        let found = families.iter().position(|f| f.as_deref() == Some(word)).map(|pi| (pi, &out.persons[pi]));
        if let Some((pi, p)) = found {
            // A surname glued to a capitalized word is another name ("Ryabkov Street").
            let next_cap = text.tokens.get(t + 1).is_some_and(|n| n.is_capitalized(&text.folded) && n.space_before);
            if next_cap {
                continue;
            }
            extra.push(Mention {
                span: tok.span,
                tokens: t..t + 1,
                sentence,
                kind: MentionKind::Person,
                actor: p.actor.clone(),
                entries: p.entry.iter().cloned().collect(),
                person: Some(pi),
                how: How::Surname,
                plural: false,
                group: Vec::new(),
            });
        }
    }
    // Pronouns.
    for (t, tok) in text.tokens.iter().enumerate() {
        if out.owner[t].is_some() || tok.kind != TokenKind::Word {
            continue;
        }
        let w = tok.norm(&text.folded);
        if !is_pronoun(w) {
            continue;
        }
        // "US" is the country; lowercase "us" the pronoun.
        if w == "us" && tok.is_capitalized(&text.folded) {
            continue;
        }
        // "her" before a noun is a possessive: not a mention.
        if w == "her"
            && text.tokens.get(t + 1).is_some_and(|n| n.kind == TokenKind::Word && !n.is_capitalized(&text.folded))
        {
            let n = text.norm(t + 1);
            if !matches!(n, "to" | "that" | "and" | "on" | "in" | "as" | "at" | "for" | "with") {
                continue;
            }
        }
        extra.push(Mention {
            span: tok.span,
            tokens: t..t + 1,
            sentence: text.sentence_of(t),
            kind: MentionKind::Pronoun,
            actor: Actor::unknown(),
            entries: Vec::new(),
            person: None,
            how: How::Unresolved,
            plural: matches!(w, "we" | "us" | "our" | "they"),
            group: Vec::new(),
        });
    }
    // Mentions, then these, stably sorted by start. The mentions come sorted from
    // `compose::build`; each extra then goes right after every mention (and every
    // earlier extra) starting at or before it: the stable sort's order, with one
    // shift of the tail instead of sorting the whole list.
    let sorted = out.mentions.windows(2).all(|w| w[0].tokens.start <= w[1].tokens.start);
    for m in extra {
        for t in m.tokens.clone() {
            out.owner[t] = Some(usize::MAX);
        }
        if sorted {
            let at = out.mentions.partition_point(|p| p.tokens.start <= m.tokens.start);
            out.mentions.insert(at, m);
        } else {
            out.mentions.push(m);
        }
    }
    if !sorted {
        out.mentions.sort_by_key(|m| m.tokens.start);
    }
    // Resolve in text order against what came before.
    let mut keep = vec![true; out.mentions.len()];
    #[allow(clippy::needless_range_loop)] // each step reads the mentions before `i` and writes `i`
    for i in 0..out.mentions.len() {
        // Read in place: cloning every mention (strings, entries) cost more than resolving it.
        let (kind, how, start, end, sentence) = {
            let m = &out.mentions[i];
            (m.kind, m.how, m.tokens.start, m.tokens.end, m.sentence)
        };
        match kind {
            MentionKind::Pronoun if how == How::Unresolved => {
                let w = text.norm(start);
                if among(FIRST_PERSON, w) || among(THIRD_NEUTER, w) {
                    continue;
                }
                let want = if among(MALE, w) { 'm' } else { 'f' };
                // Back sentence by sentence; within a sentence the subject (first named) comes
                // first, and a known gender beats an unknown one.
                let fits = |pi: usize| out.persons[pi].gender.is_none_or(|g| g == want);
                let before = &out.mentions[..i];
                let mut antecedent = None;
                for s in (sentence.saturating_sub(4)..=sentence).rev() {
                    // Mentions are in text order, so one sentence's are a contiguous run.
                    let run = &before
                        [before.partition_point(|p| p.sentence < s)..before.partition_point(|p| p.sentence <= s)];
                    let mut cands = run.iter().filter_map(|p| p.person);
                    let known = cands.clone().find(|&pi| out.persons[pi].gender == Some(want));
                    if let Some(pi) = known.or_else(|| cands.find(|&pi| fits(pi))) {
                        antecedent = Some(pi);
                        break;
                    }
                }
                match antecedent {
                    Some(pi) => {
                        let mm = &mut out.mentions[i];
                        mm.actor = out.persons[pi].actor.clone();
                        mm.person = Some(pi);
                        mm.how = How::Pronoun;
                        if out.persons[pi].gender.is_none() {
                            out.persons[pi].gender = Some(want);
                        }
                    }
                    None => keep[i] = false,
                }
            }
            MentionKind::Description => {
                let resolved = resolve_description(text, lx, &out.mentions[..i], &out.mentions[i]);
                match resolved {
                    Some((actor, person, entries)) => {
                        let mm = &mut out.mentions[i];
                        mm.actor = actor;
                        mm.person = person;
                        mm.entries.extend(entries);
                        mm.how = How::Description;
                    }
                    None => {
                        // "The government's budget" with no body named before: the sector noun it is.
                        match lx.agent_names.get(text.norm(end - 1)).map(|&k| &lx.actors[k as usize]) {
                            Some(agent) => {
                                let mm = &mut out.mentions[i];
                                mm.kind = MentionKind::Agent;
                                mm.actor = Actor {
                                    code: if agent.code.is_empty() { "---".into() } else { agent.code.clone() },
                                    sector: agent.sector.map(SmolStr::new_static),
                                    name: None,
                                    role: None,
                                };
                                mm.entries = vec![agent.id.clone()];
                                mm.how = How::Composed;
                                mm.plural = agent.plural;
                            }
                            None => keep[i] = false,
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut k = 0;
    out.mentions.retain(|_| {
        let r = keep[k];
        k += 1;
        r
    });
    for o in out.owner.iter_mut() {
        *o = None;
    }
    for (i, m) in out.mentions.iter().enumerate() {
        for t in m.tokens.clone() {
            out.owner[t] = Some(i);
        }
    }
    for (pi, p) in out.persons.iter_mut().enumerate() {
        p.first = out.mentions.iter().position(|m| m.person == Some(pi)).unwrap_or(0);
    }
    // Sector nouns left without a state in an article about one state belong to it.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut total = 0usize;
    let state_like = |m: &&Mention| {
        m.kind != MentionKind::Pronoun && m.actor.is_known() && m.actor.code.len() == 3 && m.group.is_empty()
    };
    for m in out.mentions.iter().filter(state_like) {
        total += 1;
        match counts.iter_mut().find(|(c, _)| *c == m.actor.code) {
            Some(c) => c.1 += 1,
            None => counts.push((m.actor.code.as_str(), 1)),
        }
    }
    if let Some((code, n)) = counts.iter().max_by_key(|(_, n)| *n).map(|&(c, n)| (SmolStr::new(c), n)) {
        if n * 5 >= total * 3 && (n >= 2 || total == 1) {
            for m in out
                .mentions
                .iter_mut()
                .filter(|m| m.kind == MentionKind::Agent && !m.actor.is_known() && m.how == How::Composed)
            {
                m.actor.code = code.clone();
                m.how = How::Context;
            }
        }
    }
    // "the countries of the alliance": a sector noun takes the code of the body it belongs to.
    for i in 0..out.mentions.len() {
        let m = &out.mentions[i];
        if m.kind != MentionKind::Agent || m.actor.is_known() {
            continue;
        }
        let mut k = m.tokens.end;
        if text.tokens.get(k).is_none() || text.norm(k) != "of" {
            continue;
        }
        k += 1;
        if let Some(&j) =
            out.owner.get(k).and_then(|o| o.as_ref()).or_else(|| out.owner.get(k + 1).and_then(|o| o.as_ref()))
        {
            let body = &out.mentions[j];
            if body.kind == MentionKind::Description && body.actor.is_known() {
                let code = body.actor.code.clone();
                out.mentions[i].actor.code = code;
                out.mentions[i].how = How::Description;
            }
        }
    }
    groups(text, out);
}

/// Nouns that name both sides of a story at once: "the two countries", "both leaders".
const GROUP_NOUNS: &[&str] = &[
    "countries",
    "sides",
    "parties",
    "leaders",
    "governments",
    "neighbours",
    "neighbors",
    "delegations",
    "presidents",
    "ministers",
    "nations",
    "states",
    "capitals",
    "heads",
    "armies",
    "militaries",
    "forces",
    "allies",
];

/// The two actors an article is about, when it is about two: the most named
/// codes, together at least half of all named codes.
fn dyad(out: &Actors) -> Option<[Actor; 2]> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut total: usize = 0;
    for m in &out.mentions {
        if m.kind == MentionKind::Pronoun || !m.actor.is_known() || !m.group.is_empty() {
            continue;
        }
        total += 1;
        match counts.iter_mut().find(|(c, _)| *c == m.actor.code) {
            Some(c) => c.1 += 1,
            None => counts.push((m.actor.code.as_str(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (a, b) = (counts.first()?, counts.get(1)?);
    let third = counts.get(2).map_or(0, |c| c.1);
    (a.1 + b.1 >= total.div_ceil(2) && b.1 > third).then(|| {
        [Actor { code: SmolStr::new(a.0), ..Actor::default() }, Actor { code: SmolStr::new(b.0), ..Actor::default() }]
    })
}

/// Group references resolve to the article's two sides; "they" to the last group.
fn groups(text: &Text, out: &mut Actors) {
    let Some(pair) = dyad(out) else { return };
    let mut last_group: Option<(usize, Vec<Actor>)> = None;
    for i in 0..out.mentions.len() {
        let m = &out.mentions[i];
        let s = m.tokens.start;
        let w = text.norm(m.tokens.end - 1);
        let before = |k: usize| if s >= k { text.norm(s - k) } else { "" };
        let counted = matches!(before(1), "two" | "both") || before(1) == "the" && among(GROUP_NOUNS, w) && m.plural;
        let is_group = m.kind == MentionKind::Agent && !m.actor.is_known() && among(GROUP_NOUNS, w) && counted;
        if is_group {
            let mm = &mut out.mentions[i];
            mm.group = pair.to_vec();
            mm.actor.code = pair[0].code.clone();
            mm.how = How::Context;
            last_group = Some((mm.sentence, pair.to_vec()));
            continue;
        }
        let they = m.kind == MentionKind::Pronoun && !m.actor.is_known() && matches!(text.norm(s), "they" | "them");
        if let (true, Some((sentence, g))) = (they, &last_group) {
            if m.sentence <= sentence + 2 {
                let g = g.clone();
                let mm = &mut out.mentions[i];
                mm.actor.code = g[0].code.clone();
                mm.group = g;
                mm.how = How::Pronoun;
            }
        }
    }
}

/// "the alliance" -> the last organization named that is called so;
/// "the diplomat" -> the last person whose title is called so.
fn resolve_description(
    text: &Text,
    lx: &Lexicon,
    before: &[Mention],
    m: &Mention,
) -> Option<(Actor, Option<usize>, Vec<SmolStr>)> {
    let phrase =
        &text.folded.as_str()[text.tokens[m.tokens.start].fstart as usize..text.tokens[m.tokens.end - 1].fend as usize];
    let noun = phrase.strip_prefix("the ").unwrap_or(phrase);
    // Role nouns point to persons.
    if lx.refer_nouns.iter().any(|r| *r == noun) {
        // The title entries whose holders are called `noun`, found once here rather
        // than searched for in the whole lexicon for every earlier id and role: an
        // id or role refers iff some entry of this list has it (`title_refers`,
        // `role_refers`).
        let titles: Vec<&ActorEntry> = lx.titles_referred_by(noun).iter().map(|&k| &lx.actors[k as usize]).collect();
        debug_assert!(
            titles.iter().map(|&a| a as *const ActorEntry).eq(lx
                .actors
                .iter()
                .filter(|a| a.kind == ActorKind::Title && a.refer.iter().any(|r| r == noun))
                .map(|a| a as *const ActorEntry))
        );
        for p in before.iter().rev() {
            let Some(pi) = p.person else { continue };
            let by_title = p.entries.iter().any(|id| titles.iter().any(|a| a.id == *id));
            debug_assert_eq!(by_title, p.entries.iter().any(|id| title_refers(lx, id, noun)));
            let by_role = || {
                p.actor.role.as_deref().is_some_and(|r| {
                    let hit = titles.iter().any(|a| a.role.as_deref() == Some(r))
                        || crate::text::fold_str(r).split_whitespace().last() == Some(noun);
                    debug_assert_eq!(hit, role_refers(lx, r, noun));
                    hit
                })
            };
            if by_title || by_role() {
                return Some((p.actor.clone(), Some(pi), Vec::new()));
            }
        }
        return None;
    }
    // Descriptions point to named bodies. The entries described so are found once
    // here; an earlier mention's id names one of them iff the first entry with that
    // id (the one a search by id finds) is among them.
    let described: Vec<(usize, &ActorEntry)> =
        lx.described_as(phrase).into_iter().map(|k| (k, &lx.actors[k])).collect();
    debug_assert_eq!(
        described.iter().map(|&(k, _)| k).collect::<Vec<_>>(),
        lx.actors
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.descriptions.iter().any(|d| *d == phrase || d.strip_prefix("the ").is_some_and(|d| d == noun))
            })
            .map(|(k, _)| k)
            .collect::<Vec<_>>()
    );
    if described.is_empty() {
        return None;
    }
    for p in before.iter().rev() {
        // "a senior NATO official ... the alliance": any mention that names the body counts.
        if matches!(p.kind, MentionKind::Pronoun | MentionKind::Description) {
            continue;
        }
        for id in &p.entries {
            let hit = described
                .iter()
                .find(|(_, e)| e.id == *id)
                .filter(|&&(k, _)| lx.actors[..k].iter().all(|a| a.id != *id))
                .map(|&(_, e)| e);
            if let Some(e) = hit {
                // The body itself, not the official who named it ("a NATO official ... the alliance").
                let actor = Actor {
                    code: e.code.clone(),
                    sector: e.sector.map(SmolStr::new_static),
                    name: Some(e.role.clone().unwrap_or_else(|| e.name.clone())),
                    role: None,
                };
                let actor =
                    if p.actor.code == e.code && p.kind != MentionKind::Agent { p.actor.clone() } else { actor };
                return Some((actor, None, vec![e.id.clone()]));
            }
        }
    }
    None
}

/// Whether `w` is one of the pronouns above.
fn is_pronoun(w: &str) -> bool {
    among(MALE, w) || among(FEMALE, w) || among(FIRST_PERSON, w) || among(THIRD_NEUTER, w)
}

#[cfg_attr(not(debug_assertions), allow(dead_code))] // the reference the fast path is checked against
fn title_refers(lx: &Lexicon, id: &str, noun: &str) -> bool {
    lx.actors.iter().any(|a| a.id == id && a.kind == ActorKind::Title && a.refer.iter().any(|r| r == noun))
}

#[cfg_attr(not(debug_assertions), allow(dead_code))] // the reference the fast path is checked against
fn role_refers(lx: &Lexicon, role: &str, noun: &str) -> bool {
    lx.actors
        .iter()
        .any(|a| a.kind == ActorKind::Title && a.role.as_deref() == Some(role) && a.refer.iter().any(|r| r == noun))
        || crate::text::Folded::new(role).as_str().split_whitespace().last() == Some(noun)
}
