# --recorded TIME backfills the recorded time of new records. It may not be
# later than the clock by more than the allowed skew ($TXNG_MAX_SKEW seconds,
# 600 unless set: the setting the event-time rule uses), a usage error (2),
# nor earlier than the recorded time of the newest record, as the log keeps
# its records in time order (3). txng import checks it the same way, for CSV
# files and for bundles. An option that takes one value, given twice, is a
# usage error (2) found before anything is built.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3

# In the future: refused, even with --dry-run, and nothing is appended.
$ txng record treat -d L --as htx -r 2999-12-31T00:00:00Z --cohort V3-2019 --input none --time 2999-12-31T07:00+07:00
! txng: record: --recorded: 2999-12-31T00:00:00Z is more than 600 seconds after the clock: give a time that has passed
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ TXNG_MAX_SKEW=3600 txng record treat -d L --as htx -r 2999-12-31T00:00:00Z --cohort V3-2019 --input none --time 2025-12-01T07:00+07:00 --dry-run
! txng: record: --recorded: 2999-12-31T00:00:00Z is more than 3600 seconds after the clock: give a time that has passed
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng place add -d L --as htx -r 2999-12-31T00:00:00Z --name "Kho" --code kho
! txng: place: --recorded: 2999-12-31T00:00:00Z is more than 600 seconds after the clock: give a time that has passed
! usage: txng place add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]

# Before the newest record (record 3, recorded at $R): refused.
$ txng record treat -d L --as htx -r 2025-11-30T23:59:59Z --cohort V3-2019 --input none --time 2025-11-30T07:00+07:00
! txng: record: --recorded: 2025-11-30T23:59:59Z is before record 3, recorded 2025-12-01T00:00:00Z: records are kept in time order; give 2025-12-01T00:00:00Z or later
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record treat -d L --as htx -r 2025-11-30T23:59:59Z --cohort V3-2019 --input none --time 2025-11-30T07:00+07:00
! txng: record: --recorded: 2025-11-30T23:59:59Z sớm hơn bản ghi 3, được ghi lúc 2025-12-01T00:00:00Z: các bản ghi được lưu theo thứ tự thời gian; hãy nhập 2025-12-01T00:00:00Z hoặc muộn hơn
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record treat -d L --as htx -r 2999-12-31T00:00:00Z --cohort V3-2019 --input none --time 2025-12-01T07:00+07:00
! txng: record: --recorded: 2999-12-31T00:00:00Z muộn hơn đồng hồ quá 600 giây: hãy nhập một thời điểm đã qua
! cách dùng: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]

# The same second as the newest record, and later ones, are accepted; so is a
# recorded time up to the skew after the clock.
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-11-30T07:00+07:00
4
$ txng record treat -d L --as htx -r 2025-12-02T00:00:00Z --cohort V3-2019 --input "phân chuồng" --time 2025-12-01T07:00+07:00
5
$ txng record treat -d L --as htx -r "$(date -u -d '+300 seconds' +%Y-%m-%dT%H:%M:%SZ)" --cohort V3-2019 --input none --time 2025-12-01T08:00+07:00 --dry-run | grep -c '"txng:step":"treat"'
1

# txng import: a CSV file and a bundle.
$ printf 'cohort,input,time\nV3-2019,none,2025-12-01T09:00+07:00\n' > treat.csv
$ txng import -d L --as htx -r 2025-12-01T12:00:00Z --csv treat.csv --step treat
! txng: import: --recorded: 2025-12-01T12:00:00Z is before record 5, recorded 2025-12-02T00:00:00Z: records are kept in time order; give 2025-12-02T00:00:00Z or later
[3]
$ txng import -d L --as htx -r 2999-12-31T00:00:00Z --csv treat.csv --step treat --dry-run
! txng: import: --recorded: 2999-12-31T00:00:00Z is more than 600 seconds after the clock: give a time that has passed
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ txng import -d L --as htx -r 2025-12-03T00:00:00Z --csv treat.csv --step treat
imported 1 event (record 6)
$ txng export -d L --all -o all.txng
exported 7 records of 7 to all.txng
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop all.txng --key "$(txng key export -d L htx-samngoclinh.vn/log)" --as shop -r 1700000000
! txng: import: --recorded: 2023-11-14T22:13:20Z is before record 1, recorded 2023-11-14T22:15:00Z: records are kept in time order; give 2023-11-14T22:15:00Z or later
[3]
$ txng import -d shop all.txng --key "$(txng key export -d L htx-samngoclinh.vn/log)" --as shop -r 2999-01-01T00:00:00Z
! txng: import: --recorded: 2999-01-01T00:00:00Z is more than 600 seconds after the clock: give a time that has passed
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ txng import -d shop all.txng --key "$(txng key export -d L htx-samngoclinh.vn/log)" --as shop -r "$R"
imported 6 records from htx-samngoclinh.vn/log (checkpoint size 7) as records 2..8; 0 imported before
$ txng log -d L
0	2023-11-14T22:13:20Z	txng:Genesis	htx-samngoclinh.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	htx-samngoclinh.vn/log
2	2025-12-01T00:00:00Z	txng:Place	htx
3	2025-12-01T00:00:00Z	plant	htx
4	2025-12-01T00:00:00Z	treat	htx
5	2025-12-02T00:00:00Z	treat	htx
6	2025-12-03T00:00:00Z	treat	htx

# An option that takes one value, given twice: a usage error, whatever the
# values. Options that may repeat (--seedlings, --in, --out, --id) may.
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input "phân chuồng" --input "tro bếp" --time 2025-12-01T07:00+07:00
! txng: record: --input given twice: it takes one value
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record treat -d L -d L --as htx --cohort V3-2019 --input none --time 2025-12-01T07:00+07:00
! txng: record: --dir given twice: it takes one value
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record treat -d L --as htx -r "$R" --recorded "$R" --cohort V3-2019 --input none --time 2025-12-01T07:00+07:00
! txng: record: --recorded given twice: it takes one value
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng party add -d L --as htx --name "Hộ ông A" --name "Hộ bà B" --code ho-a
! txng: party: --name given twice: it takes one value
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng place list -d L -d L
! txng: place: --dir given twice: it takes one value
! usage: txng place add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng import -d L --as htx --csv treat.csv --csv treat.csv --step treat
! txng: import: --csv given twice: it takes one value
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record treat -d L --as htx --cohort V3-2019 --input none --time 2025-12-01T07:00+07:00 --time 2025-12-01T08:00+07:00
! txng: record: --time bị nhập hai lần: tùy chọn này chỉ nhận một giá trị
! cách dùng: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record plant -d L --as htx -r 2025-12-03T00:00:00Z --cohort V4-2019 --place vuon-3 --seedlings VU-1 --seedlings VU-2 --count 40 --time 2019-10-21T08:00+07:00 --dry-run | grep -o '"inputQuantityList":[^]]*]'
"inputQuantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:VU-1"},{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:VU-2"}]
$ txng log -d L --from 6
6	2025-12-03T00:00:00Z	treat	htx
