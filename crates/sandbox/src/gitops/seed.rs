//! The GitOps world the sandbox starts with: project `kargo-demo` with a warehouse, stages dev →
//! stg → prod, two freight (prod one behind stg), and Argo CD applications with some history,
//! so the first screen already tells a story.

use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use super::objects::{freight_ref, promotion_name};
use super::{APP_REPO, ARGOCD_NS, GITOPS_REPO, GitopsSim, PROJECT, WAREHOUSE, app_for};
use crate::defaults;
use crate::error::ApiError;
use crate::meta;
use crate::registry::NAMESPACES;
use crate::registry::gitops::{
    APPLICATIONS, FREIGHTS, PROJECT_CONFIGS, PROJECTS, PROMOTIONS, STAGES, WAREHOUSES,
};
use crate::rng;
use crate::world::World;
use crate::world::images::{BACKEND_IMAGE, Commit, ImageBuild};

pub const STEPS: [&str; 5] = [
    "git-clone",
    "kustomize-set-image",
    "git-commit",
    "git-push",
    "argocd-update",
];

fn ago(secs: i64) -> String {
    meta::format_time(Timestamp::now() - SignedDuration::from_secs(secs))
}

/// The two newest builds CI has pushed; when nothing was pushed yet (no CI simulation), two
/// plausible ones are published so the demo has a history.
pub fn initial_builds(w: &World) -> (ImageBuild, ImageBuild) {
    let builds = w.images.builds();
    if let [.., old, new] = builds.as_slice() {
        return (old.clone(), new.clone());
    }
    let build = |message: &str, hours: i64| {
        let id = rng::hex(40);
        ImageBuild {
            repo: BACKEND_IMAGE.into(),
            tag: id[..7].to_string(),
            digest: format!("sha256:{}", rng::hex(64)),
            commit: Commit {
                id,
                message: message.into(),
                author: "Dana Developer".into(),
                branch: "main".into(),
                repo_url: APP_REPO.into(),
            },
            broken: false,
            pushed_at: ago(hours * 3600),
        }
    };
    let (old, new) = (
        build("Add the users service", 26),
        build("List users by team", 3),
    );
    w.images.publish(old.clone());
    w.images.publish(new.clone());
    (old, new)
}

/// Freight name: the SHA-1 of what it carries, as Kargo names freight by content.
pub fn freight_name(build: &ImageBuild) -> String {
    sha1_smol::Sha1::from(format!("{}:{}|{}", build.repo, build.tag, build.commit.id))
        .digest()
        .to_string()
}

const ADJECTIVES: [&str; 16] = [
    "fierce", "calm", "brave", "quiet", "eager", "gentle", "jolly", "nimble", "proud", "swift",
    "witty", "bold", "clever", "lucky", "sunny", "tidy",
];
const ANIMALS: [&str; 16] = [
    "owl", "fox", "yak", "otter", "lynx", "heron", "badger", "panda", "koala", "falcon", "bison",
    "gecko", "moose", "tapir", "robin", "whale",
];

/// A human name for a freight, unique among `taken`.
pub fn alias(name: &str, taken: &[String]) -> String {
    let seed = u64::from_str_radix(&name[..name.len().min(12)], 16).unwrap_or(0);
    (0..256u64)
        .map(|i| {
            let n = seed.wrapping_add(i.wrapping_mul(7919));
            format!(
                "{}-{}",
                ADJECTIVES[(n % 16) as usize],
                ANIMALS[((n / 16) % 16) as usize]
            )
        })
        .find(|a| !taken.contains(a))
        .unwrap_or_else(|| format!("freight-{}", &name[..7.min(name.len())]))
}

pub fn freight_object(build: &ImageBuild, alias: &str, created: &str) -> Value {
    json!({
        "apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Freight",
        "metadata": {"name": freight_name(build), "namespace": PROJECT, "creationTimestamp": created,
                     "labels": {"kargo.akuity.io/alias": alias}},
        "alias": alias,
        "origin": {"kind": "Warehouse", "name": WAREHOUSE},
        "images": [{"repoURL": build.repo, "tag": build.tag, "digest": build.digest}],
        "commits": [{"repoURL": build.commit.repo_url, "id": build.commit.id, "branch": build.commit.branch,
                     "message": build.commit.message, "author": build.commit.author}],
        "discoveredAt": created,
    })
}

fn sources(stage: &str) -> Value {
    match stage {
        "dev" => json!({"direct": true}),
        "stg" => json!({"stages": ["dev"], "requiredSoakTime": "1h"}),
        _ => json!({"stages": ["stg"], "requiredSoakTime": "1h"}),
    }
}

fn steps(stage: &str) -> Value {
    json!([
        {"uses": "git-clone", "config": {"repoURL": GITOPS_REPO, "checkout": [{"branch": format!("env/{stage}"), "path": "./out"}]}},
        {"uses": "kustomize-set-image", "config": {"path": "./out", "images": [{"image": BACKEND_IMAGE}]}},
        {"uses": "git-commit", "as": "commit", "config": {"path": "./out", "message": "promote ${{ freight.alias }}"}},
        {"uses": "git-push", "config": {"path": "./out"}},
        {"uses": "argocd-update", "config": {"apps": [{"name": app_for(stage), "namespace": ARGOCD_NS}]}},
    ])
}

pub fn stage_object(stage: &str) -> Value {
    json!({
        "apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Stage",
        "metadata": {"name": stage, "namespace": PROJECT, "creationTimestamp": ago(30 * 86_400)},
        "spec": {
            "requestedFreight": [{"origin": {"kind": "Warehouse", "name": WAREHOUSE}, "sources": sources(stage)}],
            "promotionTemplate": {"spec": {"steps": steps(stage)}},
        },
    })
}

/// Seeds project, warehouse, stages, freight, past promotions and applications. `old` runs in
/// prod, `new` in dev and stg.
pub fn seed(
    w: &World,
    sim: &GitopsSim,
    old: &ImageBuild,
    new: &ImageBuild,
) -> Result<(), ApiError> {
    for ns in [PROJECT, ARGOCD_NS] {
        let mut obj = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "creationTimestamp": ago(30 * 86_400)}});
        defaults::apply(&NAMESPACES, &mut obj);
        w.store.create(&NAMESPACES, obj)?;
    }
    let ready = json!([{"type": "Ready", "status": "True", "reason": "Ready", "message": ""}]);
    w.store.create(&PROJECTS, json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Project",
        "metadata": {"name": PROJECT, "creationTimestamp": ago(30 * 86_400)}, "spec": {}, "status": {"conditions": ready}}))?;
    w.store.create(&PROJECT_CONFIGS, json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "ProjectConfig",
        "metadata": {"name": PROJECT, "namespace": PROJECT, "creationTimestamp": ago(30 * 86_400)},
        "spec": {"promotionPolicies": [{"stageSelector": {"name": "dev"}, "autoPromotionEnabled": true,
                                         "autoRollback": {"onVerification": ["Failed"]}}]}}))?;
    let (old_f, new_f) = (
        freight_object(old, &alias(&freight_name(old), &[]), &ago(25 * 3600)),
        {
            let taken = vec![alias(&freight_name(old), &[])];
            freight_object(new, &alias(&freight_name(new), &taken), &ago(2 * 3600))
        },
    );
    w.store.create(&WAREHOUSES, json!({"apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Warehouse",
        "metadata": {"name": WAREHOUSE, "namespace": PROJECT, "creationTimestamp": ago(30 * 86_400)},
        "spec": {"interval": "5m0s", "freightCreationPolicy": "Automatic", "subscriptions": [
            {"image": {"repoURL": BACKEND_IMAGE, "imageSelectionStrategy": "NewestBuild", "discoveryLimit": 20}},
            {"git": {"repoURL": APP_REPO, "branch": "main", "discoveryLimit": 20}}]},
        "status": {"lastFreightID": meta::name(&new_f), "conditions": ready, "observedGeneration": 1}}))?;

    let mut old_freight = old_f.clone();
    old_freight["status"] = json!({
        "currentlyIn": {"prod": {"since": ago(24 * 3600)}},
        "verifiedIn": {"dev": {"verifiedAt": ago(25 * 3600), "longestSoak": "22h0m0s"},
                       "stg": {"verifiedAt": ago(24 * 3600 + 1800), "longestSoak": "21h0m0s"},
                       "prod": {"verifiedAt": ago(23 * 3600)}},
        "approvedFor": {"prod": {"approvedAt": ago(24 * 3600 + 600)}},
    });
    let mut new_freight = new_f.clone();
    new_freight["status"] = json!({
        "currentlyIn": {"dev": {"since": ago(7000)}, "stg": {"since": ago(3000)}},
        "verifiedIn": {"dev": {"verifiedAt": ago(6800)}, "stg": {"verifiedAt": ago(2800)}},
        "approvedFor": {"stg": {"approvedAt": ago(3200)}},
    });
    w.store.create(&FREIGHTS, old_freight.clone())?;
    w.store.create(&FREIGHTS, new_freight.clone())?;
    seed_older_freight(w, &[old, new])?;

    for (stage, current, previous) in [
        ("dev", &new_freight, Some(&old_freight)),
        ("stg", &new_freight, Some(&old_freight)),
        ("prod", &old_freight, None),
    ] {
        let promo = promotion_name(stage, meta::name(current));
        let entry = |f: &Value| {
            json!({"id": rng::hex(12), "items": {format!("Warehouse/{WAREHOUSE}"): freight_ref(f)},
                                         "verificationHistory": [{"id": rng::uuid(), "phase": "Successful", "startTime": ago(3000), "finishTime": ago(2900)}]})
        };
        let mut history = vec![entry(current)];
        history.extend(previous.map(entry));
        let mut obj = stage_object(stage);
        obj["status"] = json!({
            "conditions": ready, "freightHistory": history, "freightSummary": super::objects::alias(current),
            "health": {"status": "Healthy"}, "autoPromotionEnabled": stage == "dev",
            "lastPromotion": {"name": promo, "freight": freight_ref(current), "finishedAt": ago(3000),
                              "status": {"phase": "Succeeded", "message": "All steps completed", "finishedAt": ago(3000)}},
            "observedGeneration": 1,
        });
        w.store.create(&STAGES, obj)?;
        let created = if stage == "prod" {
            ago(24 * 3600)
        } else if stage == "stg" {
            ago(3100)
        } else {
            ago(7100)
        };
        w.store.create(
            &PROMOTIONS,
            succeeded_promotion(&promo, stage, current, &created),
        )?;
        seed_app(
            w,
            sim,
            stage,
            previous
                .filter(|_| stage != "prod")
                .map(super::objects::image_tag),
            super::objects::image_tag(current),
        )?;
    }
    Ok(())
}

/// Builds CI pushed before the two the stages run were freight long ago and went all the way
/// to prod; without them the warehouse would "discover" them now and dev would take one.
fn seed_older_freight(w: &World, seeded: &[&ImageBuild]) -> Result<(), ApiError> {
    let mut taken: Vec<String> = super::objects::list(&w.store, &FREIGHTS, PROJECT)
        .iter()
        .filter_map(|f| f.get("alias").and_then(Value::as_str).map(String::from))
        .collect();
    for build in w.images.builds() {
        if seeded.iter().any(|b| b.tag == build.tag) {
            continue;
        }
        let name = freight_name(&build);
        let a = alias(&name, &taken);
        taken.push(a.clone());
        let mut f = freight_object(&build, &a, &build.pushed_at);
        let shipped = json!({"verifiedAt": build.pushed_at});
        f["status"] = json!({"verifiedIn": {"dev": shipped, "stg": shipped, "prod": shipped}});
        w.store.create(&FREIGHTS, f)?;
    }
    Ok(())
}

fn succeeded_promotion(name: &str, stage: &str, freight: &Value, created: &str) -> Value {
    let meta_steps: Vec<Value> = STEPS
        .iter()
        .enumerate()
        .map(|(i, _)| json!({"alias": format!("step-{}", i + 1), "status": "Succeeded", "startedAt": created, "finishedAt": created}))
        .collect();
    json!({
        "apiVersion": "kargo.akuity.io/v1alpha1", "kind": "Promotion",
        "metadata": {"name": name, "namespace": PROJECT, "creationTimestamp": created},
        "spec": {"stage": stage, "freight": meta::name(freight), "steps": steps(stage)},
        "status": {"phase": "Succeeded", "message": "All steps completed", "startedAt": created, "finishedAt": created,
                   "currentStep": STEPS.len(), "stepExecutionMetadata": meta_steps, "freight": freight_ref(freight)},
    })
}

fn seed_app(
    w: &World,
    sim: &GitopsSim,
    stage: &str,
    previous: Option<&str>,
    current: &str,
) -> Result<(), ApiError> {
    let source = json!({"repoURL": GITOPS_REPO, "path": format!("env/{stage}"), "targetRevision": format!("env/{stage}")});
    let mut history = Vec::new();
    for (id, tag) in previous.into_iter().chain([current]).enumerate() {
        let rev = sim
            .repo
            .commit(stage, tag, &format!("promote {tag} to {stage}"));
        history.push(
            json!({"id": id, "revision": rev.sha, "deployedAt": ago(3000 + 3600 * (1 - id as i64)),
                            "deployStartedAt": ago(3010 + 3600 * (1 - id as i64)), "source": source,
                            "initiatedBy": {"username": "kargo-controller"}}),
        );
    }
    let head = sim.repo.head(stage).expect("just committed");
    let auto = stage == "dev";
    w.store.create(&APPLICATIONS, json!({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
        "metadata": {"name": app_for(stage), "namespace": ARGOCD_NS, "creationTimestamp": ago(30 * 86_400)},
        "spec": {"project": "default", "source": source,
                 "destination": {"server": "https://kubernetes.default.svc", "namespace": stage},
                 "syncPolicy": if auto { json!({"automated": {"prune": true, "selfHeal": true}}) } else { json!({"syncOptions": ["CreateNamespace=true"]}) }},
        "status": {"sync": {"status": "Synced", "revision": head.sha, "comparedTo": {"source": source}},
                   "health": {"status": "Healthy"}, "history": history, "reconciledAt": ago(60),
                   "summary": {"images": [format!("{BACKEND_IMAGE}:{current}"), crate::world::seed::FRONTEND_IMAGE]},
                   "sourceType": "Kustomize"},
    }))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_stable_and_unique() {
        let name = "f4a6c1b2e3d4f5a6b7c8d9e0f1a2b3c4d5e6f7a8";
        let first = alias(name, &[]);
        assert_eq!(first, alias(name, &[]));
        assert_ne!(alias(name, std::slice::from_ref(&first)), first);
        assert!(first.contains('-'));
    }
}
