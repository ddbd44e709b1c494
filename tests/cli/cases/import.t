# txng import --csv FILE: one event per row. Headings name the key data
# elements (Vietnamese heading, option or English label, see txng record
# STEP --help); the step comes from a column "Công đoạn" (or "step") or
# from --step. Every row is built and checked before anything is appended;
# errors name FILE:LINE and the column; then all events are appended in
# one transaction.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L ho-a --role grower --no-passphrase -t 1700000100 >/dev/null 2>&1
$ cp "$DATA/thu-hoach.csv" .
# The harvests below take roots from cohort V3-2019, planted in this log
# (the rules of the log need it, see txng record).
$ txng place add -d L --as ho-a -r "$R" --name "Vườn 1, tiểu khu 12" --code vuon-1
2
$ txng record plant -d L --as ho-a -r "$R" --cohort V3-2019 --place vuon-1 --count 400000 --time 2019-10-20T08:00+07:00
3

# Excel's CSV: BOM, ';', CRLF, quoted cells, Vietnamese headings and step names.
$ txng import -d L --as ho-a -r "$R" --csv thu-hoach.csv --dry-run
{"action":"OBSERVE","bizStep":"urn:txng:bizstep:treat","epcList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2025-08-15T08:00:00+07:00","eventTimeZoneOffset":"+07:00","txng:input":"phân chuồng ủ hoai; tro bếp","txng:step":"treat","type":"ObjectEvent"}
{"bizStep":"urn:txng:bizstep:harvest","disposition":"active","eventTime":"2025-09-20T07:30:00+07:00","eventTimeZoneOffset":"+07:00","inputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/L24-017","quantity":"9.6","uom":"KGM"}],"txng:age":6,"txng:giCode":"C0004-SNLKTG","txng:note":"củ to, \"loại 1\"","txng:roots":120,"txng:step":"harvest","type":"TransformationEvent"}
{"bizStep":"urn:txng:bizstep:harvest","disposition":"active","eventTime":"2025-09-21T07:30:00+07:00","eventTimeZoneOffset":"+07:00","inputEPCList":["urn:txng:htx-samngoclinh.vn/log:cohort:V3-2019"],"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/08930000000026/10/L24-018","quantity":"4.2","uom":"KGM"}],"txng:age":6,"txng:giCode":"C0004-SNLKTG","txng:roots":61,"txng:step":"harvest","type":"TransformationEvent"}
$ txng import -d L --as ho-a -r "$R" --csv thu-hoach.csv
imported 3 events (records 4..6)
$ txng log -d L --from 2
2	2025-12-01T00:00:00Z	txng:Place	ho-a
3	2025-12-01T00:00:00Z	plant	ho-a
4	2025-12-01T00:00:00Z	treat	ho-a
5	2025-12-01T00:00:00Z	harvest	ho-a
6	2025-12-01T00:00:00Z	harvest	ho-a
$ txng show -d L 5 --json | grep -o '"txng:note":"\([^"\\]\|\\.\)*"'
"txng:note":"củ to, \"loại 1\""

# 10,000 rows with English headings and --step; line 7779 is bad: nothing is
# appended and the row is named.
$ awk 'BEGIN { print "cohort,lot,weight,root count,age,time"; for (i = 1; i <= 10000; i++) printf "V3-2019,H-%05d,%d.%dkg,%d,6,2025-09-20T07:30+07:00\n", i, i % 9 + 1, i % 10, i % 50 + 10 }' > big.csv
$ sed -i '7779s/,6,2025/,six,2025/' big.csv
$ sed -n 7779p big.csv
V3-2019,H-07778,3.8kg,38,six,2025-09-20T07:30+07:00
$ txng import -d L --as ho-a -r "$R" --csv big.csv --step harvest
! txng: big.csv:7779: age: not a whole number
[3]
$ txng log -d L --from 6
6	2025-12-01T00:00:00Z	harvest	ho-a
$ sed -i '7779s/,six,/,6,/' big.csv
$ txng import -d L --as ho-a -r "$R" --csv big.csv --step harvest
imported 10000 events (records 7..10006)
$ txng log -d L --from 10005
10005	2025-12-01T00:00:00Z	harvest	ho-a
10006	2025-12-01T00:00:00Z	harvest	ho-a

# Refusals: a missing element names its column; an unknown column for the
# step; an unknown step; an unknown place (nearest names); a row with the
# wrong number of fields; a missing file; no step at all (usage error).
$ printf 'step,cohort,lot,weight,age,time,Số củ\nharvest,V3-2019,L1,2kg,6,2025-09-20T07:30+07:00,\n' > no-roots.csv
$ txng import -d L --as ho-a -r "$R" --csv no-roots.csv
! txng: no-roots.csv:2: Số củ: harvest needs the root count: give --roots N
[3]
$ printf 'step,cohort,input,time,colour\ntreat,V3-2019,none,2025-09-20T07:30+07:00,red\n' > colour.csv
$ txng import -d L --as ho-a -r "$R" --csv colour.csv
! txng: colour.csv:1: colour: no step has this column (see 'txng record STEP --help')
[3]
$ printf 'step,cohort,input,time\ntreat,V3-2019,none,2025-09-20T07:30+07:00\nreap,V3-2019,none,2025-09-20T07:30+07:00\n' > reap.csv
$ txng import -d L --as ho-a -r "$R" --csv reap.csv
! txng: reap.csv:3: step: no such step: reap; nearest: treat (Chăm sóc: bón phân, BVTV, tưới)
[3]
$ printf 'Công đoạn;Tên;Mã;Vai trò\nparty;Hộ ông A Vang;ho-a-vang;grower\nplace;Vườn 3, tiểu khu 12;vuon-3;\nplant;;;\n' > master.csv
$ txng import -d L --as ho-a -r "$R" --csv master.csv
! txng: master.csv:4: Lứa trồng: plant needs the planting cohort: give --cohort CODE
[3]
$ printf 'Công đoạn;Tên;Mã;Vai trò;Địa điểm;Lứa trồng;Số cây;Thời gian\nparty;Hộ ông A Vang;ho-a-vang;grower;;;;\nplace;Vườn 3, tiểu khu 12;vuon-3;;;;;\nplant;;;;Vườn 4;V4-2019;400;2019-10-20T08:00+07:00\n' > master.csv
$ txng import -d L --as ho-a -r "$R" --csv master.csv
! txng: master.csv:4: Địa điểm: unknown place "Vườn 4"; nearest: "Vườn 1, tiểu khu 12", "Vườn 3, tiểu khu 12"
[3]
$ sed -i 's/Vườn 4/vuon-3/' master.csv
$ txng import -d L --as ho-a -r "$R" --csv master.csv
imported 3 events (records 10007..10009)
$ printf 'step,cohort,input,time\ntreat,V3-2019,none\n' > short.csv
$ txng import -d L --as ho-a -r "$R" --csv short.csv
! txng: short.csv:2: time: row has too few fields
[3]
$ txng import -d L --as ho-a -r "$R" --csv nothere.csv
! txng: nothere.csv: no such file
[3]
$ printf 'cohort,input,time\nV3-2019,none,2025-09-20T07:30+07:00\n' > nostep.csv
$ txng import -d L --as ho-a -r "$R" --csv nostep.csv
! txng: nostep.csv:1: no step: give --step STEP or a column "Công đoạn" (step)
[2]
$ txng import -d L --as ho-a -r "$R" --csv nostep.csv --step treat
imported 1 event (record 10010)
$ printf 'cohort,input,time\n' > header-only.csv
$ txng import -d L --as ho-a -r "$R" --csv header-only.csv --step treat
! txng: header-only.csv: no rows to import
[3]
$ txng import -d L --csv nostep.csv --step treat
nothing new: 1 event is already in the log (record 10010)
$ txng import -d L --as ho-a --step treat
! txng: import: no input: give a BUNDLE or --csv FILE
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ txng import -d L --as ho-a --csv nostep.csv --step reap
! txng: import: reap: no such step; nearest: treat (Chăm sóc: bón phân, BVTV, tưới)
! usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
[2]
$ txng import --help
usage: txng import -d DIR [--as KEY] (BUNDLE --key VKEY | --csv FILE [--step STEP] [--dry-run] | --format epcis FILE) [--recorded TIME]
import a bundle from another log, or events from a spreadsheet or EPCIS

options:
  BUNDLE               a bundle from another log (see 'txng export')
  -k, --key VKEY       the verifier key of the bundle's log (needed for a bundle)
  -F, --format epcis   import an EPCIS 2.0 JSON-LD document instead
  -d, --dir DIR        the log folder (or $TXNG_DIR)
  -a, --as KEY         sign the events with KEY: a key name or a key file
  -c, --csv FILE       the CSV file (',', ';' or tab; UTF-8, with or without BOM)
  -s, --step STEP      the step of every row (else a column "Công đoạn" or "step")
  -r, --recorded TIME  the recorded time of the new records (default: now)
  -n, --dry-run        check every row and print the events as JSON Lines;
                       append nothing
  -h, --help           show this help
Columns are named by the Vietnamese heading, the option (roots or --roots) or the
English label of an element of the step (see 'txng record STEP --help'); case,
Vietnamese diacritics and spaces do not count ("so cu" is "Số củ"). Empty cells
are left out; a line break in a cell is kept in free text, else read as a space.
Nothing is appended unless every row is good. A row whose event is in the log
already (the spreadsheet imported again after a power cut) is left out.

# The rules of the log (core/rules.h) see the rows before them: a planting
# and the harvests of its cohort may come in one file. A refusal names the
# line and the column; nothing is appended.
$ printf 'Công đoạn;Lứa trồng;Địa điểm;Số cây;Lô thu hoạch;Khối lượng tươi;Số củ;Tuổi củ (năm);Thời gian\nplant;V5-2019;vuon-1;50;;;;;2019-10-20T08:00+07:00\nharvest;V5-2019;;;L25-501;2kg;30;6;2025-09-20T07:30+07:00\nharvest;V5-2019;;;L25-502;2kg;21;6;2025-09-21T07:30+07:00\n' > batch.csv
$ txng import -d L --as ho-a -r "$R" --csv batch.csv
! txng: batch.csv:4: Số củ: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 20)
[3]
$ sed -i '4s/;21;/;20;/' batch.csv
$ txng import -d L --as ho-a -r "$R" --csv batch.csv --dry-run | wc -l
3
$ txng import -d L --as ho-a -r "$R" --csv batch.csv
imported 3 events (records 10011..10013)
$ printf 'Công đoạn;Lứa trồng;Lô thu hoạch;Khối lượng tươi;Số củ;Tuổi củ (năm);Thời gian\nharvest;V6-2019;L25-601;2kg;3;6;2025-09-20T07:30+07:00\n' > unplanted.csv
$ txng import -d L --as ho-a -r "$R" --csv unplanted.csv
! txng: unplanted.csv:2: Lứa trồng: nothing in this log planted this cohort: record plant for it first
[3]
$ printf 'Công đoạn;Lứa trồng;Lô thu hoạch;Khối lượng tươi;Số củ;Tuổi củ (năm);Thời gian\nharvest;V3-2019;L25-701;2kg;3;6;2025-09-20T07:30+07:00\nharvest;V3-2019;L25-701;2kg;3;6;2025-09-20T07:30+07:00\n' > twice.csv
$ txng import -d L --as ho-a -r "$R" --csv twice.csv
! txng: twice.csv:3: Lô thu hoạch: already created: a code is created once, give a new one (identifier: L25-701; line 2)
[3]
$ txng log -d L --from 10010
10010	2025-12-01T00:00:00Z	treat	ho-a
10011	2025-12-01T00:00:00Z	plant	ho-a
10012	2025-12-01T00:00:00Z	harvest	ho-a
10013	2025-12-01T00:00:00Z	harvest	ho-a

# A key with a passphrase, from TXNG_PASSPHRASE or a prompt: it is asked for
# only once every row has passed, so a bad row is named first, and a wrong
# one appends nothing.
$ TXNG_PASSPHRASE='mật khẩu' txng key new -d L ho-b --role grower -t "$R" >/dev/null
$ printf 'Công đoạn;Lứa trồng;Vật tư sử dụng;Thời gian\ntreat;V3-2019;none;2025-05-01T08:00+07:00\ntreat;V3-2019;none;2025-05-02T08:00+07:00\n' > care.csv
$ TXNG_PASSPHRASE=sai txng import -d L --as ho-b -r "$R" --csv care.csv
! txng: L/keys/ho-b.key: wrong passphrase
[3]
$ TXNG_PASSPHRASE='mật khẩu' txng import -d L --as ho-b -r "$R" --csv care.csv
imported 2 events (records 10015..10016)
$ sed 's/2025-05-0/2025-06-0/' care.csv > care-june.csv
$ txng import -d L --as ho-b -r "$R" --csv care-june.csv
! txng: L/keys/ho-b.key: a passphrase is needed: set TXNG_PASSPHRASE or run on a terminal
[3]
# The same spreadsheet again: its rows are in the log; no passphrase is needed.
$ txng import -d L --as ho-b -r "$R" --csv care.csv
nothing new: all 2 events are already in the log (records 10015..10016)
$ sed '3s/2025-05-02/2025-05-32/' care.csv > bad-care.csv
$ TXNG_PASSPHRASE=sai txng import -d L --as ho-b -r "$R" --csv bad-care.csv
! txng: bad-care.csv:3: Thời gian: day out of range
[3]
$ txng log -d L --from 10013
10013	2025-12-01T00:00:00Z	harvest	ho-a
10014	2025-12-01T00:00:00Z	txng:KeyEnrol	htx-samngoclinh.vn/log
10015	2025-12-01T00:00:00Z	treat	ho-b
10016	2025-12-01T00:00:00Z	treat	ho-b
$ txng verify -d L
ok: htx-samngoclinh.vn/log: 10017 records, 3 keys, 11 checkpoints, root HAcATox+rnPonokj0DycsdKsxiIgQWDrmQ2DleCDZUI=
