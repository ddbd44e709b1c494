# txng import --csv: a heading names an element by its Vietnamese heading,
# its option (with or without a leading "--") or its English label, and so
# does the step column ("Công đoạn" or "step"); case, Vietnamese diacritics
# and surrounding spaces do not count, as for names of places and parties.
# A heading that names nothing is refused at line 1 with the nearest
# headings. A line break inside a quoted cell (Excel's Alt+Enter, written LF,
# CRLF or CR) is kept in free text and read as a space elsewhere.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as ho-a -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3

# Headings in other cases, without diacritics, with spaces, or as options.
$ printf 'Step,Lứa trồng,Vật tư sử dụng,Thời gian\ntreat,V3-2019,none,2025-09-20T07:30+07:00\n' > a.csv
$ txng import -d L --as ho-a -r "$R" --csv a.csv --dry-run
{"action":"OBSERVE","bizStep":"urn:txng:bizstep:treat","epcList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2025-09-20T07:30:00+07:00","eventTimeZoneOffset":"+07:00","txng:input":"none","txng:step":"treat","type":"ObjectEvent"}
$ printf 'STEP;LỨA TRỒNG; --Input ;thoi gian\nTreat;V3-2019;none;2025-09-20T07:30+07:00\n' > b.csv
$ txng import -d L --as ho-a -r "$R" --csv b.csv --dry-run | grep -c '"txng:input":"none"'
1
$ printf 'công đoạn;cohort;lot;weight;Root count;tuổi củ (năm);time\nthu hoạch củ;V3-2019;L25-001;2kg;30;6;2025-09-20T07:30+07:00\n' > c.csv
$ txng import -d L --as ho-a -r "$R" --csv c.csv --dry-run | grep -o '"txng:roots":[0-9]*'
"txng:roots":30
$ printf 'cohort;lot;weight;Roots;age;time\nV3-2019;L25-002;2kg;31;6;2025-09-20T07:30+07:00\n' > d.csv
$ txng import -d L --as ho-a -r "$R" --csv d.csv --step harvest --dry-run | grep -o '"txng:roots":[0-9]*'
"txng:roots":31
$ printf 'cohort;lot;weight;số củ;age;time\nV3-2019;L25-003;2kg;32;6;2025-09-20T07:30+07:00\n' > e.csv
$ txng import -d L --as ho-a -r "$R" --csv e.csv --step harvest --dry-run | grep -o '"txng:roots":[0-9]*'
"txng:roots":32
$ printf 'cohort;lot;weight;--roots;age;time\nV3-2019;L25-004;2kg;33;6;2025-09-20T07:30+07:00\n' > f.csv
$ txng import -d L --as ho-a -r "$R" --csv f.csv --step harvest
imported 1 event (record 4)

# Refused at line 1: a heading of no element, with the nearest headings; one
# that no step has; two columns for one element of one value; two step
# columns. No step column and no --step is still a usage error.
$ printf 'cohort;lot;weight;Số cụm;age;time\nV3-2019;L25-005;2kg;33;6;2025-09-20T07:30+07:00\n' > g.csv
$ txng import -d L --as ho-a -r "$R" --csv g.csv --step harvest
! txng: g.csv:1: Số cụm: not a column of harvest; nearest: "Số củ" (roots)
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng import -d L --as ho-a -r "$R" --csv g.csv --step harvest
! txng: g.csv:1: Số cụm: không phải cột của harvest; gần giống nhất: "Số củ" (roots)
[3]
$ printf 'cohort;lot;weight;roots;age;time;colour\nV3-2019;L25-005;2kg;33;6;2025-09-20T07:30+07:00;\n' > h.csv
$ txng import -d L --as ho-a -r "$R" --csv h.csv --step harvest
! txng: h.csv:1: colour: not a column of harvest (see 'txng record harvest --help')
[3]
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụg;Thời gian\ntreat;V3-2019;none;2025-09-20T07:30+07:00\n' > i.csv
$ txng import -d L --as ho-a -r "$R" --csv i.csv
! txng: i.csv:1: Vật tư sử dụg: no step has this column; nearest: "Vật tư sử dụng" (input)
[3]
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụng;Thời gian;STT\ntreat;V3-2019;none;2025-09-20T07:30+07:00;1\n' > j.csv
$ txng import -d L --as ho-a -r "$R" --csv j.csv
! txng: j.csv:1: STT: no step has this column (see 'txng record STEP --help')
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng import -d L --as ho-a -r "$R" --csv j.csv
! txng: j.csv:1: STT: không công đoạn nào có cột này (xem 'txng record STEP --help')
[3]
$ printf 'cohort;input;time;Thời gian\nV3-2019;none;2025-09-20T07:30+07:00;\n' > k.csv
$ txng import -d L --as ho-a -r "$R" --csv k.csv --step treat
! txng: k.csv:1: Thời gian: the same element as column "time" (--time), which takes one value: keep one of them
[3]
# An element that may repeat (--in of a transformation that merges two lots)
# may have two columns, even of one heading; one that takes one value may not.
$ printf 'Công đoạn,Lứa trồng,Lô thu hoạch,Số củ,Khối lượng tươi,Tuổi củ (năm),Lô đầu vào,Lô đầu vào,Lô đầu ra,Phương pháp,Thời gian\nharvest,V3-2019,L25-A,10,1kg,6,,,,,2025-09-20T07:30+07:00\nharvest,V3-2019,L25-B,5,0.5kg,6,,,,,2025-09-20T08:30+07:00\ntransform,,,,,,L25-A:1kg,L25-B:0.5kg,L25-S:0.4kg,sấy,2025-09-23T08:00+07:00\n' > m.csv
$ txng import -d L --as ho-a -r "$R" --csv m.csv --dry-run
{"bizStep":"urn:txng:bizstep:harvest","disposition":"active","eventTime":"2025-09-20T07:30:00+07:00","eventTimeZoneOffset":"+07:00","inputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"outputQuantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L25-A","quantity":"1","uom":"KGM"}],"txng:age":6,"txng:roots":10,"txng:step":"harvest","type":"TransformationEvent"}
{"bizStep":"urn:txng:bizstep:harvest","disposition":"active","eventTime":"2025-09-20T08:30:00+07:00","eventTimeZoneOffset":"+07:00","inputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"outputQuantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L25-B","quantity":"0.5","uom":"KGM"}],"txng:age":6,"txng:roots":5,"txng:step":"harvest","type":"TransformationEvent"}
{"bizStep":"urn:txng:bizstep:transform","disposition":"active","eventTime":"2025-09-23T08:00:00+07:00","eventTimeZoneOffset":"+07:00","inputQuantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L25-A","quantity":"1","uom":"KGM"},{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L25-B","quantity":"0.5","uom":"KGM"}],"outputQuantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L25-S","quantity":"0.4","uom":"KGM"}],"txng:method":"sấy","txng:step":"transform","type":"TransformationEvent"}
$ printf 'Công đoạn,Lứa trồng,Vật tư sử dụng,Vật tư sử dụng,Thời gian\ntreat,V3-2019,none,x,2025-09-20T07:30+07:00\n' > n.csv
$ txng import -d L --as ho-a -r "$R" --csv n.csv
! txng: n.csv:1: Vật tư sử dụng: the same element as column "Vật tư sử dụng" (--input), which takes one value: keep one of them
[3]
$ printf 'step;Công đoạn;cohort;input;time\ntreat;treat;V3-2019;none;2025-09-20T07:30+07:00\n' > l.csv
$ txng import -d L --as ho-a -r "$R" --csv l.csv
! txng: l.csv:1: Công đoạn: a second step column (after "step"): keep one of them
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng import -d L --as ho-a -r "$R" --csv l.csv
! txng: l.csv:1: Công đoạn: cột công đoạn thứ hai (sau "step"): hãy giữ lại một trong hai cột
[3]
$ printf 'Bước;cohort;input;time\ntreat;V3-2019;none;2025-09-20T07:30+07:00\n' > m.csv
$ txng import -d L --as ho-a -r "$R" --csv m.csv
! txng: m.csv:1: no step: give --step STEP or a column "Công đoạn" (step)
[2]
# A heading of another step than the row's, with a value: refused at the row.
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụng;Số củ;Thời gian\ntreat;V3-2019;none;;2025-09-20T07:30+07:00\ntreat;V3-2019;none;12;2025-09-21T07:30+07:00\n' > n.csv
$ txng import -d L --as ho-a -r "$R" --csv n.csv
! txng: n.csv:3: Số củ: not an element of treat (see 'txng record treat --help')
[3]

# Multi-line cells: kept in free text (the input, the note, an address), a
# space in a name or a code; CRLF and CR become LF; line breaks at either end
# of a cell are dropped.
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụng;Ghi chú;Thời gian;Địa điểm\r\ntreat;"V3-2019\r\n";"phân chuồng\r\ntro bếp";"dòng 1\rdòng 2\n";2025-09-20T07:30+07:00;"vườn 3,\r\ntiểu khu 12"\r\n' > o.csv
$ txng import -d L --as ho-a -r "$R" --csv o.csv --dry-run
{"action":"OBSERVE","bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:vuon-3"},"bizStep":"urn:txng:bizstep:treat","epcList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2025-09-20T07:30:00+07:00","eventTimeZoneOffset":"+07:00","txng:input":"phân chuồng\ntro bếp","txng:note":"dòng 1\ndòng 2","txng:step":"treat","type":"ObjectEvent"}
$ printf 'Công đoạn;Tên;Mã;Địa chỉ\r\nplace;"Kho\r\nĐắk Tô";kho;"12 Hùng Vương\r\nTT. Đắk Tô"\r\n' > p.csv
$ txng import -d L --as ho-a -r "$R" --csv p.csv
imported 1 event (record 5)
$ txng show -d L 5 --json | grep -o '"address":"[^"]*"\|"name":"[^"]*"'
"address":"12 Hùng Vương\nTT. Đắk Tô"
"name":"Kho Đắk Tô"
$ txng place list -d L
2	urn:txng:htx-samngoclinh.vn/log:place:vuon-3	Vườn 3, tiểu khu 12
5	urn:txng:htx-samngoclinh.vn/log:place:kho	Kho Đắk Tô
# A line break inside a code is still refused (a space is no part of a code).
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụng;Thời gian\ntreat;"V3-\n2019";none;2025-09-20T07:30+07:00\n' > q.csv
$ txng import -d L --as ho-a -r "$R" --csv q.csv
! txng: q.csv:2: Lứa trồng: character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_' (character: U+0020)
[3]
