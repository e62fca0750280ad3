//! `--features`, `--all-features`, `--no-default-features`, mapped onto the selected packages.
//!
//! The collector depends on each selected crate, so cargo's feature flags become the
//! `features` / `default-features` of those dependencies. As with cargo, `feat` applies to the
//! selected packages that define it and `package/feat` to one package; a feature nobody
//! defines is an error listing the ones that exist.

use super::workspace::Selected;
use crate::report::Error;
use std::collections::{BTreeMap, BTreeSet};

/// The features requested on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FeatureArgs {
    pub features: Vec<String>,
    pub all_features: bool,
    pub no_default_features: bool,
}

/// What each selected package is built with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageFeatures {
    pub default_features: bool,
    pub features: BTreeSet<String>,
}

/// Features per selected package name.
pub fn resolve(
    args: &FeatureArgs,
    selected: &[Selected<'_>],
) -> Result<BTreeMap<String, PackageFeatures>, Error> {
    let mut out: BTreeMap<String, PackageFeatures> = selected
        .iter()
        .map(|s| {
            let features = if args.all_features {
                s.package.features.keys().cloned().collect()
            } else {
                BTreeSet::new()
            };
            (
                s.package.name.to_string(),
                PackageFeatures {
                    default_features: !args.no_default_features,
                    features,
                },
            )
        })
        .collect();
    let tokens = args
        .features
        .iter()
        .flat_map(|f| f.split([',', ' ']))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    for token in tokens {
        if let Some((pkg, feat)) = token.split_once('/') {
            let Some(s) = selected.iter().find(|s| s.package.name.as_str() == pkg) else {
                let names: Vec<&str> = selected.iter().map(|s| s.package.name.as_str()).collect();
                return Err(Error::new(format!(
                    "feature `{token}` names package `{pkg}`, which is not selected"
                ))
                .help(format!("selected packages: {}", names.join(", "))));
            };
            if !s.package.features.contains_key(feat) {
                return Err(no_such_feature(feat, std::slice::from_ref(s)));
            }
            if let Some(pf) = out.get_mut(pkg) {
                pf.features.insert(feat.to_string());
            }
        } else {
            let owners: Vec<&Selected<'_>> = selected
                .iter()
                .filter(|s| s.package.features.contains_key(token))
                .collect();
            if owners.is_empty() {
                return Err(no_such_feature(token, selected));
            }
            for s in owners {
                if let Some(pf) = out.get_mut(s.package.name.as_str()) {
                    pf.features.insert(token.to_string());
                }
            }
        }
    }
    Ok(out)
}

fn no_such_feature(feat: &str, selected: &[Selected<'_>]) -> Error {
    let names: Vec<&str> = selected.iter().map(|s| s.package.name.as_str()).collect();
    let available: BTreeSet<String> = selected
        .iter()
        .flat_map(|s| {
            s.package
                .features
                .keys()
                .filter(|k| k.as_str() != "default")
                .map(move |k| {
                    if selected.len() > 1 {
                        format!("{}/{k}", s.package.name)
                    } else {
                        k.clone()
                    }
                })
        })
        .collect();
    let help = if available.is_empty() {
        "the selected packages define no features".to_string()
    } else {
        format!(
            "available features: {}",
            available.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    Error::new(format!(
        "package `{}` does not have the feature `{feat}`",
        names.join("`, `")
    ))
    .help(help)
}
