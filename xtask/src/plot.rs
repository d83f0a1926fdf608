//! SVG figures for the report, drawn from the series the checks computed.

use std::path::Path;

use plotters::prelude::*;

use crate::hwg_measure::verify::{CheckResult, Series, loglog_slope};

/// One line of a panel: a series of a check.
pub struct Line {
    pub check: &'static str,
    pub series: &'static str,
}

/// One set of axes.
pub struct Panel {
    pub title: &'static str,
    pub x_label: &'static str,
    pub y_label: &'static str,
    /// Plot log10 of the data (and report fitted slopes when both are set).
    pub log_x: bool,
    pub log_y: bool,
    pub lines: &'static [Line],
}

/// One SVG file of one or more panels side by side.
pub struct Figure {
    pub file: &'static str,
    pub caption: &'static str,
    pub panels: &'static [Panel],
}

const fn line(check: &'static str, series: &'static str) -> Line {
    Line { check, series }
}

/// The report's figures.
pub const FIGURES: &[Figure] = &[
    Figure {
        file: "convergence.svg",
        caption: "Convergence to analytic solutions: W2 error at fixed T against τ (log-log), fitted slopes in the legend",
        panels: &[Panel {
            title: "JKO → gradient flow",
            x_label: "log10 τ",
            y_label: "log10 W2 error",
            log_x: true,
            log_y: true,
            lines: &[
                line("limit.ou_gaussian_order", "OU Gaussian d = 1"),
                line("limit.ou_gaussian_order", "OU Gaussian d = 2"),
                line("limit.ou_particle_order", "OU particles (σ = 0)"),
                line("limit.heat_quantile_order", "heat (quantile)"),
                line("limit.barenblatt", "Barenblatt, error vs τ"),
            ],
        }],
    },
    Figure {
        file: "energy_slack.svg",
        caption: "A Kuramoto JKO run: energy per step (left) and the descent slack E_k(μ_k) − E_k(μ_{k+1}) − W2²/(2τ) ≥ 0 (right)",
        panels: &[
            Panel {
                title: "energy",
                x_label: "t",
                y_label: "E(μ_t)",
                log_x: false,
                log_y: false,
                lines: &[line("project.phase_alignment", "energy")],
            },
            Panel {
                title: "descent slack",
                x_label: "t",
                y_label: "log10 slack",
                log_x: false,
                log_y: true,
                lines: &[line("project.phase_alignment", "descent slack")],
            },
        ],
    },
    Figure {
        file: "ema.svg",
        caption: "Flat projection of a JKO run (mean, x-coordinate) against the EMA recursion it recovers",
        panels: &[Panel {
            title: "flat projection = EMA",
            x_label: "step",
            y_label: "mean x",
            log_x: false,
            log_y: false,
            lines: &[
                line("project.ema", "flat projection (mean x)"),
                line("project.ema", "EMA recursion"),
            ],
        }],
    },
    Figure {
        file: "order_parameters.svg",
        caption: "Kuramoto–Daido order parameters: two antipodal clusters (|Z_2| → 1, |Z_1| → |2p − 1| = 0.4) and one cluster (both → 1)",
        panels: &[Panel {
            title: "multi-scale coherence",
            x_label: "t",
            y_label: "|Z_k|",
            log_x: false,
            log_y: false,
            lines: &[
                line("project.multiscale_coherence", "two clusters |Z_1|"),
                line("project.multiscale_coherence", "two clusters |Z_2|"),
                line("project.multiscale_coherence", "one cluster |Z_1|"),
                line("project.multiscale_coherence", "one cluster |Z_2|"),
            ],
        }],
    },
    Figure {
        file: "competition.svg",
        caption: "Structural weights of the two wells of a noisy tilted double well; the dot marks the step the shallow cell is pruned",
        panels: &[Panel {
            title: "competition and pruning",
            x_label: "t",
            y_label: "w_i = μ(A_i)",
            log_x: false,
            log_y: false,
            lines: &[
                line("project.competition_pruning", "deep well w_0"),
                line("project.competition_pruning", "shallow well w_1"),
                line("project.competition_pruning", "pruned"),
            ],
        }],
    },
    Figure {
        file: "consolidation.svg",
        caption: "Sleep consolidation: cluster count (left) and W2 to the awake state (right)",
        panels: &[
            Panel {
                title: "clusters",
                x_label: "t (asleep)",
                y_label: "count",
                log_x: false,
                log_y: false,
                lines: &[line("limit.consolidation", "cluster count")],
            },
            Panel {
                title: "W2 to the awake state",
                x_label: "t (asleep)",
                y_label: "W2",
                log_x: false,
                log_y: false,
                lines: &[line("limit.consolidation", "W2 to awake state")],
            },
        ],
    },
    Figure {
        file: "dissipation.svg",
        caption: "Relative EDI slack (λ < 0) and the perturbed-balance residual of a wake/sleep run against τ (log-log): both vanish at order 1",
        panels: &[Panel {
            title: "EDI and balance",
            x_label: "log10 τ",
            y_label: "log10",
            log_x: true,
            log_y: true,
            lines: &[
                line("limit.edi", "relative EDI slack"),
                line("limit.balance", "|balance residual|"),
            ],
        }],
    },
];

/// A legend label and its (transformed) points.
type Labelled = (String, Vec<(f64, f64)>);

fn find<'a>(results: &'a [CheckResult], l: &Line) -> Option<&'a Series> {
    results
        .iter()
        .find(|r| r.id == l.check)?
        .series
        .iter()
        .find(|s| s.name == l.series)
}

fn transform(s: &Series, p: &Panel) -> Vec<(f64, f64)> {
    let f = |v: f64, log: bool| if log { v.log10() } else { v };
    s.x.iter()
        .zip(&s.y)
        .map(|(&x, &y)| (f(x, p.log_x), f(y, p.log_y)))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect()
}

fn range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let pad = if hi > lo {
        0.05 * (hi - lo)
    } else {
        0.5 * lo.abs().max(1.0)
    };
    (lo - pad)..(hi + pad)
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    panel: &Panel,
    data: &[Labelled],
) -> Result<(), String> {
    let xr = range(data.iter().flat_map(|(_, d)| d.iter().map(|p| p.0)));
    let yr = range(data.iter().flat_map(|(_, d)| d.iter().map(|p| p.1)));
    let mut chart = ChartBuilder::on(area)
        .caption(panel.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(xr, yr)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(panel.x_label)
        .y_desc(panel.y_label)
        .draw()
        .map_err(|e| e.to_string())?;
    for (i, (name, pts)) in data.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        if pts.len() == 1 {
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, 5, color.filled())))
                .map_err(|e| e.to_string())?
                .label(name.as_str())
                .legend(move |(x, y)| Circle::new((x + 10, y), 4, color.filled()));
        } else {
            chart
                .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
                .map_err(|e| e.to_string())?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                });
        }
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| e.to_string())
}

/// Draw every figure whose data is present (a filtered run may lack some);
/// returns `(file, caption)` of the figures written under `dir`.
pub fn draw_all(results: &[CheckResult], dir: &Path) -> Result<Vec<(String, String)>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    for fig in FIGURES {
        let panels: Vec<Vec<Labelled>> = fig
            .panels
            .iter()
            .map(|p| {
                p.lines
                    .iter()
                    .filter_map(|l| find(results, l).map(|s| (s, transform(s, p))))
                    .filter(|(_, d)| !d.is_empty())
                    .map(|(s, d)| {
                        let name = if p.log_x && p.log_y && d.len() > 2 {
                            format!("{} (slope {:.2})", s.name, loglog_slope(&s.x, &s.y))
                        } else {
                            s.name.clone()
                        };
                        (name, d)
                    })
                    .collect()
            })
            .collect();
        if panels.iter().any(Vec::is_empty) {
            continue;
        }
        let path = dir.join(fig.file);
        let root = SVGBackend::new(&path, (560 * panels.len() as u32, 400)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let areas = root.split_evenly((1, panels.len()));
        for ((area, panel), data) in areas.iter().zip(fig.panels).zip(&panels) {
            draw_panel(area, panel, data)?;
        }
        root.present().map_err(|e| e.to_string())?;
        written.push((fig.file.to_string(), fig.caption.to_string()));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_figure_refers_to_a_registered_check() {
        let ids: Vec<&str> = crate::registry().iter().map(|c| c.id).collect();
        for fig in FIGURES {
            for p in fig.panels {
                for l in p.lines {
                    assert!(
                        ids.contains(&l.check),
                        "{} draws unknown check {}",
                        fig.file,
                        l.check
                    );
                }
            }
        }
        assert!(FIGURES.len() >= 6);
    }

    #[test]
    fn figures_are_drawn_from_check_series() {
        use crate::hwg_measure::verify::{Check, Criterion, Measurement, Scale};
        let check = Check {
            id: "project.ema",
            layer: "hwg-project",
            claim: "c",
            statistic: "s",
            criterion: Criterion::AtMost(1.0),
            run: |_| {
                Ok(Measurement::new(0.0, "")
                    .with_series(
                        "flat projection (mean x)",
                        vec![1.0, 2.0, 3.0],
                        vec![0.1, 0.4, 0.3],
                    )
                    .with_series("EMA recursion", vec![1.0, 2.0, 3.0], vec![0.1, 0.4, 0.3]))
            },
        };
        let dir = std::env::temp_dir().join(format!("hwg-plot-test-{}", std::process::id()));
        let written = draw_all(&[check.evaluate(Scale::Quick)], &dir).unwrap();
        assert_eq!(written.len(), 1, "only the EMA figure has its data");
        let svg = std::fs::read_to_string(dir.join("ema.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("EMA recursion") && svg.contains("polyline"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
