# EPCIS import of documents of any size: read three times in bounded memory
# (the head, then every event checked, then the events appended in batches).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ HEAD='{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",'
$ ev() { printf '{"type":"ObjectEvent","eventTime":"2025-10-01T08:%02d:00+07:00","eventTimeZoneOffset":"+07:00","action":"OBSERVE","bizStep":"receiving","epcList":["urn:epc:id:sgtin:8930000.000003.%d"]}' $(($1 % 60)) $1; }
$ { printf '%s\n"epcisBody":{"eventList":[\n' "$HEAD"; i=0; while [ $i -lt 60 ]; do [ $i -gt 0 ] && printf ',\n'; ev $i; i=$((i + 1)); done; printf ']}}\n'; } > many.jsonld
$ txng import -d shop --format epcis many.jsonld --dry-run | wc -l
60

# An import stopped between batches (here: the file size limit) keeps the
# batches appended before; each is a transaction with its checkpoint.
$ (trap '' XFSZ; ulimit -f 300; TXNG_IMPORT_BATCH=20 txng import -d shop --format epcis many.jsonld --as shop -r "$R")
imported 40 events (records 2..41)
! txng: many.jsonld: Input/output error
! txng: many.jsonld: stopped after 40 of 60 events: run the import again to add the rest
[3]
$ txng verify -d shop | head -1 | cut -d, -f1-2
ok: cuahang-samviet.vn/log: 42 records, 2 keys
# Run again, it completes: the events of the batches appended before are in the log.
$ TXNG_IMPORT_BATCH=20 txng import -d shop --format epcis many.jsonld --as shop -r "$R"
imported 20 events (records 42..61)
left out 40 events imported before
$ txng import -d shop --format epcis many.jsonld --as shop -r "$R"
nothing new: all 60 events were imported before

# An event repeated in the document is left out like one the log holds,
# whatever batch each copy falls in; standard input is read too (copied to
# a deleted file in the log folder, since it is read three times).
$ { printf '%s\n"epcisBody":{"eventList":[' "$HEAD"; ev 100; printf ','; ev 101; printf ','; ev 100; printf ']}}'; } > twice.jsonld
$ cat twice.jsonld | TXNG_IMPORT_BATCH=1 txng import -d shop --format epcis - --as shop -r "$R"
imported 2 events (records 62..63)
left out 1 event repeated in the document
$ ls -A shop
data.mdb
keys
lock.mdb
log.key

# The head may follow the events; the members are found wherever they are.
$ { printf '{"epcisBody":{"eventList":['; ev 200; printf ']},%s\n"epcisHeader":{}}' "${HEAD#\{}"; } > late.jsonld
$ txng import -d shop --format epcis late.jsonld --as shop -r "$R"
imported 1 event (record 64)

# The reader refuses malformed JSON with its line and column, before any event is checked.
$ { printf '%s\n"epcisBody":{"eventList":[\n' "$HEAD"; ev 300; printf ']}}\n x\n'; } > t1.jsonld
$ txng import -d shop --format epcis t1.jsonld --as shop
! txng: t1.jsonld: line 4, column 2: data after the end of the document
[3]
$ { printf '%s\n"type":"EPCISDocument",\n"epcisBody":{"eventList":[]}}' "$HEAD"; } > t2.jsonld
$ txng import -d shop --format epcis t2.jsonld --as shop
! txng: t2.jsonld: line 2, column 1: /type: member repeated
[3]
$ { printf '%s\n"epcisBody":{"eventList":[\n' "$HEAD"; ev 301; printf ',\n{"type":"ObjectEvent","type":"ObjectEvent"}]}}'; } > t3.jsonld
$ txng import -d shop --format epcis t3.jsonld --as shop
! txng: t3.jsonld: line 4, column 29: member repeated
[3]
$ { printf '%s\n"epcisBody":{"eventList":[\n' "$HEAD"; ev 302; printf ',\n{"ex:x":"\351"}]}}'; } > t4.jsonld
$ txng import -d shop --format epcis t4.jsonld --as shop
! txng: t4.jsonld: line 4, column 11: not UTF-8
[3]
$ { printf '%s\n"epcisBody":{"eventList":[\n"' "$HEAD"; head -c 1100000 /dev/zero | tr '\0' x; printf '"]}}'; } > t5.jsonld
$ txng import -d shop --format epcis t5.jsonld --as shop
! txng: t5.jsonld: line 3, column 1: event larger than 1 MiB
[3]
# Schema refusals still name the event and the rule, and nothing is appended.
$ { printf '%s\n"epcisBody":{"eventList":[\n' "$HEAD"; ev 303; printf ',\n'; ev 304 | sed 's/"OBSERVE"/"LOOK"/'; printf ']}}'; } > t6.jsonld
$ txng import -d shop --format epcis t6.jsonld --as shop
! txng: t6.jsonld: /epcisBody/eventList/1/action: not ADD, OBSERVE or DELETE
[3]
$ printf '' > t7.jsonld
$ txng import -d shop --format epcis t7.jsonld --as shop
! txng: t7.jsonld: line 1, column 1: unexpected end of input
[3]
$ printf '%s\n"epcisBody":{"eventList":[]}}' "$HEAD" > t8.jsonld
$ txng import -d shop --format epcis t8.jsonld --as shop
! txng: t8.jsonld: no events to import
[3]
$ { printf '{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISQueryDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z","epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":['; ev 305 | sed 's/+07:00"/+07:00","eventID":"x"/2'; printf ']}}}}'; } > t9.jsonld
$ txng import -d shop --format epcis t9.jsonld --as shop
! txng: t9.jsonld: /epcisBody/queryResults/resultsBody/eventList/0/eventID: not a URI
[3]
$ txng import -d shop --format epcis shop --as shop
! txng: shop: Is a directory
[3]
$ TXNG_IMPORT_BATCH=0 txng import -d shop --format epcis many.jsonld --as shop
! txng: import: TXNG_IMPORT_BATCH: not a number of events (1 to 1000000)
! usage: txng import -d DIR --format epcis FILE [--as KEY] [--recorded TIME] [--dry-run]
[2]
$ txng log -d shop | tail -1 | cut -f1
64
