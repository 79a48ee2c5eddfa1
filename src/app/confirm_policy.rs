//! Which environments a change must be confirmed in first: stg and prod unless configured,
//! matched as a person means them (`kargo-demo-prod`, `Production`).

/// Which environments need a confirmation before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmPolicy {
    All,
    Only(Vec<String>),
}

impl Default for ConfirmPolicy {
    fn default() -> Self {
        ConfirmPolicy::Only(vec!["stg".into(), "prod".into()])
    }
}

impl ConfirmPolicy {
    /// `all`, `none`, or a list of environment names.
    pub fn parse(values: &[String]) -> ConfirmPolicy {
        match values {
            [] => ConfirmPolicy::default(),
            [v] if v == "all" || v == "*" => ConfirmPolicy::All,
            [v] if v == "none" => ConfirmPolicy::Only(Vec::new()),
            list => ConfirmPolicy::Only(list.to_vec()),
        }
    }

    pub fn requires(&self, environment: &str) -> bool {
        match self {
            ConfirmPolicy::All => true,
            ConfirmPolicy::Only(list) => list.iter().any(|name| means(environment, name)),
        }
    }
}

/// Whether `environment` (a stage, namespace or app name) is the environment `name` as a person
/// means it: `kargo-demo-prod`, `prod-eu` and `Production` are all prod; `products` is not.
fn means(environment: &str, name: &str) -> bool {
    if environment.eq_ignore_ascii_case(name) {
        return true;
    }
    let name = name.to_ascii_lowercase();
    let name = canonical(&name);
    environment
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| canonical(word) == name)
}

/// The usual spellings of the same environment.
fn canonical(word: &str) -> &str {
    match word {
        "production" | "prd" => "prod",
        "staging" => "stg",
        other => other,
    }
}
