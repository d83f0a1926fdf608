//! Embedding memory: 40 memory states (clouds of 16 atoms around stored
//! patterns in R^8) are recalled from noisy queries by their kernel mean
//! embeddings `q ↦ ∫ k(q, x) dμ_j`, exactly and with 1024 random Fourier
//! features. Recall@1 is reported as the query noise grows.
//!
//! `cargo run --release -p hwg-limit --example embedding_recall`

mod common;

use hwg_limit::hwg_measure::ParticleMeasure;
use hwg_limit::hwg_measure::rng::Rng;
use hwg_limit::hwg_project::hilbert::{
    EmbeddingMemory, GaussianKernel, RandomFourierFeatures, Scorer,
};
use ndarray::{Array1, Array2};

fn main() {
    let (items, d, queries) = (40, 8, 400);
    let mut rng = Rng::new(21);
    let patterns = Array2::from_shape_simple_fn((items, d), || rng.normal());
    let stored: Vec<ParticleMeasure> = (0..items)
        .map(|j| {
            ParticleMeasure::uniform(Array2::from_shape_fn((16, d), |(_, c)| {
                patterns[[j, c]] + 0.3 * rng.normal()
            }))
            .unwrap()
        })
        .collect();
    let exact = EmbeddingMemory::new(
        stored.clone(),
        Scorer::Exact(GaussianKernel::new(1.0).unwrap()),
    )
    .unwrap();
    let rff = EmbeddingMemory::new(
        stored,
        Scorer::Features(RandomFourierFeatures::new(d, 1024, 1.0, 22).unwrap()),
    )
    .unwrap();
    let noise: Vec<f64> = (1..=10).map(|i| 0.1 * i as f64).collect();
    let (mut r_exact, mut r_rff) = (vec![], vec![]);
    for &s in &noise {
        let (mut a, mut b) = (0, 0);
        for q in 0..queries {
            let j = q % items;
            let query: Array1<f64> = (0..d)
                .map(|c| patterns[[j, c]] + s * rng.normal())
                .collect();
            a += usize::from(exact.recall(query.view(), 1).unwrap()[0] == j);
            b += usize::from(rff.recall(query.view(), 1).unwrap()[0] == j);
        }
        r_exact.push(a as f64 / queries as f64);
        r_rff.push(b as f64 / queries as f64);
        println!(
            "noise {s:.1}: recall@1 exact {:.3}, random features {:.3}",
            r_exact.last().unwrap(),
            r_rff.last().unwrap()
        );
    }
    common::save(
        "embedding_recall",
        "recall@1 against query noise",
        "noise",
        &noise,
        &[("exact kernel", &r_exact), ("random features", &r_rff)],
    );
}
