#!/bin/sh
# The load benchmark behind README's performance section (issue 14).
#
#   scripts/perf.sh [PODS] [CHURN] [SECONDS]      defaults: 100000 500 60
#
# Starts `showrunner sandbox --pods PODS --churn CHURN` in its own process, pages through
# `kubectl get pods -n dev` while the churn runs (it must complete, as on a real API server),
# then runs the app against it in a 160x48 tmux window for SECONDS with --metrics-out, ends it
# with SIGTERM and prints the app's metrics next to the sandbox's memory over the run.
# Needs a release build (cargo build --release), tmux, kubectl and python3. Everything it
# writes is in $OUT (default: a new temp dir), including the sandbox RSS series
# (sandbox-rss.txt: seconds, RSS in kB, CPU seconds). SHOWRUNNER_BIN picks another binary.
#
# SANDBOX_SECONDS=540 keeps the sandbox churning that much longer after the app's run (ten
# minutes in all with the defaults), to watch its memory under sustained churn.
set -eu

PODS=${1:-100000}
CHURN=${2:-500}
SECONDS_APP=${3:-60}
SANDBOX_SECONDS=${SANDBOX_SECONDS:-0}
BIN=${SHOWRUNNER_BIN:-$(dirname "$0")/../target/release/showrunner}
OUT=${OUT:-$(mktemp -d /tmp/showrunner-perf.XXXXXX)}
SESSION=showrunner-perf-$$
mkdir -p "$OUT"

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_s() { awk '{printf "%.2f", ($14+$15)/100}' "/proc/$1/stat" 2>/dev/null || echo 0; }

"$BIN" sandbox --pods "$PODS" --churn "$CHURN" --data-dir "$OUT/sandbox" >"$OUT/sandbox.log" 2>&1 &
SANDBOX=$!
cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    kill "$SANDBOX" 2>/dev/null || true
}
trap cleanup EXIT
# The kubeconfig is written once the sandbox has seeded its pods and listens.
started=$(date +%s)
while [ ! -s "$OUT/sandbox/kubeconfig" ] || ! grep -q "Press Ctrl-C" "$OUT/sandbox.log"; do
    kill -0 "$SANDBOX" || { cat "$OUT/sandbox.log"; exit 1; }
    sleep 0.5
done
echo "sandbox: $PODS pods, $CHURN changes/s, seeded in $(( $(date +%s) - started )) s"
export KUBECONFIG="$OUT/sandbox/kubeconfig"

( t=0; while kill -0 "$SANDBOX" 2>/dev/null; do
    echo "$t $(rss_kb "$SANDBOX") $(cpu_s "$SANDBOX")"; sleep 10; t=$((t + 10))
  done ) >"$OUT/sandbox-rss.txt" &

# kubectl pages by 500; under churn every page after the first must still be served.
t0=$(date +%s.%N)
if kubectl get pods -n dev --no-headers >"$OUT/kubectl-dev.txt" 2>"$OUT/kubectl-dev.err"; then
    kubectl_result="ok, $(wc -l <"$OUT/kubectl-dev.txt") pods in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
else
    kubectl_result="FAILED: $(tail -1 "$OUT/kubectl-dev.err")"
fi

tmux new-session -d -s "$SESSION" -x 160 -y 48 \
    "echo \$\$ >'$OUT/app.pid'; exec '$BIN' --kubeconfig '$KUBECONFIG' --no-runbook --metrics-out '$OUT/metrics.json' 2>'$OUT/app.err'"
sleep "$SECONDS_APP"
tmux capture-pane -p -t "$SESSION" >"$OUT/screen.txt"
kill -TERM "$(cat "$OUT/app.pid")"
for _ in $(seq 1 50); do [ -s "$OUT/metrics.json" ] && break; sleep 0.2; done

if [ "$SANDBOX_SECONDS" -gt 0 ]; then
    echo "sandbox churning for another $SANDBOX_SECONDS s (memory series in $OUT/sandbox-rss.txt)"
    sleep "$SANDBOX_SECONDS"
fi
sandbox_hwm=$(hwm_kb "$SANDBOX")
sandbox_cpu=$(cpu_s "$SANDBOX")
sleep 1 # one more RSS sample

echo "kubectl get pods -n dev under churn: $kubectl_result"
echo "app metrics ($OUT/metrics.json):"
cat "$OUT/metrics.json"
awk -v hwm="$sandbox_hwm" -v cpu="$sandbox_cpu" '
    NR == 1 { first = $2 } { last = $2; t = $1; if ($2 > max) max = $2 }
    END { printf "sandbox RSS: %d MB at start, %d MB after %d s, max %d MB (VmHWM %d MB); CPU %s s\n",
          first / 1024, last / 1024, t, max / 1024, hwm / 1024, cpu }' "$OUT/sandbox-rss.txt"
# Each figure against its target (issue 14); OVER marks a regression or a target not met.
python3 - "$OUT/metrics.json" "$SECONDS_APP" "$sandbox_hwm" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
secs = float(sys.argv[2])
uptime = max(m["uptime_seconds"], secs)
cpu_pct = 100 * m["cpu_seconds"] / uptime
# Under churn, after the first complete screen (the initial list is the start-up target's).
first, cpu_first = m["first_complete_screen_seconds"], m.get("cpu_seconds_at_first_complete_screen")
steady_pct = None if first is None or cpu_first is None else \
    100 * (m["cpu_seconds"] - cpu_first) / max(uptime - first, 1e-9)
rows = [
    ("event->frame p99 (ms)", m["event_to_frame_ms"]["p99"], 16),
    ("  under churn (ms)", (m.get("event_to_frame_under_churn_ms") or {}).get("p99"), 16),
    ("frame time p99 (ms)", m["frame_time_ms"]["p99"], 2),
    ("peak RSS (MB)", m["peak_rss_mb"], 150),
    ("CPU under churn (% of a core)", steady_pct, 15),
    ("CPU, start-up included (%)", cpu_pct, None),
    ("first complete screen (s)", first, 3),
]
for name, value, target in rows:
    shown = "-" if value is None else f"{value:.1f}"
    if target is None:
        print(f"  {name:30} {shown:>8}")
        continue
    verdict = "n/a" if value is None else ("ok" if value <= target else "OVER")
    print(f"  {name:30} {shown:>8}  target <= {target:<5} {verdict}")
PY
echo "results in $OUT"
