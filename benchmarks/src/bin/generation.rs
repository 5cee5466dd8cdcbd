//! Generation time, in-process: the project's schemas, and a synthetic document of 1,000
//! component schemas. `cargo run --release -p benchmarks --bin generation`

use std::time::{Duration, Instant};

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .expect("runs > 0")
}

fn main() {
    let project = benchmarks::project_inputs();
    let settings = codegen::Settings::new();
    let t = best_of(10, || {
        codegen::generate(&settings, &project).expect("project schemas generate");
    });
    let lines: usize = codegen::generate(&settings, &project)
        .unwrap()
        .files
        .values()
        .map(|f| f.lines().count())
        .sum();
    println!(
        "project schemas: {:.1} ms, {lines} generated lines",
        t.as_secs_f64() * 1e3
    );
    let model = best_of(10, || {
        codegen::internals::build_model(&settings, &project).expect("model");
    });
    println!(
        "  of which load + normalize + model: {:.1} ms (emit + render: the rest)",
        model.as_secs_f64() * 1e3
    );
    let synthetic = benchmarks::synthetic::inputs(1000);
    let t = best_of(5, || {
        codegen::generate(&settings, &synthetic).expect("synthetic document generates");
    });
    let output = codegen::generate(&settings, &synthetic).unwrap();
    let lines: usize = output.files.values().map(|f| f.lines().count()).sum();
    println!(
        "1,000 component schemas: {:.1} ms, {} types, {lines} generated lines",
        t.as_secs_f64() * 1e3,
        output.model().types.len()
    );
}
