# An event this log exported to EPCIS names its record (txng:index, txng:leaf);
# imported back into the same log it is left out as already there, so the log
# does not hold it twice. An event of another log's record is imported.
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
$ txng export -d htx --all --format epcis -o htx.jsonld
$ txng verify -d htx > before.txt
$ txng import -d htx --format epcis htx.jsonld --as htx -r "$R"
nothing new: all 2 events are already in this log
left out 2 events already in this log (records 3..4)
master data of 1 element not imported
$ txng verify -d htx > after.txt; cmp before.txt after.txt && echo log unchanged
log unchanged
$ txng trace back -d htx https://id.gs1.org/01/08930000000026/10/L24-017 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-017
  record 4: harvest 2025-09-20T07:30:00+07:00, by htx
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)

# One event: the singular message.
$ txng export -d htx --index 4 --format epcis -o one.jsonld
$ txng import -d htx --format epcis one.jsonld --as htx -r "$R"
nothing new: the event is already in this log
left out 1 event already in this log (record 4)

# A record index that this log has with another leaf hash (an edited leaf)
# is not this log's record: the event is imported as a partner's would be.
$ sed 's|"txng:leaf":"[^"]*"|"txng:leaf":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="|' one.jsonld > edited.jsonld
$ txng import -d htx --format epcis edited.jsonld --as htx -r "$R"
imported 1 event (record 5)

# Another log imports the document: its events are new there.
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop --format epcis htx.jsonld --as shop -r "$R"
imported 2 events (records 2..3)
master data of 1 element not imported
# That log's export carries htx's records as received (their txng:index and
# txng:leaf): imported back by htx, they are left out as its own, and the
# shop's own event is new.
$ cat > partner.jsonld <<'END'
> {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
>  "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",
>  "epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-10-01T08:00:00.000+07:00",
>   "eventTimeZoneOffset":"+07:00","action":"OBSERVE","bizStep":"receiving",
>   "epcList":["urn:epc:id:sgtin:8930000.000003.7"]}]}}
> END
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
imported 1 event (record 4)
$ txng export -d shop --all --format epcis -o shop.jsonld
$ txng import -d htx --format epcis shop.jsonld --as htx -r "$R"
imported 1 event (record 6)
left out 2 events already in this log (records 3..4)
