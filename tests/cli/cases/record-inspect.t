# txng record inspect (CTE 19): a consumer's or inspector's scan of a label,
# or a market-surveillance (QLTT) or internal check of goods on a shelf. It
# observes (ObjectEvent OBSERVE, bizStep inspecting, no disposition); its
# finding is txng:inspectionResult. What it names need not be in this log:
# a fake label found in a shop is what it records.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code v3
2
$ txng place add -d L --as htx -r "$R" --name "Cửa hàng Sâm Việt, Hà Nội" --code shop-hn
3
$ txng party add -d L --as htx -r "$R" --name "Đội QLTT số 3" --code qltt3
4
$ txng record plant -d L --as htx -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
5
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
6
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --time 2025-09-23T08:00+07:00
7
$ txng record sell -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --time 2025-09-24T08:00+07:00
8
$ txng record inspect --help
usage: txng record inspect -d DIR [--as KEY] [OPTIONS]
scan or inspection of goods (Quét mã / kiểm tra hàng): ObjectEvent, bizStep inspecting

key data elements (CSV heading in brackets):
  --lot LOT                lot [Mã lô] (required: one of group what)
  --serials FROM-TO        unit serials [Số sê-ri] (required: one of group what)
  --id ID                  identifier [Mã định danh] (required: one of group what) (may repeat)
  --gtin GTIN              product GTIN [GTIN]
  --weight QTY             quantity of the lot [Khối lượng]
  --result RESULT          result of the inspection [Kết quả kiểm tra] (required) (one of genuine|already-sold|duplicate|recalled|unknown|not-genuine)
  --role ROLE              inspector's role [Vai trò người kiểm tra] (required) (one of consumer|retailer|cooperative|producer|qltt|auditor|certifier|other)
  --inspector PARTY        inspecting party [Người kiểm tra]
  --report TEXT            inspection record (biên bản) number [Số biên bản]
  --place PLACE            place inspected [Nơi kiểm tra]
  --area TEXT              coarse location (town, market) [Khu vực]
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
# A QLTT team checks a box on the shelf of a shop: genuine, with its record (biên bản).
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --result genuine --role qltt --inspector qltt3 --report "05/BB-QLTT" --place shop-hn --area "Hà Nội" --time 2025-10-01T10:00+07:00 --dry-run
{"action":"OBSERVE","bizStep":"inspecting","epcList":["https://id.gs1.org/01/08930000000033/21/000002"],"eventTime":"2025-10-01T10:00:00+07:00","eventTimeZoneOffset":"+07:00","readPoint":{"id":"urn:txng:htx-samngoclinh.vn/log:place:shop-hn"},"txng:area":"Hà Nội","txng:inspectionRecord":"05/BB-QLTT","txng:inspectionResult":"genuine","txng:inspector":"urn:txng:htx-samngoclinh.vn/log:party:qltt3","txng:inspectorRole":"qltt","txng:step":"inspect","type":"ObjectEvent"}
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --result genuine --role qltt --inspector qltt3 --report "05/BB-QLTT" --place shop-hn --area "Hà Nội" --time 2025-10-01T10:00+07:00
9
# A consumer scans the label of box 000001, sold on 24 September: a copy.
$ txng record inspect -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --result already-sold --role consumer --area "Kon Tum" --time 2025-10-02T10:00+07:00
10
# Labels this log never made: a serial it never packed, a GTIN it never used.
$ txng record inspect -d L --as htx -r "$R" --serials 000099 --gtin 08930000000033 --result unknown --role qltt --inspector qltt3 --time 2025-10-02T11:00+07:00
11
$ txng record inspect -d L --as htx -r "$R" --id https://id.gs1.org/01/08930000000040/21/ABC --result not-genuine --role retailer --place shop-hn --note "vỏ hộp in mờ, củ tam thất" --time 2025-10-02T12:00+07:00
12
# The inspections show on the unit's chain, with their result (a lab test is
# "inspecting" too), and on a fake label's own.
$ txng trace back -d L https://id.gs1.org/01/08930000000033/21/000002
https://id.gs1.org/01/08930000000033/21/000002
  record 7: packing 2025-09-23T08:00:00+07:00, by htx
    <- urn:txng:htx-samngoclinh.vn/log:lot:L1
       record 6: harvest 2025-09-20T07:30:00+07:00, by htx
         <- urn:txng:htx-samngoclinh.vn/log:cohort:C1
            record 5: plant 2019-10-20T08:00:00+07:00, by htx, at urn:txng:htx-samngoclinh.vn/log:place:v3
  record 9: inspecting (genuine) 2025-10-01T10:00:00+07:00, by htx, at urn:txng:htx-samngoclinh.vn/log:place:shop-hn
$ txng trace forward -d L L1
urn:txng:htx-samngoclinh.vn/log:lot:L1
  record 7: packing 2025-09-23T08:00:00+07:00, by htx
    -> https://id.gs1.org/01/08930000000033/21/000001
       record 8: retail_selling 2025-09-24T08:00:00+07:00, by htx
       record 10: inspecting (already-sold) 2025-10-02T10:00:00+07:00, by htx
    -> https://id.gs1.org/01/08930000000033/21/000002
       record 9: inspecting (genuine) 2025-10-01T10:00:00+07:00, by htx, at urn:txng:htx-samngoclinh.vn/log:place:shop-hn
    -> https://id.gs1.org/01/08930000000033/21/000003
    -> https://id.gs1.org/01/08930000000033/21/000004
    -> https://id.gs1.org/01/08930000000033/21/000005
$ txng trace back -d L https://id.gs1.org/01/08930000000040/21/ABC
https://id.gs1.org/01/08930000000040/21/ABC (not made in this log)
  record 12: inspecting (not-genuine) 2025-10-02T12:00:00+07:00, by htx, at urn:txng:htx-samngoclinh.vn/log:place:shop-hn
# The graph labels an inspection with its result too: a lab test is "inspecting" as well.
$ txng trace forward -d L L1 --dot | grep -F 'label="#'
  e0 [shape=ellipse, label="#7 packing\nhtx\n2025-09-23T08:00:00+07:00"];
  e1 [shape=ellipse, label="#8 retail_selling\nhtx\n2025-09-24T08:00:00+07:00"];
  e2 [shape=ellipse, label="#9 inspecting (genuine)\nhtx\nCửa hàng Sâm Việt, Hà Nội\n2025-10-01T10:00:00+07:00"];
  e3 [shape=ellipse, label="#10 inspecting (already-sold)\nhtx\n2025-10-02T10:00:00+07:00"];
$ txng trace back -d L --json https://id.gs1.org/01/08930000000040/21/ABC | grep -o '"bizStep": "[a-z]*"\|"inspectionResult": "[a-z-]*"'
"bizStep": "inspecting"
"inspectionResult": "not-genuine"
$ txng export -d L --format epcis --index 9 | grep -o '"bizStep":"[a-z]*"\|"txng:[a-zA-Z]*":"[^"]*"\|"disposition"'
"bizStep":"inspecting"
"txng:area":"Hà Nội"
"txng:inspectionRecord":"05/BB-QLTT"
"txng:inspectionResult":"genuine"
"txng:inspector":"urn:txng:htx-samngoclinh.vn/log:party:qltt3"
"txng:inspectorRole":"qltt"
"txng:step":"inspect"
"txng:leaf":"uCiAGf/Tm5cBC/cyisk2nlIchlCh1nnFDzJrotey2oA="
# A spreadsheet of scans: the step by its Vietnamese name, Vietnamese headings.
$ printf 'Công đoạn,Số sê-ri,GTIN,Kết quả kiểm tra,Vai trò người kiểm tra,Khu vực,Thời gian\nQuét mã / kiểm tra hàng,000003,08930000000033,genuine,consumer,Đà Nẵng,2025-10-03T09:00+07:00\ninspect,000001,08930000000033,duplicate,consumer,Huế,2025-10-03T10:00+07:00\n' > scans.csv
$ txng import -d L --as htx -r "$R" --csv scans.csv
imported 2 events (records 13..14)
$ txng log -d L --from 9
9	2025-12-01T00:00:00Z	inspect	htx
10	2025-12-01T00:00:00Z	inspect	htx
11	2025-12-01T00:00:00Z	inspect	htx
12	2025-12-01T00:00:00Z	inspect	htx
13	2025-12-01T00:00:00Z	inspect	htx
14	2025-12-01T00:00:00Z	inspect	htx
# Refusals, one line each naming the element: a result not in the vocabulary,
# a missing result, role or identifier, a serial without its GTIN, and an
# inspection dated before the unit was packed. Nothing is appended.
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --result fake --role qltt --time 2025-10-04T10:00+07:00
! txng: record inspect: --result: not one of the allowed values: genuine, already-sold, duplicate, recalled, unknown, not-genuine
[3]
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --result genuine --role police --time 2025-10-04T10:00+07:00
! txng: record inspect: --role: not one of the allowed values: consumer, retailer, cooperative, producer, qltt, auditor, certifier, other
[3]
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --role qltt --time 2025-10-04T10:00+07:00
! txng: record: inspect needs the result: give --result genuine, already-sold, duplicate, recalled, unknown or not-genuine
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --result genuine --time 2025-10-04T10:00+07:00
! txng: record: inspect needs the inspector's role: give --role consumer, retailer, cooperative, producer, qltt, auditor, certifier or other
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record inspect -d L --as htx -r "$R" --result genuine --role qltt --time 2025-10-04T10:00+07:00
! txng: record: inspect needs what was inspected: give --serials FROM-TO, --id ID or --lot LOT
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record inspect -d L --as htx -r "$R" --serials 000077 --result unknown --role qltt --time 2025-10-04T10:00+07:00
! txng: record inspect: --serials: no unit of this log has this serial without a GTIN: give --gtin with --serials (identifier: 000077)
[3]
$ txng record inspect -d L --as htx -r "$R" --serials 000002 --gtin 08930000000033 --result genuine --role qltt --time 2025-09-01T10:00+07:00
! txng: record inspect: --time: event is before the record that created or received its input: check --time (there since: 2025-09-23T01:00:00Z)
[3]
$ printf 'step,serials,gtin,result,role,time\ninspect,000004,08930000000033,fake,consumer,2025-10-04T10:00+07:00\n' > bad.csv
$ txng import -d L --as htx -r "$R" --csv bad.csv
! txng: bad.csv:2: result: not one of the allowed values: genuine, already-sold, duplicate, recalled, unknown, not-genuine
[3]
$ txng log -d L --from 14
14	2025-12-01T00:00:00Z	inspect	htx
