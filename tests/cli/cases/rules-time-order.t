# An event is not before the record that created or received what it uses:
# a transform of a lot before its harvest, a treatment before the planting, a
# shipment before the receipt. The same time passes.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 120 --weight 9.6kg --age 6 --time 2025-10-01T08:00+07:00
4
$ txng record transform -d L --as htx -r "$R" --in L24-017:9.6kg --out L24-017-S:2kg --method "sấy" --time 2020-10-01T08:00+07:00
! txng: record transform: --time: event is before the record that created or received its input lot: check --time (there since: 2025-10-01T01:00:00Z)
[3]
$ txng record transform -d L --as htx -r "$R" --in L24-017:9.6kg --out L24-017-S:2kg --method "sấy" --time 2025-10-01T07:59+07:00
! txng: record transform: --time: event is before the record that created or received its input lot: check --time (there since: 2025-10-01T01:00:00Z)
[3]
$ txng record transform -d L --as htx -r "$R" --in L24-017:9.6kg --out L24-017-S:2kg --method "sấy" --time 2025-10-01T08:00+07:00
5
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2019-10-19T08:00+07:00
! txng: record treat: --time: event is before the planting of its cohort: check --time (there since: 2019-10-20T01:00:00Z)
[3]
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 300 --time 2019-01-01T08:00+07:00
! txng: record stand-count: --time: event is before the planting of its cohort: check --time (there since: 2019-10-20T01:00:00Z)
[3]
$ txng party add -d L --as htx -r "$R" --name "Hộ ông A Vang" --code ho-a-vang
6
$ txng record receive -d L --as htx -r "$R" --lot L99 --from ho-a-vang --place vuon-3 --time 2025-10-02T08:00+07:00
7
$ txng record ship -d L --as htx -r "$R" --lot L99 --to ho-a-vang --time 2025-10-02T07:59+07:00
! txng: record ship: --time: event is before the record that created or received its input lot: check --time (there since: 2025-10-02T01:00:00Z)
[3]
$ txng record ship -d L --as htx -r "$R" --lot L99 --to ho-a-vang --time 2025-10-02T08:00+07:00
8
# A receipt of what this log made is not before it was made: the cooperative
# receiving the grower's harvest, dated a day before the harvest, is refused.
$ txng record receive -d L --as htx -r "$R" --lot L24-017 --weight 9.6kg --from ho-a-vang --place vuon-3 --time 2025-09-30T08:00+07:00
! txng: record receive: --time: received before the record that made it: check --time (made at: 2025-10-01T01:00:00Z; record 4)
[3]
$ txng record receive -d L --as htx -r "$R" --lot L24-017 --weight 9.6kg --from ho-a-vang --place vuon-3 --time 2025-10-01T15:00+07:00
9
