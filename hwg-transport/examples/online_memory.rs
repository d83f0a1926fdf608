//! Online Sinkhorn on 20,000 + 20,000 points in 2-D, reporting peak memory.
//!
//! `cargo run --release -p hwg-transport --example online_memory [-- N]`.
//! A dense cost matrix alone would need 8·N² bytes (3.2 GB at N = 20,000);
//! the online solver keeps two potentials and the points. Peak resident
//! memory is read from `/proc/self/status` (Linux) after the solve.

use hwg_measure::ParticleMeasure;
use hwg_measure::rng::Rng;
use hwg_transport::{SinkhornParams, sinkhorn_online};
use ndarray::{Array1, Array2};

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng::new(42);
    let x = Array2::from_shape_simple_fn((n, 2), || rng.normal());
    let y = Array2::from_shape_simple_fn((n, 2), || rng.normal() * 0.5 + 1.0);
    let w = Array1::from_elem(n, 1.0 / n as f64);
    let mu = ParticleMeasure::new(x, w.clone()).unwrap();
    let nu = ParticleMeasure::new(y, w).unwrap();
    let params = SinkhornParams {
        tolerance: 1e-6,
        ..SinkhornParams::new(0.1)
    };
    let t = std::time::Instant::now();
    let sol = sinkhorn_online(&mu, &nu, &params).unwrap();
    let secs = t.elapsed().as_secs_f64();
    let peak = peak_rss_kib();
    println!(
        "n = m = {n}: {} iterations, L1 marginal error {:.1e}, {secs:.1} s, peak RSS {} (dense C would be {:.1} GB)",
        sol.iterations,
        sol.marginal_error,
        peak.map_or("unknown".into(), |k| format!(
            "{:.1} MiB",
            k as f64 / 1024.0
        )),
        8.0 * (n * n) as f64 / 1e9
    );
    if let Some(k) = peak {
        assert!(k < 1024 * 1024, "peak memory above 1 GiB");
    }
}
