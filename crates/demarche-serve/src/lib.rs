//! demarche-serve: a read-only JSON API and the dashboard over a store.
//!
//! Every request is validated and bounded before it reaches SQLite (see
//! docs/API.md); queries run on a small pool of read-only connections in
//! blocking threads, so slow scans never stall the async workers. The
//! dashboard's files are embedded in the binary.

mod params;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use demarche_store::analysis::{AlertQuery, SeriesQuery};
use demarche_store::{EventFilter, Store, StoreError};
use params::Params;
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use params::{ApiError, MAX_PAGE_SIZE};

/// Opens read-only stores for the pool.
#[derive(Debug)]
struct StoreManager {
    path: PathBuf,
}

impl r2d2::ManageConnection for StoreManager {
    type Connection = Store;
    type Error = StoreError;

    fn connect(&self) -> Result<Store, StoreError> {
        Store::open_read_only(&self.path)
    }

    /// Runs on every checkout, so it must cost nothing: `counts()` here once
    /// counted every table of a million-event store per request.
    fn is_valid(&self, store: &mut Store) -> Result<(), StoreError> {
        store.check()
    }

    fn has_broken(&self, _: &mut Store) -> bool {
        false
    }
}

/// Shared by every request.
#[derive(Debug, Clone)]
pub struct AppState {
    pool: r2d2::Pool<StoreManager>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl AppState {
    /// Checks that the store opens (and has a schema this build knows) before serving.
    pub fn open(db: impl Into<PathBuf>, connections: u32) -> Result<AppState, ServeError> {
        let path = db.into();
        Store::open_read_only(&path)?;
        let pool = r2d2::Pool::builder().max_size(connections.max(1)).min_idle(Some(1)).build(StoreManager { path })?;
        Ok(AppState { pool })
    }

    /// Runs `f` on a pooled connection in a blocking thread.
    async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let store = pool.get().map_err(|e| ApiError::unavailable(format!("database busy: {e}")))?;
            f(&store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
    }
}

#[derive(rust_embed::RustEmbed)]
#[folder = "assets/"]
struct Assets;

/// The API and the dashboard.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
        .route("/api/meta", get(meta))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/actors", get(actors))
        .route("/api/dyads", get(dyads))
        .route("/api/series", get(series))
        .route("/api/alerts", get(alerts))
        .route("/api/threads", get(threads))
        .fallback(not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(Arc::new(state))
}

/// Binds `addr` and serves until Ctrl-C; `on_bound` learns the real address (for port 0).
pub async fn serve(state: AppState, addr: SocketAddr, on_bound: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

type AppStateRef = State<Arc<AppState>>;

async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    // Scripts only from our own embedded files: article text can never run.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    r
}

async fn index() -> Response {
    serve_asset("index.html")
}

async fn asset(Path(path): Path<String>) -> Response {
    serve_asset(&path)
}

fn serve_asset(path: &str) -> Response {
    match Assets::get(path) {
        Some(file) => {
            let mime = file.metadata.mimetype();
            // Text types name their charset: never left to the browser's guess.
            let mime = if mime.starts_with("text/") || mime.ends_with("javascript") {
                format!("{mime}; charset=utf-8")
            } else {
                mime.to_string()
            };
            let mut r = (StatusCode::OK, file.data.into_owned()).into_response();
            if let Ok(v) = HeaderValue::from_str(&mime) {
                r.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        None => ApiError::not_found(format!("no asset {path}")).into_response(),
    }
}

async fn not_found(uri: Uri) -> Response {
    ApiError::not_found(format!("no such endpoint: {}", uri.path())).into_response()
}

fn json<T: Serialize>(v: &T) -> Response {
    axum::Json(v).into_response()
}

async fn meta(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    Params::parse(q.as_deref())?.finish()?;
    let m = s.with_store(|st| st.meta().map_err(ApiError::from)).await?;
    #[derive(Serialize)]
    struct Out {
        #[serde(flatten)]
        meta: demarche_store::analysis::Meta,
        version: &'static str,
    }
    Ok(json(&Out { meta: m, version: env!("CARGO_PKG_VERSION") }))
}

/// Totals stop at this: counting every match of a broad filter in a large store
/// would cost more than the page itself (`total_exact` says when it stopped).
const MAX_COUNTED: u64 = 10_000;

async fn events(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut p = Params::parse(q.as_deref())?;
    let mut f = p.event_filter()?;
    f.canonical = p.flag("canonical")?;
    let page = p.int("page", 1, 100_000, 1)?;
    let per_page = p.int("per_page", 1, MAX_PAGE_SIZE, 50)?;
    p.finish()?;
    f.newest_first = true;
    f.limit = Some(per_page as usize);
    f.offset = ((page - 1) * per_page) as usize;
    let ((total, total_exact), list) = s
        .with_store(move |st| {
            let total = st.count_events_upto(&f, MAX_COUNTED)?;
            Ok((total, st.events(&f)?))
        })
        .await?;
    #[derive(Serialize)]
    struct Out {
        total: u64,
        total_exact: bool,
        page: u64,
        per_page: u64,
        events: Vec<demarche_store::StoredEvent>,
    }
    Ok(json(&Out { total, total_exact, page, per_page, events: list }))
}

async fn event(State(s): AppStateRef, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    Params::parse(q.as_deref())?.finish()?;
    let id: i64 =
        id.parse().ok().filter(|&i| i > 0).ok_or_else(|| ApiError::bad("id", "event id must be a positive integer"))?;
    match s.with_store(move |st| st.event_detail(id).map_err(ApiError::from)).await? {
        Some(d) => Ok(json(&d)),
        None => Err(ApiError::not_found(format!("no event {id}"))),
    }
}

async fn actors(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut p = Params::parse(q.as_deref())?;
    let mut f = EventFilter::default();
    (f.from, f.to) = p.range()?;
    let prefix = p.code("q")?;
    let limit = p.int("limit", 1, 1000, 100)? as usize;
    p.finish()?;
    let list = s.with_store(move |st| st.actors(&f, prefix.as_deref(), limit).map_err(ApiError::from)).await?;
    Ok(json(&list))
}

async fn dyads(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut p = Params::parse(q.as_deref())?;
    let mut f =
        EventFilter { actor: p.code("actor")?, root: p.root("root")?, plover: p.plover()?, ..Default::default() };
    (f.from, f.to) = p.range()?;
    let limit = p.int("limit", 1, 1000, 100)? as usize;
    p.finish()?;
    let list = s.with_store(move |st| st.dyads(&f, limit).map_err(ApiError::from)).await?;
    Ok(json(&list))
}

async fn series(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut p = Params::parse(q.as_deref())?;
    let dyad = p.dyad()?;
    let actor = p.code("actor")?;
    let undirected = p.flag("undirected")?;
    let (from, to) = p.date_range()?;
    p.finish()?;
    if dyad.is_none() && actor.is_none() {
        return Err(ApiError::bad("dyad", "give a dyad (SRC-TGT) or an actor"));
    }
    let q = SeriesQuery { dyad, actor, undirected, from, to };
    let out = s.with_store(move |st| st.series(&q).map_err(ApiError::from)).await?;
    Ok(json(&out))
}

async fn alerts(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut p = Params::parse(q.as_deref())?;
    let actor = p.code("actor")?;
    let dyad = p.dyad()?;
    let (from, to) = p.date_range()?;
    let window = p.int("window", 7, 365, 28)? as u32;
    let threshold = p.float("threshold", 1.0, 10.0, 2.0)?;
    let limit = p.int("limit", 1, 1000, 100)? as usize;
    p.finish()?;
    let q = AlertQuery { actor, dyad, from, to, window, threshold, limit };
    let out = s.with_store(move |st| st.alerts(&q).map_err(ApiError::from)).await?;
    Ok(json(&out))
}

async fn threads(State(s): AppStateRef, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let mut p = Params::parse(q.as_deref())?;
    let mut f = EventFilter { actor: p.code("actor")?, dyad: p.dyad()?, ..Default::default() };
    (f.from, f.to) = p.range()?;
    let limit = p.int("limit", 1, 1000, 100)? as usize;
    p.finish()?;
    let out = s.with_store(move |st| st.threads(&f, limit).map_err(ApiError::from)).await?;
    Ok(json(&out))
}
