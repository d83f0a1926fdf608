//! `cargo xtask` — project automation (alias in `.cargo/config.toml`).
//!
//! `cargo xtask verify [--quick] [--filter PATTERN] [--list]` runs the checks
//! every layer registers and writes `target/hwg-verify/report.{json,md}`;
//! `cargo xtask bench-peers` times hwg-transport against POT where Python and
//! the `pot` package are available (it is not part of the tests).
#![warn(missing_docs)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod plot;
mod report;

use hwg_limit::hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure;
use hwg_measure::verify::{Check, CheckResult, Scale};

const USAGE: &str = "usage: cargo xtask verify [--quick] [--filter PATTERN] [--list]
       cargo xtask bench-peers [--python PATH] [--quick]   (timings against POT; needs python + pot)";

/// Every layer's checks, bottom-up.
fn registry() -> Vec<Check> {
    let mut all = hwg_measure::checks();
    all.extend(hwg_limit::hwg_project::hwg_jko::hwg_energy::hwg_transport::checks());
    all.extend(hwg_limit::hwg_project::hwg_jko::hwg_energy::checks());
    all.extend(hwg_limit::hwg_project::hwg_jko::checks());
    all.extend(hwg_limit::hwg_project::checks());
    all.extend(hwg_limit::checks());
    all
}

struct VerifyArgs {
    scale: Scale,
    filter: Option<String>,
    list: bool,
}

fn parse_verify(args: &[String]) -> Result<VerifyArgs, String> {
    let mut parsed = VerifyArgs {
        scale: Scale::Full,
        filter: None,
        list: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => parsed.scale = Scale::Quick,
            "--list" => parsed.list = true,
            "--filter" => {
                parsed.filter = Some(it.next().ok_or("--filter needs a PATTERN")?.clone());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(parsed)
}

fn selected(checks: Vec<Check>, filter: Option<&str>) -> Vec<Check> {
    checks
        .into_iter()
        .filter(|c| filter.is_none_or(|f| c.id.contains(f) || c.layer.contains(f)))
        .collect()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

fn verify(args: VerifyArgs) -> Result<bool, String> {
    let checks = selected(registry(), args.filter.as_deref());
    if args.list {
        for c in &checks {
            println!("{:<34} {:<14} {}", c.id, c.layer, c.claim);
        }
        return Ok(true);
    }
    if checks.is_empty() {
        return Err("no check matches the filter".into());
    }
    let bar = indicatif::ProgressBar::new(checks.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}")
            .map_err(|e| e.to_string())?,
    );
    let start = std::time::Instant::now();
    let mut results: Vec<CheckResult> = Vec::with_capacity(checks.len());
    for c in &checks {
        bar.set_message(c.id);
        let r = c.evaluate(args.scale);
        bar.println(format!(
            "{} {:<34} {:>9.2}s",
            if r.passed { "pass" } else { "FAIL" },
            r.id,
            r.seconds
        ));
        results.push(r);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let summary = report::Summary::new(args.scale, start.elapsed().as_secs_f64(), results);
    println!("{}", summary.table());
    let dir = workspace_root().join("target").join("hwg-verify");
    let figures = plot::draw_all(&summary.results, &dir.join("plots"))
        .map_err(|e| format!("drawing the figures in {}: {e}", dir.display()))?;
    summary
        .write(&dir, &figures)
        .map_err(|e| format!("writing the report in {}: {e}", dir.display()))?;
    println!(
        "{} passed, {} failed in {:.1} s; report: {}",
        summary.passed(),
        summary.failed(),
        summary.seconds,
        dir.join("report.md").display()
    );
    Ok(summary.failed() == 0)
}

/// Run the side-by-side POT comparison in release mode (an example of
/// hwg-transport, so that it is built with the optimised profile).
fn bench_peers(args: &[String]) -> Result<bool, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "hwg-transport",
            "--example",
            "bench_peers",
            "--",
        ])
        .args(args)
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    Ok(status.success())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("verify") => parse_verify(&args[1..]).and_then(verify),
        Some("bench-peers") => bench_peers(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_ids_are_unique_and_prefixed_by_their_layer() {
        let checks = registry();
        let mut ids: Vec<&str> = checks.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate check id");
        for c in &checks {
            let prefix = c.layer.trim_start_matches("hwg-");
            assert!(
                c.id.starts_with(&format!("{prefix}.")),
                "{} not under {}",
                c.id,
                c.layer
            );
        }
    }

    #[test]
    fn arguments_parse_and_filter() {
        let a = parse_verify(&["--quick".into(), "--filter".into(), "serde".into()]).unwrap();
        assert_eq!(a.scale, Scale::Quick);
        let picked = selected(registry(), a.filter.as_deref());
        assert!(!picked.is_empty() && picked.iter().all(|c| c.id.contains("serde")));
        assert!(parse_verify(&["--filter".into()]).is_err());
        assert!(parse_verify(&["--fast".into()]).is_err());
    }
}
