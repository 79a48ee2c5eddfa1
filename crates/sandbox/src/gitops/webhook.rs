//! Kargo's Promotion admission webhook, as the API server would call it on create: validate
//! the request, refuse freight the stage may not take (403, in Kargo's words), check the custom
//! `promote` verb, name the Promotion `<stage>.<ulid>.<freight>` and copy the stage's steps.

use serde_json::{Value, json};

use super::objects::promotion_name;
use crate::error::ApiError;
use crate::faults::FaultHandle;
use crate::meta;
use crate::registry::gitops::{FREIGHTS, PROMOTIONS, STAGES};
use crate::store::Store;
use showrunner_model::kargo::availability::{Availability, availability};
use showrunner_model::kargo::models::{FreightOrigin, FreightRequest, FreightStatus};

pub fn admit_promotion(
    store: &Store,
    faults: &FaultHandle,
    obj: &mut Value,
) -> Result<(), ApiError> {
    let ns = meta::namespace(obj).to_string();
    let requested = meta::name(obj).to_string();
    let stage_name = obj
        .pointer("/spec/stage")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let freight_name = obj
        .pointer("/spec/freight")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let has_origin = obj.pointer("/spec/origin").is_some_and(|o| !o.is_null());
    if stage_name.is_empty() {
        return Err(ApiError::invalid(
            &PROMOTIONS,
            &requested,
            "spec.stage",
            "Required value",
        ));
    }
    if freight_name.is_empty() != has_origin {
        return Err(ApiError::invalid(
            &PROMOTIONS,
            &requested,
            "spec",
            "Invalid value: exactly one of spec.freight or spec.origin must be set",
        ));
    }
    if has_origin {
        return Err(ApiError::invalid(
            &PROMOTIONS,
            &requested,
            "spec.origin",
            "Unsupported value: the sandbox promotes named freight only",
        ));
    }
    let stage = store
        .read(&STAGES, &ns, &stage_name)
        .ok_or_else(|| ApiError::not_found(&STAGES, &stage_name))?;
    faults.check("promote", &STAGES, None, Some(&stage_name), Some(&ns))?;
    let steps = stage
        .pointer("/spec/promotionTemplate/spec/steps")
        .cloned()
        .unwrap_or(json!([]));
    if steps.as_array().is_none_or(Vec::is_empty) {
        return Err(ApiError::invalid(
            &PROMOTIONS,
            &requested,
            "spec.stage",
            &format!("Invalid value: Stage \"{stage_name}\" defines no promotion steps"),
        ));
    }
    let freight = store
        .read(&FREIGHTS, &ns, &freight_name)
        .ok_or_else(|| ApiError::not_found(&FREIGHTS, &freight_name))?;
    let requests: Vec<FreightRequest> = serde_json::from_value(
        stage
            .pointer("/spec/requestedFreight")
            .cloned()
            .unwrap_or(json!([])),
    )
    .unwrap_or_default();
    let origin: FreightOrigin =
        serde_json::from_value(freight.get("origin").cloned().unwrap_or_default())
            .unwrap_or_default();
    let status: FreightStatus =
        serde_json::from_value(freight.get("status").cloned().unwrap_or_default())
            .unwrap_or_default();
    let name = if requested.is_empty() {
        promotion_name(&stage_name, &freight_name)
    } else {
        requested
    };
    if let Availability::Unavailable(why) = availability(
        &stage_name,
        &requests,
        &origin,
        &status,
        jiff::Timestamp::now(),
    ) {
        let message = format!(
            "promotions.kargo.akuity.io \"{name}\" is forbidden: Freight \"{freight_name}\" is not available to Stage \"{stage_name}\" ({why})"
        );
        return Err(ApiError::new(403, "Forbidden", message).with_details(Some(
            json!({"name": name, "group": "kargo.akuity.io", "kind": "promotions"}),
        )));
    }
    let md = meta::metadata_mut(obj);
    // Kargo's webhook sets the name and leaves generateName, which the API server still validates.
    md.insert("name".into(), json!(name));
    meta::set_path(obj, &["spec", "steps"], steps);
    if let Some(vars) = stage.pointer("/spec/promotionTemplate/spec/vars") {
        meta::set_path(obj, &["spec", "vars"], vars.clone());
    }
    Ok(())
}
