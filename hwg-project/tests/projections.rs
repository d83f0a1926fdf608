//! Each projection against a closed form, and each bad input against its error.

use hwg_measure::rng::{Rng, random_measure};
use hwg_project::flat::{ClassicalNetwork, EffectiveWeights, Mean, MeanFieldNetwork};
use hwg_project::hilbert::{
    EmbeddingMemory, GaussianKernel, OrderParameters, RandomFourierFeatures, Scorer,
};
use hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure::{
    self, ComplexParticleMeasure, Gaussian, GridHistogram1d, ParticleMeasure, SortedLine,
};
use hwg_project::hwg_jko::hwg_energy::{CircleKernel, Energy, Interaction, TwoLayerRisk};
use hwg_project::simplicial::{
    CompetitionTracker, Partition, SimplexBarycenter, SoftmaxOfMean, StructuralWeights, softmax,
};
use hwg_project::spectral::{CorrelationOperator, SpectralModes};
use hwg_project::{ProjectError, Projection};
use ndarray::{Array1, Array2, array};
use num_complex::Complex64;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn mean_of_every_representation() {
    let g = Gaussian::new(array![1.0, -2.0], array![[1.0, 0.2], [0.2, 2.0]]).unwrap();
    assert_eq!(Mean.project(&g).unwrap(), array![1.0, -2.0]);
    let line = SortedLine::new(array![-1.0, 0.0, 3.0], array![0.25, 0.25, 0.5]).unwrap();
    assert!(close(Mean.project(&line).unwrap()[0], 1.25, 1e-15));
    // Cells centred at 0.5, 1.5, 2.5.
    let grid = GridHistogram1d::new(0.0, 1.0, array![0.5, 0.0, 0.5]).unwrap();
    assert!(close(Mean.project(&grid).unwrap()[0], 1.5, 1e-15));
}

#[test]
fn structural_weights_sum_to_one_and_count_cells() {
    let mu = ParticleMeasure::new(
        array![[0.1, 0.1], [0.9, 0.2], [0.2, 0.8], [5.0, 5.0], [-3.0, 0.4]],
        array![0.1, 0.2, 0.3, 0.25, 0.15],
    )
    .unwrap();
    // 2 × 2 grid on [0, 1]²; outside points clamp to the border cells.
    let grid = StructuralWeights::new(
        Partition::grid(vec![0.0, 0.0], vec![0.5, 0.5], vec![2, 2]).unwrap(),
    );
    let w = grid.project(&mu).unwrap();
    let expect = [0.1 + 0.15, 0.3, 0.2, 0.25];
    for (a, b) in w.iter().zip(expect) {
        assert!(close(*a, b, 1e-15), "{w}");
    }
    let vor = StructuralWeights::new(Partition::voronoi(array![[0.0, 0.0], [4.0, 4.0]]).unwrap());
    let w = vor.project(&mu).unwrap();
    assert!(close(w[0], 0.75, 1e-15) && close(w[1], 0.25, 1e-15));
    let right =
        StructuralWeights::new(Partition::classifier(2, 2, |x| usize::from(x[0] > 0.5)).unwrap());
    let w = right.project(&mu).unwrap();
    assert!(close(w[1], 0.2 + 0.25, 1e-15) && close(w.sum(), 1.0, 1e-15));
    let mut rng = Rng::new(3);
    let big = random_measure(&mut rng, 10_000, 2, 3.0).unwrap();
    assert!((vor.project(&big).unwrap().sum() - 1.0).abs() < 1e-14);
}

#[test]
fn intervals_on_lines_and_grids() {
    let p = Partition::intervals(vec![0.0, 1.0]).unwrap();
    let sw = StructuralWeights::new(p);
    let line = SortedLine::new(array![-1.0, 0.0, 0.5, 2.0], array![0.1, 0.2, 0.3, 0.4]).unwrap();
    let w = sw.project(&line).unwrap();
    assert!(close(w[0], 0.1, 1e-15) && close(w[1], 0.5, 1e-15) && close(w[2], 0.4, 1e-15));
    let grid = GridHistogram1d::new(-1.0, 1.0, array![0.2, 0.3, 0.5]).unwrap(); // centres −0.5, 0.5, 1.5
    let w = sw.project(&grid).unwrap();
    assert!(close(w[0], 0.2, 1e-15) && close(w[1], 0.3, 1e-15) && close(w[2], 0.5, 1e-15));
}

#[test]
fn effective_weights_add_up_to_the_mean() {
    let mut rng = Rng::new(4);
    let mu = random_measure(&mut rng, 500, 3, 2.0).unwrap();
    let centres = Array2::from_shape_fn((5, 3), |_| rng.normal());
    let eff = EffectiveWeights::new(Partition::voronoi(centres).unwrap())
        .project(&mu)
        .unwrap();
    let total = eff.sum_axis(ndarray::Axis(0));
    for (a, b) in total.iter().zip(mu.mean().iter()) {
        assert!((a - b).abs() < 1e-14);
    }
}

#[test]
fn mean_field_network_matches_the_energy_layers_prediction() {
    let mut rng = Rng::new(5);
    let inputs = Array2::from_shape_fn((7, 2), |_| rng.normal());
    let mu = random_measure(&mut rng, 30, 3, 1.0).unwrap();
    let ours = MeanFieldNetwork::new(inputs.clone())
        .unwrap()
        .project(&mu)
        .unwrap();
    let risk = TwoLayerRisk::new(inputs.clone(), Array1::zeros(7)).unwrap();
    let theirs = risk.predict(mu.view(), inputs.view()).unwrap();
    for (a, b) in ours.iter().zip(theirs.iter()) {
        assert!((a - b).abs() < 1e-14);
    }
}

#[test]
fn classical_network_gradient_matches_finite_differences() {
    let mut rng = Rng::new(6);
    let inputs = Array2::from_shape_fn((9, 2), |_| rng.normal());
    let targets: Array1<f64> = (0..9).map(|_| rng.normal()).collect();
    let mu = ParticleMeasure::uniform(Array2::from_shape_fn((5, 3), |_| rng.normal())).unwrap();
    let net = ClassicalNetwork::from_measure(&mu).unwrap();
    let lr = 1e-3;
    let stepped = net
        .gradient_step(inputs.view(), targets.view(), lr)
        .unwrap();
    let h = 1e-6;
    for i in 0..5 {
        let mut plus = net.clone();
        let mut minus = net.clone();
        plus.c[i] += h;
        minus.c[i] -= h;
        let g = (plus.loss(inputs.view(), targets.view()).unwrap()
            - minus.loss(inputs.view(), targets.view()).unwrap())
            / (2.0 * h);
        assert!(((net.c[i] - stepped.c[i]) / lr - g).abs() < 1e-7);
        for j in 0..2 {
            let (mut plus, mut minus) = (net.clone(), net.clone());
            plus.w[i][j] += h;
            minus.w[i][j] -= h;
            let g = (plus.loss(inputs.view(), targets.view()).unwrap()
                - minus.loss(inputs.view(), targets.view()).unwrap())
                / (2.0 * h);
            assert!(((net.w[i][j] - stepped.w[i][j]) / lr - g).abs() < 1e-7);
        }
    }
    let unequal =
        ParticleMeasure::new(array![[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]], array![0.3, 0.7]).unwrap();
    assert!(matches!(
        ClassicalNetwork::from_measure(&unequal),
        Err(ProjectError::UnequalWeights { atom: 0, .. })
    ));
}

#[test]
fn softmax_and_simplex() {
    let theta = array![1000.0, 1001.0, 999.0];
    let p = softmax(&theta);
    let e = [(-1.0f64).exp(), 1.0, (-2.0f64).exp()];
    let z: f64 = e.iter().sum();
    for (a, b) in p.iter().zip(e) {
        assert!(close(*a, b / z, 1e-15));
    }
    let mu = ParticleMeasure::uniform(array![[0.0, 0.0], [2.0, 0.0]]).unwrap();
    let q = SoftmaxOfMean.project(&mu).unwrap();
    assert!(close(q[0], 1.0f64.exp() / (1.0f64.exp() + 1.0), 1e-15));
    let on = ParticleMeasure::uniform(array![[1.0, 0.0], [0.25, 0.75]]).unwrap();
    let b = SimplexBarycenter::default().project(&on).unwrap();
    assert!(close(b[0], 0.625, 1e-15));
    let off = ParticleMeasure::uniform(array![[1.0, 0.0], [0.5, 0.6]]).unwrap();
    assert!(matches!(
        SimplexBarycenter::default().project(&off),
        Err(ProjectError::NotOnSimplex { atom: 1, .. })
    ));
}

#[test]
fn tracker_records_the_first_step_below_threshold() {
    let mut t = CompetitionTracker::new(2, 0.1).unwrap();
    for (k, w) in [[0.5, 0.5], [0.8, 0.2], [0.95, 0.05], [0.85, 0.15]]
        .iter()
        .enumerate()
    {
        t.record(k, Array1::from(w.to_vec()).view()).unwrap();
    }
    assert_eq!(t.pruned_at(), &[None, Some(2)]);
    assert_eq!(t.winner(), Some(0));
    assert!(t.max_mass_defect() < 1e-15);
    assert!(matches!(
        t.record(4, array![1.0].view()),
        Err(ProjectError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        CompetitionTracker::new(2, 0.0),
        Err(ProjectError::InvalidParameter { .. })
    ));
}

#[test]
fn order_parameters_of_antipodal_clusters_and_the_energy_identity() {
    let p = 0.7;
    let mu = ParticleMeasure::new(
        array![[0.3], [0.3 + std::f64::consts::PI]],
        array![p, 1.0 - p],
    )
    .unwrap();
    let z = OrderParameters::circle(2).unwrap().project(&mu).unwrap();
    assert!(close(z[0].norm(), 2.0 * p - 1.0, 1e-14));
    assert!(close(z[1].norm(), 1.0, 1e-14));
    // E = −Σ (J_k/2)|Z_k|² against the pairwise double sum.
    let mut rng = Rng::new(7);
    let mu = random_measure(&mut rng, 40, 1, 2.0).unwrap();
    let z = OrderParameters::circle(2).unwrap().project(&mu).unwrap();
    let en = Interaction(CircleKernel::new(vec![0.8, 0.3]).unwrap());
    let identity = -0.4 * z[0].norm_sqr() - 0.15 * z[1].norm_sqr();
    assert!(close(en.value(mu.view()).unwrap(), identity, 1e-13));
    // Torus wave (1, 0) reads the first coordinate only.
    let torus = ParticleMeasure::uniform(array![[0.0, 1.0], [std::f64::consts::PI, 2.0]]).unwrap();
    let z = OrderParameters::torus(vec![vec![1, 0], vec![0, 0]])
        .unwrap()
        .project(&torus)
        .unwrap();
    assert!(z[0].norm() < 1e-15 && close(z[1].re, 1.0, 1e-15));
}

#[test]
fn kernel_embeddings_mmd_and_random_features() {
    let k = GaussianKernel::new(0.5).unwrap();
    let (x, y) = (array![[0.0, 0.0]], array![[1.0, 0.0]]);
    let dx = ParticleMeasure::uniform(x.clone()).unwrap();
    let dy = ParticleMeasure::uniform(y).unwrap();
    let kxy = (-1.0f64 / (2.0 * 0.25)).exp();
    assert!(close(
        k.mmd_squared(&dx, &dy).unwrap(),
        2.0 - 2.0 * kxy,
        1e-14
    ));
    assert!(k.mmd_squared(&dx, &dx).unwrap() < 1e-15);
    let mut rng = Rng::new(8);
    let mu = random_measure(&mut rng, 200, 2, 1.0).unwrap();
    let nu = random_measure(&mut rng, 200, 2, 1.0).unwrap();
    let exact = k.mmd_squared(&mu, &nu).unwrap();
    // Random features: ⟨φ(x), φ(y)⟩ → k(x, y) at rate D^{-1/2}, averaged over pairs.
    let pairs = random_measure(&mut rng, 400, 2, 0.7).unwrap();
    let pts = pairs.points();
    let mut errs = Vec::new();
    for d in [64, 4096] {
        let f = RandomFourierFeatures::new(2, d, 0.5, 9).unwrap();
        let mut err = 0.0;
        for p in 0..200 {
            let (a, b) = (pts.row(2 * p), pts.row(2 * p + 1));
            err +=
                (f.features(a).unwrap().dot(&f.features(b).unwrap()) - k.eval(a, b)).abs() / 200.0;
        }
        errs.push(err);
        assert!(
            (f.project(&dx).unwrap() - f.features(x.row(0)).unwrap())
                .iter()
                .all(|v| v.abs() < 1e-15)
        );
        if d == 4096 {
            let diff = f.project(&mu).unwrap() - f.project(&nu).unwrap();
            assert!(
                (diff.dot(&diff) - exact).abs() < 5e-3,
                "{} vs {exact}",
                diff.dot(&diff)
            );
        }
    }
    // 64× the features: error down by about 8; ask for 3.
    assert!(errs[1] < errs[0] / 3.0 && errs[1] < 0.03, "{errs:?}");
}

#[test]
fn recall_ranks_by_embedding_value() {
    let items: Vec<ParticleMeasure> = [0.0, 3.0, 6.0]
        .iter()
        .map(|&c| ParticleMeasure::uniform(array![[c], [c + 0.1]]).unwrap())
        .collect();
    let mem =
        EmbeddingMemory::new(items, Scorer::Exact(GaussianKernel::new(1.0).unwrap())).unwrap();
    assert_eq!(mem.recall(array![2.6].view(), 3).unwrap(), vec![1, 0, 2]);
    assert!(matches!(
        mem.recall(array![1.0, 2.0].view(), 1),
        Err(ProjectError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        mem.recall(array![f64::NAN].view(), 1),
        Err(ProjectError::NonFinite { .. })
    ));
}

#[test]
fn spectral_modes_of_orthogonal_diracs() {
    let i = Complex64::new(0.0, 1.0);
    let s = std::f64::consts::FRAC_1_SQRT_2;
    // Atoms 2·e_a and (1/√2)(1, i)-type vectors: K = Σ w |z|² û û*.
    let z = array![
        [Complex64::new(2.0 * s, 0.0), i * (2.0 * s)],
        [Complex64::new(s, 0.0), -i * s]
    ];
    let mu = ComplexParticleMeasure::new(z, array![0.25, 0.75]).unwrap();
    let k = CorrelationOperator.project(&mu).unwrap();
    let modes = SpectralModes::of(k.view()).unwrap();
    assert!(close(modes.values[0], 1.0, 1e-14) && close(modes.values[1], 0.75, 1e-14));
    // Leading mode ∝ (1, i)/√2.
    let v = modes.vectors.column(0);
    let overlap = (v[0].conj() * s + v[1].conj() * i * s).norm();
    assert!(close(overlap, 1.0, 1e-14));
    assert!(
        modes
            .alignment(k.view(), 2)
            .unwrap()
            .iter()
            .all(|a| close(*a, 1.0, 1e-12))
    );
}

#[test]
fn bad_input_gets_typed_errors() {
    assert!(matches!(
        Partition::voronoi(Array2::zeros((0, 2))),
        Err(ProjectError::EmptyPartition { .. })
    ));
    assert!(matches!(
        Partition::grid(vec![0.0], vec![1.0], vec![0]),
        Err(ProjectError::EmptyPartition { .. })
    ));
    assert!(matches!(
        Partition::classifier(0, 1, |_| 0),
        Err(ProjectError::EmptyPartition { .. })
    ));
    assert!(matches!(
        Partition::intervals(vec![1.0, 1.0]),
        Err(ProjectError::InvalidParameter { .. })
    ));
    let bad_class = StructuralWeights::new(Partition::classifier(2, 1, |_| 5).unwrap());
    let mu = ParticleMeasure::uniform(array![[0.0], [1.0]]).unwrap();
    assert!(matches!(
        bad_class.project(&mu),
        Err(ProjectError::CellOutOfRange {
            atom: 0,
            cell: 5,
            cells: 2
        })
    ));
    let two_d = StructuralWeights::new(Partition::voronoi(array![[0.0, 0.0]]).unwrap());
    assert!(matches!(
        two_d.project(&mu),
        Err(ProjectError::DimensionMismatch {
            expected: 2,
            found: 1,
            ..
        })
    ));
    for h in [0.0, -1.0, f64::NAN] {
        assert!(matches!(
            GaussianKernel::new(h),
            Err(ProjectError::InvalidParameter {
                name: "bandwidth",
                ..
            })
        ));
        assert!(matches!(
            RandomFourierFeatures::new(2, 8, h, 1),
            Err(ProjectError::InvalidParameter { .. })
        ));
    }
    let mut c = Array2::from_elem((2, 2), Complex64::new(1.0, 0.0));
    c[[0, 1]] = Complex64::new(1.0, 0.5);
    assert!(matches!(
        SpectralModes::of(c.view()),
        Err(ProjectError::NotHermitian { row: 1, col: 0, .. })
    ));
    assert!(matches!(
        SpectralModes::of(Array2::zeros((2, 3)).view()),
        Err(ProjectError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        OrderParameters::circle(0),
        Err(ProjectError::InvalidParameter { .. })
    ));
    assert!(matches!(
        OrderParameters::torus(vec![vec![1, 0], vec![1]]),
        Err(ProjectError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        MeanFieldNetwork::new(array![[f64::INFINITY]]),
        Err(ProjectError::NonFinite { .. })
    ));
    assert!(matches!(
        EmbeddingMemory::new(vec![], Scorer::Exact(GaussianKernel::new(1.0).unwrap())),
        Err(ProjectError::NoItems { .. })
    ));
    let mut broken = ClassicalNetwork {
        c: vec![1.0, 2.0],
        w: vec![vec![0.5]],
    };
    assert!(matches!(
        broken.to_measure(),
        Err(ProjectError::DimensionMismatch { .. })
    ));
    broken.w.push(vec![0.1, 0.2]);
    assert!(matches!(
        broken.gradient_step(array![[1.0]].view(), array![0.0].view(), 0.1),
        Err(ProjectError::DimensionMismatch { .. })
    ));
}
