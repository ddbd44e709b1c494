# A unit is sold once, in this log or in a log it imported (R21): a shop
# that imported its supplier's bundle may not sell again a unit the bundle
# shows sold (a copied label, or a unit resold), unless the unit came back
# after that sale: a receive of this log, or one the bundle carries (the
# other shop took it back), dated between the two sales. The refusal names
# the imported record of the sale.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng demo -d L >/dev/null
$ VK=$(txng key export -d L demo.htx-samngoclinh.vn/log)
# The demo's shop sold unit 000007 (record 31, 2024-11-30) and nothing else.
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 -o unit7.txng >/dev/null
$ txng init -d shop --origin cuahang2.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop unit7.txng --key "$VK" --as shop -r "$R"
imported 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..31; 0 imported before
$ txng log -d shop --from 30
30	2025-12-01T00:00:00Z	txng:Imported	shop
31	2025-12-01T00:00:00Z	txng:Imported	shop
$ txng party add -d shop --as shop -r "$R" --name "HTX Tu Mơ Rông" --code htx
32
$ txng place add -d shop --as shop -r "$R" --name "Cửa hàng 2" --code ch2
33
# The shop received units 000007 and 000008 before the other shop sold 000007.
$ txng record receive -d shop --as shop -r "$R" --serials 000007-000008 --gtin 08930000000033 --from htx --place ch2 --time 2024-11-25T09:00+07:00
34
$ txng record sell -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-01T10:00+07:00
! txng: record sell: --serials: this unit is already sold, by a record imported from another log: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000007; record 31)
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record sell -d shop --as shop -r "$R" --serials 000007-000008 --gtin 08930000000033 --time 2024-12-01T10:00+07:00
! txng: record sell: --serials: đơn vị này đã được bán, theo một bản ghi nhập từ nhật ký khác: hãy ghi việc nhận lại (receive) trước khi bán lần nữa (mã định danh: https://id.gs1.org/01/08930000000033/21/000007; bản ghi 31)
[3]
# A sale before the imported one is refused as well (the later sale was made).
$ txng record sell -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-11-28T10:00+07:00
! txng: record sell: --serials: this unit is already sold, by a record imported from another log: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000007; record 31)
[3]
# In a batch too, each row checked against the bundle.
$ printf 'step,gtin,serials,time\nsell,08930000000033,000008,2024-12-01T10:00+07:00\nsell,08930000000033,000007,2024-12-01T10:00+07:00\n' > sales.csv
$ txng import -d shop --as shop -r "$R" --csv sales.csv
! txng: sales.csv:3: serials: this unit is already sold, by a record imported from another log: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000007; record 31)
[3]
$ txng record sell -d shop --as shop -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-12-01T10:00+07:00
35
$ txng log -d shop | wc -l
36
# The other shop takes 000007 back from its buyer; the shop imports the
# cooperative's new bundle, with that return: 000007 may be sold here now.
$ txng record receive -d L --as L/log.key -r "$R" --serials 000007 --gtin 08930000000033 --from cua-hang-hn --place cua-hang-hn --time 2024-12-05T09:00+07:00
32
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 --consistency-from 32 -o unit7b.txng >/dev/null
$ txng import -d shop unit7b.txng --key "$VK" --as shop -r "$R"
imported 1 records from demo.htx-samngoclinh.vn/log (checkpoint size 33) as records 36..37; 29 imported before
$ txng record sell -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-07T10:00+07:00
38
# Sold here, it is sold: a second sale here is refused as before.
$ txng record sell -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-08T10:00+07:00
! txng: record sell: --serials: this unit is already sold: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000007; record 38)
[3]
# A shop's own return counts too: a third shop, with the first bundle only,
# sells 000007 once its buyer brought it back here.
$ txng init -d shop3 --origin cuahang3.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop3 shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop3 unit7.txng --key "$VK" --as shop -r "$R" >/dev/null
$ txng party add -d shop3 --as shop -r "$R" --name "Khách hàng" --code khach >/dev/null
$ txng place add -d shop3 --as shop -r "$R" --name "Cửa hàng 3" --code ch3 >/dev/null
$ txng record receive -d shop3 --as shop -r "$R" --serials 000007 --gtin 08930000000033 --from khach --place ch3 --time 2024-12-02T09:00+07:00
34
$ txng record sell -d shop3 --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-03T10:00+07:00
35
# The other log declares its sale of 000007 (record 31) not to have occurred;
# a fourth shop that imports the bundle with that correction may sell the unit
# it received, with no return: the voided sale no longer counts. The
# correction names the sale by its number in the other log, as imported.
$ TXNG_LOG_PASSPHRASE= txng record correct -d L --as L/log.key -r "$R" --corrects 31 --reason did-not-occur --time 2024-12-06T08:00+07:00
33
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 -o unit7c.txng >/dev/null
# shop N BUNDLE: a shop's log that imported BUNDLE and received box 000007 from the cooperative
$ shop() { txng init -d shop$1 --origin cuahang$1.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1 && txng key new -d shop$1 shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1 && txng import -d shop$1 "$2" --key "$VK" --as shop -r "$R" >/dev/null && txng party add -d shop$1 --as shop -r "$R" --name "HTX Tu Mơ Rông" --code htx >/dev/null && txng place add -d shop$1 --as shop -r "$R" --name "Cửa hàng $1" --code ch$1 >/dev/null && txng record receive -d shop$1 --as shop -r "$R" --serials 000007 --gtin 08930000000033 --from htx --place ch$1 --time 2024-11-25T09:00+07:00 >/dev/null; }
$ shop 4 unit7c.txng
$ txng record sell -d shop4 --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-01T10:00+07:00 --dry-run | grep -c sell
1
# A shop with the bundle exported before the correction still refuses it.
$ shop 5 unit7.txng
$ txng record sell -d shop5 --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-01T10:00+07:00
! txng: record sell: --serials: this unit is already sold, by a record imported from another log: record its return (receive) before it is sold again (identifier: https://id.gs1.org/01/08930000000033/21/000007; record 31)
[3]
# Importing the correction then lets it through.
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 --consistency-from 32 -o unit7d.txng >/dev/null
$ txng import -d shop5 unit7d.txng --key "$VK" --as shop -r "$R"
imported 2 records from demo.htx-samngoclinh.vn/log (checkpoint size 34) as records 35..37; 29 imported before
$ txng record sell -d shop5 --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2024-12-01T10:00+07:00
38
