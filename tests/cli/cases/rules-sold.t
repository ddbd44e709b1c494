# A unit is sold once (R21): a second sale of a unit is refused, naming the
# first, unless the unit came back (a receive, dated between the two sales).
# Lots are sold in parts and are not checked; a sale declared void does not
# count.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code v3
2
$ txng party add -d L --as htx -r "$R" --name "Cửa hàng Sâm Việt" --code shop
3
$ txng record plant -d L --as htx -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
4
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
5
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --time 2025-09-23T08:00+07:00
6
$ txng record sell -d L --as htx -r "$R" --serials 000001-000002 --gtin 08930000000033 --time 2025-09-24T08:00+07:00
7
$ txng record sell -d L --as htx -r "$R" --serials 000002-000003 --gtin 08930000000033 --time 2025-09-25T08:00+07:00
! txng: record sell: --serials: this unit is already sold: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000002; record 7)
[3]
$ txng record sell -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --time 2025-09-23T09:00+07:00
! txng: record sell: --serials: this unit is already sold: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000001; record 7)
[3]
$ txng log -d L | wc -l
8
# The buyer brings unit 000001 back: it may be sold again, after the return.
$ txng record receive -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --from shop --place v3 --time 2025-09-26T08:00+07:00
8
$ txng record sell -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --time 2025-09-25T08:00+07:00
! txng: record sell: --serials: this unit is already sold: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000001; record 7)
[3]
$ txng record sell -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --time 2025-09-27T08:00+07:00
9
# A sale declared void does not count; a lot is sold in parts.
$ txng record correct -d L --as htx -r "$R" --corrects 7 --reason did-not-occur --time 2025-09-28T08:00+07:00
10
$ txng record sell -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --time 2025-09-28T09:00+07:00
11
$ txng record sell -d L --as htx -r "$R" --lot L1 --weight 0.2kg --time 2025-09-28T10:00+07:00
12
$ txng record sell -d L --as htx -r "$R" --lot L1 --weight 0.2kg --time 2025-09-28T11:00+07:00
13
# A lot recalled for destruction: neither it nor a unit packed from it is sold
# after the recall. A hold (no --handling) or a fix does not stop a sale.
$ txng record recall -d L --as htx -r "$R" --lot L1 --reason "vượt giới hạn chì (Pb)" --handling destroy --time 2025-09-29T08:00+07:00
14
$ txng record sell -d L --as htx -r "$R" --serials 000003 --gtin 08930000000033 --time 2025-09-29T09:00+07:00
! txng: record sell: --serials: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 14)
[3]
$ txng record sell -d L --as htx -r "$R" --lot L1 --weight 0.1kg --time 2025-09-29T09:00+07:00
! txng: record sell: --lot: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: L1; record 14)
[3]
# Once the recall is declared void (recorded in error), the unit may be sold.
$ txng record correct -d L --as htx -r "$R" --corrects 14 --reason did-not-occur --time 2025-09-29T10:00+07:00
15
$ txng record sell -d L --as htx -r "$R" --serials 000003 --gtin 08930000000033 --time 2025-09-29T11:00+07:00
16
