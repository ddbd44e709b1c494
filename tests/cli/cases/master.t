# Master data: parties, places, products and certificates (txng party|place|
# product|certificate add|list). Without --gln, --gtin or --code the code is
# made from the name (diacritics stripped, lower case, spaces as '-') and the
# command says so on stderr. --image and --sha256 take a file to hash.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null
htx+df502b6e+Aa5fqP7F64fK9XpUeGq5EPyDdQ+Frz57ZeNStj871bEu

$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative
2
$ txng party add -d L --as htx -r "$R" --name "Hộ ông A Vang" --role grower --address "Thôn Đăk Dế, xã Măng Ri" --valid-from 2020-01-01
3
! txng: party add: no --code given: using the code ho-ong-a-vang from the name
$ txng party add -d L --as htx -r "$R" --name "Trung tâm Kiểm nghiệm Kon Tum" --code kiem-nghiem-kt --role lab --json
{"index":4}
# A GLN outside Vietnam's prefix 893 is accepted, with a note.
$ txng party add -d L --as htx -r "$R" --name "Bio Handel GmbH" --gln 4012345000009 --role retailer
5
! txng: party add: note: a GTIN or GLN outside Vietnam's prefix 893, accepted
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --gps 14.9123,107.9876 --accuracy 5 --gi-code C0004-SNLKTG --plot "lô 2, khoảnh 4, tiểu khu 12" --party "Hộ ông A Vang"
6
! txng: place add: no --code given: using the code vuon-3-tieu-khu-12 from the name
$ txng place add -d L --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --gln 8930000000026 --party "HTX Sâm Ngọc Linh Tu Mơ Rông"
7
$ printf 'not really a jpeg\n' > fake.jpg
$ printf '\377\330\377\340 a JPEG by its first bytes\n' > root.jpg
$ sha256sum root.jpg | cut -c1-64
0db613a7f2f7d339c4c9bf2c1e9ce0b6bc7377004a9fec9b10fac653debe4526
$ txng product add -d L --as htx -r "$R" --gtin 08930000000026 --name "Sâm Ngọc Linh củ tươi" --image fake.jpg --producer "HTX Sâm Ngọc Linh Tu Mơ Rông" --species "Panax vietnamensis" --dry-run
! txng: fake.jpg: not a PNG, JPEG or WebP image: give a PNG, JPEG or WebP photo of at most 2 MiB (e.g. convert IN -resize 1200x1200 OUT.jpg)
[3]
$ txng product add -d L --as htx -r "$R" --gtin 08930000000026 --name "Sâm Ngọc Linh củ tươi" --image root.jpg --producer "HTX Sâm Ngọc Linh Tu Mơ Rông" --species "Panax vietnamensis" --dry-run
{"id":"https://id.gs1.org/01/08930000000026","imageSha256":"0db613a7f2f7d339c4c9bf2c1e9ce0b6bc7377004a9fec9b10fac653debe4526","name":"Sâm Ngọc Linh củ tươi","producer":"https://id.gs1.org/417/8930000000019","species":"Panax vietnamensis","type":"txng:Product"}
$ txng product add -d L --as htx -r "$R" --gtin 08930000000026 --name "Sâm Ngọc Linh củ tươi" --image root.jpg --producer "HTX Sâm Ngọc Linh Tu Mơ Rông" --species "Panax vietnamensis"
8
$ txng product add -d L --as htx -r "$R" --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát 50 g" --producer htx-samngoclinh --shelf-life "24 tháng"
! txng: product add: --producer: unknown party "htx-samngoclinh"; nearest: "HTX Sâm Ngọc Linh Tu Mơ Rông"
[3]
$ txng product add -d L --as htx -r "$R" --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát 50 g" --producer "htx sam ngoc linh tu mo rong" --shelf-life "24 tháng"
9
$ printf 'GI certificate scan\n' > gcn.pdf
$ txng certificate add -d L --as htx -r "$R" --kind gi --number "05/GCN-CDĐL" --issuer "Cục Sở hữu trí tuệ" --valid-from 2024-01-15 --subject "Vườn 3, tiểu khu 12" --subject 08930000000026 --sha256 gcn.pdf --gi-code C0004-SNLKTG --roots 5000 --min-age 5
10
! txng: certificate add: no --code given: using the code 05-gcn-cddl from the number
$ txng certificate add -d L --as htx -r "$R" --kind gi --number "06/GCN" --issuer "Cục SHTT" --valid-from 2024-01-15 --subject "Vườn 9"
! txng: certificate add: --subject: unknown name "Vườn 9"; nearest: "Vườn 3, tiểu khu 12"
[3]
$ txng certificate add -d L --as htx -r "$R" --kind gi --number "06/GCN" --issuer "Cục SHTT" --valid-from 2024-01-15 --subject "Vườn 3, tiểu khu 12" --sha256 missing.pdf
! txng: missing.pdf: no such file (--sha256 takes a file or 64 hex digits)
[3]

# Lists: record index, identifier, name; newest last.
$ txng party list -d L
2	https://id.gs1.org/417/8930000000019	HTX Sâm Ngọc Linh Tu Mơ Rông
3	urn:txng:htx-samngoclinh.vn/log:party:ho-ong-a-vang	Hộ ông A Vang
4	urn:txng:htx-samngoclinh.vn/log:party:kiem-nghiem-kt	Trung tâm Kiểm nghiệm Kon Tum
5	https://id.gs1.org/417/4012345000009	Bio Handel GmbH
$ txng place list -d L
6	urn:txng:htx-samngoclinh.vn/log:place:vuon-3-tieu-khu-12	Vườn 3, tiểu khu 12
7	https://id.gs1.org/414/8930000000026	Kho HTX Tu Mơ Rông
$ txng product list -d L --json
{"index":8,"id":"https://id.gs1.org/01/08930000000026","name":"Sâm Ngọc Linh củ tươi"}
{"index":9,"id":"https://id.gs1.org/01/08930000000033","name":"Sâm Ngọc Linh sấy lát 50 g"}
$ txng certificate list -d L
10	urn:txng:htx-samngoclinh.vn/log:certificate:05-gcn-cddl	05/GCN-CDĐL

# Refusals: a wrong check digit names the expected digit; a missing name is
# a usage error (2); an unknown party is refused with the nearest names.
$ txng party add -d L --as htx -r "$R" --name "HTX khác" --gln 8930000000018
! txng: party add: --gln: wrong check digit: expected 9
[3]
$ txng product add -d L --as htx -r "$R" --gtin 08930000000027 --name X --producer htx
! txng: product add: --gtin: wrong check digit: expected 6
[3]
$ txng party add -d L --as htx -r "$R" --gln 8930000000040
! txng: party: party needs its name: give --name TEXT
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng place add -d L --as htx -r "$R" --name "Vườn 5" --party "Hộ ông A Vàng"
11
! txng: place add: no --code given: using the code vuon-5 from the name
$ txng place add -d L --as htx -r "$R" --name "Vườn 5" --party "Hộ bà Y Lan"
! txng: place add: --party: unknown party "Hộ bà Y Lan": add it with txng party add
[3]
$ txng place add -d L --as htx -r "$R" --name "Vườn 6" --party "Ho ong A Vanh"
! txng: place add: --party: unknown party "Ho ong A Vanh"; nearest: "Hộ ông A Vang"
[3]
$ txng certificate add -d L --as htx -r "$R" --code gcn-7 --kind vietgap --number 7 --issuer "Sở NN" --valid-from 2024-01-15 --subject "Vuon 6"
! txng: certificate add: --subject: unknown name "Vuon 6"; nearest: "Vườn 5", "Vườn 3, tiểu khu 12"
[3]
$ txng party add -d L --as htx -r "$R" --name "X" --colour blue
! txng: party: unknown option --colour for party (see 'txng party add --help')
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng party remove -d L
! txng: party: remove: give add or list
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng party list
! txng: party: no log folder: give -d DIR or set TXNG_DIR
! usage: txng party add -d DIR [--as KEY] --name NAME [--gln GLN|--code CODE] [OPTIONS] | list -d DIR
[2]
$ txng party --help
usage: txng party add -d DIR [--as KEY] [OPTIONS]
party (master data) (Bên tham gia): txng:Party

key data elements (CSV heading in brackets):
  --name TEXT              name [Tên] (required)
  --gln GLN                GLN [GLN] (required: one of group id)
  --code CODE              party code [Mã] (required: one of group id)
  --role TEXT              role [Vai trò]
  --address TEXT           address [Địa chỉ]
  --valid-from DATE        address valid from [Địa chỉ có hiệu lực từ]
  --registration TEXT      business registration [Đăng ký kinh doanh]
  --country CC             country (ISO 3166-1 alpha-2, e.g. VN) [Quốc gia]
  --time TIME              time of the entry [Thời gian]
  --note TEXT              note [Ghi chú]

options:
  -d, --dir DIR        the log folder (or $TXNG_DIR)
  -a, --as KEY         sign with KEY: a key name (DIR/keys/KEY.key) or a key file
  -r, --recorded TIME  the recorded time of the new record (default: now)
  -n, --dry-run        print the event that would be appended; append nothing
  -j, --json           print the new index (add) or the entries (list) as JSON
  -h, --help           show this help
Without --gln, --gtin or --code, the code is made from the name (or the number):
'HTX Sâm Ngọc Linh' becomes htx-sam-ngoc-linh; a code so made that an entry of
another name has is refused (give --code). An entry added with the code of an
entry of the log is its newer version: the newest record counts.
list: print the party entries of the log, newest record last:
INDEX, identifier and name, separated by tabs (-j: JSON Lines)

# A code made from a name is refused when an entry of another name has it:
# "Hồ" and "Hộ" differ in a tone mark alone and fold to one code. The same
# name updates its entry; an explicit --code that exists adds its newer version.
$ txng log -d L | wc -l
12
$ txng party add -d L --as htx -r "$R" --name "Hồ ông A Vang" --role grower
! txng: party add: code ho-ong-a-vang already belongs to 'Hộ ông A Vang' (record 3): give --code
[3]
$ txng place add -d L --as htx -r "$R" --name "vườn 5"
! txng: place add: code vuon-5 already belongs to 'Vườn 5' (record 11): give --code
[3]
$ txng certificate add -d L --as htx -r "$R" --kind gi --number "05/GCN-CĐDL" --issuer "Cục SHTT" --valid-from 2024-01-15 --subject "Vườn 5"
! txng: certificate add: code 05-gcn-cddl already belongs to '05/GCN-CDĐL' (record 10): give --code
[3]
$ txng log -d L | wc -l
12
$ txng party add -d L --as htx -r "$R" --name "Hồ ông A Vang" --role grower --code ho-ong-a-vang-2
12
$ txng party add -d L --as htx -r "$R" --name "Hộ ông A Vang" --role grower --address "Thôn Đăk Dế"
13
! txng: party add: no --code given: using the code ho-ong-a-vang from the name
$ txng party add -d L --as htx -r "$R" --name "Trung tâm Kiểm nghiệm tỉnh Kon Tum" --code kiem-nghiem-kt --role lab
14
$ txng party list -d L
2	https://id.gs1.org/417/8930000000019	HTX Sâm Ngọc Linh Tu Mơ Rông
5	https://id.gs1.org/417/4012345000009	Bio Handel GmbH
12	urn:txng:htx-samngoclinh.vn/log:party:ho-ong-a-vang-2	Hồ ông A Vang
13	urn:txng:htx-samngoclinh.vn/log:party:ho-ong-a-vang	Hộ ông A Vang
14	urn:txng:htx-samngoclinh.vn/log:party:kiem-nghiem-kt	Trung tâm Kiểm nghiệm tỉnh Kon Tum
