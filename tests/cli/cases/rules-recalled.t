# A recall for destruction, change of use or re-export reaches what was made
# from what it names, however far upstream: the walk from a unit goes through
# its lot, the harvest, the cohort's planting and on to the seedling lot. Of
# the cohort it follows only its planting, not its treatments (a recall of the
# cohort itself: rules-recalled-cohort.t).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng demo -d D >/dev/null
$ txng record recall -d D --as D/log.key -r "$R" --lot VU-2019 --reason "cây giống nhiễm bệnh" --handling destroy --time 2024-12-01T08:00+07:00
32
$ txng record sell -d D --as D/log.key -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-12-02T09:00+07:00 --dry-run
! txng: record sell: --serials: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: VU-2019; record 32)
[3]

# What a recall for destruction names is not shipped, packed or processed
# either, but it may go back to the recalling party (recall --party), or be
# shipped with --purpose return or with the recall's handling.
$ txng init -d K --origin k.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d K htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d K --as htx -r "$R" --name "Vườn 3" --code v3
2
$ txng party add -d K --as htx -r "$R" --name "HTX Tu Mơ Rông" --code htx
3
$ txng party add -d K --as htx -r "$R" --name "Cửa hàng Sâm Việt" --code shop
4
$ txng record plant -d K --as htx -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
5
$ txng record harvest -d K --as htx -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
6
$ txng record harvest -d K --as htx -r "$R" --cohort C1 --lot L2 --roots 10 --weight 1kg --age 6 --time 2025-09-20T08:30+07:00
7
$ txng record pack -d K --as htx -r "$R" --lot L1 --weight 0.5kg --gtin 08930000000033 --serials 000001-000005 --time 2025-09-23T08:00+07:00
8
$ txng record recall -d K --as htx -r "$R" --lot L1 --reason "vượt giới hạn chì (Pb)" --handling destroy --party htx --time 2025-09-29T08:00+07:00
9
$ txng record ship -d K --as htx -r "$R" --serials 000001 --gtin 08930000000033 --to shop --time 2025-09-29T09:00+07:00
! txng: record ship: --serials: recalled for destruction, change of use or re-export: ship it only to the recalling party (recall --party) or with --purpose return or the recall's handling; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 9)
[3]
$ txng record ship -d K --as htx -r "$R" --lot L1 --weight 0.1kg --to shop --time 2025-09-29T09:00+07:00
! txng: record ship: --lot: recalled for destruction, change of use or re-export: ship it only to the recalling party (recall --party) or with --purpose return or the recall's handling; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 9)
[3]
$ txng record ship -d K --as htx -r "$R" --serials 000001 --gtin 08930000000033 --to shop --purpose re-export --time 2025-09-29T09:00+07:00
! txng: record ship: --serials: recalled for destruction, change of use or re-export: ship it only to the recalling party (recall --party) or with --purpose return or the recall's handling; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 9)
[3]
$ txng record ship -d K --as htx -r "$R" --serials 000001 --gtin 08930000000033 --to htx --time 2025-09-29T09:00+07:00
10
$ txng record ship -d K --as htx -r "$R" --serials 000002 --gtin 08930000000033 --to shop --purpose return --time 2025-09-29T09:00+07:00
11
$ txng record ship -d K --as htx -r "$R" --serials 000003 --gtin 08930000000033 --to shop --purpose destroy --time 2025-09-29T09:00+07:00
12
$ txng record pack -d K --as htx -r "$R" --lot L1 --weight 0.1kg --gtin 08930000000033 --serials 000006 --time 2025-09-29T09:00+07:00
! txng: record pack: --lot: recalled for destruction, change of use or re-export: it may not be packed; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 9)
[3]
$ txng record transform -d K --as htx -r "$R" --in L1:0.2kg --out L1-S:0.1kg --method "sấy lạnh 40°C" --time 2025-09-29T09:00+07:00
! txng: record transform: --in: recalled for destruction or re-export: it may not be processed; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 9)
[3]
$ txng record wash-grade -d K --as htx -r "$R" --in L1:0.2kg --out L1-A:0.1kg --time 2025-09-29T09:00+07:00
! txng: record wash-grade: --in: recalled for destruction or re-export: it may not be processed; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 9)
[3]
# A recall for a change of use lets the lot be processed for its new use (what
# that makes stays unsold) and shipped for it, but not packed for retail.
$ txng record recall -d K --as htx -r "$R" --lot L2 --reason "dùng làm dược liệu" --handling change-use --time 2025-09-29T08:00+07:00
13
$ txng record transform -d K --as htx -r "$R" --in L2:0.5kg --out L2-S:0.2kg --method "sấy lạnh 40°C" --time 2025-09-29T09:00+07:00
14
$ txng record ship -d K --as htx -r "$R" --lot L2-S --weight 0.2kg --to shop --purpose change-use --time 2025-09-29T10:00+07:00
15
$ txng record pack -d K --as htx -r "$R" --lot L2 --weight 0.1kg --gtin 08930000000033 --serials 000007 --time 2025-09-29T09:00+07:00
! txng: record pack: --lot: recalled for destruction, change of use or re-export: it may not be packed; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L2; record 13)
[3]
$ txng record sell -d K --as htx -r "$R" --lot L2-S --weight 0.1kg --time 2025-09-29T11:00+07:00
! txng: record sell: --lot: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L2; record 13)
[3]
$ txng log -d K | wc -l
16
