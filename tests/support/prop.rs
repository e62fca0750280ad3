//! What every property test file shares: the seed and the number of cases, both taken from
//! the environment (`PROPTEST_RNG_SEED`, `DATAMODEL_PROPTEST_CASES`), and a deterministic
//! proptest runner over them (ChaCha from a fixed seed, nothing persisted). Each file keeps its
//! own input shape and failure report.

use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, RngSeed, TestRunner};

/// `PROPTEST_RNG_SEED` (a u64), else `default`.
pub fn seed(default: u64) -> u64 {
    std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

/// In-process cases: `DATAMODEL_PROPTEST_CASES`, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("DATAMODEL_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

/// Real-engine cases: an eighth of `DATAMODEL_PROPTEST_CASES`, at least `default`.
pub fn engine_cases(default: u32) -> u32 {
    (cases(0) / 8).max(default)
}

/// `bytes` as lowercase hex (a failing input, for `case_from_bytes`).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A runner of `cases` cases from `seed`, shrinking a failure at most `max_shrink_iters` times.
pub fn runner(cases: u32, seed: u64, max_shrink_iters: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters,
        ..RunnerConfig::default()
    })
}

/// Runs `property` on `n` random models (each read by `case_from_bytes` from up to 2 KiB),
/// from `PROPTEST_RNG_SEED` or `default_seed`; a failure panics with proptest's report.
pub fn check_models(
    n: u32,
    default_seed: u64,
    property: impl Fn(&datamodel_testgen::Case) -> Result<(), String>,
) {
    use proptest::collection::vec;
    use proptest::prelude::any;
    let mut runner = runner(n, seed(default_seed), 32);
    let result = runner.run(&vec(any::<u8>(), 0..2048), |bytes| {
        let case = datamodel_testgen::case_from_bytes(&bytes);
        property(&case).map_err(proptest::test_runner::TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("property failed: {e}");
    }
}

/// `case` with audit on (issue 22): every entity audited by configuration with history, the
/// entity `actor` picks as the actor, every other entity optimistically locked. `None` when
/// the generated names take one the feature adds (`audit_log`, `created_by`, `updated_by`,
/// `version`): that is DM001 / DM027, checked elsewhere.
pub fn audited(
    case: &datamodel_testgen::Case,
    actor: impl Fn(&datamodel::Model) -> Option<String>,
) -> Option<datamodel_testgen::Case> {
    let taken = case.model.entities.iter().any(|e| {
        e.table.eq_ignore_ascii_case("audit_log")
            || e.fields.iter().any(|f| {
                ["created_by", "updated_by", "version"]
                    .iter()
                    .any(|c| f.column.eq_ignore_ascii_case(c))
            })
    });
    if taken {
        return None;
    }
    let mut case = case.clone();
    for (i, e) in case.model.entities.iter_mut().enumerate() {
        e.version = i % 2 == 1;
    }
    case.config.audit = true;
    case.config.audit_history = true;
    case.config.audit_actor = actor(&case.model);
    case.config.audit_history_ttl = Some("400d".into());
    Some(case)
}
