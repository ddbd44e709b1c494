# A shop's log names the parties and places of master data it imported from
# its suppliers' bundles (README, "A shop or processor"): by name, folded
# name (case and Vietnamese diacritics do not count) or code, as its own.
# Names of its own log win over imported ones; an imported name that names
# more than one identifier is refused with the candidates.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
# The cooperative: itself, the shop's place and its warehouse, in master data.
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d htx htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d htx --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019
2
$ txng place add -d htx --as htx -r "$R" --name "Cửa hàng Sâm Việt, Hoàn Kiếm" --code cua-hang-hn
3
$ txng place add -d htx --as htx -r "$R" --name "Kho Đắk Tô" --code kho-dak-to
4
$ txng export -d htx --all -o htx.txng
exported 5 records of 5 to htx.txng
# A processor whose warehouse has the same name.
$ txng init -d say --origin say-dakto.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d say say --role processor --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d say --as say -r "$R" --name "Kho Đắk Tô" --code kho-dak-to
2
$ txng export -d say --all -o say.txng
exported 3 records of 3 to say.txng
# The shop imports both.
$ txng init -d shop --origin cuahang.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop htx.txng --key "$(txng key export -d htx htx-samngoclinh.vn/log)" --as shop -r "$R"
imported 4 records from htx-samngoclinh.vn/log (checkpoint size 5) as records 2..6; 0 imported before
$ txng import -d shop say.txng --key "$(txng key export -d say say-dakto.vn/log)" --as shop -r "$R"
imported 2 records from say-dakto.vn/log (checkpoint size 3) as records 7..9; 0 imported before

# Imported names, as written, folded, or by code (of a GLN: its digits).
$ txng record receive -d shop --as shop -r "$R" --serials 000007 --gtin 08930000000033 --from "HTX Sâm Ngọc Linh Tu Mơ Rông" --place "Cửa hàng Sâm Việt, Hoàn Kiếm" --time 2025-12-01T07:00+07:00
10
$ txng show -d shop 10 --json | grep -o '"source":"[^"]*"\|"bizLocation":{[^}]*}'
"bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:cua-hang-hn"}
"source":"https://id.gs1.org/417/8930000000019"
$ txng record receive -d shop --as shop -r "$R" --serials 000008 --gtin 08930000000033 --from "htx sam ngoc linh tu mo rong" --place cua-hang-hn --time 2025-12-01T07:00+07:00 --dry-run | grep -o '"source":"[^"]*"\|"bizLocation":{[^}]*}'
"bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:cua-hang-hn"}
"source":"https://id.gs1.org/417/8930000000019"
$ printf 'Công đoạn;Số sê-ri;GTIN;Bên giao;Nơi nhận;Thời gian\nreceive;000009;08930000000033;8930000000019;CỬA HÀNG SÂM VIỆT, HOÀN KIẾM;2025-12-01T07:00+07:00\n' > nhan.csv
$ txng import -d shop --csv nhan.csv --dry-run | grep -o '"source":"[^"]*"\|"bizLocation":{[^}]*}'
"bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:cua-hang-hn"}
"source":"https://id.gs1.org/417/8930000000019"

# A near miss is shown with the nearest names, imported ones among them.
$ txng record receive -d shop --as shop -r "$R" --serials 000008 --gtin 08930000000033 --from "HTX Sam Ngoc Linh" --place cua-hang-hn --time 2025-12-01T07:00+07:00
! txng: record receive: --from: unknown party "HTX Sam Ngoc Linh"; nearest: "HTX Sâm Ngọc Linh Tu Mơ Rông"
[3]

# "Kho Đắk Tô" is a place of both suppliers: refused with both identifiers;
# either identifier is taken.
$ txng record receive -d shop --as shop -r "$R" --serials 000008 --gtin 08930000000033 --from 8930000000019 --place "Kho Đắk Tô" --time 2025-12-01T07:00+07:00
! txng: record receive: --place: "Kho Đắk Tô" names more than one identifier in imported master data: urn:txng:htx-samngoclinh.vn/log:place:kho-dak-to, urn:txng:say-dakto.vn/log:place:kho-dak-to; give one of them
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record receive -d shop --as shop -r "$R" --serials 000008 --gtin 08930000000033 --from 8930000000019 --place "kho dak to" --time 2025-12-01T07:00+07:00
! txng: record receive: --place: "kho dak to" ứng với nhiều mã định danh trong dữ liệu danh mục đã nhập: urn:txng:htx-samngoclinh.vn/log:place:kho-dak-to, urn:txng:say-dakto.vn/log:place:kho-dak-to; hãy nhập một trong các mã đó
[3]
$ txng record receive -d shop --as shop -r "$R" --serials 000008 --gtin 08930000000033 --from 8930000000019 --place urn:txng:say-dakto.vn/log:place:kho-dak-to --time 2025-12-01T07:00+07:00
11

# The shop's own place of that name wins over the imported ones.
$ txng place add -d shop --as shop -r "$R" --name "Kho Đắk Tô" --code kho
12
$ txng record receive -d shop --as shop -r "$R" --serials 000009 --gtin 08930000000033 --from 8930000000019 --place "kho dak to" --time 2025-12-01T07:00+07:00 --dry-run | grep -o '"bizLocation":{[^}]*}'
"bizLocation":{"id":"urn:txng:cuahang.vn/log:place:kho"}

# Its own master data is what place list shows; the imported records are the
# suppliers' to list.
$ txng place list -d shop
12	urn:txng:cuahang.vn/log:place:kho	Kho Đắk Tô
$ txng party list -d shop
