use reqwest::header::HeaderValue;

use super::*;

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.insert(*k, HeaderValue::from_str(v).unwrap());
    }
    h
}

#[test]
fn next_link_is_found_among_the_relations() {
    let h = headers(&[(
        "link",
        r#"<https://api.github.com/resource?page=2>; rel="next", <https://api.github.com/resource?page=5>; rel="last""#,
    )]);
    assert_eq!(
        next_link(&h).as_deref(),
        Some("https://api.github.com/resource?page=2")
    );
    let last = headers(&[(
        "link",
        r#"<https://x/?page=1>; rel="prev", <https://x/?page=1>; rel="first""#,
    )]);
    assert_eq!(next_link(&last), None);
    assert_eq!(next_link(&HeaderMap::new()), None);
}

#[test]
fn rate_limit_headers_are_read() {
    let h = headers(&[
        ("x-ratelimit-limit", "5000"),
        ("x-ratelimit-remaining", "4999"),
        ("x-ratelimit-reset", "1590701888"),
    ]);
    assert_eq!(
        rate_limit(&h),
        Some(RateLimit {
            limit: 5000,
            remaining: 4999,
            reset: 1590701888
        })
    );
    assert_eq!(rate_limit(&HeaderMap::new()), None);
}

#[test]
fn errors_are_classified_for_the_user() {
    let now = Timestamp::from_second(1_000).unwrap();
    let spent = headers(&[
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-reset", "1600"),
    ]);
    assert_eq!(
        classify(
            StatusCode::FORBIDDEN,
            &spent,
            "API rate limit exceeded".into(),
            now
        ),
        GhError::RateLimited {
            until: Timestamp::from_second(1600).unwrap(),
            message: "API rate limit exceeded".into()
        }
    );
    let retry = headers(&[("retry-after", "30")]);
    assert!(
        matches!(classify(StatusCode::TOO_MANY_REQUESTS, &retry, "slow".into(), now),
        GhError::RateLimited { until, .. } if until.as_second() == 1030)
    );
    assert_eq!(
        classify(
            StatusCode::UNAUTHORIZED,
            &HeaderMap::new(),
            "Bad credentials".into(),
            now
        ),
        GhError::Unauthorized("Bad credentials".into())
    );
    let forbidden = classify(
        StatusCode::FORBIDDEN,
        &headers(&[("x-ratelimit-remaining", "10")]),
        "Resource not accessible".into(),
        now,
    );
    assert_eq!(
        forbidden,
        GhError::Http {
            status: 403,
            message: "Resource not accessible".into()
        }
    );
    assert!(
        GhError::Unauthorized("Bad credentials".into())
            .to_string()
            .contains("token is missing or bad (401)")
    );
}

#[test]
fn signed_urls_lose_their_query_in_messages() {
    assert_eq!(
        without_query("error sending request for url (https://blob.example/log?sig=SECRET&exp=1)"),
        "error sending request for url (https://blob.example/log?…"
    );
}

#[test]
fn branch_names_are_encoded() {
    assert_eq!(encode("feature/update-user"), "feature%2Fupdate-user");
}
