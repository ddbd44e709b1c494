#!/bin/sh
# http.sh - txng witness over real HTTP on loopback (TAP)
#
# Starts `txng witness serve` on a free port and sends C2SP tlog-witness
# add-checkpoint requests with curl: each status of the spec (400, 404, 403,
# 409 with its text/x.tlog.size body, 422, 200), a fork at equal size, the
# checks of the request head it shares with the resolver (Host, the framing
# of the body, the absolute form; web/http.h), then
# the log side: `txng witness add`, an append that asks the witness itself
# (with the 409 -> retry path), `ask`, the cosignature in `txng checkpoint`,
# txng_witness_check() with 1 and 2 witnesses needed, and an append while
# the witness is down (kept, status 0, one warning). Needs $TXNG and
# $WITNESS_CHECK (set by meson).
set -u
: "${TXNG:?}" "${WITNESS_CHECK:?}"
RAWHTTP=$(cd "$(dirname "$0")/../tools" && pwd)/rawhttp.py # one raw request
work=$(mktemp -d "${TMPDIR:-/tmp}/txng-witness-http.XXXXXX")
server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cd "$work" || exit 1
export LC_ALL=C TZ=UTC HOME="$work"
unset TXNG_DIR
n=0
failed=0
ok() { # ok CONDITION-STATUS NAME
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
    fi
}
txng() { "$TXNG" "$@"; }
seed_a=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
seed_b=1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100

# Two logs with the same origin and key (L and its fork F), one with the
# same origin and another key (X), one with another origin (O).
TXNG_INSECURE_SEED=$seed_a txng init -d L --origin example.com/log --no-passphrase -t 1700000000 >/dev/null 2>&1
TXNG_INSECURE_SEED=$seed_a txng init -d F --origin example.com/log --no-passphrase -t 1700000000 >/dev/null 2>&1
TXNG_INSECURE_SEED=$seed_b txng init -d X --origin example.com/log --no-passphrase -t 1700000000 >/dev/null 2>&1
TXNG_INSECURE_SEED=$seed_a txng init -d O --origin other.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
TXNG_INSECURE_SEED=$seed_a txng witness init -d W --name witness.example.com/w1 --no-passphrase >wvkey 2>/dev/null
ok $? "witness init"
TXNG_INSECURE_SEED=$seed_b txng witness init -d W2 --name witness.example.com/w2 --no-passphrase >w2vkey 2>/dev/null
txng witness add-log -d W "$(txng key export -d L example.com/log)" >/dev/null
ok $? "witness add-log"

"$TXNG" witness serve -d W --listen 127.0.0.1:0 -t 1700009999 >serve.out 2>serve.err &
server=$!
url=
i=0
while [ $i -lt 100 ] && [ -z "$url" ]; do
    url=$(sed -n 's|^listening on \(http://.*\)/$|\1|p' serve.out 2>/dev/null)
    [ -n "$url" ] || sleep 0.1
    i=$((i + 1))
done
[ -n "$url" ]
ok $? "serve listens on a free port ($url)"
if [ -z "$url" ]; then
    cat serve.err >&2
    echo "1..$n"
    exit 1
fi

# post BODY-FILE: prints "STATUS CONTENT-TYPE", the reply body goes to ./reply
post() {
    curl -s -o reply -w '%{http_code} %{content_type}' --data-binary @"$1" "$url/add-checkpoint"
}
body() { # body FILE OLD [PROOF-LINES-FILE] CHECKPOINT-FILE
    out=$1 old=$2
    shift 2
    { printf 'old %s\n' "$old"; [ $# -eq 2 ] && cat "$1"; printf '\n'; eval cat "\"\${$#}\""; } >"$out"
}

txng checkpoint -d L >cpL1
txng checkpoint -d O >cpO1
txng checkpoint -d X >cpX1

printf 'old 01\n\n' >b; cat cpL1 >>b
r=$(post b); [ "${r%% *}" = 400 ]; ok $? "malformed old line: 400 ($r)"
printf 'old 0\nnot-base64\n\n' >b; cat cpL1 >>b
r=$(post b); [ "${r%% *}" = 400 ]; ok $? "bad proof line: 400"
printf 'old 0\n\nnot a note\n' >b
r=$(post b); [ "${r%% *}" = 400 ]; ok $? "not a checkpoint: 400"
body b 0 cpO1; r=$(post b); [ "${r%% *}" = 404 ]; ok $? "unknown origin: 404"
body b 0 cpX1; r=$(post b); [ "${r%% *}" = 403 ]; ok $? "signed by another key: 403"
body b 5 cpL1; r=$(post b); [ "${r%% *}" = 400 ]; ok $? "old 5 > size 1: 400"
body b 1 cpL1; r=$(post b)
[ "$r" = "409 text/x.tlog.size" ] && [ "$(cat reply)" = 0 ] && [ "$(wc -c <reply)" -eq 2 ]
ok $? "old 1, witness at 0: 409, text/x.tlog.size, body \"0\" and a newline ($r)"
printf 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' >pbad
body b 0 pbad cpL1; r=$(post b); [ "${r%% *}" = 422 ]; ok $? "old 0 with a proof: 422"
body b 0 cpL1; r=$(post b)
[ "${r%% *}" = 200 ] && grep -q '^— witness.example.com/w1 [A-Za-z0-9+/]\{102\}==$' reply &&
    [ "$(wc -l <reply)" -eq 1 ]
ok $? "old 0, size 1: 200 with one cosignature line"
cat cpL1 reply >cosigned1
"$WITNESS_CHECK" cosigned1 1 "$(cat wvkey)"
ok $? "the returned line is a valid cosignature on the checkpoint"

# Size 2 in L and, with other contents, in its fork F.
TXNG_INSECURE_SEED=$seed_a txng key new -d L a --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
TXNG_INSECURE_SEED=$seed_a txng key new -d F b --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
txng checkpoint -d L >cpL2
txng checkpoint -d F >cpF2
txng prove -d L --consistency 1 2 | tail -n +4 >proof12
body b 1 pbad cpL2; r=$(post b); [ "${r%% *}" = 422 ]; ok $? "wrong consistency proof 1 -> 2: 422"
body b 1 cpL2; r=$(post b); [ "${r%% *}" = 422 ]; ok $? "missing consistency proof 1 -> 2: 422"
body b 1 proof12 cpL2; r=$(post b); [ "${r%% *}" = 200 ]; ok $? "good consistency proof 1 -> 2: 200"
body b 2 cpL2; r=$(post b); [ "${r%% *}" = 200 ]; ok $? "the same checkpoint again: 200"
body b 2 cpF2; r=$(post b)
[ "$r" = "409 text/x.tlog.size" ] && [ "$(cat reply)" = 2 ]
ok $? "a fork at the same size (another root): 409 with body 2"
body b 0 cpL2; r=$(post b); [ "${r%% *}" = 409 ] && [ "$(cat reply)" = 2 ]
ok $? "old 0 after size 2: 409 with body 2"
printf 'x' >b
r=$(curl -s -o reply -w '%{http_code}' "$url/add-checkpoint"); [ "$r" = 405 ]; ok $? "GET: 405"
r=$(curl -s -o reply -w '%{http_code}' --data-binary @b "$url/elsewhere"); [ "$r" = 404 ]
ok $? "another path: 404"
head -c 1200000 /dev/zero | tr '\0' 'A' >big
r=$(curl -s -o reply -w '%{http_code}' --data-binary @big "$url/add-checkpoint"); [ "$r" = 413 ]
ok $? "a body over 1 MiB + 4 KiB: 413"
txng witness list -d W | grep -q '^example.com/log 2 example.com/log+'
ok $? "witness list shows size 2"

# The resolver's checks of the request head (web/http.h), shared: each refusal is answered at
# once with one line in the reader's language, nothing is cosigned, and the witness still
# serves (the same checkpoint again: 200).
# refused NAME STATUS-LINE LINE HEAD [BODY-FILE]: the request (tests/tools/rawhttp.py) is
# answered STATUS-LINE with the one line LINE, and a normal request after it is served
refused() {
    python3 "$RAWHTTP" "$url" "$4" "${5:-}" >raw.out
    [ "$(sed -n 1p raw.out)" = "$2" ] && [ "$(sed '1,/^$/d' raw.out)" = "$3" ]
    ok $? "$1: $2, one line saying why" "$(cat raw.out)"
    r=$(post b)
    [ "${r%% *}" = 200 ]
    ok $? "$1: the witness still serves ($r)"
}
body b 2 cpL2
cl=$(wc -c <b | tr -d ' ')
refused "HTTP/1.1 without Host" "HTTP/1.1 400 Bad Request" \
    "an HTTP/1.1 request carries exactly one Host header field, with a host name or address" \
    'POST /add-checkpoint HTTP/1.1\r\nAccept-Language: en\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
refused "two Host fields, no Accept-Language (Vietnamese)" "HTTP/1.1 400 Bad Request" \
    "yêu cầu HTTP/1.1 phải có đúng một trường đầu Host, chứa tên máy hoặc địa chỉ" \
    'POST /add-checkpoint HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
refused "Transfer-Encoding: gzip" "HTTP/1.1 501 Not Implemented" \
    "Transfer-Encoding: only chunked is understood" \
    'POST /add-checkpoint HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n'
refused "Content-Length with Transfer-Encoding" "HTTP/1.1 400 Bad Request" \
    "both Content-Length and Transfer-Encoding" \
    'POST /add-checkpoint HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n'
refused "user information in an absolute-form target" "HTTP/1.1 400 Bad Request" \
    "the request target holds user information (@)" \
    "POST http://user@witness.example/add-checkpoint HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nContent-Length: $cl\r\nConnection: close\r\n\r\n" b
python3 "$RAWHTTP" "$url" "POST http://witness.example:8080/add-checkpoint HTTP/1.1\r\nHost: x\r\nContent-Length: $cl\r\nConnection: close\r\n\r\n" b >raw.out
[ "$(sed -n 1p raw.out)" = "HTTP/1.1 200 OK" ] && grep -q '^— witness.example.com/w1 ' raw.out
ok $? "an absolute-form target is served: 200 with a cosignature" "$(cat raw.out)"
python3 "$RAWHTTP" "$url" "POST /add-checkpoint HTTP/1.0\r\nContent-Length: $cl\r\n\r\n" b >raw.out
[ "$(sed -n 1p raw.out | cut -c10-12)" = 200 ]
ok $? "HTTP/1.0 without Host: served" "$(cat raw.out)"
txng witness list -d W | grep -q '^example.com/log 2 example.com/log+'
ok $? "the refused requests changed nothing: size 2"

# The log side: configure, append (which asks: the log thinks the witness
# is at 0, a 409 tells it 2, and it retries with the proof 2 -> 3), ask.
txng witness add -d L "$url/" "$(cat wvkey)" >/dev/null
ok $? "witness add"
txng witness add -d L "$url/" "$(cat wvkey)" 2>/dev/null
[ $? -eq 3 ]; ok $? "the same witness twice: refused"
txng witness add -d L "$url/" "$(txng key export -d L example.com/log)" >/dev/null 2>&1
[ $? -eq 2 ]; ok $? "a log key is not a witness key: usage error"
TXNG_INSECURE_SEED=$seed_a txng key new -d L c --role grower --no-passphrase -t 1700000200 >/dev/null 2>key.err
ok $? "an append with a witness configured"
grep -v 'without a passphrase' key.err >key.other
[ ! -s key.other ]; ok $? "the witness cosigned: nothing said"
grep -q "witness.example.com/w1+.* 3$" L/witnesses; ok $? "the append noted size 3 in the config file"
txng checkpoint -d L >cpL3
[ "$(sed -n 2p cpL3)" = 3 ] && grep -q '^— witness.example.com/w1 ' cpL3
ok $? "txng checkpoint after the append shows the cosignature"
txng witness ask -d L >ask.out 2>ask.err
ok $? "witness ask"
grep -q '^cosigned by witness.example.com/w1 at size 3$' ask.out; ok $? "ask says size 3"
grep -q "witness.example.com/w1+.* 3$" L/witnesses; ok $? "the config file remembers size 3"
txng checkpoint -d L >cpL3
grep -q '^— witness.example.com/w1 ' cpL3; ok $? "txng checkpoint shows the cosignature line"
"$WITNESS_CHECK" cpL3 1 "$(cat wvkey)" "$(cat w2vkey)"
ok $? "txng_witness_check: 1 of 2 needed: passes"
"$WITNESS_CHECK" cpL3 2 "$(cat wvkey)" "$(cat w2vkey)" 2>check.err
[ $? -eq 1 ] && grep -q 'too few witness cosignatures' check.err
ok $? "txng_witness_check: 2 of 2 needed: fails"
txng witness ask -d L >/dev/null 2>&1
ok $? "asking again at the same size: done"
[ "$(grep -c '^— witness.example.com/w1 ' cpL3)" -eq 1 ]
ok $? "one cosignature line per witness"

# An event appended with txng append: cosigned at size 4 too.
printf '{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2023-11-14T22:00:00Z","eventTimeZoneOffset":"+00:00"}\n' >ev.json
txng append -d L --as c -t 1700000250 ev.json >append.out 2>append.err
[ $? -eq 0 ] && [ "$(cat append.out)" = 3 ] && [ ! -s append.err ]
ok $? "txng append with a witness: record 3, nothing on stderr"
txng checkpoint -d L >cpL4
[ "$(sed -n 2p cpL4)" = 4 ] && grep -q '^— witness.example.com/w1 ' cpL4
ok $? "txng checkpoint shows the cosignature at size 4"
"$WITNESS_CHECK" cpL4 1 "$(cat wvkey)"
ok $? "txng_witness_check: the cosignature at size 4 verifies"

# A witness that is down: the append is kept with a warning, ask fails.
kill "$server"; wait "$server" 2>/dev/null; server=
sed 's/22:00:00/22:05:00/' ev.json >ev2.json
txng append -d L --as c -t 1700000300 ev2.json >append.out 2>append.err
st=$?
[ $st -eq 0 ] && [ "$(cat append.out)" = 4 ]
ok $? "witness down: the append still exits 0 (status $st)"
[ "$(wc -l <append.err)" -eq 1 ] &&
    grep -q "^txng: witness $url/: not cosigned: .* (the record is kept; run 'txng witness ask -d L' later)$" append.err
ok $? "witness down: one warning line names the witness"
[ "$(txng checkpoint -d L | sed -n 2p)" = 5 ]; ok $? "witness down: the record is in the log"
grep -q "witness.example.com/w1+.* 4$" L/witnesses; ok $? "the config file still says size 4"
txng witness ask -d L >/dev/null 2>ask.err
st=$?; [ $st -eq 3 ] && grep -q "$url/add-checkpoint" ask.err
ok $? "witness down: ask fails and names it"

echo "1..$n"
[ "$failed" -eq 0 ]
