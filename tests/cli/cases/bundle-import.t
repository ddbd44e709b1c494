# A shop imports the cooperative's bundle into its own log: verified first,
# then one txng:Import record and one txng:Imported record per upstream
# record, signed by the shop; the upstream signatures stay inside. Importing
# again adds nothing; a damaged bundle adds nothing. Trace back in the shop's
# log reaches the harvest and shows the upstream events, their signers and
# the origin they were imported from; verify -d checks and reports the
# imported records.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng demo -d L >/dev/null
$ VK=$(txng key export -d L demo.htx-samngoclinh.vn/log)
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 -o unit7.txng
exported 30 records of 32 to unit7.txng
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ sed 's/"role":"grower"/"role":"grawer"/' unit7.txng > bad.txng
$ txng import -d shop bad.txng --key "$VK" --as shop -r 2025-12-01T00:00:00Z
! txng: bad.txng: record 1: line 16: signatures/0/sig: signature does not verify
[1]
$ txng import -d shop unit7.txng --key "$(txng key export -d shop cuahang.vn/log)" --as shop -r 2025-12-01T00:00:00Z
! txng: unit7.txng: line 8: demo.htx-samngoclinh.vn/log: the checkpoint is of this log, the key given is of another log: give the verifier key of this log (key given: cuahang.vn/log+487cef62)
[1]
$ txng log -d shop
0	2023-11-14T22:13:20Z	txng:Genesis	cuahang.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	cuahang.vn/log
$ txng import -d shop unit7.txng --key "$VK" --as shop -r 2025-12-01T00:00:00Z
imported 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..31; 0 imported before
$ txng import -d shop unit7.txng --key "$VK" --as shop -r 2025-12-01T00:00:00Z
nothing new: all 29 records were imported before
$ txng export -d L --all -o full.txng
exported 32 records of 32 to full.txng
$ txng import -d shop full.txng --key "$VK" --as shop -r 2025-12-02T00:00:00Z
imported 2 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 32..34; 29 imported before
$ txng log -d shop | head -4
0	2023-11-14T22:13:20Z	txng:Genesis	cuahang.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	cuahang.vn/log
2	2025-12-01T00:00:00Z	txng:Import	shop
3	2025-12-01T00:00:00Z	txng:Imported	shop
$ txng show -d shop 2 | cut -c1-100 | head -5
index      2
recorded   2025-12-01T00:00:00Z
leaf hash  lpDsqj37F7NTdyK1cstXA/odix2qoju3DE28feAxz00=
previous   9FeRclJWoRL8MIqOflmeIMQGATRqE3pskRe8vkPFjzM=
signed by  shop+de43c36a
$ txng verify -d shop
ok: cuahang.vn/log: 35 records, 2 keys, 4 checkpoints, root lNcQi4egg+wWIr99hKc0saZY6ucou7Wq9dUiQBh1EFA=
imported: 31 records from demo.htx-samngoclinh.vn/log (checkpoint size 32)
$ txng trace back -d shop https://id.gs1.org/01/08930000000033/21/000007 --depth 3
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, imported from demo.htx-samngoclinh.vn/log (its record 28)
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S
       record 26: transform 2024-11-15T08:00:00+07:00, by say-dak-to, at urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to, imported from demo.htx-samngoclinh.vn/log (its record 26)
         <- urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A
            record 25: wash-grade 2024-11-13T10:30:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, imported from demo.htx-samngoclinh.vn/log (its record 25)
              <- https://id.gs1.org/01/08930000000026/10/L24-017 (depth limit)
       record 27: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt, imported from demo.htx-samngoclinh.vn/log (its record 27)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn, imported from demo.htx-samngoclinh.vn/log (its record 29)
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn, imported from demo.htx-samngoclinh.vn/log (its record 30)
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn, imported from demo.htx-samngoclinh.vn/log (its record 31)

# The spreadsheet of the shop's log has rows for each imported event (one per
# lot: two for the wash-grade): the upstream event with its upstream signer,
# the names from the imported master data (it was empty before).
$ txng export -d shop --format csv --lot L24-017-S --lang en | cut -d, -f1-8,12-13 | head -5
﻿record,recorded (UTC),event time,CTE,bizStep,actor,GTIN,lot,place,place name
18,2025-12-01T00:00:00Z,2018-09-18T08:30:00+07:00,transform,urn:txng:bizstep:transform,htx-tumorong,,HG-2018,vuon-uom-htx,Vườn ươm và vườn giống HTX
19,2025-12-01T00:00:00Z,2018-12-05T08:00:00+07:00,transform,urn:txng:bizstep:transform,htx-tumorong,,VU-2019,vuon-uom-htx,Vườn ươm và vườn giống HTX
20,2025-12-01T00:00:00Z,2019-10-20T08:00:00+07:00,plant,urn:txng:bizstep:plant,ho-a-vang,,VU-2019,vuon-3-tk12,"Vườn 3
21,2025-12-01T00:00:00Z,2023-04-02T07:30:00+07:00,treat,urn:txng:bizstep:treat,ho-a-vang,,,vuon-3-tk12,"Vườn 3
$ txng export -d shop --format csv --lot L24-017-S --lang en | wc -l
16

# So does its EPCIS document (it had no event before): each imported event is
# the upstream event, with the eventID, index, leaf hash and signatures the
# cooperative's own export gives it. Imported back into the shop's log or the
# cooperative's, every event is found to be there already.
$ txng export -d shop --format epcis --lot L24-017-S -o shop.jsonld
$ txng export -d L --format epcis --lot L24-017-S -o coop.jsonld
$ grep -o '"eventID":"[^"]*"' shop.jsonld > shop.ids; grep -c . shop.ids
14
$ grep -o '"eventID":"[^"]*"' coop.jsonld | cmp - shop.ids && echo same eventIDs
same eventIDs
$ grep -o '"txng:index":[0-9]*,"txng:leaf":"[^"]*","txng:signatures":[^]]*]' shop.jsonld > shop.sigs; grep -c . shop.sigs
14
$ grep -o '"txng:index":[0-9]*,"txng:leaf":"[^"]*","txng:signatures":[^]]*]' coop.jsonld | cmp - shop.sigs && echo same records
same records
$ txng import -d shop --format epcis shop.jsonld --as shop -r 2025-12-02T00:00:00Z
nothing new: all 14 events are already in this log
left out 14 events already in this log (records 18..31)
master data of 12 elements not imported
$ txng import -d L --format epcis shop.jsonld --as L/log.key
nothing new: all 14 events are already in this log
left out 14 events already in this log (records 18..31)
master data of 12 elements not imported

# The shop's own bundle carries the imports: another retailer imports it.
$ txng export -d shop --all -o shop.txng
exported 35 records of 35 to shop.txng
$ txng init -d b --origin b.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d b b --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d b shop.txng --key "$(txng key export -d shop cuahang.vn/log)" --as b -r 2025-12-03T00:00:00Z
imported 34 records from cuahang.vn/log (checkpoint size 35) as records 2..36; 0 imported before
$ txng verify -d b
ok: b.example/log: 37 records, 2 keys, 3 checkpoints, root M9hy5NGpbd1T0NUDV5g2PovpY4B25bGHRe6v4J3LoS4=
imported: 34 records from cuahang.vn/log (checkpoint size 35)
$ txng trace back -d b https://id.gs1.org/01/08930000000033/21/000007 | grep -c 'imported from cuahang.vn/log'
14
$ txng trace back -d b https://id.gs1.org/01/08930000000033/21/000007 --depth 1
https://id.gs1.org/01/08930000000033/21/000007
  record 30: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, imported from cuahang.vn/log (its record 28)
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 31: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn, imported from cuahang.vn/log (its record 29)
  record 32: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn, imported from cuahang.vn/log (its record 30)
  record 33: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn, imported from cuahang.vn/log (its record 31)
$ txng trace back -d b https://id.gs1.org/01/08930000000033/21/000007 --depth 1 --json | grep -E '"(importedFrom|upstreamIndex)"'
      "importedFrom": "cuahang.vn/log",
      "upstreamIndex": 28
      "importedFrom": "cuahang.vn/log",
      "upstreamIndex": 29
      "importedFrom": "cuahang.vn/log",
      "upstreamIndex": 30
      "importedFrom": "cuahang.vn/log",
      "upstreamIndex": 31

# Refusals.
$ txng import -d shop unit7.txng --as shop
! txng: import: a bundle needs --key VKEY, its log's verifier key
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
# Without --as, a log folder with one key of its own signs with it and says so
# once records are added; again, nothing is added and nothing said.
$ txng import -d shop unit7.txng --key "$VK"
nothing new: all 29 records were imported before
$ txng init -d shop2 --origin cuahang2.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop2 shop2 --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop2 unit7.txng --key "$VK" -r 2025-12-01T00:00:00Z
imported 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..31; 0 imported before
! txng: import: signed as shop2 (the only key of this log)
$ txng log -d shop2 -f 2 -l 1
2	2025-12-01T00:00:00Z	txng:Import	shop2
# With two, the refusal names them, and nothing is added.
$ txng key new -d shop2 shop3 --role retailer --no-passphrase -t 2025-12-01T00:00:00Z >/dev/null 2>&1
$ txng import -d shop2 unit7.txng --key "$VK" -r 2025-12-01T00:00:00Z
! txng: import: no key: give --as KEY (this log's keys: shop2, shop3)
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ txng import -d shop2 --csv nothere.csv
! txng: import: no key: give --as KEY (this log's keys: shop2, shop3)
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ txng log -d shop2 | wc -l
33
$ txng import -d shop nothere.txng --key "$VK" --as shop
! txng: nothere.txng: no such file
[3]
$ txng import -d L unit7.txng --key "$VK" --as L/log.key -r 2025-12-01T00:00:00Z
! txng: unit7.txng: origin: the bundle comes from this log
[3]

# Round trips of a lot and of a date range into fresh logs: export, verify,
# import, verify.
$ txng export -d L --lot L24-017 -o lot.txng
exported 30 records of 32 to lot.txng
$ txng verify lot.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 30 records (lot https://id.gs1.org/01/08930000000026/10/L24-017), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
lineage: 1 source outside the bundle: urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: first checkpoint of this origin, remembered
$ txng init -d c --origin c.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d c c --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d c lot.txng --key "$VK" --as c -r 2025-12-04T00:00:00Z
imported 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..31; 0 imported before
$ txng verify -d c
ok: c.example/log: 32 records, 2 keys, 3 checkpoints, root oFMQmRp/lF+J7i6wqGK3mjnrmIJGnlgo6GBXJnKHefo=
imported: 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32)
$ txng export -d L --from 2024-11-15 --to 2024-11-21 -o week.txng
exported 9 records of 32 to week.txng
$ txng verify week.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 9 records (range 2024-11-15..2024-11-21), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before
$ txng init -d w --origin w.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d w w --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d w week.txng --key "$VK" --as w -r 2025-12-04T00:00:00Z
imported 8 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..10; 0 imported before
$ txng verify -d w --json
{"checkpoints":3,"imports":[{"origin":"demo.htx-samngoclinh.vn/log","records":8,"size":32}],"keys":2,"ok":true,"origin":"w.example/log","records":11,"root":"z3NeBjW812x0ul9HCZlBDek3JkSSfFBgILe0rObRYwk="}
$ txng export -d w --all -o w.txng
exported 11 records of 11 to w.txng
$ txng verify w.txng --key "$(txng key export -d w w.example/log)" --state st
ok: w.example/log: 11 records (the whole log), checkpoint size 11, root z3NeBjW812x0ul9HCZlBDek3JkSSfFBgILe0rObRYwk=
state: first checkpoint of this origin, remembered

# Two copies of the upstream log that each grew by a different record: the second
# is a fork of the first, refused with both signed notes, nothing imported.
$ cp -a L F && cp -a L G
$ txng key new -d F x --role auditor --no-passphrase -t 2026-01-01T00:00:00Z >/dev/null 2>&1
$ txng key new -d G y --role auditor --no-passphrase -t 2026-01-01T00:00:00Z >/dev/null 2>&1
$ txng export -d F --all -o f.txng >/dev/null && txng export -d G --all -o g.txng >/dev/null
$ txng init -d o --origin o.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d o o --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d o f.txng --key "$VK" --as o -r 2025-12-04T00:00:00Z
imported 32 records from demo.htx-samngoclinh.vn/log (checkpoint size 33) as records 2..34; 0 imported before
$ txng import -d o g.txng --key "$VK" --as o -r 2025-12-04T00:00:00Z
imported before (size 33):
demo.htx-samngoclinh.vn/log
33
97DidX/4Wcul22nWT8XcSfvcYHWrkPTVjLiaVWlg8Rk=

— demo.htx-samngoclinh.vn/log lHbi4h4fx2aKf98oErjb6jK6CPR5/HJr8K0NsCcNCCg0+DalT83igzm8v/azuM+GzYwFWfXCkJltYGitFYjcRbJ7cgE=
in this bundle:
demo.htx-samngoclinh.vn/log
33
lJHosSydVe9ZBvT2eB+gfU2+DLVL1ZZIdFX9nmv4wdI=

— demo.htx-samngoclinh.vn/log lHbi4lvIIWOH7TyRpIPcbQWXkk9hum5Bu+n+CDoEeKs57BsXm/dfe3wLtF9YXeAUBQsflqyYZcbf+mhz++xyOEkyzAA=
! txng: g.txng: checkpoint: fork: another tree of a size imported before from this origin
[1]
$ txng log -d o | wc -l
35
