# txng record STEP: the whole Ngọc Linh ginseng chain, one command per step,
# with the options of each step's key data elements (core/event.h). Places,
# parties, products, certificates, lots and cohorts may be given by name or
# plain code: they are looked up in the log's master data and earlier events.
# --recorded sets the recorded time (the clock otherwise); event times may
# not be later than it by more than 600 s.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null
htx+df502b6e+Aa5fqP7F64fK9XpUeGq5EPyDdQ+Frz57ZeNStj871bEu
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000200 2>/dev/null
ho-a+c6cabc90+AaowAmDoGnSxiYPNOhmFsjaQFG2J13Z9dyipxsXmYKD/

# Master data.
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative
3
$ txng party add -d L --as htx -r "$R" --name "Hộ ông A Vang" --code ho-a-vang --role grower
4
$ txng party add -d L --as htx -r "$R" --name "Trung tâm Kiểm nghiệm Kon Tum" --code kiem-nghiem-kt --role lab
5
$ txng party add -d L --as htx -r "$R" --name "Cửa hàng Sâm Việt" --gln 8930000000033 --role retailer
6
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3 --gps 14.9123,107.9876 --accuracy 5 --gi-code C0004-SNLKTG --party ho-a-vang
7
$ txng place add -d L --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --gln 8930000000026
8
$ txng place add -d L --as htx -r "$R" --name "Cửa hàng Sâm Việt, Kon Tum" --gln 8930000000040
9
$ txng product add -d L --as htx -r "$R" --gtin 08930000000026 --name "Sâm Ngọc Linh củ tươi" --producer "HTX Sâm Ngọc Linh Tu Mơ Rông"
10
$ txng product add -d L --as htx -r "$R" --gtin 08930000000033 --name "Sâm Ngọc Linh sấy lát 50 g" --producer "HTX Sâm Ngọc Linh Tu Mơ Rông"
11
$ txng certificate add -d L --as htx -r "$R" --code gcn-cddl-05 --kind gi --number "05/GCN-CDĐL" --issuer "Cục Sở hữu trí tuệ" --valid-from 2024-01-15 --subject vuon-3 --gi-code C0004-SNLKTG --min-age 5
12

# The chain, from planting to the retail sale. --dry-run prints the event and
# appends nothing.
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place "Vườn 3, tiểu khu 12" --seedlings LOT-CG-18 --count 400 --time 2019-10-20T08:00+07:00 --dry-run
{"bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:vuon-3"},"bizStep":"urn:txng:bizstep:plant","disposition":"active","eventTime":"2019-10-20T08:00:00+07:00","eventTimeZoneOffset":"+07:00","inputQuantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:LOT-CG-18"}],"outputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"txng:plants":400,"txng:step":"plant","type":"TransformationEvent"}
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place "Vườn 3, tiểu khu 12" --seedlings LOT-CG-18 --count 400 --time 2019-10-20T08:00+07:00
13
$ txng record treat -d L --as ho-a -r "$R" --cohort V3-2019 --input "phân hữu cơ vi sinh" --dose "2 kg/100 m2" --place vuon-3 --time 2024-05-01T08:00+07:00
14
$ txng record stand-count -d L --as ho-a -r "$R" --cohort V3-2019 --plants 362 --age 6 --inspector "HTX Sâm Ngọc Linh Tu Mơ Rông" --time 2025-08-01T09:00+07:00
15
$ txng record harvest -d L --as ho-a -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --gi-code C0004-SNLKTG --gi-certificate gcn-cddl-05 --time 2025-09-20T07:30+07:00 --json
{"index":16}
$ txng record receive -d L --as htx -r "$R" --lot L24-017 --gtin 08930000000026 --weight 9.6kg --from "Hộ ông A Vang" --place "Kho HTX Tu Mơ Rông" --doc PN-0917 --time 2025-09-20T15:00+07:00
17
$ txng record wash-grade -d L --as htx -r "$R" --in L24-017:9.6kg --out L24-017-A:6.1kg --out L24-017-B:3.3kg --water "giếng khoan" --place "Kho HTX Tu Mơ Rông" --time 2025-09-21T08:00+07:00
18
$ txng record transform -d L --as htx -r "$R" --in L24-017-A:6.1kg --out L24-017-S:2.1kg --method "sấy lạnh 40°C" --moisture 9.5 --time 2025-09-23T08:00+07:00
19
$ txng record test -d L --as htx -r "$R" --lot L24-017-S --lab "Trung tâm Kiểm nghiệm Kon Tum" --report PKQ-2025-118 --result pass --tests "saponin, kim loại nặng" --time 2025-09-25T10:00+07:00
20
$ txng record pack -d L --as htx -r "$R" --lot L24-017-S --weight 2kg --gtin 08930000000033 --serials 000001-000040 --net 50g --best-before 2027-09-26 --time 2025-09-26T14:00+07:00
21
$ txng record store -d L --as htx -r "$R" --serials 000001-000040 --gtin 08930000000033 --place "Kho HTX Tu Mơ Rông" --temperature "18-22 °C" --time 2025-09-26T16:00+07:00
22
$ txng record ship -d L --as htx -r "$R" --serials 000001-000010 --gtin 08930000000033 --to "Cửa hàng Sâm Việt" --to-place 8930000000040 --place "Kho HTX Tu Mơ Rông" --doc PX-0930 --time 2025-09-30T08:00+07:00
23
$ txng record sell -d L --as htx -r "$R" --serials 000007 --gtin 08930000000033 --place "Cửa hàng Sâm Việt, Kon Tum" --time 2025-10-05T10:00+07:00
24
$ txng record recall -d L --as htx -r "$R" --serials 000008-000010 --gtin 08930000000033 --reason "nhãn in sai hạn sử dụng" --handling fix --time 2025-10-06T10:00+07:00
25
$ txng record certify -d L --as htx -r "$R" --lot L24-017-S --certificate gcn-cddl-05 --time 2025-09-27T10:00+07:00
26
$ txng record correct -d L --as htx -r "$R" --corrects 25 --reason incorrect --note "sai số lô" --time 2025-10-07T10:00+07:00
27
$ txng log -d L --from 12
12	2025-12-01T00:00:00Z	txng:Certificate	htx
13	2025-12-01T00:00:00Z	plant	ho-a
14	2025-12-01T00:00:00Z	treat	ho-a
15	2025-12-01T00:00:00Z	stand-count	ho-a
16	2025-12-01T00:00:00Z	harvest	ho-a
17	2025-12-01T00:00:00Z	receive	htx
18	2025-12-01T00:00:00Z	wash-grade	htx
19	2025-12-01T00:00:00Z	transform	htx
20	2025-12-01T00:00:00Z	test	htx
21	2025-12-01T00:00:00Z	pack	htx
22	2025-12-01T00:00:00Z	store	htx
23	2025-12-01T00:00:00Z	ship	htx
24	2025-12-01T00:00:00Z	sell	htx
25	2025-12-01T00:00:00Z	recall	htx
26	2025-12-01T00:00:00Z	certify	htx
27	2025-12-01T00:00:00Z	txng:Correction	htx

# Names and codes became identifiers: the harvest lot is a GS1 Digital Link
# (it was harvested with --gtin), later steps named it by its plain code.
$ txng show -d L 16 --json | grep -o '"epcClass":"[^"]*"\|urn:[^"]*:cohort:[^"]*'
urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019
"epcClass":"https://id.gs1.org/01/08930000000026/10/L24-017"
$ txng show -d L 19 --json | grep -o '"epcClass":"[^"]*"'
"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L24-017-A"
"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L24-017-S"
$ txng show -d L 17 --json | grep -o '"epcClass":"[^"]*"'
"epcClass":"https://id.gs1.org/01/08930000000026/10/L24-017"
$ txng show -d L 23 --json | grep -o '"destination":"[^"]*"'
"destination":"https://id.gs1.org/417/8930000000033"
"destination":"https://id.gs1.org/414/8930000000040"

# --json; an event time up to 600 s after the recorded time is accepted.
$ txng record sell -d L --as htx -r 2025-12-01T03:00:00Z --serials 000006 --gtin 08930000000033 --time 2025-12-01T10:10+07:00 --json
{"index":28}

# Help: the steps, and each step's options with labels, CSV headings and
# which are required.
$ txng record --help
usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
record a critical tracking event: a step of the chain with its key data elements

steps:
  plant        planting under forest canopy (Trồng dưới tán rừng)
  treat        inputs and care (Chăm sóc: bón phân, BVTV, tưới)
  stand-count  periodic stand count (Kiểm kê vườn)
  harvest      root harvest (Thu hoạch củ)
  receive      receiving (Tiếp nhận)
  wash-grade   washing and grading (Sơ chế: rửa, phân loại)
  transform    drying, slicing, processing (Sấy / thái lát / chế biến)
  test         laboratory test (Kiểm nghiệm)
  pack         packing, labelling, serialisation (Đóng gói, dán nhãn, dán tem)
  store        storage (Lưu kho)
  ship         shipping (Xuất hàng)
  sell         retail sale (Bán lẻ)
  inspect      scan or inspection of goods (Quét mã / kiểm tra hàng)
  recall       hold, recall, destroy (Giữ hàng / thu hồi / tiêu hủy)
  certify      certificate attached to a lot (Chứng nhận)
  claim-codes  claim codes registered (hashes only) (Đăng ký mã kích hoạt)
  claim        a buyer's claim of a unit (Kích hoạt sản phẩm)
  correct      correction of an earlier record (Sửa sai)
  party        party (master data) (Bên tham gia)
  place        place (master data) (Địa điểm)
  product      product (master data) (Sản phẩm)
  certificate  certificate (master data) (Giấy chứng nhận)

options:
  -d, --dir DIR        the log folder (or $TXNG_DIR)
  -a, --as KEY         sign with KEY: a key name (DIR/keys/KEY.key) or a key file
  -r, --recorded TIME  the recorded time of the new record (RFC 3339, or seconds
                       since 1970; default: now); event times may not be later
                       than it by more than $TXNG_MAX_SKEW seconds (600)
  -n, --dry-run        print the event that would be appended; append nothing
  -j, --json           print the new index as JSON
  -h, --help           show this help
Run 'txng record STEP --help' for the options of a step.
$ txng record harvest --help
usage: txng record harvest -d DIR [--as KEY] [OPTIONS]
root harvest (Thu hoạch củ): TransformationEvent, bizStep urn:txng:bizstep:harvest

key data elements (CSV heading in brackets):
  --cohort CODE            planting cohort [Lứa trồng] (required: one of group source)
  --plot PLACE             plot harvested [Vườn/lô khai thác] (required: one of group source)
  --lot LOT                harvest lot [Lô thu hoạch] (required)
  --gtin GTIN              product GTIN [GTIN]
  --weight QTY             fresh weight [Khối lượng tươi] (required)
  --roots N                root count [Số củ] (required)
  --age YEARS              root age (years) [Tuổi củ (năm)] (required)
  --gi-code CODE           GI code of the plot [Mã CDĐL]
  --gi-certificate CERT    GI certificate [Giấy chứng nhận CDĐL]
  --grade TEXT             grade (roots per kg) [Phân loại]
  --purpose TEXT           purpose of the harvest [Mục đích khai thác]
  --stamps FROM-TO         GI stamps allocated [Tem CDĐL]
  --harvester PARTY        harvester [Người thu hoạch]
  --time TIME              event time [Thời gian] (required)
  --note TEXT              note [Ghi chú]

options:
  -d, --dir DIR        the log folder (or $TXNG_DIR)
  -a, --as KEY         sign with KEY: a key name (DIR/keys/KEY.key) or a key file
  -r, --recorded TIME  the recorded time of the new record (RFC 3339, or seconds
                       since 1970; default: now); event times may not be later
                       than it by more than $TXNG_MAX_SKEW seconds (600)
  -n, --dry-run        print the event that would be appended; append nothing
  -j, --json           print the new index as JSON
  -h, --help           show this help
$ txng record ship -h
usage: txng record ship -d DIR [--as KEY] [OPTIONS]
shipping (Xuất hàng): ObjectEvent, bizStep shipping

key data elements (CSV heading in brackets):
  --lot LOT                lot [Mã lô] (required: one of group what)
  --serials FROM-TO        unit serials [Số sê-ri] (required: one of group what)
  --id ID                  identifier [Mã định danh] (required: one of group what) (may repeat)
  --gtin GTIN              product GTIN [GTIN]
  --weight QTY             quantity of the lot [Khối lượng]
  --to PARTY               recipient [Bên nhận] (required)
  --to-place PLACE         recipient's place [Nơi nhận]
  --place PLACE            ship-from place [Nơi xuất]
  --carrier PARTY          transporter [Đơn vị vận chuyển]
  --doc CODE               delivery note or invoice [Số phiếu xuất]
  --purpose WHY            purpose of a shipment of recalled goods [Mục đích xuất] (one of return|destroy|change-use|re-export)
  --time TIME              event time [Thời gian] (required)
  --note TEXT              note [Ghi chú]

options:
  -d, --dir DIR        the log folder (or $TXNG_DIR)
  -a, --as KEY         sign with KEY: a key name (DIR/keys/KEY.key) or a key file
  -r, --recorded TIME  the recorded time of the new record (RFC 3339, or seconds
                       since 1970; default: now); event times may not be later
                       than it by more than $TXNG_MAX_SKEW seconds (600)
  -n, --dry-run        print the event that would be appended; append nothing
  -j, --json           print the new index as JSON
  -h, --help           show this help
