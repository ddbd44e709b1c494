# CSV of events imported from EPCIS with EPC URNs: the GTIN and lot cells
# hold GS1 keys (not URNs), one row per class of the quantity list and per
# GTIN of the EPC list not named yet; an identifier without a lot (a GTIN
# pattern, a serialised unit) gives a row with an empty lot cell.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ cat > partner.jsonld <<'END'
> {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
>  "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",
>  "epcisBody":{"eventList":[{"type":"TransformationEvent","eventTime":"2025-10-01T08:00:00.000+07:00",
>   "eventTimeZoneOffset":"+07:00","bizStep":"commissioning",
>   "inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:8930000.000002.L24-017","quantity":9.6,"uom":"KGM"}],
>   "outputEPCList":["urn:epc:id:sgtin:8930000.000004.1","urn:epc:id:sgtin:8930000.000004.2"],
>   "outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-S","quantity":2,"uom":"KGM"},
>                         {"epcClass":"urn:epc:idpat:sgtin:8930000.000005.*","quantity":40},
>                         {"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-T","quantity":1,"uom":"KGM"}]}]}}
> END
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
imported 1 event (record 2)
$ txng export -d shop --all --format csv --lang en | tr -d '\r' | cut -d, -f7-10
GTIN,lot,serials,quantity
08930000000033,L24-017-S,,2
08930000000057,,,40
08930000000033,L24-017-T,,1
08930000000040,,1-2,
$ txng export -d shop --all --format csv --lang vi | tr -d '\r' | head -1 | cut -d, -f7-10
GTIN,Mã lô,Số sê-ri,Số lượng
