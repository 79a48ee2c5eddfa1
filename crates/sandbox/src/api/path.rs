//! Maps a URL path onto a served resource: `/api/v1/namespaces/dev/pods/x/log` and friends.

use crate::error::ApiError;
use crate::registry::Registry;
use crate::resource::Res;

#[derive(Debug, PartialEq)]
pub enum Route {
    /// `/api/v1` or `/apis/<group>/<version>`: an APIResourceList.
    ResourceList {
        group: String,
        version: String,
    },
    /// `/apis/<group>`: one APIGroup.
    Group(String),
    Resource(Target),
}

#[derive(Debug, PartialEq)]
pub struct Target {
    pub res: Res,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub sub: Option<String>,
}

pub fn parse(path: &str, registry: &Registry) -> Result<Route, ApiError> {
    let segs: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let (group, version, rest) = match segs.as_slice() {
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g] => return Ok(Route::Group(g.to_string())),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return Err(ApiError::no_route()),
    };
    if !registry.serves(group, version) {
        return Err(ApiError::no_route());
    }
    let find = |plural: &str| registry.find(group, version, plural);
    let target = |res: Res, namespace: Option<&str>, more: &[&str]| -> Result<Route, ApiError> {
        let (name, sub) = match more {
            [] => (None, None),
            [name] => (Some(name.to_string()), None),
            [name, sub] => (Some(name.to_string()), Some(sub.to_string())),
            _ => return Err(ApiError::no_route()),
        };
        let sub_ok = sub.as_deref().is_none_or(|s| {
            (s == "status" && res.has_status_subresource) || res.subresources.contains(&s)
        });
        if !sub_ok || (res.namespaced && namespace.is_none() && name.is_some()) {
            return Err(ApiError::no_route());
        }
        Ok(Route::Resource(Target {
            res,
            namespace: namespace.map(String::from),
            name,
            sub,
        }))
    };
    match rest {
        [] => Ok(Route::ResourceList {
            group: group.into(),
            version: version.into(),
        }),
        ["namespaces", ns, plural, more @ ..] if find(plural).is_some_and(|r| r.namespaced) => {
            target(find(plural).ok_or_else(ApiError::no_route)?, Some(ns), more)
        }
        [plural, more @ ..] => target(find(plural).ok_or_else(ApiError::no_route)?, None, more),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{DEPLOYMENTS, NAMESPACES, PODS};

    fn t(res: Res, ns: Option<&str>, name: Option<&str>, sub: Option<&str>) -> Route {
        Route::Resource(Target {
            res,
            namespace: ns.map(String::from),
            name: name.map(String::from),
            sub: sub.map(String::from),
        })
    }

    #[test]
    fn routes() {
        let r = Registry::builtin();
        assert_eq!(
            parse("/api/v1/pods", &r).unwrap(),
            t(&PODS, None, None, None)
        );
        assert_eq!(
            parse("/api/v1/namespaces/dev/pods/x/log", &r).unwrap(),
            t(&PODS, Some("dev"), Some("x"), Some("log"))
        );
        assert_eq!(
            parse("/api/v1/namespaces/dev", &r).unwrap(),
            t(&NAMESPACES, None, Some("dev"), None)
        );
        assert_eq!(
            parse("/api/v1/namespaces/dev/status", &r).unwrap(),
            t(&NAMESPACES, None, Some("dev"), Some("status"))
        );
        assert_eq!(
            parse("/apis/apps/v1/namespaces/a/deployments", &r).unwrap(),
            t(&DEPLOYMENTS, Some("a"), None, None)
        );
        assert_eq!(
            parse("/apis/apps/v1", &r).unwrap(),
            Route::ResourceList {
                group: "apps".into(),
                version: "v1".into()
            }
        );
        assert_eq!(
            parse("/apis/apps", &r).unwrap(),
            Route::Group("apps".into())
        );
        for bad in [
            "/api/v1/nope",
            "/api/v2/pods",
            "/api/v1/pods/x",
            "/api/v1/namespaces/a/pods/x/exec",
            "/x",
        ] {
            assert!(parse(bad, &r).is_err(), "{bad}");
        }
    }
}
