# EPCIS 2.0 declares an event erroneous by sending it again, same eventID,
# with an errorDeclaration. The export writes the corrected event as it was
# recorded, followed by its error declaration (the correction's time and
# reason, and the correction record as txng:correction); the import into
# another log keeps the declaration, which corrects the event there.
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
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --reason incorrect --time 2025-09-21T08:00+07:00
5
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-018 --gtin 08930000000026 --roots 100 --weight 8kg --age 6 --time 2025-09-22T07:30+07:00
6
$ txng export -d htx --all --format epcis -o htx.jsonld
$ grep -c '"eventID"' htx.jsonld
4
$ grep -o '"eventID":"[^"]*"\|"txng:index":[0-9]*,"txng:leaf\|"errorDeclaration":{"declarationTime":"[^"]*","reason":"[^"]*","txng:correction":{"txng:index":[0-9]*' htx.jsonld
"eventID":"ni:///sha-256;707764dadbfb9fd0d20e7a0af43c70738c01287564c5747de026011f9e77eeb4?ver=CBV2.0"
"txng:index":3,"txng:leaf
"eventID":"ni:///sha-256;42f139f25e507526e5fc536aea66dfe1e516b0aa386c5d75adfdf19068bf4fcf?ver=CBV2.0"
"txng:index":4,"txng:leaf
"eventID":"ni:///sha-256;42f139f25e507526e5fc536aea66dfe1e516b0aa386c5d75adfdf19068bf4fcf?ver=CBV2.0"
"txng:index":4,"txng:leaf
"errorDeclaration":{"declarationTime":"2025-09-21T08:00:00+07:00","reason":"incorrect_data","txng:correction":{"txng:index":5
"eventID":"ni:///sha-256;41af6645c48bed067f392d8207095286c9558a7b3b4f3cadfc5a8968f6297f4e?ver=CBV2.0"
"txng:index":6,"txng:leaf

# The declaration carries the stored event, so the signatures of record 4
# still verify from the document alone; txng:correction gives the correction.
$ grep errorDeclaration htx.jsonld | grep -o '"txng:event":{"bizStep":"urn:txng:bizstep:harvest"\|"txng:event":{"errorDeclaration":{[^}]*},"txng:corrects":4,"type":"txng:Correction"}'
"txng:event":{"bizStep":"urn:txng:bizstep:harvest"
"txng:event":{"errorDeclaration":{"declarationTime":"2025-09-21T08:00:00+07:00","reason":"incorrect_data"},"txng:corrects":4,"type":"txng:Correction"}

# Round trip: another log imports the document; the harvest is corrected there.
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop --format epcis htx.jsonld --as shop -r "$R"
imported 4 events (records 2..5)
master data of 1 element not imported
$ txng trace back -d shop https://id.gs1.org/01/08930000000026/10/L24-017 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-017
  record 3: harvest 2025-09-20T07:30:00+07:00, by shop (corrected by record 4)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)
$ txng export -d shop --format csv --all --lang en | cut -d, -f1,4,19
﻿record,CTE,corrected by
2,plant,
3,harvest,4 incorrect_data
4,error declaration,
5,harvest,
$ txng import -d shop --format epcis htx.jsonld --as shop -r "$R"
nothing new: all 4 events were imported before
master data of 1 element not imported
$ txng export -d shop --all --format epcis -o shop.jsonld
$ grep -c errorDeclaration shop.jsonld
1

# Back into the log that made it: all of it is there already.
$ txng import -d htx --format epcis htx.jsonld --as htx -r "$R"
nothing new: all 4 events are already in this log
left out 4 events already in this log (records 3..6)
master data of 1 element not imported

# Another system declares record 6 of this log erroneous: this log's own
# records are corrected by its own correction records, so the import says how.
$ head -n 2 htx.jsonld > partner.jsonld
$ echo '"epcisBody":{"eventList":[' >> partner.jsonld
$ grep '"txng:index":6,' htx.jsonld | sed 's/,"txng:index":6,/,"errorDeclaration":{"declarationTime":"2025-09-23T08:00:00+07:00","reason":"did_not_occur"},"txng:index":6,/' >> partner.jsonld
$ txng import -d htx --format epcis partner.jsonld --as htx -r "$R"
! txng: partner.jsonld: /epcisBody/eventList/0: errorDeclaration: declares record 6 of this log erroneous: correct it with 'txng record correct --corrects 6' instead
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 6 --reason did-not-occur --time 2025-09-23T08:00+07:00
7
$ txng import -d htx --format epcis partner.jsonld --as htx -r "$R"
nothing new: the event is already in this log
left out 1 event already in this log (record 6)

# The shop holds record 6's event by its eventID: the declaration corrects it.
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
imported 1 event (record 6)
$ txng trace back -d shop https://id.gs1.org/01/08930000000026/10/L24-018 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-018
  record 5: harvest 2025-09-22T07:30:00+07:00, by shop (corrected by record 6)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)

# A declaration of an event this log does not hold is kept, and said.
$ sed 's/"eventID":"ni:[^"]*"/"eventID":"urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8"/' partner.jsonld > other.jsonld
$ txng import -d shop --format epcis other.jsonld --as shop -r "$R"
imported 1 event (record 7)
1 error declaration names an event this log does not hold (eventID urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8): it declares that event erroneous once it is imported
$ txng import -d shop --format epcis other.jsonld --as shop -r "$R"
nothing new: the event was imported before
