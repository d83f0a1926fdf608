//! Output for the scenarios: a CSV and an SVG line plot per scenario under
//! `target/scenarios/NAME/`.

use std::fmt::Write as _;
use std::path::PathBuf;

use plotters::prelude::*;

/// `target/scenarios/NAME/`, created.
fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("scenarios")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create the output directory under target/");
    dir
}

/// Columns of equal length as a CSV with a header row.
fn write_csv(name: &str, header: &[&str], columns: &[&[f64]]) -> PathBuf {
    let mut s = header.join(",") + "\n";
    for i in 0..columns.first().map_or(0, |c| c.len()) {
        let row: Vec<String> = columns.iter().map(|c| format!("{}", c[i])).collect();
        let _ = writeln!(s, "{}", row.join(","));
    }
    let path = out_dir(name).join(format!("{name}.csv"));
    std::fs::write(&path, s).expect("write the CSV");
    path
}

/// Lines `(label, y)` against a shared `x`, as `target/scenarios/NAME/NAME.svg`.
fn write_svg(
    name: &str,
    title: &str,
    x_label: &str,
    x: &[f64],
    lines: &[(&str, &[f64])],
) -> PathBuf {
    let path = out_dir(name).join(format!("{name}.svg"));
    let finite = |v: &&f64| v.is_finite();
    let (x0, x1) = x
        .iter()
        .filter(finite)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let (y0, y1) = lines
        .iter()
        .flat_map(|(_, y)| y.iter().filter(finite))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    let pad = 0.05 * (y1 - y0).max(1e-12);
    draw(
        &path,
        title,
        x_label,
        (x0, x1),
        (y0 - pad, y1 + pad),
        x,
        lines,
    );
    path
}

fn draw(
    path: &std::path::Path,
    title: &str,
    x_label: &str,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    x: &[f64],
    lines: &[(&str, &[f64])],
) {
    let root = SVGBackend::new(path, (640, 420)).into_drawing_area();
    root.fill(&WHITE).expect("draw");
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(x0..x1.max(x0 + 1e-12), y0..y1)
        .expect("axes");
    chart.configure_mesh().x_desc(x_label).draw().expect("mesh");
    for (i, (label, y)) in lines.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(
                x.iter().copied().zip(y.iter().copied()),
                color.stroke_width(2),
            ))
            .expect("series")
            .label(*label)
            .legend(move |(a, b)| {
                PathElement::new(vec![(a, b), (a + 20, b)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .expect("legend");
    root.present().expect("write the SVG");
}

/// Both files, then where they are.
pub fn save(name: &str, title: &str, x_label: &str, x: &[f64], lines: &[(&str, &[f64])]) {
    let mut header = vec![x_label];
    header.extend(lines.iter().map(|(l, _)| *l));
    let mut cols: Vec<&[f64]> = vec![x];
    cols.extend(lines.iter().map(|(_, y)| *y));
    let csv = write_csv(name, &header, &cols);
    let svg = write_svg(name, title, x_label, x, lines);
    println!("wrote {} and {}", csv.display(), svg.display());
}
