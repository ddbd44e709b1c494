# EPCIS 2.0 JSON-LD: export a log, import a partner's document, refuse bad ones.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ export SOURCE_DATE_EPOCH=1764547200
$ R=2025-12-01T00:00:00Z
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d htx htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d htx --as htx -r "$R" --name "Vườn 3" --code vuon-3 >/dev/null
$ txng record plant -d htx --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
4

# Master data and key records are no EPCIS events: two events, each with its
# record index, leaf hash and signatures, and its CBV 2.0 hash ID as eventID.
# The place they name is described in the header (epcis-master.t).
$ txng export -d htx --all --format epcis -o htx.jsonld
$ cat htx.jsonld
{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"txng":"https://ns.txng.org/epcis/"}],
"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-12-01T00:00:00Z",
"epcisHeader":{"epcisMasterData":{"vocabularyList":[
{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"urn:txng:htx-samngoclinh.vn/log:place:vuon-3","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Vườn 3"}]}]}]}},
"epcisBody":{"eventList":[
{"type":"TransformationEvent","eventID":"ni:///sha-256;707764dadbfb9fd0d20e7a0af43c70738c01287564c5747de026011f9e77eeb4?ver=CBV2.0","bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:vuon-3"},"bizStep":"urn:txng:bizstep:plant","disposition":"active","eventTime":"2019-10-20T08:00:00+07:00","eventTimeZoneOffset":"+07:00","outputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"txng:plants":400,"txng:step":"plant","transformationID":"ni:///sha-256;e2bfa71df19ff5ef8abeac804de145076032d42e1bf40b5960bccb402ecbfcf1","txng:index":3,"txng:leaf":"4r+nHfGf9e+KvqyATeFFB2Ay1C4b9AtZYLzLQC7L/PE=","txng:signatures":[{"key":"htx+df502b6e","sig":"qA+4VCZ8lpyVn9tdf7nWQZpKCiA40A5pwRUSU9gcO5X83WvZbOS/7oHbdzlMfa7PNI9Q7GUVtu+kIWBJDPtNCA=="}],"txng:event":{"bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:vuon-3"},"bizStep":"urn:txng:bizstep:plant","disposition":"active","eventTime":"2019-10-20T08:00:00+07:00","eventTimeZoneOffset":"+07:00","outputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"txng:plants":400,"txng:step":"plant","type":"TransformationEvent"}},
{"type":"TransformationEvent","eventID":"ni:///sha-256;42f139f25e507526e5fc536aea66dfe1e516b0aa386c5d75adfdf19068bf4fcf?ver=CBV2.0","bizStep":"urn:txng:bizstep:harvest","disposition":"active","eventTime":"2025-09-20T07:30:00+07:00","eventTimeZoneOffset":"+07:00","inputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/L24-017","quantity":9.6,"uom":"KGM"}],"txng:age":6,"txng:roots":120,"txng:step":"harvest","txng:index":4,"txng:leaf":"r13u9C6gFsXX/lPkEIzNVe32JSKDK8V8R7ihw8gUksc=","txng:signatures":[{"key":"htx+df502b6e","sig":"fFm048IlmJGfJYbRC3Q4PIpnRF65ik9zdV3QWU14SWJyHj3wsOihKNTjGVjirwACf3CLNxAaOX/ruGlv0zNsCA=="}]}]}}

# Another organisation imports the document: all events in one batch, signed
# by its own key; the events keep their members and eventIDs. Master data is
# not imported.
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop --format epcis htx.jsonld --as shop -r "$R"
imported 2 events (records 2..3)
master data of 1 element not imported
$ txng export -d shop --all --format epcis -o shop.jsonld
$ grep -o '"eventID":"[^"]*"' htx.jsonld > a.txt; grep -o '"eventID":"[^"]*"' shop.jsonld > b.txt; cmp a.txt b.txt && echo same eventIDs
same eventIDs

# A partner's own event: EPC URNs kept as written, its hash ID computed.
$ cat > partner.jsonld <<'END'
> {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://partner.example/ns/"}],
>  "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",
>  "epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-10-01T08:00:00.000+07:00",
>   "eventTimeZoneOffset":"+07:00","action":"OBSERVE","bizStep":"receiving","disposition":"in_progress",
>   "epcList":["urn:epc:id:sgtin:8930000.000003.7"],"readPoint":{"id":"https://id.gs1.org/414/8930000000019"},
>   "ex:temperature":4.5}]}}
> END
# Saved by a Windows tool, with a byte order mark and CR LF: the same event.
$ printf '\357\273\277' > bom.jsonld; sed 's/$/\r/' partner.jsonld >> bom.jsonld
$ txng import -d shop --format epcis bom.jsonld --as shop -r "$R" --dry-run | grep -o 'eventID":"[^"]*"'
eventID":"ni:///sha-256;9071bfc3b9528295d585de1bd69c1ec8bb9ebad575d3ff6664494d510dbc45b1?ver=CBV2.0"
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R" --dry-run
{"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress","epcList":["urn:epc:id:sgtin:8930000.000003.7"],"eventID":"ni:///sha-256;9071bfc3b9528295d585de1bd69c1ec8bb9ebad575d3ff6664494d510dbc45b1?ver=CBV2.0","eventTime":"2025-10-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00","ex:temperature":"4.5","readPoint":{"id":"https://id.gs1.org/414/8930000000019"},"txng:context":{"ex":"https://partner.example/ns/"},"type":"ObjectEvent"}
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
imported 1 event (record 4)

# The same documents again: their events are in the log already (same eventID),
# so an append-only log does not take them twice.
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
nothing new: the event was imported before
$ txng import -d shop --format epcis htx.jsonld --as shop -r "$R"
nothing new: all 2 events were imported before
master data of 1 element not imported

# Refusals name the element by its JSON Pointer and the rule it breaks; nothing is imported.
$ sed 's/"ObjectEvent"/"HarvestEvent"/' partner.jsonld > t1.jsonld
$ txng import -d shop --format epcis t1.jsonld --as shop
! txng: t1.jsonld: /epcisBody/eventList/0/type: unknown event type
[3]
$ sed 's/8930000000019/8930000000018/' partner.jsonld > t2.jsonld
$ txng import -d shop --format epcis t2.jsonld --as shop
! txng: t2.jsonld: /epcisBody/eventList/0/readPoint/id: wrong check digit: expected 9
[3]
$ sed 's/"eventTimeZoneOffset":"+07:00",//' partner.jsonld > t3.jsonld
$ txng import -d shop --format epcis t3.jsonld --as shop
! txng: t3.jsonld: /epcisBody/eventList/0/eventTimeZoneOffset: required member missing
[3]
$ sed 's/"action":"OBSERVE"/"action":1/' partner.jsonld > t4.jsonld
$ txng import -d shop --format epcis t4.jsonld --as shop
! txng: t4.jsonld: /epcisBody/eventList/0/action: not a string
[3]
$ sed 's/"ex:temperature"/"temperature"/' partner.jsonld > t5.jsonld
$ txng import -d shop --format epcis t5.jsonld --as shop
! txng: t5.jsonld: /epcisBody/eventList/0/temperature: extension member without a prefix
[3]
$ sed 's/"bizStep":"receiving"/"bizStep":"harvesting"/' partner.jsonld > t6.jsonld
$ txng import -d shop --format epcis t6.jsonld --as shop
! txng: t6.jsonld: /epcisBody/eventList/0/bizStep: not a CBV 2.0 bizStep or a URI
[3]
$ echo '{"type":' > t7.jsonld
$ txng import -d shop --format epcis t7.jsonld --as shop
! txng: t7.jsonld: line 2, column 1: unexpected end of input
[3]
$ txng import -d shop --format epcis missing.jsonld --as shop
! txng: missing.jsonld: no such file
[3]
$ txng import -d shop --format epcis partner.jsonld
nothing new: the event was imported before
$ txng import -d shop --format epcis
! txng: import: no input: give the EPCIS document FILE
! usage: txng import -d DIR --format epcis FILE [--as KEY] [--recorded TIME] [--dry-run]
[2]
$ txng import -d shop --format epcis partner.jsonld --as nobody
! txng: shop/keys/nobody.key: no such key file
[3]
$ txng log -d shop | tail -1
4	2025-12-01T00:00:00Z	ObjectEvent	shop

# --recorded is checked as for CSV and bundles, before the document is read:
# a time before the newest record is refused (records are kept in time order,
# status 3), in a dry run too, as is one later than the clock by more than
# $TXNG_MAX_SKEW seconds (a usage error, 2). Nothing is imported; the newest
# record's own time is accepted.
$ txng import -d shop --format epcis partner.jsonld --as shop -r 2025-11-30T23:59:59Z
! txng: import: --recorded: 2025-11-30T23:59:59Z is before record 4, recorded 2025-12-01T00:00:00Z: records are kept in time order; give 2025-12-01T00:00:00Z or later
[3]
$ txng import -d shop --format epcis partner.jsonld --dry-run -r 2025-11-30T23:59:59Z
! txng: import: --recorded: 2025-11-30T23:59:59Z is before record 4, recorded 2025-12-01T00:00:00Z: records are kept in time order; give 2025-12-01T00:00:00Z or later
[3]
$ txng import -d shop --format epcis missing.jsonld --as shop -r 2025-11-30T23:59:59Z
! txng: import: --recorded: 2025-11-30T23:59:59Z is before record 4, recorded 2025-12-01T00:00:00Z: records are kept in time order; give 2025-12-01T00:00:00Z or later
[3]
$ txng import -d shop --format epcis partner.jsonld --as shop -r 2999-01-01T00:00:00Z
! txng: import: --recorded: 2999-01-01T00:00:00Z is more than 600 seconds after the clock: give a time that has passed
! usage: txng import -d DIR --format epcis FILE [--as KEY] [--recorded TIME] [--dry-run]
[2]
$ txng log -d shop | tail -1
4	2025-12-01T00:00:00Z	ObjectEvent	shop
$ sed 's/2025-10-01T08:00:00.000+07:00/2025-10-02T08:00:00.000+07:00/' partner.jsonld > t8.jsonld
$ txng import -d shop --format epcis t8.jsonld --as shop -r "$R"
imported 1 event (record 5)

# Checked again under the writer lock, before the batch is appended: here the
# document comes through a pipe, and another writer appends a later record
# after the first check (the import has opened the pipe) and before the
# document is written. Nothing is imported.
$ sed 's/2025-10-01T08:00:00.000+07:00/2025-10-03T08:00:00.000+07:00/' partner.jsonld > t9.jsonld
$ mkfifo doc; txng import -d shop --format epcis doc --as shop -r "$R" & exec 3>doc; txng key new -d shop late --role grower --no-passphrase -t 2025-12-02T00:00:00Z >/dev/null 2>&1; cat t9.jsonld >&3; exec 3>&-; wait $!
! txng: import: --recorded: 2025-12-01T00:00:00Z is before record 6, recorded 2025-12-02T00:00:00Z: records are kept in time order; give 2025-12-02T00:00:00Z or later
[3]
$ txng log -d shop | tail -1
6	2025-12-02T00:00:00Z	txng:KeyEnrol	cuahang-samviet.vn/log
