//! What the benches measure with: the median of runs, and this process's memory figures.
//! Shared by `scale`, `migrate` and `import` (`#[path]`).

/// The median of `xs`; NaN when there is none.
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// A memory figure of this process in MiB from `/proc/self/status` (`VmHWM:` the peak
/// resident set, `VmRSS:` the current one); 0 where that file does not exist.
pub fn memory_mib(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}
