# One step back, one step forward: a shop that imported its supplier's
# bundle holds none of the units in it until it receives them. A unit that
# only an imported record made is sold, shipped or packed here only after a
# receive of this log, and not after this log shipped it on since.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng demo -d L >/dev/null
$ VK=$(txng key export -d L demo.htx-samngoclinh.vn/log)
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 -o unit7.txng >/dev/null
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop unit7.txng --key "$VK" --as shop -r "$R"
imported 29 records from demo.htx-samngoclinh.vn/log (checkpoint size 32) as records 2..31; 0 imported before
$ txng party add -d shop --as shop -r "$R" --name "HTX Tu Mơ Rông" --code htx
32
$ txng place add -d shop --as shop -r "$R" --name "Cửa hàng" --code ch
33
# The imported pack made 000001-000040; the shop has received none of them.
$ txng record sell -d shop --as shop -r "$R" --serials 000011 --gtin 08930000000033 --time 2025-10-05T10:00+07:00
! txng: record sell: --serials: only a record imported from another log made it, and this log has not received it: receive it first (identifier: https://id.gs1.org/01/08930000000033/21/000011)
[3]
$ txng record ship -d shop --as shop -r "$R" --serials 000011 --gtin 08930000000033 --to htx --time 2025-10-05T10:00+07:00
! txng: record ship: --serials: only a record imported from another log made it, and this log has not received it: receive it first (identifier: https://id.gs1.org/01/08930000000033/21/000011)
[3]
$ txng record pack -d shop --as shop -r "$R" --lot https://id.gs1.org/01/08930000000033/10/L24-017-S --weight 0.1kg --gtin 08930000000033 --serials 000101 --time 2025-10-05T10:00+07:00
! txng: record pack: --lot: only a record imported from another log made it, and this log has not received it: receive it first (identifier: https://id.gs1.org/01/08930000000033/10/L24-017-S)
[3]
# A receive of another shop, imported with the bundle, is not a receive of this log.
$ txng record sell -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --time 2025-10-05T10:00+07:00
! txng: record sell: --serials: only a record imported from another log made it, and this log has not received it: receive it first (identifier: https://id.gs1.org/01/08930000000033/21/000007)
[3]
$ txng record receive -d shop --as shop -r "$R" --serials 000011-000012 --gtin 08930000000033 --from htx --place ch --time 2025-10-01T09:00+07:00
34
$ txng record sell -d shop --as shop -r "$R" --serials 000011 --gtin 08930000000033 --time 2025-10-05T10:00+07:00
35
# Shipped on (back to the cooperative), the unit is no longer here.
$ txng record ship -d shop --as shop -r "$R" --serials 000012 --gtin 08930000000033 --to htx --time 2025-10-05T11:00+07:00
36
$ txng record sell -d shop --as shop -r "$R" --serials 000012 --gtin 08930000000033 --time 2025-10-06T10:00+07:00
! txng: record sell: --serials: this log shipped it on after it received it: receive it first (identifier: https://id.gs1.org/01/08930000000033/21/000012)
[3]
$ txng record receive -d shop --as shop -r "$R" --serials 000012 --gtin 08930000000033 --from htx --place ch --time 2025-10-07T09:00+07:00
37
$ txng record sell -d shop --as shop -r "$R" --serials 000012 --gtin 08930000000033 --time 2025-10-08T10:00+07:00
38
# A lot moves in parts: a part shipped on leaves the rest here to sell.
$ txng record receive -d shop --as shop -r "$R" --lot https://id.gs1.org/01/08930000000033/10/L24-017-S --weight 0.5kg --from htx --place ch --time 2025-10-01T09:00+07:00
39
$ txng record ship -d shop --as shop -r "$R" --lot https://id.gs1.org/01/08930000000033/10/L24-017-S --weight 0.1kg --to htx --time 2025-10-02T09:00+07:00
40
$ txng record sell -d shop --as shop -r "$R" --lot https://id.gs1.org/01/08930000000033/10/L24-017-S --weight 0.1kg --time 2025-10-03T09:00+07:00
41
$ txng log -d shop | wc -l
42
