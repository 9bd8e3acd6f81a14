//! Every endpoint of the API over a store built from the bundled examples plus
//! a few articles written here: answers, shapes, filters and bad parameters.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use demarche_core::{Article, Pipeline};
use demarche_serve::{AppState, router};
use demarche_store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower::ServiceExt;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Written here: a hostile article and a dyad that turns violent on one day.
fn extra_articles() -> Vec<Article> {
    let mut out = Vec::new();
    let mut hostile = Article::new(
        "hostile",
        "Russia demanded that NATO halt <script>alert(1)</script> expansion, the foreign ministry said on \
         Monday.\n\nRussia accused Ukraine of \"><img src=x onerror=alert(1)> shelling, officials said.",
    );
    hostile.title = Some("<script>alert('title')</script>".into());
    hostile.published = chrono::NaiveDate::from_ymd_opt(2021, 12, 20);
    hostile.source = Some("Evil <b>Wire</b>".into());
    out.push(hostile);
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2023, 3, 1).map(|x| x + chrono::Duration::days(i64::from(d)));
    // Weeks of occasional accusations, then a day of force and threats.
    for d in (0..28).step_by(4) {
        let mut a = Article::new(
            format!("quiet-{d}"),
            format!("Venezuela accused Guyana of stealing oil from the disputed region, officials said. (day {d})"),
        );
        a.published = day(d);
        out.push(a);
    }
    for (i, text) in [
        "Venezuelan troops attacked Guyanese border posts, killing two soldiers, the army said.",
        "Venezuela threatened Guyana with military action over the oil concessions, a minister said.",
        "Venezuelan forces seized a Guyanese river island, officials said.",
    ]
    .iter()
    .enumerate()
    {
        let mut a = Article::new(format!("surge-{i}"), (*text).to_string());
        a.published = day(30);
        out.push(a);
    }
    out
}

/// The database file, built once for all tests.
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("api.db");
        let p = Pipeline::builder().build().expect("pipeline");
        let mut articles = Vec::new();
        demarche_ingest::read_paths(
            &[examples()],
            None,
            &mut |a| {
                if a.id != "README" {
                    articles.push(a)
                }
            },
            &mut |e| panic!("example does not read: {e}"),
        );
        // The .json and .txt copies of an example are the same article: the store keeps one.
        articles.extend(extra_articles());
        let coded: Vec<_> = articles.iter().map(|a| p.code(a)).collect();
        let mut store = Store::open(&path).expect("store");
        store.insert_batch(&coded, &p.lexicon().version).expect("insert");
        store.recluster_pending().expect("cluster");
        (dir, path)
    })
    .1
}

async fn get(uri: &str) -> (StatusCode, Value) {
    let app = router(AppState::open(db(), 2).expect("state"));
    let r = app.oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("response");
    let status = r.status();
    let bytes = r.into_body().collect().await.expect("body").to_bytes();
    let v = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, v)
}

async fn ok(uri: &str) -> Value {
    let (s, v) = get(uri).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {v}");
    v
}

/// A 400 naming the parameter.
async fn bad(uri: &str, param: &str) {
    let (s, v) = get(uri).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
    assert_eq!(v["error"]["status"], 400, "{uri}: {v}");
    assert_eq!(v["error"]["param"], param, "{uri}: {v}");
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}: {v}");
}

fn codes(v: &Value, field: &str) -> Vec<String> {
    v[field].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
}

#[tokio::test]
async fn meta_counts_the_store() {
    let v = ok("/api/meta").await;
    let store = Store::open_read_only(db()).expect("store");
    let c = store.counts().expect("counts");
    assert_eq!(v["events"], c.events);
    assert_eq!(v["articles"], c.articles);
    assert!(c.articles >= 6 + 11, "examples and extras stored: {}", c.articles);
    assert!(v["first_date"].as_str().is_some_and(|d| d.starts_with("2019-09")), "the TASS report: {v}");
    assert_eq!(v["last_date"], "2025-01-08", "the Finnish-British readout: {v}");
    assert!(v["lexicon"].as_str().is_some_and(|l| l.starts_with("en-")));
    bad("/api/meta?x=1", "x").await;
}

#[tokio::test]
async fn events_filter_and_page() {
    let all = ok("/api/events?per_page=500").await;
    let total = all["total"].as_u64().expect("total");
    assert_eq!(all["events"].as_array().map(Vec::len), Some(total as usize));
    // Newest first.
    let dates: Vec<&str> = all["events"].as_array().into_iter().flatten().filter_map(|e| e["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "not newest first: {dates:?}");

    // The gas-transit article: Russia and Ukraine, with Gazprom's yield.
    let v = ok("/api/events?dyad=UKR-RUS&code=08").await;
    assert_eq!(v["total"], 1, "{v}");
    let e = &v["events"][0];
    assert_eq!(e["cameo"], "080");
    assert_eq!(e["article_id"], "tass-gas-transit");
    assert_eq!(e["publisher"], "TASS");
    assert_eq!(codes(e, "topics"), ["gas and energy"]);

    let v = ok("/api/events?actor=kgz&root=19").await;
    assert!(v["total"].as_u64().is_some_and(|n| n >= 2), "{v}");
    for e in v["events"].as_array().into_iter().flatten() {
        assert_eq!(e["root"], "19");
        assert!(codes(e, "source").contains(&"KGZ".into()) || codes(e, "target").contains(&"KGZ".into()));
    }
    // Beijing's and Moscow's threats over the EU's sanctions.
    let v = ok("/api/events?plover=threaten&from=2023-06-01&to=2023-06-30").await;
    assert_eq!(v["total"], 2, "{v}");
    let mut sources: Vec<String> =
        v["events"].as_array().into_iter().flatten().flat_map(|e| codes(e, "source")).collect();
    sources.sort();
    assert_eq!(sources, ["CHN", "RUS"]);
    assert!(
        v["events"].as_array().into_iter().flatten().all(|e| e["plover"] == "THREATEN" && codes(e, "target") == ["EU"])
    );
    let v = ok("/api/events?q=Gazprom").await;
    assert!(
        v["events"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| e["sentence"].as_str().is_some_and(|s| s.contains("Gazprom")))
    );
    assert!(v["total"].as_u64().is_some_and(|n| n >= 1));

    // Pages partition the list.
    let p1 = ok("/api/events?per_page=5&page=1").await;
    let p2 = ok("/api/events?per_page=5&page=2").await;
    assert_eq!(p1["events"].as_array().map(Vec::len), Some(5));
    assert_ne!(p1["events"][0]["event_id"], p2["events"][0]["event_id"]);
    assert_eq!(p2["events"][0]["event_id"], all["events"][5]["event_id"]);
    let canonical = ok("/api/events?canonical=true&per_page=500").await;
    assert!(canonical["total"].as_u64() <= Some(total));

    bad("/api/events?per_page=0", "per_page").await;
    bad("/api/events?per_page=501", "per_page").await;
    bad("/api/events?page=-1", "page").await;
    bad("/api/events?from=2021-13-01", "from").await;
    bad("/api/events?from=2022-01-02&to=2022-01-01", "from").await;
    bad("/api/events?from=1990-01-01&to=2022-01-01", "to").await;
    bad("/api/events?dyad=RUS", "dyad").await;
    bad("/api/events?actor=R%27US", "actor").await;
    bad("/api/events?code=10a", "code").await;
    bad("/api/events?root=21", "root").await;
    bad(&format!("/api/events?q={}", "x".repeat(201)), "q").await;
    bad("/api/events?canonical=maybe", "canonical").await;
    bad("/api/events?colour=red", "colour").await;
    bad("/api/events?actor=RUS&actor=USA", "actor").await;
}

#[tokio::test]
async fn one_event_with_its_article_and_spans() {
    let v = ok("/api/events?dyad=UKR-RUS&code=08").await;
    let id = v["events"][0]["event_id"].as_i64().expect("id");
    let d = ok(&format!("/api/events/{id}")).await;
    assert_eq!(d["event"]["event_id"], id);
    assert_eq!(d["article"]["ext_id"], "tass-gas-transit");
    assert_eq!(d["article"]["published"], "2019-09-20");
    assert!(d["article"]["text"].as_str().is_some_and(|t| t.contains("Gazprom")));
    let segs = d["segments"].as_array().expect("segments");
    let joined: String = segs.iter().filter_map(|s| s["text"].as_str()).collect();
    assert_eq!(joined, d["event"]["sentence"].as_str().expect("sentence"));
    let marked =
        |m: &str| -> Vec<&str> { segs.iter().filter(|s| s["mark"] == m).filter_map(|s| s["text"].as_str()).collect() };
    assert_eq!(marked("trigger"), ["withdraws its legal claims against"]);
    assert_eq!(marked("source"), ["Kyiv"]);
    assert_eq!(marked("target"), ["Gazprom"]);

    let (s, e) = get("/api/events/999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(e["error"]["status"], 404);
    bad("/api/events/abc", "id").await;
    bad("/api/events/0", "id").await;
}

#[tokio::test]
async fn hostile_text_comes_back_as_data() {
    let v = ok("/api/events?q=script").await;
    let e = &v["events"][0];
    assert!(e["sentence"].as_str().is_some_and(|s| s.contains("<script>alert(1)</script>")), "{v}");
    let id = e["event_id"].as_i64().expect("id");
    let d = ok(&format!("/api/events/{id}")).await;
    assert_eq!(d["article"]["title"], "<script>alert('title')</script>");
    // The page that shows it must not run it: the server forbids inline scripts.
    let app = router(AppState::open(db(), 1).expect("state"));
    let r = app.oneshot(Request::get("/").body(Body::empty()).expect("request")).await.expect("response");
    let csp = r.headers().get("content-security-policy").and_then(|h| h.to_str().ok()).unwrap_or_default();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.split(';').any(|d| d.contains("script-src") && d.contains("unsafe-inline")), "{csp}");
}

#[tokio::test]
async fn actors_and_dyads() {
    let v = ok("/api/actors").await;
    let list = v.as_array().expect("list");
    let rus = list.iter().find(|a| a["code"] == "RUS").expect("RUS");
    assert!(rus["events"].as_u64() >= Some(5));
    assert!(list.windows(2).all(|w| w[0]["events"].as_u64() >= w[1]["events"].as_u64()));
    let v = ok("/api/actors?q=KG").await;
    assert!(v.as_array().is_some_and(|a| !a.is_empty() && a.iter().all(|x| x["code"].as_str().is_some_and(|c| c.starts_with("KG")))));
    bad("/api/actors?limit=0", "limit").await;

    let v = ok("/api/dyads?actor=VEN").await;
    let d = v.as_array().expect("list");
    let ven_guy = d.iter().find(|x| x["source"] == "VEN" && x["target"] == "GUY").expect("VEN-GUY");
    let quad: Vec<u64> = ven_guy["quad"].as_array().into_iter().flatten().filter_map(Value::as_u64).collect();
    assert_eq!(quad.iter().sum::<u64>(), ven_guy["events"].as_u64().unwrap_or(0));
    assert!(quad[3] >= 2, "attacks and seizures are material conflict: {ven_guy}");
    assert!(ven_guy["goldstein_sum"].as_f64().is_some_and(|g| g < -10.0), "{ven_guy}");
    bad("/api/dyads?root=7", "root").await;
}

#[tokio::test]
async fn series_fills_days_and_normalizes() {
    let v = ok("/api/series?dyad=VEN-GUY&from=2023-03-01&to=2023-03-31").await;
    let days = v["days"].as_array().expect("days");
    assert_eq!(days.len(), 31, "every day of the range");
    let surge = days.iter().find(|d| d["date"] == "2023-03-31").expect("day 30");
    assert_eq!(surge["articles"], 3);
    assert!(surge["quad"][3].as_u64() >= Some(2), "{surge}");
    assert!(surge["conflict"].as_f64().is_some_and(|c| c > 10.0), "{surge}");
    let expected = surge["conflict"].as_f64().unwrap_or(0.0) * 100.0 / 3.0;
    assert!((surge["conflict_per_100_articles"].as_f64().unwrap_or(0.0) - expected).abs() < 0.01);
    let quiet = days.iter().find(|d| d["date"] == "2023-03-02").expect("a quiet day");
    assert_eq!(quiet["events"], 0);
    let first = &days[0];
    assert_eq!(first["events"], 1, "the first accusation: {first}");
    assert_eq!(first["quad"][2], 1);

    let reverse = ok("/api/series?dyad=GUY-VEN&from=2023-03-01&to=2023-03-31").await;
    let n: u64 = reverse["days"].as_array().into_iter().flatten().filter_map(|d| d["events"].as_u64()).sum();
    assert_eq!(n, 0, "directed: Guyana did nothing to Venezuela");
    let both = ok("/api/series?dyad=GUY-VEN&undirected=true&from=2023-03-01&to=2023-03-31").await;
    let n: u64 = both["days"].as_array().into_iter().flatten().filter_map(|d| d["events"].as_u64()).sum();
    assert!(n >= 10, "{n}");
    let by_actor = ok("/api/series?actor=GUY").await;
    assert_eq!(by_actor["from"], "2023-03-01");

    bad("/api/series", "dyad").await;
    bad("/api/series?dyad=VEN-GUY&from=2023-04-01&to=2023-03-01", "from").await;
    bad("/api/series?dyad=VEN-GUY&undirected=yes", "undirected").await;
}

#[tokio::test]
async fn alerts_fire_on_the_surge_only() {
    let v = ok("/api/alerts?dyad=VEN-GUY&from=2023-03-01&to=2023-04-30").await;
    let list = v.as_array().expect("list");
    assert_eq!(list.len(), 1, "{v}");
    let a = &list[0];
    assert_eq!(a["date"], "2023-03-31");
    assert_eq!((a["source"].as_str(), a["target"].as_str()), (Some("VEN"), Some("GUY")));
    assert!(a["z"].as_f64() >= Some(2.0));
    assert!(a["score"].as_f64() > a["trailing_mean"].as_f64());
    // The same day against a window full of violence is no escalation: a steady war
    // does not alert every day. Guyana did nothing to Venezuela.
    let v = ok("/api/alerts?dyad=GUY-VEN&from=2023-03-01&to=2023-04-30").await;
    assert_eq!(v.as_array().map(Vec::len), Some(0), "{v}");
    let v = ok("/api/alerts?actor=VEN&from=2023-03-01&to=2023-04-30").await;
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    bad("/api/alerts?window=3", "window").await;
    bad("/api/alerts?threshold=nan", "threshold").await;
}

#[tokio::test]
async fn threads_chain_moves_per_dyad_and_topic() {
    let v = ok("/api/threads?actor=RUS").await;
    let list = v.as_array().expect("list");
    let gas = list
        .iter()
        .find(|t| t["topic"] == "gas and energy" && t["actors"] == serde_json::json!(["RUS", "UKR"]))
        .expect("the gas-transit thread");
    let steps = gas["steps"].as_array().expect("steps");
    assert!(steps.len() >= 2);
    let kinds: Vec<&str> = steps.iter().filter_map(|s| s["kind"].as_str()).collect();
    assert!(kinds.contains(&"agreement") && kinds.contains(&"rejection"), "{kinds:?}");
    let dates: Vec<&str> = steps.iter().filter_map(|s| s["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "time order: {dates:?}");
    let v = ok("/api/threads?dyad=UKR-RUS").await;
    assert!(
        v.as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|t| t["actors"] == serde_json::json!(["RUS", "UKR"])))
    );
    bad("/api/threads?limit=100000", "limit").await;
}

#[tokio::test]
async fn dashboard_and_unknown_paths() {
    let app = router(AppState::open(db(), 1).expect("state"));
    let r = app.oneshot(Request::get("/").body(Body::empty()).expect("request")).await.expect("response");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().is_ok_and(|c| c.starts_with("text/html")));
    let (s, v) = get("/api/nothing").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"]["status"], 404);
    let (s, _) = get("/assets/nope.js").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[test]
fn a_missing_store_is_refused_before_serving() {
    let e = AppState::open("/nonexistent/x.db", 1).expect_err("no store");
    assert!(e.to_string().contains("/nonexistent/x.db"), "{e}");
}
