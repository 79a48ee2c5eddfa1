//! Small helpers the GitOps controllers share: reading and writing objects in the store, freight
//! references as Stage and Promotion status embed them, and times.

use serde_json::{Value, json};

use super::PROJECT;
use crate::error::ApiError;
use crate::meta;
use crate::registry::gitops::FREIGHTS;
use crate::resource::Res;
use crate::store::Store;

pub fn list(store: &Store, res: Res, ns: &str) -> Vec<Value> {
    store
        .list(res, Some(ns), None, usize::MAX, &|_| true)
        .items
        .iter()
        .map(|o| o.value())
        .collect()
}

/// Read-modify-write of a whole object; a no-op change costs nothing (the store drops it).
pub fn modify(
    store: &Store,
    res: Res,
    ns: &str,
    name: &str,
    f: impl FnOnce(&mut Value),
) -> Result<Value, ApiError> {
    store.update(res, ns, name, |cur| {
        let mut next = cur.clone();
        // No precondition: controllers write what they just computed from the current object.
        meta::metadata_mut(&mut next).remove("resourceVersion");
        f(&mut next);
        Ok(next)
    })
}

pub fn now() -> String {
    meta::now_rfc3339()
}

pub fn freight(store: &Store, name: &str) -> Option<Value> {
    store.read(&FREIGHTS, PROJECT, name)
}

/// The `FreightReference` shape Stage and Promotion status use.
pub fn freight_ref(freight: &Value) -> Value {
    json!({
        "name": meta::name(freight),
        "origin": freight.get("origin").cloned().unwrap_or_default(),
        "images": freight.get("images").cloned().unwrap_or(json!([])),
        "commits": freight.get("commits").cloned().unwrap_or(json!([])),
    })
}

pub fn alias(freight: &Value) -> &str {
    freight
        .get("alias")
        .and_then(Value::as_str)
        .unwrap_or_else(|| meta::name(freight))
}

/// The first image tag a freight carries.
pub fn image_tag(freight: &Value) -> &str {
    freight
        .pointer("/images/0/tag")
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn phase(promotion: &Value) -> &str {
    promotion
        .pointer("/status/phase")
        .and_then(Value::as_str)
        .unwrap_or("Pending")
}

pub fn is_terminal(phase: &str) -> bool {
    matches!(phase, "Succeeded" | "Failed" | "Errored" | "Aborted")
}

/// The name of the freight currently in a stage (newest freight history entry).
pub fn current_freight(stage: &Value) -> Option<&str> {
    stage
        .pointer("/status/freightHistory/0/items")?
        .as_object()?
        .values()
        .next()?
        .get("name")?
        .as_str()
}

/// Promotions of one stage, oldest first (the ULID in the name keeps creation order).
pub fn promotions_of(store: &Store, stage: &str) -> Vec<Value> {
    let mut list: Vec<Value> = list(store, &crate::registry::gitops::PROMOTIONS, PROJECT)
        .into_iter()
        .filter(|p| p.pointer("/spec/stage").and_then(Value::as_str) == Some(stage))
        .collect();
    list.sort_by(|a, b| {
        let key = |p: &Value| {
            (
                meta::str_at(p, &["metadata", "creationTimestamp"])
                    .unwrap_or("")
                    .to_string(),
                meta::name(p).to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    list
}

/// `<stage>.<ulid>.<freight 7>` — Kargo's webhook naming; the ULID keeps lexical = creation order.
pub fn promotion_name(stage: &str, freight: &str) -> String {
    format!("{stage}.{}.{}", ulid(), &freight[..freight.len().min(7)])
}

fn ulid() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let mut out = String::with_capacity(26);
    for i in (0..10).rev() {
        out.push(ALPHABET[((millis >> (i * 5)) & 31) as usize] as char);
    }
    for _ in 0..16 {
        out.push(ALPHABET[crate::rng::below(32)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_names_sort_by_creation() {
        let a = promotion_name("stg", "f4a6c1b2e3");
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = promotion_name("stg", "0000000");
        assert!(a.starts_with("stg.") && a.ends_with(".f4a6c1b"));
        assert_eq!(a.len(), "stg.".len() + 26 + ".f4a6c1b".len());
        assert!(a[4..14] < b[4..14], "{a} {b}");
    }
}
