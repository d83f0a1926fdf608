//! The verification report: a terminal table, `report.json` and `report.md`.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::hwg_measure::verify::{CheckResult, Scale};

/// All results of one run.
#[derive(Serialize)]
pub struct Summary {
    pub scale: Scale,
    pub seconds: f64,
    pub results: Vec<CheckResult>,
}

fn value_text(r: &CheckResult) -> String {
    r.value
        .map_or_else(|| "error".into(), |v| format!("{v:.3e}"))
}

impl Summary {
    pub fn new(scale: Scale, seconds: f64, results: Vec<CheckResult>) -> Self {
        Self {
            scale,
            seconds,
            results,
        }
    }

    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed).count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// Layers in first-seen (bottom-up) order.
    fn layers(&self) -> Vec<&str> {
        let mut layers: Vec<&str> = Vec::new();
        for r in &self.results {
            if !layers.contains(&r.layer.as_str()) {
                layers.push(&r.layer);
            }
        }
        layers
    }

    /// Plain-text table grouped by layer.
    pub fn table(&self) -> String {
        let mut out = String::new();
        for layer in self.layers() {
            let _ = writeln!(out, "\n{layer}");
            for r in self.results.iter().filter(|r| r.layer == layer) {
                let _ = writeln!(
                    out,
                    "  {} {:<34} {:>11} {:<12} {:>8.2}s",
                    if r.passed { "pass" } else { "FAIL" },
                    r.id,
                    value_text(r),
                    r.criterion.describe(),
                    r.seconds
                );
                if !r.passed {
                    let _ = writeln!(out, "       {}", r.detail);
                }
            }
        }
        out
    }

    /// Markdown: a summary line, the figures (`plots/FILE`), then one table
    /// per layer with claims and details.
    pub fn markdown(&self, figures: &[(String, String)]) -> String {
        let mut md = String::from("# Tan-HWG verification report\n\n");
        let _ = writeln!(
            md,
            "Scale: {:?}. {} checks, {} passed, {} failed, {:.1} s.\n",
            self.scale,
            self.results.len(),
            self.passed(),
            self.failed(),
            self.seconds
        );
        if !figures.is_empty() {
            md.push_str("## Figures\n\n");
            for (file, caption) in figures {
                let _ = writeln!(md, "![{caption}](plots/{file})\n\n*{caption}.*\n");
            }
        }
        for layer in self.layers() {
            let _ = writeln!(md, "## {layer}\n");
            md.push_str("| check | claim | statistic | value | criterion | verdict | s |\n|---|---|---|---|---|---|---|\n");
            for r in self.results.iter().filter(|r| r.layer == layer) {
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {} | {} | {} | {} | {:.2} |",
                    r.id,
                    r.claim,
                    r.statistic,
                    value_text(r),
                    r.criterion.describe(),
                    if r.passed { "pass" } else { "**FAIL**" },
                    r.seconds
                );
            }
            md.push('\n');
            for r in self.results.iter().filter(|r| r.layer == layer) {
                let _ = writeln!(md, "- `{}`: {}", r.id, r.detail.replace('\n', " "));
            }
            md.push('\n');
        }
        md
    }

    /// Write `report.json` and `report.md` under `dir`.
    pub fn write(&self, dir: &Path, figures: &[(String, String)]) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(dir.join("report.json"), json)?;
        std::fs::write(dir.join("report.md"), self.markdown(figures))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hwg_measure::verify::{Check, Criterion, Measurement};

    #[test]
    fn report_lists_every_result_and_marks_failures() {
        let base = Check {
            id: "t.ok",
            layer: "hwg-t",
            claim: "claim",
            statistic: "stat",
            criterion: Criterion::AtMost(1.0),
            run: |_| Ok(Measurement::new(0.5, "fine")),
        };
        let bad = Check {
            id: "t.bad",
            run: |_| Ok(Measurement::new(2.0, "too big")),
            ..base.clone()
        };
        let s = Summary::new(
            Scale::Quick,
            0.1,
            vec![base.evaluate(Scale::Quick), bad.evaluate(Scale::Quick)],
        );
        assert_eq!((s.passed(), s.failed()), (1, 1));
        let md = s.markdown(&[("a.svg".into(), "a caption".into())]);
        assert!(md.contains("![a caption](plots/a.svg)"));
        assert!(md.contains("`t.ok`") && md.contains("**FAIL**") && md.contains("too big"));
        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(json["results"].as_array().unwrap().len(), 2);
        assert!(s.table().contains("FAIL t.bad"));
    }
}
