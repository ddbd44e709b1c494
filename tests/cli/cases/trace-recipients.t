# The recipients to notify in a recall: the parties goods were shipped to,
# and the receiving place of each receipt (a receipt names no receiving
# party, so an agent that received a lot without a ship record is still
# found), each beside its name from the master data: a place with the name
# of the party it belongs to.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name "HTX Tu Mơ Rông" --code htx
2
$ txng party add -d L --as htx -r "$R" --name "Đại lý Kon Tum" --code dl
3
$ txng party add -d L --as htx -r "$R" --name "Cửa hàng Sâm Việt" --code shop
4
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code v3
5
$ txng place add -d L --as htx -r "$R" --name "Kho đại lý" --code kho-dl --party dl
6
$ txng place add -d L --as htx -r "$R" --name "Quầy chợ" --code quay
7
$ txng record plant -d L --as htx -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
8
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
9
$ txng record receive -d L --as htx -r "$R" --lot L1 --weight 0.5kg --from htx --place kho-dl --time 2025-09-21T07:30+07:00
10
$ txng record receive -d L --as htx -r "$R" --lot L1 --weight 0.2kg --from htx --place quay --time 2025-09-21T08:30+07:00
11
$ txng record ship -d L --as htx -r "$R" --lot L1 --weight 0.3kg --to shop --time 2025-09-22T07:30+07:00
12
$ txng trace forward -d L L1 | sed -n '/^recipients/,$p'
recipients to notify:
  urn:txng:htx.vn/log:party:shop (Cửa hàng Sâm Việt)
  urn:txng:htx.vn/log:place:kho-dl (Kho đại lý, of Đại lý Kon Tum)
  urn:txng:htx.vn/log:place:quay (Quầy chợ)
$ txng trace forward -d L L1 --json | sed -n '/"recipients"/,$p'
  "recipients": [
    "urn:txng:htx.vn/log:party:shop",
    "urn:txng:htx.vn/log:place:kho-dl",
    "urn:txng:htx.vn/log:place:quay"
  ]
}
