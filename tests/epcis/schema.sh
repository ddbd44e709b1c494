#!/bin/sh
# schema.sh - TAP test: txng's EPCIS 2.0 export is valid against the official
# JSON schema (ajv 8 + ajv-formats 3) for a log holding every step of the
# chain that is an EPCIS event and for a lot and a unit with their master
# data, and export -> import -> export keeps every eventID and stays valid.
#
# usage: schema.sh VALIDATE_JS, with TXNG (the binary), TXNG_VECTORS and
# TXNG_NPM_DIR (where npm installs ajv, kept between runs) in the environment.
set -u

validate_js=$1
schema=${TXNG_VECTORS:-}/gs1/epcis/schema/EPCIS-JSON-Schema.json
npm_dir=${TXNG_NPM_DIR:?TXNG_NPM_DIR must name a folder}

skip() {
    echo "1..0 # SKIP $*"
    exit 0
}

[ -r "$schema" ] || skip "the GS1 vectors (../shared/vectors) are absent"
command -v node >/dev/null 2>&1 || skip "node is not installed"
if [ ! -d "$npm_dir/node_modules/ajv-formats" ]; then
    command -v npm >/dev/null 2>&1 || skip "npm is not installed"
    mkdir -p "$npm_dir"
    # one quick retry: a registry that cannot be reached (offline, a TLS proxy whose
    # certificate is not trusted) is a skip, and npm's default retries take minutes
    if ! npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error --fetch-retries=1 \
        --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 ajv@8 ajv-formats@3 \
        >"$npm_dir/install.log" 2>&1; then
        skip "npm install ajv@8 ajv-formats@3 failed: $(grep -m1 -o 'code [A-Z_]*' \
            "$npm_dir/install.log" || echo "see $npm_dir/install.log")"
    fi
fi
NODE_PATH=$npm_dir/node_modules
export NODE_PATH

work=$(mktemp -d "${TMPDIR:-/tmp}/txng-epcis.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
SOURCE_DATE_EPOCH=1764547200
export TXNG_INSECURE_SEED SOURCE_DATE_EPOCH
n=0
failed=0
ok() { # ok STATUS NAME
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=1
    fi
}
txng() { "$TXNG" "$@"; }
valid() { # the validator's verdict as comments; its status as ours
    node "$validate_js" "$schema" "$@" >valid.out 2>&1
    st=$?
    sed 's/^/# /' valid.out
    return $st
}

# The demo log: eleven steps from seed lot to sale, five signers.
txng demo -d demo >demo.out 2>&1
ok $? "txng demo builds its log"
txng export -d demo --all --format epcis -o demo.jsonld 2>err.txt
ok $? "export of the demo log"
valid demo.jsonld
ok $? "the demo export is valid against the EPCIS 2.0 schema"

# The lineage of the demo's lot and of one of its units, each with the master
# data of the places, parties and products its events name.
txng export -d demo --format epcis --lot L24-017 -o lot.jsonld
ok $? "export of the demo lot L24-017"
txng export -d demo --format epcis https://id.gs1.org/01/08930000000033/21/000007 -o unit.jsonld
ok $? "export of the demo unit 000007"
valid lot.jsonld unit.jsonld
ok $? "the lot and unit exports, master data included, are valid against the EPCIS 2.0 schema"
node -e '
const fs = require("fs");
const doc = f => JSON.parse(fs.readFileSync(f, "utf8"));
const all = new Map(doc("demo.jsonld").epcisBody.eventList.map(e => [e["txng:index"], e.eventID]));
let bad = 0;
for (const f of process.argv.slice(1)) {
  const d = doc(f), vocs = d.epcisHeader.epcisMasterData.vocabularyList;
  const types = vocs.map(v => v.type.replace("urn:epcglobal:epcis:vtype:", "")).join(",");
  const elems = vocs.reduce((n, v) => n + v.vocabularyElementList.length, 0);
  console.log("# " + f + ": " + types + "; " + elems + " elements");
  if (types !== "ReadPoint,BusinessLocation,SourceDest,EPCClass") bad++;
  // every element is named by an event of the document, once per vocabulary, sorted
  const text = JSON.stringify(d.epcisBody.eventList);
  for (const v of vocs) {
    const ids = v.vocabularyElementList.map(e => e.id);
    if (JSON.stringify(ids) !== JSON.stringify([...new Set(ids)].sort())) bad++;
    for (const id of ids)
      if (!text.includes(id.replace("https://id.gs1.org/01/", "/01/"))) { console.log("# not named: " + id); bad++; }
  }
  // master data is no part of an event: the hash IDs are those of the whole export
  for (const e of d.epcisBody.eventList)
    if (all.get(e["txng:index"]) !== e.eventID) { console.log("# eventID changed: " + e["txng:index"]); bad++; }
}
const lot = doc(process.argv[1]).epcisHeader.epcisMasterData.vocabularyList;
const garden = lot.find(v => v.type.endsWith(":BusinessLocation")).vocabularyElementList
  .find(e => e.id.endsWith(":place:vuon-3-tk12"));
const attr = id => (garden.attributes.find(a => a.id === id) || {}).attribute;
console.log("# " + garden.id + ": " + attr("urn:epcglobal:cbv:mda#name") + ", " +
            attr("urn:epcglobal:cbv:mda#latitude") + ", " + attr("urn:epcglobal:cbv:mda#longitude"));
if (attr("urn:epcglobal:cbv:mda#name") !== "Vườn 3, tiểu khu 12" || attr("txng:giCode") !== "C0004-SNLKTG")
  bad++;
process.exit(bad ? 1 : 0);' lot.jsonld unit.jsonld
ok $? "their vocabularies: the four kinds, named by the events, sorted, eventIDs unchanged"
node -e '
const fs = require("fs");
const d = JSON.parse(fs.readFileSync("lot.jsonld", "utf8"));
delete d.epcisHeader.epcisMasterData.vocabularyList[0].vocabularyElementList[0].attributes[0].id;
fs.writeFileSync("bad-master.jsonld", JSON.stringify(d));'
valid bad-master.jsonld
grep -q "^INVALID bad-master.jsonld .*attributes/0" valid.out
ok $? "the schema checks the master data: an attribute without its id is invalid"

# The steps the demo does not record: store, recall, certify; and a planting
# without a seedling lot (a TransformationEvent with outputs only).
R=2026-01-01T00:00:00Z
{
    txng init -d more --origin htx.example/log --no-passphrase -t 1700000000 &&
    txng key new -d more htx --role cooperative --no-passphrase -t 1700000100 &&
    txng certificate add -d more --as htx -r "$R" --code VG-1 --kind vietgap --number "VietGAP 01" \
        --issuer "Trung tâm" --valid-from 2025-01-01 --subject urn:txng:htx.example:lot:L1 &&
    txng place add -d more --as htx -r "$R" --name "Kho 1" --code kho-1 &&
    txng party add -d more --as htx -r "$R" --name "Hộ A" --code ho-a --role grower &&
    txng record receive -d more --as htx -r "$R" --lot L1 --weight 5kg --from ho-a --place kho-1 \
        --time 2025-09-30T08:00+07:00 &&
    txng record plant -d more --as htx -r "$R" --cohort C1 --place kho-1 --count 10 \
        --time 2019-10-20T08:00+07:00 &&
    txng record store -d more --as htx -r "$R" --lot L1 --place kho-1 --temperature "15°C" \
        --time 2025-10-01T08:00+07:00 &&
    txng record certify -d more --as htx -r "$R" --lot L1 --certificate VG-1 \
        --time 2025-10-02T08:00+07:00 &&
    txng record recall -d more --as htx -r "$R" --lot L1 --reason "nhãn sai" --handling fix \
        --time 2025-10-03T08:00+07:00
} >more.out 2>&1
ok $? "a log with store, certify, recall and a planting from nothing"
txng export -d more --all --format epcis -o more.jsonld
ok $? "export of that log"
valid more.jsonld
ok $? "its export is valid against the EPCIS 2.0 schema"

# Corrections: an event corrected, one declared not to have occurred, a
# correction undone, and one naming the event recorded in its place. Each
# corrected event is followed by its error declaration (same eventID), which
# the schema accepts, the last with correctiveEventIDs; the undone one is not
# declared.
{
    txng record correct -d more --as htx -r "$R" --corrects 7 --reason incorrect \
        --time 2025-10-04T08:00+07:00 &&
    txng record correct -d more --as htx -r "$R" --corrects 9 --reason did-not-occur \
        --time 2025-10-04T09:00+07:00 &&
    txng record correct -d more --as htx -r "$R" --corrects 6 --reason incorrect \
        --time 2025-10-04T10:00+07:00 &&
    txng record correct -d more --as htx -r "$R" --corrects 12 --reason incorrect \
        --time 2025-10-04T11:00+07:00 &&
    txng record store -d more --as htx -r "$R" --lot L1 --place kho-1 --temperature "25°C" \
        --time 2025-10-05T08:00+07:00 &&
    txng record store -d more --as htx -r "$R" --lot L1 --place kho-1 --temperature "15°C" \
        --time 2025-10-05T08:00+07:00 &&
    txng record correct -d more --as htx -r "$R" --corrects 14 --by 15 --reason incorrect \
        --time 2025-10-05T09:00+07:00
} >correct.out 2>&1
ok $? "five corrections, the fourth undoing the one of record 6, the fifth replacing 14 by 15"
txng export -d more --all --format epcis -o corrected.jsonld
ok $? "export of the corrected log"
valid corrected.jsonld
ok $? "its error declarations are valid against the EPCIS 2.0 schema"
node -e '
const fs = require("fs");
const evs = JSON.parse(fs.readFileSync("corrected.jsonld", "utf8")).epcisBody.eventList;
let bad = 0;
const decl = evs.filter(e => e.errorDeclaration);
console.log("# declared: " + decl.map(e => e["txng:index"] + " " + e.errorDeclaration.reason).join(", "));
if (decl.map(e => e["txng:index"]).join() !== "7,9,14") bad++;
const by = decl.map(e => JSON.stringify(e.errorDeclaration.correctiveEventIDs || null)).join();
const id15 = evs.find(e => e["txng:index"] === 15 && !e.errorDeclaration).eventID;
console.log("# correctiveEventIDs: " + by);
if (by !== "null,null," + JSON.stringify([id15])) bad++;
for (const d of decl) {
  const i = evs.indexOf(d), orig = evs[i - 1];
  if (orig.eventID !== d.eventID || orig.errorDeclaration) bad++;
  if (!d.errorDeclaration.declarationTime || !d.errorDeclaration["txng:correction"]) bad++;
}
process.exit(bad ? 1 : 0);'
ok $? "each corrected event is followed by its declaration, same eventID, the replaced one naming its replacement; the undone one is not"
{
    txng init -d shop2 --origin shop2.example/log --no-passphrase -t 1700000000 &&
    txng key new -d shop2 shop --role retailer --no-passphrase -t 1700000100
} >shop2.out 2>&1
txng import -d shop2 --format epcis corrected.jsonld --as shop -r "$R" >import2.out 2>&1 &&
    txng export -d shop2 --all --format epcis -o shop2.jsonld
ok $? "the corrected export imports into another log and exports again"
valid shop2.jsonld
ok $? "the re-export with its error declarations is valid"
node -e '
const fs = require("fs");
const ids = f => JSON.parse(fs.readFileSync(f, "utf8")).epcisBody.eventList
  .map(e => e.eventID + (e.errorDeclaration ? " " + e.errorDeclaration.reason + " " +
       JSON.stringify(e.errorDeclaration.correctiveEventIDs || []) : "")).sort();
process.exit(JSON.stringify(ids(process.argv[1])) === JSON.stringify(ids(process.argv[2])) ? 0 : 1);' \
    corrected.jsonld shop2.jsonld
ok $? "export -> import -> export keeps the error declarations and their correctiveEventIDs"

# Units under claim codes, one of them claimed, and inspections in a shop.
U=https://id.gs1.org/01/08930000000033/21/
H=AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2
{
    txng init -d claims --origin claims.example/log --no-passphrase -t 1700000000 &&
    txng key new -d claims htx --role cooperative --no-passphrase -t 1700000100 &&
    txng party add -d claims --as htx -r "$R" --name "HTX Sâm Ngọc Linh" --code htx &&
    txng party add -d claims --as htx -r "$R" --name "Đội QLTT số 3" --code qltt3 &&
    txng place add -d claims --as htx -r "$R" --name "Kho HTX" --code kho &&
    txng place add -d claims --as htx -r "$R" --name "Cửa hàng Sâm Việt" --code shop-hn &&
    txng record receive -d claims --as htx -r "$R" --lot L1 --from htx --place kho \
        --time 2024-11-19T09:00+07:00 &&
    txng record pack -d claims --as htx -r "$R" --lot L1 --gtin 08930000000033 \
        --serials 000001-000010 --time 2024-11-20T09:00+07:00 &&
    txng record claim-codes -d claims --as htx -r "$R" --id "${U}000007" --hash "$H" \
        --id "${U}000008" --hash "$H" --time 2024-11-20T10:00+07:00 &&
    txng claim -d claims "${U}000007" --code 4KX9-2PQM -t "$R" &&
    txng record inspect -d claims --as htx -r "$R" --serials 000002 --gtin 08930000000033 \
        --result genuine --role qltt --inspector qltt3 --report "05/BB-QLTT" --place shop-hn \
        --area "Hà Nội" --time 2025-10-01T10:00+07:00 &&
    txng record inspect -d claims --as htx -r "$R" --serials 000007 --gtin 08930000000033 \
        --result already-sold --role consumer --area "Kon Tum" --time 2025-10-02T10:00+07:00
} >claims.out 2>&1
ok $? "a log with claim codes, a claim and two inspections"
txng export -d claims --all --format epcis -o claims.jsonld
ok $? "export of that log"
valid claims.jsonld
ok $? "its export is valid against the EPCIS 2.0 schema"

# A range without events: an EPCIS document with an empty event list.
txng export -d demo --from 2030-01-01 --format epcis -o empty.jsonld 2>empty.err &&
    grep -q '"eventList":\[\]' empty.jsonld
ok $? "an empty range exports a document without events"
valid empty.jsonld
ok $? "the document without events is valid against the EPCIS 2.0 schema"

steps=$(node -e '
const fs = require("fs"); const s = new Set();
for (const f of process.argv.slice(1))
  for (const e of JSON.parse(fs.readFileSync(f, "utf8")).epcisBody.eventList) s.add(e["txng:step"]);
console.log([...s].sort().join(" "));' demo.jsonld more.jsonld claims.jsonld)
echo "# steps exported: $steps"
for s in plant treat stand-count harvest receive wash-grade transform test pack store ship sell \
    recall certify inspect claim-codes claim; do
    case " $steps " in
    *" $s "*) ok 0 "step $s exported and validated" ;;
    *) ok 1 "step $s exported and validated" ;;
    esac
done

# Export -> import into another organisation's log -> export keeps eventIDs.
{
    txng init -d shop --origin shop.example/log --no-passphrase -t 1700000000 &&
    txng key new -d shop shop --role retailer --no-passphrase -t 1700000100
} >shop.out 2>&1
txng import -d shop --format epcis demo.jsonld --as shop -r "$R" >import.out 2>&1
ok $? "the demo export imports into another log"
txng export -d shop --all --format epcis -o shop.jsonld
ok $? "export of the importing log"
valid shop.jsonld
ok $? "the re-export is valid against the EPCIS 2.0 schema"
node -e '
const fs = require("fs");
const ids = f => JSON.parse(fs.readFileSync(f, "utf8")).epcisBody.eventList.map(e => e.eventID).sort();
const a = ids(process.argv[1]), b = ids(process.argv[2]);
process.exit(a.length > 0 && JSON.stringify(a) === JSON.stringify(b) ? 0 : 1);' demo.jsonld shop.jsonld
ok $? "export -> import -> export keeps every eventID"
grep -q "^master data of [0-9]* elements not imported$" import.out
ok $? "the import says the master data was not imported"
txng verify -d shop >/dev/null 2>&1
ok $? "the importing log verifies"

echo "1..$n"
exit $failed
