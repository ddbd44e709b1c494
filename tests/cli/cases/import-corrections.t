# A correction made upstream travels with the bundle and names the upstream
# record it corrects by its number in the upstream log. In the shop's log the
# imported records have other numbers, and the shop's own record 27 is not
# the upstream record 27: trace shows the correction on the event it
# corrects (the lab test, upstream record 27), not on the shop's record 27,
# and the shop may still correct its own record 27.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng demo -d L >/dev/null
$ VK=$(txng key export -d L demo.htx-samngoclinh.vn/log)
$ TXNG_LOG_PASSPHRASE= txng record correct -d L --as L/log.key --corrects 27 --reason incorrect --time 2024-11-19T08:00+07:00 -r 2024-12-01T00:00:00Z
32
$ txng trace back -d L https://id.gs1.org/01/08930000000033/21/000007 | grep corrected
       record 27: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt (corrected by record 32)
$ txng export -d L --all -o full.txng
exported 33 records of 33 to full.txng
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ for i in $(seq 2 27); do echo '{"type":"ObjectEvent","action":"OBSERVE","bizStep":"receiving","eventTime":"2024-01-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00","epcList":["https://id.gs1.org/01/08930000000033/21/S'$i'"]}'; done > own.jsonl
$ txng append -d shop --as shop own.jsonl --time 2024-06-01T00:00:00Z | tail -1
27
$ txng import -d shop full.txng --key "$VK" --as shop -r 2025-01-01T00:00:00Z
imported 32 records from demo.htx-samngoclinh.vn/log (checkpoint size 33) as records 28..60; 0 imported before
$ txng trace back -d shop https://id.gs1.org/01/08930000000033/21/000007 | grep corrected
       record 55: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt, imported from demo.htx-samngoclinh.vn/log (its record 27) (corrected by record 60)
$ txng trace back -d shop https://id.gs1.org/01/08930000000033/21/S27
https://id.gs1.org/01/08930000000033/21/S27 (not made in this log)
  record 27: receiving 2024-01-01T08:00:00+07:00, by shop
$ txng record correct -d shop --as shop --corrects 27 --reason incorrect --time 2024-01-02T08:00+07:00 -r 2025-01-02T00:00:00Z
61
$ txng trace back -d shop https://id.gs1.org/01/08930000000033/21/S27
https://id.gs1.org/01/08930000000033/21/S27 (not made in this log)
  record 27: receiving 2024-01-01T08:00:00+07:00, by shop (corrected by record 61)

# The spreadsheet says which records correct each row, by the same rule.
$ txng export -d shop --format csv --index 26,27,29,55 --lang en | cut -d, -f1,4,19
﻿record,CTE,corrected by
26,,
27,,61 incorrect_data
55,test,60 incorrect_data
$ txng export -d L --format csv --index 25,27 --lang en | cut -d, -f1,4,19
﻿record,CTE,corrected by
25,wash-grade,
25,wash-grade,
27,test,32 incorrect_data

# EPCIS: each corrected event is followed by its error declaration, which
# names the correction: the shop's own record 27 its own correction 61, the
# imported test (upstream record 27) the imported correction (upstream 32).
$ export SOURCE_DATE_EPOCH=1764547200
$ txng export -d shop --format epcis --all | grep errorDeclaration | grep -o '"txng:index":[0-9]*,"txng:leaf'
"txng:index":27,"txng:leaf
"txng:index":61,"txng:leaf
"txng:index":27,"txng:leaf
"txng:index":32,"txng:leaf

# GI stamps follow the same rule. The supplier corrects its wash-grade (its
# record 25) and its pack (its record 28). A log that imported them at other
# numbers shows the pack that used the stamp corrected, and not its imported
# harvest, whose number there happens to be 25.
$ TXNG_LOG_PASSPHRASE= txng record correct -d L --as L/log.key --corrects 25 --reason incorrect --time 2024-11-19T09:00+07:00 -r 2024-12-01T00:01:00Z
33
$ TXNG_LOG_PASSPHRASE= txng record correct -d L --as L/log.key --corrects 28 --reason incorrect --time 2024-11-21T08:00+07:00 -r 2024-12-01T00:02:00Z
34
$ txng stamp -d L 000001
stamp 000001: allocated by record 23 (harvest, lot L24-017, 2024-11-12, ho-a-vang); used by record 28 (pack, lot L24-017-S, 2024-11-20, htx-tumorong, corrected)
$ txng export -d L --all -o full2.txng
exported 35 records of 35 to full2.txng
$ txng init -d shop2 --origin cuahang2.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop2 shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop2 full2.txng --key "$VK" --as shop -r 2025-01-01T00:00:00Z
imported 34 records from demo.htx-samngoclinh.vn/log (checkpoint size 35) as records 2..36; 0 imported before
$ txng stamp -d shop2 000001
stamp 000001: allocated by record 25 (harvest, lot L24-017, 2024-11-12, ho-a-vang, imported); used by record 30 (pack, lot L24-017-S, 2024-11-20, htx-tumorong, imported, corrected)
$ txng stamp -d shop2 000001 --json | grep -o '"index":[0-9]*\|"corrected":[a-z]*'
"corrected":false
"index":25
"corrected":true
"index":30
