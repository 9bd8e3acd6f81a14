//! Snapshots of `explain` on the bundled example articles (examples/).
#![allow(clippy::unwrap_used)]

mod common;
use demarche_core::Article;

fn example(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap()).unwrap();
    let text = std::fs::read_to_string(dir.join(meta["text_file"].as_str().unwrap())).unwrap();
    let article = Article::new(meta["id"].as_str().unwrap(), text)
        .with_published(meta["published"].as_str().and_then(common::date));
    demarche_core::explain::render(&common::pipeline().code(&article))
}

macro_rules! snap {
    ($($name:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!($file, example($file));
            }
        )*
    };
}

snap! {
    tass_gas_transit => "tass-gas-transit",
    reuters_sanctions => "reuters-sanctions",
    ap_border_clash => "ap-border-clash",
    afp_mediation => "afp-mediation",
    xinhua_summit => "xinhua-summit",
    readout_call => "readout-call",
}
