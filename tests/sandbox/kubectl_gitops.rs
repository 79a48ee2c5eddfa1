//! The real kubectl against the sandbox's Kargo and Argo CD kinds: server-side tables with
//! the columns the CRDs declare, and `apply -f` of manifests written in Kargo's own shape.

use showrunner_testkit as common;

use common::kubectl::{header, kubectl, run};
use common::start;

const PROJECT: &str = "kargo-demo";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_stages_freight_and_promotions_as_tables() {
    let sb = start().await;
    let out = run(&sb, &["get", "stages,freight,promotions", "-n", PROJECT]).await;
    // One table per kind, each with the CRD's printer columns.
    assert!(out.contains("stage.kargo.akuity.io/dev"), "{out}");
    assert!(out.contains("stage.kargo.akuity.io/prod"), "{out}");
    assert!(out.contains("freight.kargo.akuity.io/"), "{out}");
    let stages = run(&sb, &["get", "stages", "-n", PROJECT]).await;
    assert_eq!(
        header(&stages),
        [
            "NAME", "SHARD", "CURRENT", "FREIGHT", "HEALTH", "READY", "STATUS", "AGE"
        ]
    );
    for stage in ["dev", "stg", "prod"] {
        let line = stages.lines().find(|l| l.starts_with(stage)).expect(stage);
        assert!(line.contains("Healthy"), "{stage} not healthy: {stages}");
    }
    let freight = run(&sb, &["get", "freight", "-n", PROJECT]).await;
    let h = header(&freight);
    assert_eq!(h.first(), Some(&"NAME"), "{freight}");
    assert_eq!(h[..2], ["NAME", "ALIAS"], "{freight}");
    assert!(freight.lines().count() >= 3, "seeded freight: {freight}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_applications_in_argocd() {
    let sb = start().await;
    let out = run(&sb, &["get", "applications", "-n", "argocd"]).await;
    assert_eq!(header(&out), ["NAME", "SYNC", "STATUS", "HEALTH", "STATUS"]);
    for app in ["dev-app", "stg-app", "prod-app"] {
        let line = out.lines().find(|l| l.starts_with(app)).expect(app);
        assert!(line.contains("Synced") && line.contains("Healthy"), "{out}");
    }
}

/// A Warehouse and a Stage as Kargo's docs write them; the same file with a typo in a field
/// name is refused whole, as a real API server with strict field validation refuses it.
const MANIFESTS: &str = r#"apiVersion: kargo.akuity.io/v1alpha1
kind: Warehouse
metadata:
  name: frontend
  namespace: kargo-demo
spec:
  interval: 5m0s
  freightCreationPolicy: Automatic
  subscriptions:
  - image:
      repoURL: ghcr.io/showrunner-demo/frontend
      imageSelectionStrategy: SemVer
      discoveryLimit: 20
---
apiVersion: kargo.akuity.io/v1alpha1
kind: Stage
metadata:
  name: qa
  namespace: kargo-demo
spec:
  requestedFreight:
  - origin:
      kind: Warehouse
      name: backend
    sources:
      stages:
      - dev
  promotionTemplate:
    spec:
      steps:
      - uses: git-clone
        config:
          repoURL: https://github.com/showrunner-demo/gitops.git
          checkout:
          - branch: env/qa
            create: true
            path: ./out
      - uses: kustomize-set-image
        as: update
        config:
          path: ./out
          images:
          - image: ghcr.io/showrunner-demo/backend
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_a_warehouse_and_a_stage_manifest() {
    let sb = start().await;
    let file = sb.dir.path().join("kargo.yaml");
    std::fs::write(&file, MANIFESTS).unwrap();
    let out = run(&sb, &["apply", "-f", file.to_str().unwrap()]).await;
    assert!(
        out.contains("warehouse.kargo.akuity.io/frontend created"),
        "{out}"
    );
    assert!(out.contains("stage.kargo.akuity.io/qa created"), "{out}");
    let step = run(
        &sb,
        &[
            "get",
            "stage",
            "qa",
            "-n",
            PROJECT,
            "-o",
            "jsonpath={.spec.promotionTemplate.spec.steps[1].as}",
        ],
    )
    .await;
    assert_eq!(step, "update");
    let again = run(&sb, &["apply", "-f", file.to_str().unwrap()]).await;
    assert!(
        again.contains("stage.kargo.akuity.io/qa unchanged"),
        "{again}"
    );

    std::fs::write(
        &file,
        MANIFESTS.replace("  freightCreationPolicy", "  freightCreationPolicyy"),
    )
    .unwrap();
    let out = kubectl(&sb)
        .args(["apply", "-f", file.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if client_minor(&sb).await >= 25 {
        // kubectl asks for strict server-side field validation: the typo is an error.
        assert!(!out.status.success());
        assert!(
            stderr.contains("unknown field \"spec.freightCreationPolicyy\""),
            "{stderr}"
        );
    } else {
        // Older kubectl (Debian's 1.20) does not ask: the server drops the unknown field.
        assert!(out.status.success(), "{stderr}");
        let spec = run(
            &sb,
            &[
                "get",
                "warehouse",
                "frontend",
                "-n",
                PROJECT,
                "-o",
                "jsonpath={.spec}",
            ],
        )
        .await;
        assert!(!spec.contains("freightCreationPolicyy"), "{spec}");
    }
}

/// kubectl's client minor version (server-side field validation is the default from 1.25).
async fn client_minor(sb: &common::TestSandbox) -> u32 {
    let out = run(sb, &["version", "--client", "-o", "json"]).await;
    let v: serde_json::Value = serde_json::from_str(&out).expect("kubectl version JSON");
    v["clientVersion"]["minor"]
        .as_str()
        .and_then(|m| m.trim_end_matches('+').parse().ok())
        .expect("a minor version")
}
