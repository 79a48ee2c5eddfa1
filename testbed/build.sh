#!/usr/bin/env bash
# Builds the test bed's control plane from Go modules pinned by the go.mod/go.sum files beside this
# script: kube-apiserver, kube-controller-manager, kube-scheduler and kubectl (testbed/k8s), etcd
# (testbed/etcd) and kwok (testbed/kwok). Binaries are cached under $TESTBED_CACHE keyed by a hash of
# the module files, this script and the Go version, so a second run only checks the key.
#
# Prints the directory holding the binaries on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export GOTOOLCHAIN=local   # a dependency that asks for a newer Go fails at once instead of fetching one
export CGO_ENABLED=0       # static, as upstream builds them
export GOFLAGS="-buildvcs=false"
cache_root="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/showrunner-testbed}"

module_version() { (cd "$here/$1" && go list -m -f '{{.Version}}' "$2"); }
k8s_version="$(module_version k8s k8s.io/kubernetes)"
[ -n "$k8s_version" ] || { echo "build.sh: no k8s.io/kubernetes version in testbed/k8s/go.mod" >&2; exit 1; }

# Bump when the build flags or the outputs below change, so caches built the old way are not reused.
recipe=2
key="$( { go version; echo "$recipe"; cat "$here"/{k8s,etcd,kwok}/go.{mod,sum} "$here/etcd/main.go"; } | sha256sum | cut -c1-16)"
out="$cache_root/$k8s_version-$key"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)
outputs=("${binaries[@]}" kwok-stages.yaml)

complete() {
    local b
    for b in "${outputs[@]}"; do [ -e "$out/$b" ] || return 1; done
}

if complete; then
    echo "test bed binaries cached in $out" >&2
    echo "$out"
    exit 0
fi

mkdir -p "$cache_root"
work="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
start=$SECONDS
jobs="${TESTBED_BUILD_JOBS:-2}"   # Each kube binary needs a few GB to link; 2 cores, 2 jobs.

# Upstream stamps the version in both packages (hack/lib/version.sh); without it /version reports
# v0.0.0-master and kubectl warns of a version skew.
minor="${k8s_version#v1.}"; minor="${minor%%.*}"
date_now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date_now"
done

echo "building Kubernetes $k8s_version control plane (cold builds take long; see README)" >&2
(cd "$here/k8s" && go build -p "$jobs" -trimpath -ldflags "$ldflags" -o "$work/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl)
echo "  kubernetes built after $((SECONDS - start)) s" >&2

etcd_version="$(module_version etcd go.etcd.io/etcd/server/v3)"
(cd "$here/etcd" && go build -p "$jobs" -trimpath \
    -ldflags "-s -w" -o "$work/etcd" .)
echo "  etcd $etcd_version built after $((SECONDS - start)) s" >&2

kwok_version="$(module_version kwok sigs.k8s.io/kwok)"
(cd "$here/kwok" && go build -p "$jobs" -trimpath -ldflags "-s -w" -o "$work/kwok" sigs.k8s.io/kwok/cmd/kwok)
echo "  kwok $kwok_version built after $((SECONDS - start)) s" >&2

# kwok alone has no built-in stages (kwokctl embeds them); take upstream's from the pinned module
# rather than copying them: nodes initialise and keep a heartbeat, pods become ready, complete, delete.
kwok_dir="$(cd "$here/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
for stage in node/fast/node-initialize node/heartbeat/node-heartbeat \
        pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    echo "---"
    cat "$kwok_dir/kustomize/stage/$stage.yaml"
done > "$work/kwok-stages.yaml"

rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "test bed binaries built in $((SECONDS - start)) s into $out" >&2
echo "$out"
