#!/bin/sh
# bench_serve.sh - txng serve under load, beside nginx serving the same bytes
#
# In one run: wrk -c 64 for $DUR seconds (default 20) against the page and
# the bundle of one unit served by txng serve, and against nginx serving the
# very same bytes as static files; then signed-event writes with 64
# concurrent clients (group commit) against one client at a time (one commit,
# one fsync per event). Prints requests/s, the ratio to nginx, p99 latency
# and the server's RSS. Reports figures only: no assertions.
#
# Environment: TXNG (binary), SIGN_EVENTS (tests/bench/sign_events),
# THREADS (server threads, default 4),
# TXNG_BENCH_TMP (a folder on a real disk, for
# the fsync figures), DUR (seconds per run). Needs wrk and nginx; skips
# what is missing.
set -u
TXNG=${TXNG:?set TXNG to the txng binary}
DUR=${DUR:-20}
TMPBASE=${TXNG_BENCH_TMP:-${TMPDIR:-/tmp}}
command -v wrk >/dev/null 2>&1 || { echo "1..0 # SKIP wrk is not installed"; exit 0; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
T=$(mktemp -d "$TMPBASE/txng-bench-serve.XXXXXX")
PIDS=""
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

"$TXNG" demo -d "$T/log" >/dev/null 2>&1 || { echo "Bail out! txng demo failed"; exit 1; }
"$TXNG" key new -d "$T/log" bench --role grower --no-passphrase -t 2024-12-01T00:00:00Z \
    >/dev/null 2>&1
"$TXNG" serve -q -d "$T/log" --listen 127.0.0.1:0 --rate 0 --write --threads "${THREADS:-4}" \
    >"$T/url" 2>"$T/serve.log" &
SPID=$!
PIDS="$PIDS $SPID"
i=0
while [ ! -s "$T/url" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
U=$(head -n 1 "$T/url")
PAGE=/01/08930000000033/21/000007
mkdir -p "$T/www"
curl -s -o "$T/www/page.html" "$U$PAGE"
curl -s -o "$T/www/bundle.txng" "$U$PAGE?linkType=gs1:traceability"
echo "# page $(wc -c <"$T/www/page.html") bytes, bundle $(wc -c <"$T/www/bundle.txng") bytes"

NPORT=""
if [ -x "$NGINX" ]; then
    NPORT=$(free_port)
    mkdir -p "$T/nginx/logs"
    cat >"$T/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types { text/html html; application/vnd.txng.bundle txng; }
    server {
        listen 127.0.0.1:$NPORT;
        root $T/www;
    }
}
EOF
    "$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -g 'daemon off;' 2>"$T/nginx/stderr" &
    PIDS="$PIDS $!"
    sleep 0.5
fi

# run NAME URL [wrk args]: prints "NAME rps p99 non2xx" (split into $1.. by the callers)
# shellcheck disable=SC2046
run() {
    name=$1
    url=$2
    shift 2
    wrk -t 2 -c 64 -d "${DUR}s" --latency "$@" "$url" >"$T/$name.wrk" 2>&1
    rps=$(awk '/^Requests\/sec:/{print $2}' "$T/$name.wrk")
    p99=$(awk '$1=="99%"{print $2}' "$T/$name.wrk")
    non2xx=$(awk '/Non-2xx/{print $5}' "$T/$name.wrk")
    echo "$name ${rps:-0} ${p99:-?} ${non2xx:-0}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "# wrk -t 2 -c 64 -d ${DUR}s on loopback, 2 cores shared by client and server"
# shellcheck disable=SC2046
set -- $(run txng-page "$U$PAGE")
TP=$2 TP99=$3 TPE=$4
# shellcheck disable=SC2046
set -- $(run txng-bundle "$U$PAGE?linkType=gs1:traceability")
TB=$2 TB99=$3 TBE=$4
if [ -n "$NPORT" ]; then
    # shellcheck disable=SC2046
    set -- $(run nginx-page "http://127.0.0.1:$NPORT/page.html")
    NP=$2 NP99=$3
    # shellcheck disable=SC2046
    set -- $(run nginx-bundle "http://127.0.0.1:$NPORT/bundle.txng")
    NB=$2 NB99=$3
else
    NP=0 NP99='?' NB=0 NB99='?'
fi
mem() { # resident memory of the server: total, anonymous (heap), file (LMDB map)
    awk '/^VmRSS/{t=$2} /^RssAnon/{a=$2} /^RssFile/{f=$2} /^VmHWM/{h=$2}
         END {printf "%s kB (heap %s kB, mapped log %s kB; peak %s kB)", t, a, f, h}' "/proc/$SPID/status"
}
RSS=$(mem)
printf '%-14s %12s %10s %10s %8s\n' what req/s p99 vs-nginx non-2xx
printf '%-14s %12s %10s %10s %8s\n' page "$TP" "$TP99" "$(ratio "$TP" "$NP")" "$TPE"
printf '%-14s %12s %10s\n' nginx-page "$NP" "$NP99"
printf '%-14s %12s %10s %10s %8s\n' bundle "$TB" "$TB99" "$(ratio "$TB" "$NB")" "$TBE"
printf '%-14s %12s %10s\n' nginx-bundle "$NB" "$NB99"
echo "txng serve RSS after the reads: $RSS"

# signed writes: each request posts another signed event (an event posted again is held,
# answered 200, not appended), so the rate is that of records appended, read from the
# checkpoint before and after each run; wrk's own rate would count held answers too
WD=$((DUR / 2))
[ "$WD" -lt 3 ] && WD=3
# more events than either run can append: 1 client is fsync-bound (about 2,000/s on a
# fast disk), 64 clients share commits (about 12,000/s)
if ! "$SIGN_EVENTS" "$T/log/keys/bench.key" $((WD * 3000)) one >"$T/ev1.jsonl" ||
    ! "$SIGN_EVENTS" "$T/log/keys/bench.key" $((WD * 20000)) many >"$T/ev64.jsonl"; then
    echo "Bail out! sign_events failed"
    exit 1
fi
# each wrk thread takes every NTHREADS-th line from its own offset, one line per request
cat >"$T/post.lua" <<'EOF'
local nthreads, made = 1, 0
function setup(thread)
    thread:set("tid", made)
    made = made + 1
end
function init(args)
    nthreads = tonumber(args[2])
    bodies, next_body = {}, 0
    local i = 0
    for line in io.lines(args[1]) do
        if i % nthreads == tid then bodies[#bodies + 1] = line end
        i = i + 1
    end
end
function request()
    next_body = next_body % #bodies + 1
    return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[next_body])
end
EOF
size() { curl -s "$U/checkpoint" | sed -n 2p; }
S0=$(size)
wrk -t 1 -c 1 -d "${WD}s" -s "$T/post.lua" "$U/api/v1/events" -- "$T/ev1.jsonl" 1 \
    >"$T/w1.wrk" 2>&1
S1=$(size)
wrk -t 2 -c 64 -d "${WD}s" --latency -s "$T/post.lua" "$U/api/v1/events" -- "$T/ev64.jsonl" 2 \
    >"$T/w64.wrk" 2>&1
S2=$(size)
W1=$(awk -v n=$((S1 - S0)) -v d="$WD" 'BEGIN { printf "%.0f", n / d }')
W64=$(awk -v n=$((S2 - S1)) -v d="$WD" 'BEGIN { printf "%.0f", n / d }')
W64P99=$(awk '$1=="99%"{print $2}' "$T/w64.wrk")
W64E=$(awk '/Non-2xx/{print $5}' "$T/w64.wrk")
printf 'writes, 1 client (one commit and fsync each): %s records/s\n' "$W1"
printf 'writes, 64 clients (group commit):           %s records/s, p99 %s, %s x, non-2xx %s\n' \
    "$W64" "$W64P99" "$(ratio "$W64" "$W1")" "${W64E:-0}"
echo "records appended by the write runs: $((S2 - S0))"
echo "txng serve RSS at the end: $(mem)"
exit 0
