//! A deterministic generator of wire-style articles, from our own templates, so
//! benchmarks and load tests run at any size without copied news text.
//!
//! Articles vary in length (2 to 30 paragraphs), carry datelines, direct and
//! reported quotes, many actors (states, capitals, officials with titles,
//! organizations), explicit and relative dates, predicates of every CAMEO root
//! in several forms, and non-political filler (sports, weather, markets) that
//! borrows conflict verbs. The same seed gives the same articles.

use chrono::{Days, NaiveDate};
use demarche_core::Article;

/// (adjective, state name, capital, leader title and name, minister name)
const STATES: &[(&str, &str, &str, &str, &str)] = &[
    ("Russian", "Russia", "Moscow", "President Vladimir Putin", "Sergei Lavrov"),
    ("Ukrainian", "Ukraine", "Kyiv", "President Volodymyr Zelensky", "Andrii Sybiha"),
    ("American", "the United States", "Washington", "President Joe Biden", "Antony Blinken"),
    ("Chinese", "China", "Beijing", "President Xi Jinping", "Wang Yi"),
    ("French", "France", "Paris", "President Emmanuel Macron", "Jean-Noel Barrot"),
    ("German", "Germany", "Berlin", "Chancellor Olaf Scholz", "Annalena Baerbock"),
    ("British", "Britain", "London", "Prime Minister Keir Starmer", "David Lammy"),
    ("Turkish", "Turkey", "Ankara", "President Recep Tayyip Erdogan", "Hakan Fidan"),
    ("Iranian", "Iran", "Tehran", "President Masoud Pezeshkian", "Abbas Araghchi"),
    ("Israeli", "Israel", "Jerusalem", "Prime Minister Benjamin Netanyahu", "Gideon Saar"),
    ("Indian", "India", "New Delhi", "Prime Minister Narendra Modi", "Subrahmanyam Jaishankar"),
    ("Pakistani", "Pakistan", "Islamabad", "Prime Minister Shehbaz Sharif", "Ishaq Dar"),
    ("Japanese", "Japan", "Tokyo", "Prime Minister Shigeru Ishiba", "Takeshi Iwaya"),
    ("Polish", "Poland", "Warsaw", "Prime Minister Donald Tusk", "Radoslaw Sikorski"),
    ("Brazilian", "Brazil", "Brasilia", "President Luiz Inacio Lula da Silva", "Mauro Vieira"),
    ("Egyptian", "Egypt", "Cairo", "President Abdel Fattah al-Sisi", "Badr Abdelatty"),
    ("Kenyan", "Kenya", "Nairobi", "President William Ruto", "Musalia Mudavadi"),
    ("Serbian", "Serbia", "Belgrade", "President Aleksandar Vucic", "Marko Djuric"),
];

const ORGS: &[&str] =
    &["NATO", "the European Union", "the United Nations", "the OSCE", "the African Union", "the IAEA", "ASEAN"];

const OUTLETS: &[&str] = &["Reuters", "AFP", "AP", "TASS", "Xinhua", "dpa", "Anadolu"];

const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Event sentences: {S} source, {T} target, {D} date phrase, {SL} source leader, {TM} target minister.
const EVENTS: &[&str] = &[
    "{S} demanded on {D} that {T} withdraw its troops from the border area.",
    "{S} urged {T} to return to the negotiating table.",
    "{SL} called on {T} to release the detained journalists.",
    "{S} rejected the proposals put forward by {T} as unacceptable.",
    "{S} accused {T} of violating the ceasefire on {D}.",
    "{SL} condemned the strikes carried out by {T}.",
    "{S} threatened to impose sanctions on {T} if the talks failed.",
    "{S} warned {T} that it would respond to any provocation.",
    "{SL} met {TM} in {C} on {D} to discuss security guarantees.",
    "{S} and {T} agreed to resume consultations on {D}.",
    "{S} offered to host talks between the warring sides.",
    "{S} expelled two {TA} diplomats on {D}.",
    "{S} imposed new sanctions on {T} over its nuclear programme.",
    "{TA} forces shelled positions held by {S} on {D}.",
    "{S} deployed additional troops near the border with {T}.",
    "{SL} praised {T} for its role in the prisoner exchange.",
    "{S} pledged to send humanitarian aid to {T}.",
    "{S} signed a defence cooperation agreement with {T} on {D}.",
    "{S} recalled its ambassador from {T} for consultations.",
    "{S} criticised {T} for blocking the resolution at the Security Council.",
    "Officials in {C} said {T} had attacked a convoy on {D}.",
    "{S} and {T} held talks in {C} on {D}.",
    "{TA} protesters rallied outside the {SA} embassy on {D}.",
    "{SL} visited {T} on {D}, the first such trip in a decade.",
];

/// Quotes: "{Q}", {SL} said / told reporters.
const QUOTES: &[&str] = &[
    "We will not accept any attempt to change the borders by force",
    "The ball is in their court now, and we expect a concrete answer",
    "Dialogue is the only way forward, and we are ready for it",
    "These measures are a direct threat to our security",
    "We call on all sides to exercise restraint",
    "Our patience is not unlimited",
];

const FILLER: &[&str] = &[
    "Arsenal beat Chelsea 2-1 on {D} to climb to the top of the table.",
    "A storm hit the coast overnight, cutting power to thousands of homes.",
    "Stocks plunged in early trading as investors worried about interest rates.",
    "The film festival opened with a drama about a family reunion.",
    "Temperatures are expected to rise above 30 degrees later in the week.",
    "The central bank kept its key rate unchanged, citing sticky inflation.",
    "Tickets for the concert sold out within minutes.",
];

/// A generator of articles; iterate it for as many as needed.
#[derive(Debug)]
pub struct Generator {
    rng: fastrand::Rng,
    n: u64,
    start: NaiveDate,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: fastrand::Rng::with_seed(seed),
            n: 0,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        }
    }

    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.rng.usize(..xs.len())]
    }

    fn date_phrase(&mut self, published: NaiveDate) -> String {
        match self.rng.u8(..4) {
            0 => WEEKDAYS[self.rng.usize(..7)].to_string(),
            1 => "Tuesday evening".to_string(),
            2 => {
                let d = published.checked_sub_days(Days::new(self.rng.u64(0..10))).unwrap_or(published);
                d.format("%B %-d").to_string()
            }
            _ => "Wednesday".to_string(),
        }
    }

    fn event_sentence(&mut self, published: NaiveDate) -> String {
        let (sa, s, sc, sl, _) = STATES[self.rng.usize(..STATES.len())];
        let mut t = STATES[self.rng.usize(..STATES.len())];
        if t.1 == s {
            t = STATES[(self.rng.usize(..STATES.len() - 1) + 1) % STATES.len()];
        }
        let (ta, tn, _, _, tm) = t;
        let source = if self.rng.bool() { s.to_string() } else { sc.to_string() };
        let target = if self.rng.u8(..5) == 0 { self.pick(ORGS).to_string() } else { tn.to_string() };
        let d = self.date_phrase(published);
        let tpl = self.pick(EVENTS);
        let out = tpl
            .replace("{SL}", sl)
            .replace("{SA}", sa)
            .replace("{S}", &source)
            .replace("{TA}", ta)
            .replace("{TM}", &format!("Foreign Minister {tm}"))
            .replace("{T}", &target)
            .replace("{C}", sc)
            .replace("{D}", &d);
        capitalize(&out)
    }

    fn paragraph(&mut self, published: NaiveDate) -> String {
        match self.rng.u8(..10) {
            0..=4 => {
                let k = self.rng.usize(1..4);
                (0..k).map(|_| self.event_sentence(published)).collect::<Vec<_>>().join(" ")
            }
            5 | 6 => {
                let (_, _, _, sl, _) = STATES[self.rng.usize(..STATES.len())];
                let q = self.pick(QUOTES);
                match self.rng.u8(..3) {
                    0 => format!("\u{201c}{q},\u{201d} {sl} said."),
                    1 => format!("{sl} told reporters: \u{201c}{q}.\u{201d}"),
                    _ => format!("{sl} said that {}", lower_first(&self.event_sentence(published))),
                }
            }
            7 => {
                let d = self.date_phrase(published);
                self.pick(FILLER).replace("{D}", &d)
            }
            _ => {
                let k = self.rng.usize(2..6);
                (0..k).map(|_| self.event_sentence(published)).collect::<Vec<_>>().join(" ")
            }
        }
    }

    /// The next article.
    pub fn article(&mut self) -> Article {
        self.n += 1;
        let published = self.start.checked_add_days(Days::new(self.rng.u64(0..365))).unwrap_or(self.start);
        let (_, _, capital, _, _) = STATES[self.rng.usize(..STATES.len())];
        let outlet = self.pick(OUTLETS);
        let paragraphs = match self.rng.u8(..10) {
            0..=5 => self.rng.usize(2..7),
            6..=8 => self.rng.usize(7..15),
            _ => self.rng.usize(15..31),
        };
        let mut text = format!(
            "{}, {} ({outlet}) - {}",
            capital.to_uppercase(),
            published.format("%B %-d"),
            self.event_sentence(published)
        );
        for _ in 0..paragraphs {
            text.push('\n');
            text.push_str(&self.paragraph(published));
        }
        text.push('\n');
        let mut a = Article::new(format!("gen-{}", self.n), text).with_published(Some(published));
        a.source = Some(outlet.to_string());
        a.url = Some(format!("https://news.example/{}/{}", outlet.to_lowercase(), self.n));
        a
    }
}

impl Iterator for Generator {
    type Item = Article;
    fn next(&mut self) -> Option<Article> {
        Some(self.article())
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    // Keep proper names capitalized: only "The" and "Officials" start lowercase mid-sentence.
    for w in ["The ", "Officials "] {
        if let Some(rest) = s.strip_prefix(w) {
            return format!("{}{rest}", w.to_lowercase());
        }
    }
    s.to_string()
}

/// Writes `n` articles as JSONL (the ingest format) and returns the bytes written.
pub fn write_jsonl(seed: u64, n: usize, out: &mut impl std::io::Write) -> std::io::Result<u64> {
    let mut bytes = 0u64;
    for a in Generator::new(seed).take(n) {
        let line = serde_json::json!({
            "id": a.id, "text": a.text, "published": a.published.map(|d| d.to_string()),
            "source": a.source, "url": a.url,
        })
        .to_string();
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        bytes += line.len() as u64 + 1;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_articles() {
        let a: Vec<String> = Generator::new(7).take(20).map(|a| a.text).collect();
        let b: Vec<String> = Generator::new(7).take(20).map(|a| a.text).collect();
        let c: Vec<String> = Generator::new(8).take(20).map(|a| a.text).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn articles_vary_and_carry_datelines() {
        let arts: Vec<Article> = Generator::new(1).take(200).collect();
        let lens: Vec<usize> = arts.iter().map(|a| a.text.len()).collect();
        assert!(lens.iter().min() < Some(&1000) && lens.iter().max() > Some(&3000), "{lens:?}");
        assert!(arts.iter().all(|a| a.text.contains(" - ") && a.published.is_some()));
        assert!(arts.iter().any(|a| a.text.contains('\u{201c}')));
        let distinct: std::collections::HashSet<&str> = arts.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(distinct.len(), arts.len());
    }
}
