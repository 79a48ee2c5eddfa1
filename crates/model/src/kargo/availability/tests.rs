use serde_json::json;

use super::*;

fn now() -> Timestamp {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn origin() -> FreightOrigin {
    FreightOrigin {
        kind: "Warehouse".into(),
        name: "backend".into(),
    }
}

fn requests(v: serde_json::Value) -> Vec<FreightRequest> {
    serde_json::from_value(v).unwrap()
}

fn status(v: serde_json::Value) -> FreightStatus {
    serde_json::from_value(v).unwrap()
}

#[test]
fn direct_stage_takes_any_freight_from_its_warehouse() {
    let r = requests(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"direct": true}}]),
    );
    assert_eq!(
        availability("dev", &r, &origin(), &status(json!({})), now()),
        Availability::Direct
    );
    let other = FreightOrigin {
        kind: "Warehouse".into(),
        name: "frontend".into(),
    };
    let a = availability("dev", &r, &other, &status(json!({})), now());
    assert_eq!(
        a,
        Availability::Unavailable(
            "stage dev does not request freight from Warehouse frontend".into()
        )
    );
}

#[test]
fn verified_upstream_makes_freight_available_downstream() {
    let r = requests(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"stages": ["dev"]}}]),
    );
    let unverified = availability(
        "stg",
        &r,
        &origin(),
        &status(json!({"currentlyIn": {"dev": {}}})),
        now(),
    );
    assert_eq!(
        unverified,
        Availability::Unavailable("not verified in dev and not approved for stg".into())
    );
    let verified = status(json!({"verifiedIn": {"dev": {"verifiedAt": "2026-11-22T09:59:00Z"}}}));
    assert_eq!(
        availability("stg", &r, &origin(), &verified, now()),
        Availability::VerifiedUpstream(vec!["dev".into()])
    );
}

#[test]
fn approval_bypasses_verification_and_soak() {
    let r = requests(json!([{"origin": {"kind": "Warehouse", "name": "backend"},
                             "sources": {"stages": ["stg"], "requiredSoakTime": "1h"}}]));
    let approved = status(json!({"approvedFor": {"prod": {}}}));
    assert_eq!(
        availability("prod", &r, &origin(), &approved, now()),
        Availability::Approved
    );
}

#[test]
fn required_soak_time_counts_the_current_stay_and_the_longest_recorded_one() {
    let r = requests(json!([{"origin": {"kind": "Warehouse", "name": "backend"},
                             "sources": {"stages": ["stg"], "requiredSoakTime": "1h"}}]));
    let fresh = status(
        json!({"verifiedIn": {"stg": {}}, "currentlyIn": {"stg": {"since": "2026-11-22T09:30:00Z"}}}),
    );
    let a = availability("prod", &r, &origin(), &fresh, now());
    assert_eq!(
        a,
        Availability::Unavailable(
            "soaking in stg: 30m left of 60m, and not approved for prod".into()
        ),
        "verified, so only the soak is missing: say how long it has left"
    );
    let unverified = status(json!({"currentlyIn": {"stg": {"since": "2026-11-22T09:30:00Z"}}}));
    assert_eq!(
        availability("prod", &r, &origin(), &unverified, now()),
        Availability::Unavailable(
            "not verified and soaked 60m in stg, and not approved for prod".into()
        )
    );
    let soaked_now = status(
        json!({"verifiedIn": {"stg": {}}, "currentlyIn": {"stg": {"since": "2026-11-22T08:30:00Z"}}}),
    );
    assert!(availability("prod", &r, &origin(), &soaked_now, now()).is_available());
    let soaked_before = status(json!({"verifiedIn": {"stg": {"longestSoak": "2h0m0s"}}}));
    assert!(availability("prod", &r, &origin(), &soaked_before, now()).is_available());
}

#[test]
fn all_strategy_needs_every_upstream_stage() {
    let r = requests(json!([{"origin": {"kind": "Warehouse", "name": "backend"},
                             "sources": {"stages": ["qa-a", "qa-b"], "availabilityStrategy": "All"}}]));
    let one = status(json!({"verifiedIn": {"qa-a": {}}}));
    assert!(!availability("prod", &r, &origin(), &one, now()).is_available());
    let both = status(json!({"verifiedIn": {"qa-a": {}, "qa-b": {}}}));
    assert!(availability("prod", &r, &origin(), &both, now()).is_available());
    let r_oneof = requests(
        json!([{"origin": {"kind": "Warehouse", "name": "backend"}, "sources": {"stages": ["qa-a", "qa-b"]}}]),
    );
    assert!(availability("prod", &r_oneof, &origin(), &one, now()).is_available());
}
