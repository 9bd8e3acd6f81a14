fn main() {
    let path = std::env::args().nth(1).expect("path");
    let text = std::fs::read_to_string(path).expect("read");
    let t = demarche_core::text::Text::analyze(&text, &|w| {
        matches!(w, "said" | "concluded" | "saying" | "noted" | "asked")
    });
    for s in &t.sentences {
        println!("[{}] {}", s.index, s.span.text(&text));
    }
    for q in &t.quotes {
        println!("Q scare={} words={} {:?}", q.scare, q.words, q.span.text(&text));
    }
}
