//! `serve`, `series` and `alerts`: the store as an analyst reads it.

use crate::store_cmd::{DbArg, parse_dyad};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use demarche_store::Store;
use demarche_store::analysis::{AlertQuery, SeriesQuery};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Port (0 picks a free one; the address is printed on the first line).
    #[arg(long, default_value_t = 8420)]
    pub port: u16,
    /// Address to listen on. Loopback by default: the store is not meant for the open internet.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Read-only database connections (concurrent queries).
    #[arg(long, default_value_t = 8)]
    pub connections: u32,
}

/// CSV for plotting elsewhere, or the other formats of `code`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Jsonl,
    Table,
}

#[derive(clap::Args, Debug)]
pub struct SeriesArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// A directed dyad: SOURCE-TARGET (RUS-UKR).
    #[arg(long, value_parser = parse_dyad, required_unless_present = "actor")]
    pub dyad: Option<(String, String)>,
    /// An actor on either side (instead of a dyad).
    #[arg(long)]
    pub actor: Option<String>,
    /// Count both directions of the dyad.
    #[arg(long)]
    pub undirected: bool,
    #[arg(long, value_parser = crate::parse_date)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_parser = crate::parse_date)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TableFormat,
}

#[derive(clap::Args, Debug)]
pub struct AlertsArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Only dyads with this actor on either side.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only this directed dyad: SOURCE-TARGET.
    #[arg(long, value_parser = parse_dyad)]
    pub dyad: Option<(String, String)>,
    /// First day to alert on (default: a year before the last stored event).
    #[arg(long, value_parser = crate::parse_date)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_parser = crate::parse_date)]
    pub to: Option<NaiveDate>,
    /// Trailing days each day is compared with.
    #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u32).range(7..=365))]
    pub window: u32,
    /// Standard deviations above the trailing mean that make an alert.
    #[arg(long, default_value_t = 2.0)]
    pub threshold: f64,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TableFormat,
}

pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    let state = demarche_serve::AppState::open(&args.db.db, args.connections)
        .with_context(|| format!("cannot serve {}", args.db.db.display()))?;
    let addr = SocketAddr::new(args.bind, args.port);
    let rt = tokio::runtime::Runtime::new().context("cannot start the server runtime")?;
    rt.block_on(demarche_serve::serve(state, addr, |bound| {
        println!("listening on http://{bound}");
        let _ = std::io::stdout().flush();
    }))
    .with_context(|| format!("cannot serve on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

pub fn series(args: SeriesArgs) -> Result<ExitCode> {
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if f > t {
            bail!("--from {f} is after --to {t}");
        }
    }
    let store = Store::open_read_only(&args.db.db)?;
    let q = SeriesQuery {
        dyad: args.dyad,
        actor: args.actor.map(|a| a.trim().to_uppercase()),
        undirected: args.undirected,
        from: args.from,
        to: args.to,
    };
    let s = store.series(&q)?;
    let header = [
        "date",
        "articles",
        "events",
        "quad1_verbal_coop",
        "quad2_material_coop",
        "quad3_verbal_conflict",
        "quad4_material_conflict",
        "goldstein_sum",
        "goldstein_mean",
        "conflict",
        "conflict_per_100_articles",
    ];
    let rows = s.days.iter().map(|d| {
        vec![
            d.date.clone(),
            d.articles.to_string(),
            d.events.to_string(),
            d.quad[0].to_string(),
            d.quad[1].to_string(),
            d.quad[2].to_string(),
            d.quad[3].to_string(),
            d.goldstein_sum.to_string(),
            d.goldstein_mean.to_string(),
            d.conflict.to_string(),
            d.conflict_per_100_articles.to_string(),
        ]
    });
    print_rows(args.format, &header, rows, s.days.iter())
}

pub fn alerts(args: AlertsArgs) -> Result<ExitCode> {
    if !(1.0..=10.0).contains(&args.threshold) {
        bail!("--threshold must be between 1 and 10 standard deviations");
    }
    let store = Store::open_read_only(&args.db.db)?;
    let q = AlertQuery {
        actor: args.actor.map(|a| a.trim().to_uppercase()),
        dyad: args.dyad,
        from: args.from,
        to: args.to,
        window: args.window,
        threshold: args.threshold,
        limit: args.limit,
    };
    let alerts = store.alerts(&q)?;
    let header = ["date", "source", "target", "score", "trailing_mean", "trailing_sd", "z", "events"];
    let rows = alerts.iter().map(|a| {
        vec![
            a.date.clone(),
            a.source.clone(),
            a.target.clone(),
            a.score.to_string(),
            a.trailing_mean.to_string(),
            a.trailing_sd.to_string(),
            a.z.to_string(),
            a.events.to_string(),
        ]
    });
    print_rows(args.format, &header, rows, alerts.iter())
}

fn print_rows<T: serde::Serialize>(
    format: TableFormat,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    records: impl Iterator<Item = T>,
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(header)?;
            for r in rows {
                w.write_record(&r)?;
            }
            w.flush()?;
        }
        TableFormat::Jsonl => {
            for r in records {
                serde_json::to_writer(&mut out, &r)?;
                writeln!(out)?;
            }
        }
        TableFormat::Table => {
            let mut t = comfy_table::Table::new();
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
            t.set_header(header.to_vec());
            for r in rows {
                t.add_row(r);
            }
            writeln!(out, "{t}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
