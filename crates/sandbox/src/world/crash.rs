//! Which containers crash. A later issue's broken image (`feature/error`) is named in
//! `SandboxOptions::crash_images`; a pod can also ask for it with an annotation, which is
//! handy in tests and demos without a special image.

use serde_json::Value;

use crate::meta;

pub const CRASH_ANNOTATION: &str = "showrunner.dev/crash";

/// Initial CrashLoopBackOff delay and its cap, in (unscaled) seconds, as the kubelet uses.
pub const BACKOFF_START: f64 = 10.0;
pub const BACKOFF_MAX: f64 = 300.0;

pub fn image_crashes(image: &str, crash_images: &[String]) -> bool {
    let tag = image
        .rsplit_once(':')
        .map(|(_, t)| t)
        .filter(|t| !t.contains('/'));
    crash_images
        .iter()
        .any(|c| c == image || Some(c.as_str()) == tag)
}

pub fn pod_crashes(pod: &Value, container_image: &str, crash_images: &[String]) -> bool {
    meta::str_at(pod, &["metadata", "annotations", CRASH_ANNOTATION]) == Some("true")
        || image_crashes(container_image, crash_images)
}

/// Back-off before restart number `restarts` (1-based): 10s, 20s, 40s … capped at 5 min.
pub fn backoff(restarts: u32) -> f64 {
    (BACKOFF_START * 2f64.powi(restarts.saturating_sub(1).min(16) as i32)).min(BACKOFF_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn crash_rules() {
        let rules = vec!["deadbee".to_string(), "ghcr.io/x/y:1".to_string()];
        assert!(image_crashes(
            "ghcr.io/showrunner-demo/backend:deadbee",
            &rules
        ));
        assert!(image_crashes("ghcr.io/x/y:1", &rules));
        assert!(!image_crashes("ghcr.io/x/y:2", &rules));
        assert!(!image_crashes("localhost:5000/app", &rules));
        let pod = json!({"metadata": {"annotations": {CRASH_ANNOTATION: "true"}}});
        assert!(pod_crashes(&pod, "any:1", &[]));
        assert!(!pod_crashes(&json!({}), "any:1", &[]));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(
            [1, 2, 3, 6, 20].map(backoff),
            [10.0, 20.0, 40.0, 300.0, 300.0]
        );
    }
}
