# EPCIS 2.0 export with master data: the places, parties and products the
# exported events name, described in epcisHeader.epcisMasterData by the newest
# txng:Place, txng:Party and txng:Product record of each.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ export SOURCE_DATE_EPOCH=1764547200
$ R=2025-12-01T00:00:00Z
$ txng demo -d L >/dev/null

# The lot's lineage: four vocabularies, one a line, their elements sorted by id.
# "Vườn 3, tiểu khu 12" is no longer only its URN: name, GPS, GI code, plot.
$ txng export -d L --format epcis --lot L24-017 -o lot.jsonld
$ sed -n '/^"epcisHeader"/,/^"epcisBody"/p' lot.jsonld
"epcisHeader":{"epcisMasterData":{"vocabularyList":[
{"type":"urn:epcglobal:epcis:vtype:ReadPoint","vocabularyElementList":[{"id":"https://id.gs1.org/414/8930000000040","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Kho và xưởng đóng gói HTX"},{"id":"txng:party","attribute":"https://id.gs1.org/417/8930000000019"}]}]},
{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"https://id.gs1.org/414/8930000000040","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Kho và xưởng đóng gói HTX"},{"id":"txng:party","attribute":"https://id.gs1.org/417/8930000000019"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Cửa hàng Sâm Việt, Hoàn Kiếm"},{"id":"txng:party","attribute":"urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Vườn 3, tiểu khu 12"},{"id":"urn:epcglobal:cbv:mda#latitude","attribute":"14.9123"},{"id":"urn:epcglobal:cbv:mda#longitude","attribute":"107.9876"},{"id":"txng:giCode","attribute":"C0004-SNLKTG"},{"id":"txng:gpsAccuracy","attribute":"5"},{"id":"txng:party","attribute":"urn:txng:demo.htx-samngoclinh.vn/log:party:ho-a-vang"},{"id":"txng:plot","attribute":"lô 2, khoảnh 4, tiểu khu 12"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-uom-htx","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Vườn ươm và vườn giống HTX"},{"id":"txng:party","attribute":"https://id.gs1.org/417/8930000000019"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Xưởng sấy Đăk Tô"},{"id":"txng:party","attribute":"urn:txng:demo.htx-samngoclinh.vn/log:party:say-dak-to"}]}]},
{"type":"urn:epcglobal:epcis:vtype:SourceDest","vocabularyElementList":[{"id":"https://id.gs1.org/417/8930000000019","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"HTX Sâm Ngọc Linh Tu Mơ Rông"},{"id":"txng:role","attribute":"hợp tác xã"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Cửa hàng Sâm Việt"},{"id":"urn:epcglobal:cbv:mda#streetAddressOne","attribute":"quận Hoàn Kiếm, Hà Nội"},{"id":"txng:role","attribute":"cửa hàng bán lẻ"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:party:ho-a-vang","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Hộ ông A Vang"},{"id":"urn:epcglobal:cbv:mda#streetAddressOne","attribute":"thôn Đăk Dế, xã Măng Ri, huyện Tu Mơ Rông, tỉnh Kon Tum"},{"id":"txng:role","attribute":"hộ trồng sâm, thành viên HTX"}]},{"id":"urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Cửa hàng Sâm Việt, Hoàn Kiếm"},{"id":"txng:party","attribute":"urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn"}]}]},
{"type":"urn:epcglobal:epcis:vtype:EPCClass","vocabularyElementList":[{"id":"https://id.gs1.org/01/08930000000026","attributes":[{"id":"urn:epcglobal:cbv:mda#descriptionShort","attribute":"Sâm Ngọc Linh củ tươi"},{"id":"txng:imageSha256","attribute":"3032e29480dd7ee7fcdcbd9fd86cc465ee98ba4da4b4f89fa9710d392ecfe8cd"},{"id":"txng:producer","attribute":"https://id.gs1.org/417/8930000000019"},{"id":"txng:species","attribute":"Panax vietnamensis Ha & Grushv."}]},{"id":"https://id.gs1.org/01/08930000000033","attributes":[{"id":"urn:epcglobal:cbv:mda#descriptionShort","attribute":"Sâm Ngọc Linh sấy lát, hộp 40 g"},{"id":"txng:imageSha256","attribute":"3032e29480dd7ee7fcdcbd9fd86cc465ee98ba4da4b4f89fa9710d392ecfe8cd"},{"id":"txng:producer","attribute":"https://id.gs1.org/417/8930000000019"},{"id":"txng:shelfLife","attribute":"24 tháng"},{"id":"txng:species","attribute":"Panax vietnamensis Ha & Grushv."}]}]}]}},
"epcisBody":{"eventList":[
$ grep -c '"eventID"' lot.jsonld
14

# A unit of the lot names the same places, parties and products.
$ txng export -d L --format epcis https://id.gs1.org/01/08930000000033/21/000007 -o unit.jsonld
$ sed -n '/^"epcisHeader"/,/^"epcisBody"/p' unit.jsonld > u.txt; sed -n '/^"epcisHeader"/,/^"epcisBody"/p' lot.jsonld | cmp - u.txt && echo same master data
same master data

# Master data is no part of an event's hash ID: the lot's events keep the
# eventIDs they have in the export of the whole log.
$ txng export -d L --all --format epcis -o all.jsonld
$ grep -o '"eventID":"[^"]*"' lot.jsonld | sort > a.txt; grep -o '"eventID":"[^"]*"' all.jsonld | sort > b.txt; comm -23 a.txt b.txt | wc -l
0

# A log whose events name nothing it describes (the shop imported the events,
# not the master data): no epcisHeader.
$ txng init -d shop --origin cuahang-samviet.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop --format epcis lot.jsonld --as shop -r "$R"
imported 14 events (records 2..15)
master data of 12 elements not imported
$ txng export -d shop --all --format epcis -o shop.jsonld
$ grep -c epcisHeader shop.jsonld
0
[1]

# A partner's document with master data imports; its master data is not
# imported (txng keeps events; master data is signed as txng:Place, txng:Party
# and txng:Product records). --dry-run prints the events only.
$ cat > partner.jsonld <<'END'
> {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
>  "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-10-01T00:00:00Z",
>  "epcisHeader":{"epcisMasterData":{"vocabularyList":[
>   {"type":"urn:epcglobal:epcis:vtype:ReadPoint","vocabularyElementList":[
>    {"id":"https://id.gs1.org/414/8930000000019","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Kho Hà Nội"}]}]},
>   {"type":"urn:epcglobal:epcis:vtype:EPCClass","vocabularyElementList":[
>    {"id":"https://id.gs1.org/01/08930000000033","attributes":[{"id":"urn:epcglobal:cbv:mda#descriptionShort","attribute":"Sâm sấy"}]},
>    {"id":"https://id.gs1.org/01/08930000000026"}]}]}},
>  "epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2025-10-01T08:00:00.000+07:00",
>   "eventTimeZoneOffset":"+07:00","action":"OBSERVE","bizStep":"receiving","disposition":"in_progress",
>   "epcList":["https://id.gs1.org/01/08930000000033/21/000008"],"readPoint":{"id":"https://id.gs1.org/414/8930000000019"}}]}}
> END
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R" --dry-run
{"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress","epcList":["https://id.gs1.org/01/08930000000033/21/000008"],"eventID":"ni:///sha-256;61a0f526744c07f62b90ba94924302f0fc2a3c64897f4fe7ddacf1830842901d?ver=CBV2.0","eventTime":"2025-10-01T08:00:00.000+07:00","eventTimeZoneOffset":"+07:00","readPoint":{"id":"https://id.gs1.org/414/8930000000019"},"type":"ObjectEvent"}
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
imported 1 event (record 16)
master data of 3 elements not imported
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R"
nothing new: the event was imported before
master data of 3 elements not imported
$ txng import -d shop --format epcis partner.jsonld --as shop -r "$R" --dry-run
nothing new: the event was imported before

# The header itself is checked.
$ sed 's/"epcisHeader":{/"epcisHeader":"none","ex:header":{/' partner.jsonld > bad.jsonld
$ txng import -d shop --format epcis bad.jsonld --as shop -r "$R"
! txng: bad.jsonld: /epcisHeader: not an object
[3]

# A log that imported the lot as a bundle holds the cooperative's master
# data in imported records: its export describes the places, parties and
# products of the imported events from them (its own would win).
$ VK=$(txng key export -d L demo.htx-samngoclinh.vn/log)
$ txng export -d L --lot L24-017 -o lot.txng >/dev/null
$ txng init -d shop2 --origin cuahang2.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d shop2 shop --role retailer --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng import -d shop2 lot.txng --key "$VK" --as shop -r "$R" >/dev/null
$ txng export -d shop2 --all --format epcis -o shop2.jsonld
$ sed -n '/^"epcisHeader"/,/^"epcisBody"/p' lot.jsonld > want.txt
$ sed -n '/^"epcisHeader"/,/^"epcisBody"/p' shop2.jsonld | cmp - want.txt && echo same master data as the cooperative export
same master data as the cooperative export
