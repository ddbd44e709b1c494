#!/bin/sh
# browser.sh - run browser.mjs against txng serve in headless Chromium.
# playwright-core is installed from npm into $NPM_DIR on first use; prints
# TAP SKIP when npm, node or Chromium is missing or the install fails.
set -u
TXNG=${TXNG:?set TXNG to the txng binary}
NPM_DIR=${NPM_DIR:?set NPM_DIR to a folder for playwright-core}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
HERE=$(dirname "$0")
skip() { echo "1..0 # SKIP $1"; exit 0; }
command -v node >/dev/null 2>&1 || skip "node is not installed"
[ -x "$CHROMIUM" ] || skip "no Chromium at $CHROMIUM"
if [ ! -d "$NPM_DIR/node_modules/playwright-core" ]; then
    command -v npm >/dev/null 2>&1 || skip "npm is not installed"
    mkdir -p "$NPM_DIR"
    # one quick retry, as tests/epcis/schema.sh
    if ! npm install --loglevel=error --no-audit --no-fund --fetch-retries=1 \
        --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 --prefix "$NPM_DIR" \
        playwright-core >"$NPM_DIR/install.log" 2>&1; then
        skip "npm install playwright-core failed: $(grep -m1 -o 'code [A-Z_]*' \
            "$NPM_DIR/install.log" || echo "see $NPM_DIR/install.log")"
    fi
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/txng-browser.XXXXXX")
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$PID" ] && wait "$PID" 2>/dev/null; rm -rf "$T"' EXIT
export TXNG_PASSPHRASE=""
"$TXNG" demo -d "$T/log" >/dev/null 2>&1 || { echo "Bail out! txng demo failed"; exit 1; }
# labels the page must not call verified: one signed by the key of another log (never
# enrolled here), one signed by a key of this log revoked since
"$TXNG" init -d "$T/other" --origin rogue.example/log --no-passphrase >/dev/null 2>&1
ROGUE=$("$TXNG" qr "http://127.0.0.1:1/01/08930000000033/10/L24-017-S/21/000007?17=261119" \
    -k "$T/other/log.key" -o "$T/rogue.png" 2>/dev/null | head -n 1)
"$TXNG" key new -d "$T/log" packer --role cooperative --no-passphrase -t 2024-12-01T00:00:00Z \
    >/dev/null 2>&1
REVOKED=$("$TXNG" qr "http://127.0.0.1:1/01/08930000000033/10/L24-017-S/21/000007?17=261119" \
    -k "$T/log/keys/packer.key" -o "$T/revoked.png" 2>/dev/null | head -n 1)
"$TXNG" key revoke -d "$T/log" packer --reason "lost" -t 2024-12-02T00:00:00Z >/dev/null 2>&1
# claim code 4KX9-2PQM (tests/unit/test_claim.c) for units 23 and 24, claimed from the page
KNOWN=AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2
"$TXNG" record claim-codes -d "$T/log" --as "$T/log/log.key" -r 2024-12-03T00:00:00Z \
    --id https://id.gs1.org/01/08930000000033/21/000023 --hash "$KNOWN" \
    --id https://id.gs1.org/01/08930000000033/21/000024 --hash "$KNOWN" \
    --time 2024-12-03T07:00+07:00 >/dev/null 2>&1 ||
    { echo "Bail out! claim codes not registered"; exit 1; }
"$TXNG" serve -q -d "$T/log" --listen 127.0.0.1:0 --rate 0 --write >"$T/url" 2>"$T/log.err" &
PID=$!
i=0
while [ ! -s "$T/url" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
U=$(head -n 1 "$T/url")
[ -n "$U" ] || { echo "Bail out! txng serve did not start"; cat "$T/log.err"; exit 1; }
# a label signed with AI 8030 by the log key (the demo's only stored key)
SIGNED=$("$TXNG" qr "$U/01/08930000000033/10/L24-017-S/21/000007?17=261119" -k "$T/log/log.key" \
    -o "$T/q.png" 2>/dev/null | head -n 1)
LABEL=${SIGNED#"$U"}
# record 31 is the sale of box 000007 in the demo
NODE_PATH="$NPM_DIR/node_modules" node "$HERE/browser.mjs" "$U" /01/08930000000033/21/000007 31 \
    "$CHROMIUM" "$LABEL" "${ROGUE#http://127.0.0.1:1}" "${REVOKED#http://127.0.0.1:1}" \
    4KX9-2PQM /01/08930000000033/21/000023 /01/08930000000033/21/000024
