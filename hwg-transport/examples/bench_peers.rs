//! Side-by-side comparison with the Python OT library (POT), in one run.
//!
//! `cargo xtask bench-peers` (or `cargo run --release -p hwg-transport
//! --example bench_peers -- [--python PATH] [--quick]`) builds seeded random
//! instances, solves them here and with POT (`ot.emd2`, `ot.sinkhorn` plain
//! and `sinkhorn_log`, `ot.wasserstein_1d`) in a Python child process, checks
//! that the answers agree, and prints median times and their ratios. Without
//! Python or POT it says so and exits successfully: it is not part of the tests.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use hwg_measure::rng::Rng;
use hwg_transport::*;
use ndarray::{Array1, Array2};

const PYTHON: &str = r#"
import json, sys, time
import numpy as np
import ot

def load(d, name, shape):
    return np.fromfile(f"{d}/{name}.bin", dtype="<f8").reshape(shape)

def median_time(f, reps):
    times, out = [], None
    for _ in range(reps):
        t = time.perf_counter(); out = f(); times.append(time.perf_counter() - t)
    return float(np.median(times)), out

tasks = json.load(open(sys.argv[1]))
results = {}
for t in tasks:
    d, n, m, reps = t["dir"], t["n"], t["m"], t["reps"]
    if t["kind"] == "emd":
        a, b, C = load(d, "a", n), load(d, "b", m), load(d, "C", (n, m))
        sec, cost = median_time(lambda: ot.emd2(a, b, C, numItermax=100_000_000), reps)
        results[t["name"]] = {"seconds": sec, "value": float(cost)}
    elif t["kind"] in ("sinkhorn", "sinkhorn_log"):
        a, b, C = load(d, "a", n), load(d, "b", m), load(d, "C", (n, m))
        method = "sinkhorn" if t["kind"] == "sinkhorn" else "sinkhorn_log"
        f = lambda: ot.sinkhorn(a, b, C, t["eps"], method=method, numItermax=1_000_000, stopThr=t["tol"], log=True)
        sec, (P, log) = median_time(f, reps)
        err = float(np.abs(P.sum(1) - a).sum() + np.abs(P.sum(0) - b).sum())
        results[t["name"]] = {"seconds": sec, "value": float((P * C).sum()), "marginal_error": err, "iterations": int(log["niter"])}
    elif t["kind"] == "w1d":
        x, a, y, b = load(d, "x", n), load(d, "a", n), load(d, "y", m), load(d, "b", m)
        sec, v = median_time(lambda: ot.wasserstein_1d(x, y, a, b, p=2), reps)
        results[t["name"]] = {"seconds": sec, "value": float(v)}
print(json.dumps(results))
"#;

fn write_bin(dir: &Path, name: &str, data: impl Iterator<Item = f64>) {
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.join(format!("{name}.bin"))).unwrap());
    for v in data {
        f.write_all(&v.to_le_bytes()).unwrap();
    }
}

fn weights(rng: &mut Rng, n: usize) -> Array1<f64> {
    hwg_measure::rng::random_weights(rng, n, 0.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time_reps<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..reps {
        let t = Instant::now();
        out = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    (median(times), out.unwrap())
}

struct Row {
    name: String,
    pot_name: String,
    ours: f64,
    value: f64,
    extra: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let python = args
        .iter()
        .position(|a| a == "--python")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var("HWG_PYTHON").ok())
        .unwrap_or_else(|| "python3".into());
    match Command::new(&python)
        .args(["-c", "import ot, numpy"])
        .output()
    {
        Ok(o) if o.status.success() => {}
        Ok(_) => {
            println!(
                "skipping: `{python}` cannot import ot (POT) and numpy; install them in a venv and pass --python"
            );
            return;
        }
        Err(e) => {
            println!("skipping: cannot run `{python}`: {e}");
            return;
        }
    }
    let root = std::env::temp_dir().join(format!("hwg-bench-peers-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let reps = if quick { 1 } else { 5 };
    let mut rng = Rng::new(20261204);
    let mut tasks = Vec::new();

    // 1. Instances, written for the POT side.
    let emd_sizes: &[usize] = if quick { &[200] } else { &[1000, 2000] };
    let mut emd_instances = Vec::new();
    for &n in emd_sizes {
        let dir = root.join(format!("emd{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let x = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
        let y = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
        let (a, b) = (weights(&mut rng, n), weights(&mut rng, n));
        let c = squared_euclidean(x.view(), y.view()).unwrap();
        write_bin(&dir, "a", a.iter().copied());
        write_bin(&dir, "b", b.iter().copied());
        write_bin(&dir, "C", c.iter().copied());
        let name = format!("exact OT n=m={n}");
        tasks.push(format!(
            r#"{{"kind":"emd","name":"{name}","dir":"{}","n":{n},"m":{n},"reps":{reps}}}"#,
            dir.display()
        ));
        emd_instances.push((name, a, b, c));
    }
    let n = if quick { 300 } else { 2000 };
    let dir = root.join("sinkhorn");
    std::fs::create_dir_all(&dir).unwrap();
    let x = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
    let y = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
    let (sa, sb) = (weights(&mut rng, n), weights(&mut rng, n));
    let sc = squared_euclidean(x.view(), y.view()).unwrap();
    let eps = 0.05 * sc.iter().fold(0.0f64, |m, &v| m.max(v));
    write_bin(&dir, "a", sa.iter().copied());
    write_bin(&dir, "b", sb.iter().copied());
    write_bin(&dir, "C", sc.iter().copied());
    for kind in ["sinkhorn", "sinkhorn_log"] {
        tasks.push(format!(
            r#"{{"kind":"{kind}","name":"POT {kind}","dir":"{}","n":{n},"m":{n},"reps":{},"eps":{eps},"tol":1e-9}}"#,
            dir.display(),
            if kind == "sinkhorn_log" { 1 } else { reps }
        ));
    }
    let n1 = if quick { 10_000 } else { 1_000_000 };
    let dir = root.join("w1d");
    std::fs::create_dir_all(&dir).unwrap();
    let x1: Array1<f64> = (0..n1).map(|_| rng.normal()).collect();
    let y1: Array1<f64> = (0..n1).map(|_| 2.0 * rng.normal() + 1.0).collect();
    let (a1, b1) = (weights(&mut rng, n1), weights(&mut rng, n1));
    for (name, v) in [("x", &x1), ("a", &a1), ("y", &y1), ("b", &b1)] {
        write_bin(&dir, name, v.iter().copied());
    }
    let w1d_name = format!("1-D W2² n={n1}");
    tasks.push(format!(
        r#"{{"kind":"w1d","name":"{w1d_name}","dir":"{}","n":{n1},"m":{n1},"reps":{reps}}}"#,
        dir.display()
    ));

    // 2. The POT side, in a child process.
    let manifest = root.join("tasks.json");
    std::fs::write(&manifest, format!("[{}]", tasks.join(","))).unwrap();
    let script = root.join("pot_side.py");
    std::fs::write(&script, PYTHON).unwrap();
    let out = Command::new(&python)
        .arg(&script)
        .arg(&manifest)
        .output()
        .expect("python ran before");
    if !out.status.success() {
        eprintln!("POT side failed:\n{}", String::from_utf8_lossy(&out.stderr));
        std::process::exit(1);
    }
    let pot: serde_json::Value = serde_json::from_slice(&out.stdout).expect("POT side prints JSON");

    // 3. Our side, on the same instances.
    let mut rows = Vec::new();
    for (name, a, b, c) in &emd_instances {
        let (sec, sol) = time_reps(reps, || {
            emd(a.view(), b.view(), c.view(), ExactOptions::default()).unwrap()
        });
        rows.push(Row {
            name: name.clone(),
            pot_name: name.clone(),
            ours: sec,
            value: sol.cost,
            extra: format!(
                "pivots {}, infeasibility {:.1e}, gap {:.1e}",
                sol.pivots,
                sol.certificate.relative_infeasibility(),
                sol.certificate.relative_gap(1.0)
            ),
        });
    }
    // Equal final marginal error: stop ours at the L1 error POT's plain Sinkhorn reached.
    let pot_err = pot["POT sinkhorn"]["marginal_error"].as_f64().unwrap();
    for scaling in [None, Some(0.25)] {
        let params = SinkhornParams {
            tolerance: pot_err,
            scaling,
            ..SinkhornParams::new(eps)
        };
        let (sec, sol) = time_reps(reps, || {
            sinkhorn(sa.view(), sb.view(), sc.view(), &params).unwrap()
        });
        for kind in ["POT sinkhorn", "POT sinkhorn_log"] {
            rows.push(Row {
                name: format!("sinkhorn ε=0.05·maxC n={n}, ε-scaling {scaling:?} vs {kind}"),
                pot_name: kind.into(),
                ours: sec,
                value: sol.transport_cost,
                extra: format!(
                    "ours: {} iterations, L1 marginal error {:.1e}; POT: {} iterations",
                    sol.iterations, sol.marginal_error, pot[kind]["iterations"]
                ),
            });
        }
    }
    let (sec, v) = time_reps(reps, || {
        wasserstein_1d(x1.view(), a1.view(), y1.view(), b1.view(), 2.0).unwrap()
    });
    rows.push(Row {
        name: w1d_name.clone(),
        pot_name: w1d_name,
        ours: sec,
        value: v,
        extra: String::new(),
    });

    println!(
        "{:<62} {:>9} {:>9} {:>9}  agreement / notes",
        "task", "ours (s)", "POT (s)", "POT/ours"
    );
    for r in &rows {
        let p = &pot[r.pot_name.as_str()];
        let (ps, pv) = (p["seconds"].as_f64().unwrap(), p["value"].as_f64().unwrap());
        let note = match p.get("marginal_error") {
            Some(e) => format!("POT L1 marginal error {:.1e}; ", e.as_f64().unwrap()),
            None => String::new(),
        };
        println!(
            "{:<62} {:>9.4} {ps:>9.4} {:>9.2}  |Δ|/value = {:.1e}; {note}{}",
            r.name,
            r.ours,
            ps / r.ours,
            (r.value - pv).abs() / pv.abs().max(1e-300),
            r.extra
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}
