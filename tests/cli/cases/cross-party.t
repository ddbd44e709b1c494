# One step back across organisations: the shop's own log holds the
# cooperative's signed events, appended as they are (txng log --json prints
# them with their signatures), beside its own receive and sale. Trace back in
# the shop's log reaches the cooperative's harvest and planting.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d htx htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key new -d htx ho-a --role grower --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng party add -d htx --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative
3
$ txng place add -d htx --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3 --gps 14.9123,107.9876 --accuracy 5
4
$ txng place add -d htx --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --gln 8930000000026
5
$ txng party add -d htx --as htx -r "$R" --name "Cửa hàng Sâm Việt" --gln 8930000000033 --role retailer
6
$ txng product add -d htx --as htx -r "$R" --gtin 08930000000026 --name "Sâm Ngọc Linh củ tươi" --producer "HTX Sâm Ngọc Linh Tu Mơ Rông"
7
$ txng product add -d htx --as htx -r "$R" --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát 50 g" --producer "HTX Sâm Ngọc Linh Tu Mơ Rông"
8
$ txng record plant -d htx --as ho-a -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
9
$ txng record harvest -d htx --as ho-a -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
10
$ txng record transform -d htx --as htx -r "$R" --in L24-017:9.6kg --out L24-017-S:2.1kg --method "sấy lạnh 40°C" --time 2025-09-23T08:00+07:00
11
$ txng record pack -d htx --as htx -r "$R" --lot L24-017-S --weight 2kg --gtin 08930000000033 --serials 000001-000040 --time 2025-09-26T14:00+07:00
12
$ txng record ship -d htx --as htx -r "$R" --serials 000001-000010 --gtin 08930000000033 --to "Cửa hàng Sâm Việt" --place "Kho HTX Tu Mơ Rông" --doc PX-0930 --time 2025-09-30T08:00+07:00
13

# The shop keeps its own log and enrols the keys of its supplier's people.
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key add -d shop "$(txng key export -d htx htx)" --role supplier -t 1700000300
enrolled htx+df502b6e
$ txng key add -d shop "$(txng key export -d htx ho-a)" --role supplier -t 1700000400
enrolled ho-a+c6cabc90

# The cooperative hands over its records from the master data on; the shop
# appends them: the events keep the cooperative's signatures.
$ txng log -d htx --json --from 3 > htx.jsonl
$ txng place add -d shop --as shop -r "$R" --name "Cửa hàng Sâm Việt, Hà Nội" --gln 8930000000040
4
$ txng append -d shop -t 1764547200 htx.jsonl
5
6
7
8
9
10
11
12
13
14
15
$ txng record receive -d shop --as shop -r "$R" --serials 000001-000010 --gtin 08930000000033 --from "HTX Sâm Ngọc Linh Tu Mơ Rông" --place "Cửa hàng Sâm Việt, Hà Nội" --doc PX-0930 --time 2025-10-01T09:00+07:00
16
$ txng record sell -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --place 8930000000040 --time 2025-10-05T10:00+07:00
17
$ txng verify -d shop
ok: cuahang-samviet.vn/log: 18 records, 4 keys, 8 checkpoints, root Kvbva0CbGhzeuc8f+zsvp/K7/UPSxmurwqxjB7fga2U=
$ txng trace back -d shop https://id.gs1.org/01/08930000000033/21/000007
https://id.gs1.org/01/08930000000033/21/000007
  record 14: packing 2025-09-26T14:00:00+07:00, by htx
    <- urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S
       record 13: transform 2025-09-23T08:00:00+07:00, by htx
         <- https://id.gs1.org/01/08930000000026/10/L24-017
            record 12: harvest 2025-09-20T07:30:00+07:00, by ho-a
              <- urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019
                 record 11: plant 2019-10-20T08:00:00+07:00, by ho-a, at urn:txng:htx-samngoclinh.vn/log:place:vuon-3
  record 15: shipping 2025-09-30T08:00:00+07:00, by htx, at https://id.gs1.org/414/8930000000026, to https://id.gs1.org/417/8930000000033
  record 16: receiving 2025-10-01T09:00:00+07:00, by shop, at https://id.gs1.org/414/8930000000040
  record 17: retail_selling 2025-10-05T10:00:00+07:00, by shop, at https://id.gs1.org/414/8930000000040

# An event whose signature the shop's log cannot check (the key is not
# enrolled there) is refused, and nothing is appended.
$ txng init -d other --origin other.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng append -d other -t 1764547200 htx.jsonl
! txng: htx.jsonl:1: signatures/0/key: signed by an unknown key
[3]

