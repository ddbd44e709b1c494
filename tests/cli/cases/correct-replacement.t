# A correction names the event recorded in its place (txng record correct
# --by INDEX, txng:replacedBy): the EPCIS export writes that event's eventID
# as the error declaration's correctiveEventIDs, another log keeps them on
# import and re-export, and trace shows the replacement beside the
# correction. The replacement is recorded first, as EPCIS captures corrective
# events before the declaration; every refusal says what to give instead.
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
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-018 --gtin 08930000000026 --roots 100 --weight 8kg --age 6 --time 2025-09-20T07:30+07:00
5
$ txng place add -d htx --as htx -r "$R" --name "Kho 1" --code kho-1 >/dev/null
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-019 --gtin 08930000000026 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:40+07:00
7
$ txng record correct -d htx --as htx -r "$R" --corrects 7 --reason did-not-occur --time 2025-09-21T07:00+07:00
8

# Refused: a record not there yet, one not later than the corrected record, a
# correction, master data, an event declared not to have occurred, and a
# replacement for a correction that undoes a correction.
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 9 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: no such record to name as the replacement: record the event that replaces it first, then give its index
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 3 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: the replacement is recorded after the record it replaces: give the index of a record later than --corrects
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 4 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: the replacement is recorded after the record it replaces: give the index of a record later than --corrects
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 8 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: the replacement is itself a correction: give the index of the event recorded in place of the corrected one (record 8)
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 6 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: the replacement is no event of the chain (a key, an import, master data or a claim record): give the index of the event recorded in place of the corrected one (record 6)
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 7 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: the replacement is declared not to have occurred: give the index of an event that did (record 7)
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 8 --by 5 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: a correction that undoes a correction replaces nothing: leave out --by
[3]
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 0 --reason incorrect --time 2025-09-21T08:00+07:00
! txng: record correct: --by: no such record to name as the replacement: record the event that replaces it first, then give its index
[3]

# Record 5 replaces record 4.
$ txng record correct -d htx --as htx -r "$R" --corrects 4 --by 5 --reason incorrect --time 2025-09-21T08:00+07:00
9
$ txng show -d htx 9 --json | grep -o '"event":{[^}]*}[^}]*}'
"event":{"errorDeclaration":{"declarationTime":"2025-09-21T08:00:00+07:00","reason":"incorrect_data"},"txng:corrects":4,"txng:replacedBy":5,"type":"txng:Correction"}
$ txng verify -d htx | cut -d: -f1
ok
$ txng trace back -d htx https://id.gs1.org/01/08930000000026/10/L24-017 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-017
  record 4: harvest 2025-09-20T07:30:00+07:00, by htx (corrected by record 9, replaced by record 5)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)
$ txng trace back -d htx https://id.gs1.org/01/08930000000026/10/L24-017 --depth 1 --json | grep -A 5 '"correctedBy": \[$'
      "correctedBy": [
        9
      ],
      "replacedBy": [
        5
      ],

# The error declaration of record 4 names record 5's eventID.
$ txng export -d htx --all --format epcis -o htx.jsonld
$ grep '"txng:index":5,' htx.jsonld | grep -o '"eventID":"[^"]*"'
"eventID":"ni:///sha-256;27ce43fb9afaa5545168efaf5c6e3cc63d4bb676d080ed492158b7919b062d9b?ver=CBV2.0"
$ grep -o '"errorDeclaration":{"declarationTime":"[^"]*","reason":"[^"]*","correctiveEventIDs":\[[^]]*\]' htx.jsonld
"errorDeclaration":{"declarationTime":"2025-09-21T08:00:00+07:00","reason":"incorrect_data","correctiveEventIDs":["ni:///sha-256;27ce43fb9afaa5545168efaf5c6e3cc63d4bb676d080ed492158b7919b062d9b?ver=CBV2.0"]

# Another log imports the document and keeps the declaration as it came:
# export -> import -> export gives the same correctiveEventIDs, and trace
# there finds the replacement by its eventID.
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop --format epcis htx.jsonld --as shop -r "$R"
imported 6 events (records 2..7)
master data of 1 element not imported
# The rules follow the declarations by eventID: the lot whose harvest was
# declared did_not_occur was never made here, the other lot was.
$ txng record ship -d shop --as shop -r "$R" --lot L24-019 --gtin 08930000000026 --weight 1kg --to urn:txng:cuahang.vn:party:buyer --time 2025-09-25T08:00+07:00 --dry-run
! txng: record ship: --lot: nothing in this log created or received this lot: record the harvest or receive it first (identifier: https://id.gs1.org/01/08930000000026/10/L24-019)
[3]
$ txng record ship -d shop --as shop -r "$R" --lot L24-018 --gtin 08930000000026 --weight 1kg --to urn:txng:cuahang.vn:party:buyer --time 2025-09-25T08:00+07:00 --dry-run | cut -c1-60
{"action":"OBSERVE","bizStep":"shipping","destinationList":[
$ txng export -d shop --all --format epcis -o shop.jsonld
$ grep -o '"correctiveEventIDs":\[[^]]*\]' htx.jsonld > a.txt
$ grep -o '"correctiveEventIDs":\[[^]]*\]' shop.jsonld | cmp - a.txt && wc -l < a.txt
1
$ txng trace back -d shop https://id.gs1.org/01/08930000000026/10/L24-017 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-017
  record 3: harvest 2025-09-20T07:30:00+07:00, by shop (corrected by record 4, replaced by record 5)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)

# In the spreadsheet the imported declaration is a row of its own, marked as
# one, with no quantity: the weights add up to what was harvested.
$ txng export -d shop --all --format csv --lang en | cut -d, -f1,4,5,8,10,11,19
﻿record,CTE,bizStep,lot,quantity,unit,corrected by
2,plant,urn:txng:bizstep:plant,,,,
3,harvest,urn:txng:bizstep:harvest,L24-017,9.6,KGM,4 incorrect_data → 5
4,error declaration,urn:txng:bizstep:harvest,L24-017,,,
5,harvest,urn:txng:bizstep:harvest,L24-018,8,KGM,
6,harvest,urn:txng:bizstep:harvest,L24-019,1,KGM,7 did_not_occur
7,error declaration,urn:txng:bizstep:harvest,L24-019,,,
$ txng export -d shop --all --format csv --lang vi | cut -d, -f1,4,10,11 | tail -n +2
2,plant,,
3,harvest,9.6,KGM
4,khai báo lỗi,,
5,harvest,8,KGM
6,harvest,1,KGM
7,khai báo lỗi,,

# A bundle carries the correction itself: the importing log names the
# replacement by the record imported from the same origin.
$ txng export -d htx --all -o all.txng
exported 10 records of 10 to all.txng
$ txng init -d kho --origin kho.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d kho kho --role warehouse --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d kho all.txng --key "$(txng key export -d htx htx-samngoclinh.vn/log)" --as kho -r "$R"
imported 9 records from htx-samngoclinh.vn/log (checkpoint size 10) as records 2..11; 0 imported before
$ txng trace back -d kho https://id.gs1.org/01/08930000000026/10/L24-017 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-017
  record 6: harvest 2025-09-20T07:30:00+07:00, by htx, imported from htx-samngoclinh.vn/log (its record 4) (corrected by record 11, replaced by record 7)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)
$ txng export -d kho --all --format epcis | grep -o '"correctiveEventIDs":\[[^]]*\]' | cmp - a.txt
# The spreadsheet names the replacement after the declaration ("N reason → M"):
# in the log that made them, and in the log that imported them.
$ txng export -d htx --all --format csv --lang en | cut -d, -f1,4,8,19 | grep →
4,harvest,L24-017,9 incorrect_data → 5
$ txng export -d kho --all --format csv --lang en | cut -d, -f1,4,8,19 | grep →
6,harvest,L24-017,11 incorrect_data → 7

# txng append checks the same: a replacement earlier in the same batch counts.
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-020 --gtin 08930000000026 --roots 1 --weight 1kg --age 6 --time 2025-09-20T07:50+07:00
10
$ txng record harvest -d htx --as htx -r "$R" --cohort V3-2019 --lot L24-021 --gtin 08930000000026 --roots 1 --weight 1kg --age 6 --time 2025-09-20T07:50+07:00 --dry-run > h.json
$ echo '{"errorDeclaration":{"declarationTime":"2025-09-21T09:00:00+07:00","reason":"incorrect_data"},"txng:corrects":10,"txng:replacedBy":11,"type":"txng:Correction"}' > c.json
$ cat h.json c.json | txng append -d htx --as htx --time "$R" -
11
12
$ echo '{"errorDeclaration":{"declarationTime":"2025-09-21T09:00:00+07:00","reason":"incorrect_data"},"txng:corrects":5,"txng:replacedBy":13,"type":"txng:Correction"}' | txng append -d htx --as htx --time "$R" -
! txng: stdin:1: by: no such record to name as the replacement: record the event that replaces it first, then give its index
[3]
$ txng trace back -d htx https://id.gs1.org/01/08930000000026/10/L24-020 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-020
  record 10: harvest 2025-09-20T07:50:00+07:00, by htx (corrected by record 12, replaced by record 11)
    <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019 (depth limit)
