#!/usr/bin/env bash
# A throwaway Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC, service-account
# tokens), kube-controller-manager, kube-scheduler and kwok with one fake node, built from Go modules
# by build.sh. It carries the real Kargo and Argo CD CRDs and the talk's objects from manifests/.
#
#   testbed.sh up [DIR]              start; prints the admin kubeconfig's path (DIR/admin.kubeconfig)
#   testbed.sh down [DIR]            stop every process and remove DIR
#   testbed.sh stop-apiserver DIR    kill kube-apiserver (the others keep running), as a crash would
#   testbed.sh start-apiserver DIR   start it again with the same flags and port
#
# DIR defaults to $TMPDIR/showrunner-testbed. Environment:
#   TESTBED_APISERVER_ARGS  extra kube-apiserver flags (e.g. "--watch-cache=false")
#   TESTBED_CRDS            directory with the CRD YAML (default ../shared/reference beside the repo,
#                           else the CRDs of the pinned Kargo and Argo CD release modules)
#   TESTBED_WATCH_PID       when that process exits, the test bed takes itself down (used by tests)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
default_dir="${TMPDIR:-/tmp}/showrunner-testbed"

log() { echo "testbed: $*" >&2; }
die() { log "$*"; exit 1; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a component in the background with its output in DIR/logs and its pid in DIR/pids.
spawn() {
    local name="$1"; shift
    "$@" >"$dir/logs/$name.log" 2>&1 &
    echo $! >"$dir/pids/$name"
}

kill_component() {
    local name="$1" pidfile="$dir/pids/$1" pid
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

wait_for() {
    local what="$1" secs="$2"; shift 2
    local deadline=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { log "timed out after ${secs}s waiting for $what"; show_logs; return 1; }
        sleep 0.2
    done
}

show_logs() {
    local f
    for f in "$dir"/logs/*.log; do
        [ -f "$f" ] || continue
        log "--- last lines of $(basename "$f")"
        tail -n 15 "$f" >&2
    done
}

kubeconfig() { # server token ca-file
    cat <<EOF
apiVersion: v1
kind: Config
clusters:
- name: testbed
  cluster:
    server: $1
    certificate-authority-data: $(base64 -w0 "$3")
users:
- name: $4
  user:
    token: $2
contexts:
- name: testbed
  context:
    cluster: testbed
    user: $4
current-context: testbed
EOF
}

make_pki() {
    local pki="$dir/pki"
    mkdir -p "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=showrunner-testbed-ca" \
        -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
        -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
        >"$pki/apiserver.ext"
    openssl x509 -req -days 7 -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
        -CAcreateserial -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
    openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
    openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
    # Static tokens: the admin, and one identity per component (each in system:masters: this is a
    # test bed, and per-component RBAC is the real cluster's business, not the app's).
    : >"$pki/tokens.csv"
    local who
    for who in admin controller-manager scheduler kwok; do
        local token
        token="$(openssl rand -hex 24)"
        echo "$token,showrunner-testbed-$who,$who,\"system:masters\"" >>"$pki/tokens.csv"
        echo "$token" >"$pki/$who.token"
    done
}

apiserver_command() {
    local pki="$dir/pki"
    # shellcheck disable=SC2086  # TESTBED_APISERVER_ARGS is a list of flags
    echo "$bin/kube-apiserver" \
        --etcd-servers="http://127.0.0.1:$(cat "$dir/ports/etcd")" \
        --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
        --secure-port="$(cat "$dir/ports/apiserver")" \
        --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
        --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" \
        --authorization-mode=RBAC \
        --service-cluster-ip-range=10.96.0.0/16 \
        --service-account-issuer=https://kubernetes.default.svc \
        --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
        --etcd-compaction-interval=1m \
        --kubelet-preferred-address-types=InternalIP \
        --profiling=false \
        ${TESTBED_APISERVER_ARGS:-}
}

start_apiserver() {
    # The flags are fixed at `up` (ports, TESTBED_APISERVER_ARGS) so a restart is the same server.
    [ -f "$dir/apiserver.cmd" ] || apiserver_command >"$dir/apiserver.cmd"
    # shellcheck disable=SC2046
    spawn kube-apiserver $(cat "$dir/apiserver.cmd")
    wait_for "kube-apiserver /readyz" 60 \
        curl -fsk --cacert "$dir/pki/ca.crt" -H "Authorization: Bearer $(cat "$dir/pki/admin.token")" \
        "$(cat "$dir/server")/readyz"
}

# The CRDs: $TESTBED_CRDS, else ../shared/reference beside the repository, else the same files
# from the Kargo and Argo CD release modules (identical to those copies; checked 2026-12-01).
kargo_version=v1.11.2
argocd_version=v3.5.1
crd_dir() {
    if [ -n "${TESTBED_CRDS:-}" ]; then echo "$TESTBED_CRDS"; return; fi
    local shared
    shared="$(cd "$here/../.." && pwd)/shared/reference"
    if [ -d "$shared" ]; then echo "$shared"; return; fi
    local out="${TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/showrunner-testbed}/crds-kargo-$kargo_version-argocd-$argocd_version"
    if [ ! -f "$out/argocd/application-crd-$argocd_version.yaml" ]; then
        log "no $shared: taking the CRDs from the Kargo $kargo_version and Argo CD $argocd_version modules"
        local kargo argocd
        kargo="$(module_dir "github.com/akuity/kargo@$kargo_version")"
        argocd="$(module_dir "github.com/argoproj/argo-cd/v3@$argocd_version")"
        mkdir -p "$out/kargo/crds" "$out/argocd"
        cp "$kargo"/charts/kargo/resources/crds/*.yaml "$out/kargo/crds/"
        cp "$argocd/manifests/crds/application-crd.yaml" "$out/argocd/application-crd-$argocd_version.yaml"
    fi
    echo "$out"
}

# Where the Go module cache unpacked MODULE@VERSION (downloaded and checked against the
# checksum database if needed). From / so that no go.mod around the caller is touched.
module_dir() {
    (cd / && GOTOOLCHAIN=local go mod download -json "$1") \
        | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get("Dir") or sys.exit(d.get("Error", "no Dir")))'
}

up() {
    [ ! -e "$dir/pids" ] || die "$dir already holds a test bed; run: $0 down $dir"
    local crds
    crds="$(crd_dir)"
    bin="$("$here/build.sh" | tail -n 1)"
    mkdir -p "$dir"/{logs,pids,ports,etcd-data}
    echo "$bin" >"$dir/bin"
    local name
    for name in etcd etcd-peer apiserver kubelet; do free_port >"$dir/ports/$name"; done
    echo "https://127.0.0.1:$(cat "$dir/ports/apiserver")" >"$dir/server"
    make_pki
    local server
    server="$(cat "$dir/server")"
    for name in admin controller-manager scheduler kwok; do
        kubeconfig "$server" "$(cat "$dir/pki/$name.token")" "$dir/pki/ca.crt" "testbed-$name" >"$dir/$name.kubeconfig"
    done

    local etcd_url="http://127.0.0.1:$(cat "$dir/ports/etcd")" peer="http://127.0.0.1:$(cat "$dir/ports/etcd-peer")"
    spawn etcd "$bin/etcd" --name=testbed --data-dir="$dir/etcd-data" --unsafe-no-fsync \
        --listen-client-urls="$etcd_url" --advertise-client-urls="$etcd_url" \
        --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" \
        --initial-cluster="testbed=$peer" --listen-metrics-urls="" --log-level=warn
    wait_for "etcd /health" 30 curl -fs "$etcd_url/health"

    start_apiserver
    local kc="$dir/admin.kubeconfig"
    # Both serve no port of their own (0): the tests only talk to the API server.
    spawn kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$dir/controller-manager.kubeconfig" \
        --leader-elect=false --service-account-private-key-file="$dir/pki/sa.key" \
        --root-ca-file="$dir/pki/ca.crt" --secure-port=0 --controllers='*'
    spawn kube-scheduler "$bin/kube-scheduler" --kubeconfig="$dir/scheduler.kubeconfig" \
        --leader-elect=false --secure-port=0
    container_logs
    # kwok is also the node's kubelet endpoint, so `kubectl logs` (and the app's log pane) go
    # through the real API server's proxy to it.
    local kubelet_port
    kubelet_port="$(cat "$dir/ports/kubelet")"
    spawn kwok "$bin/kwok" --kubeconfig="$dir/kwok.kubeconfig" \
        --config="$bin/kwok-stages.yaml" --config="$dir/kwok-logs.yaml" \
        --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
        --cidr=10.244.0.0/16 --node-ip=127.0.0.1 \
        --node-port="$kubelet_port" --server-address="127.0.0.1:$kubelet_port" \
        --tls-cert-file="$dir/pki/apiserver.crt" --tls-private-key-file="$dir/pki/apiserver.key"

    local k=("$bin/kubectl" --kubeconfig="$kc")
    "${k[@]}" apply -f "$here/cluster/" >/dev/null
    "${k[@]}" apply --server-side -f "$crds/kargo/crds/" -f "$crds/argocd/application-crd-v3.5.1.yaml" >/dev/null
    # Right after the apply a CRD may have no conditions yet, which `kubectl wait` counts as an error.
    wait_for "the CRDs to be established" 60 "${k[@]}" wait --for=condition=Established --timeout=5s crd --all
    wait_for "the fake node to be Ready" 60 "${k[@]}" wait --for=condition=Ready --timeout=1s node/kwok-node-0
    wait_for "the default ServiceAccount" 60 "${k[@]}" get serviceaccount default -n default

    # The restricted identity: a ServiceAccount that may read everything and nothing more.
    local reader_token
    reader_token="$("${k[@]}" create token showrunner-reader -n default --duration=48h)"
    kubeconfig "$server" "$reader_token" "$dir/pki/ca.crt" showrunner-reader >"$dir/reader.kubeconfig"

    apply_talk "${k[@]}"
    if [ -n "${TESTBED_WATCH_PID:-}" ]; then watch_parent "$TESTBED_WATCH_PID"; fi
    log "up: kubectl --kubeconfig=$kc get pods -A    (stop: $0 down $dir)"
    echo "$kc"
}

# The talk's objects, as `kubectl apply` takes them; then the status a Kargo and an Argo CD
# controller would have written, so the first screen tells the same story as the sandbox's.
apply_talk() {
    local k=("$@")
    "${k[@]}" apply -f "$here/manifests/namespaces.yaml" >/dev/null
    wait_for "namespaces' default ServiceAccounts" 60 bash -c \
        "for ns in dev stg prod; do $(printf '%q ' "${k[@]}") get serviceaccount default -n \$ns || exit 1; done"
    "${k[@]}" apply -f "$here/manifests/" >/dev/null
    local f
    for f in "$here"/manifests/freight/*.yaml; do
        sleep 1.1 # creationTimestamp has a resolution of one second; freight is ordered by it
        "${k[@]}" apply -f "$f" >/dev/null
    done
    local kind name ns subresource
    for f in "$here"/manifests/status/*.json; do
        IFS=. read -r kind ns name _ <<<"$(basename "$f")"
        # Argo CD's Application has no status subresource: its controller writes status with the rest.
        subresource=(--subresource=status)
        [ "$kind" != applications ] || subresource=()
        "${k[@]}" patch "$kind" "$name" -n "$ns" "${subresource[@]}" --type=merge --patch-file="$f" >/dev/null
    done
    "${k[@]}" rollout status deployment -n dev --timeout=120s >/dev/null
}

# What the talk's containers print: kwok serves logs from files in the CRI format, so a small
# writer plays a web server's access log into one, as a running app would.
container_logs() {
    local file="$dir/logs/containers/app.log"
    mkdir -p "$(dirname "$file")"
    cat >"$dir/kwok-logs.yaml" <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: talk-containers
spec:
  selector:
    matchNamespaces: [dev, stg, prod]
  logs:
  - containers: [app, web]
    logsFile: $file
    follow: true
EOF
    spawn container-logs bash -c '
        n=0
        while :; do
            n=$((n + 1))
            printf "%s stdout F GET /users?team=%d 200 %dms\n" "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" $((n % 7)) $((RANDOM % 90 + 3))
            sleep 1
        done >>"$0"' "$file"
}

# A background watchdog: a test that dies without tearing down still leaves nothing behind.
watch_parent() {
    local parent="$1"
    (
        trap '' HUP INT
        while kill -0 "$parent" 2>/dev/null && [ -d "$dir/pids" ]; do sleep 1; done
        "$here/testbed.sh" down "$dir" >/dev/null 2>&1
    ) </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/watchdog.pid"
}

down() {
    [ -d "$dir" ] || return 0
    local name
    for name in container-logs kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do kill_component "$name"; done
    # The watchdog may be the caller; never kill ourselves.
    if [ -f "$dir/watchdog.pid" ] && [ "$(cat "$dir/watchdog.pid")" != "$BASHPID" ] \
        && [ "$(cat "$dir/watchdog.pid")" != "$PPID" ]; then
        kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

cmd="${1:-}"
dir="${2:-$default_dir}"
case "$cmd" in
    up)
        trap 'rc=$?; if [ $rc -ne 0 ] && [ -z "${TESTBED_KEEP:-}" ]; then log "failed; taking down what started"; down; fi' EXIT
        up
        trap - EXIT ;;
    down) down ;;
    stop-apiserver) [ -d "$dir/pids" ] || die "no test bed in $dir"; kill_component kube-apiserver ;;
    start-apiserver)
        [ -d "$dir/pids" ] || die "no test bed in $dir"
        bin="$(cat "$dir/bin")"
        start_apiserver ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
