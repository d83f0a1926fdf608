//! Synaptic competition and pruning along a run.

use ndarray::{Array1, ArrayView1};

use crate::error::{ProjectError, Result, check_dim, check_finite, check_param};

/// Records structural weights step by step: their sum (conserved), and the
/// first step at which each cell's mass falls below `threshold` (pruning).
#[derive(Debug, Clone)]
pub struct CompetitionTracker {
    threshold: f64,
    cells: usize,
    steps: Vec<usize>,
    history: Vec<Array1<f64>>,
    sums: Vec<f64>,
    pruned_at: Vec<Option<usize>>,
}

impl CompetitionTracker {
    /// Track `cells` cells with pruning threshold `0 < threshold < 1`.
    pub fn new(cells: usize, threshold: f64) -> Result<Self> {
        if cells == 0 {
            return Err(ProjectError::EmptyPartition {
                what: "competition tracker",
            });
        }
        check_param(
            "threshold",
            threshold,
            threshold > 0.0 && threshold < 1.0,
            "pruning threshold must lie in (0, 1)",
        )?;
        Ok(Self {
            threshold,
            cells,
            steps: Vec::new(),
            history: Vec::new(),
            sums: Vec::new(),
            pruned_at: vec![None; cells],
        })
    }

    /// Record the weights observed at `step`.
    pub fn record(&mut self, step: usize, weights: ArrayView1<f64>) -> Result<()> {
        check_dim("weights vs tracker", self.cells, weights.len())?;
        check_finite("weights", weights.iter())?;
        for (i, &w) in weights.iter().enumerate() {
            if w < self.threshold && self.pruned_at[i].is_none() {
                self.pruned_at[i] = Some(step);
            }
        }
        self.steps.push(step);
        self.sums
            .push(hwg_measure::compensated_sum(weights.iter().copied()));
        self.history.push(weights.to_owned());
        Ok(())
    }

    /// The first step at which each cell fell below the threshold (`None`: never).
    pub fn pruned_at(&self) -> &[Option<usize>] {
        &self.pruned_at
    }

    /// `Σ_i w_i` at each recorded step.
    pub fn sums(&self) -> &[f64] {
        &self.sums
    }

    /// `max_k |Σ_i w_i − 1|` over the recorded steps.
    pub fn max_mass_defect(&self) -> f64 {
        self.sums.iter().fold(0.0, |m, s| m.max((s - 1.0).abs()))
    }

    /// Recorded steps.
    pub fn steps(&self) -> &[usize] {
        &self.steps
    }

    /// The weight of `cell` at each recorded step.
    pub fn trajectory(&self, cell: usize) -> Vec<f64> {
        self.history
            .iter()
            .map(|w| w.get(cell).copied().unwrap_or(f64::NAN))
            .collect()
    }

    /// The cell with the largest weight at the last record.
    pub fn winner(&self) -> Option<usize> {
        let last = self.history.last()?;
        (0..self.cells).max_by(|&a, &b| last[a].total_cmp(&last[b]))
    }
}
