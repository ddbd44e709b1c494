# Without --as, record and party|place|product add sign with the log folder's
# only key: one enrolled, not revoked, whose file is in DIR/keys. They say so
# on stderr once the record is made. With more than one, or none, they refuse
# (status 2) and name the keys that could sign, at most 8.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
# Only the log key: nothing to sign with.
$ txng party add -d L -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --code htx
! txng: party: no key: give --as KEY
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --code htx
2
! txng: party add: signed as htx (the only key of this log)
$ txng place add -d L -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3 --party htx
3
! txng: place add: signed as htx (the only key of this log)
$ txng record plant -d L -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
4
! txng: record plant: signed as htx (the only key of this log)
$ txng log -d L -f 4
4	2025-12-01T00:00:00Z	plant	htx
# A refusal signs nothing and says nothing of a key.
$ txng place add -d L -r "$R" --name "Vườn 4" --code vuon-4 --gps 91,0
! txng: place add: --gps: not a GPS position: give LAT,LON in degrees
[3]
# The same record again: nothing new, nothing signed.
$ txng party add -d L -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --code htx
2
! txng: party add: nothing new: 1 event is already in the log (record 2)
# --dry-run signs nothing and needs no key.
$ txng party add -d L -r "$R" --name "Hộ ông A Vang" --code ho-a --dry-run | grep -c txng:Party
1
# Two keys: give --as, one of them.
$ txng key new -d L ho-a --role grower --no-passphrase -t "$R" >/dev/null 2>&1
$ txng party add -d L -r "$R" --name "Hộ ông A Vang" --code ho-a
! txng: party: no key: give --as KEY (this log's keys: htx, ho-a)
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng party add -d L -r "$R" --name "Hộ ông A Vang" --code ho-a --as ho-a
6
# A revoked key, or one whose file is not in the folder, cannot sign.
$ txng key revoke -d L ho-a -t "$R" >/dev/null 2>&1
$ txng key new -d L coso-say --role processor --no-passphrase -o elsewhere.key -t "$R" >/dev/null 2>&1
$ txng product add -d L -r "$R" --gtin 08930000000026 --name "Sâm củ tươi" --producer htx
9
! txng: product add: signed as htx (the only key of this log)
# At most 8 keys are named.
$ for k in k1 k2 k3 k4 k5 k6 k7 k8; do txng key new -d L $k --role grower --no-passphrase -t "$R" >/dev/null 2>&1; done
$ txng record plant -d L -r "$R" --cohort V4-2019 --place vuon-3 --count 10 --time 2019-10-20T08:00+07:00
! txng: record: no key: give --as KEY (this log's keys: htx, k1, k2, k3, k4, k5, k6, k7, ...)
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
