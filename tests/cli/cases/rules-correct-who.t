# Who may correct a record, and what a correction may free (R20, R29).
# A correction is made by a key that signed the record, the log key or a key of
# role admin; the role "cooperative" is a label like "grower" and gives no
# right over other signers' records. The genesis, key enrolments and
# revocations, imported records, master data and claim records are not
# corrected. A record declared not to have occurred (did-not-occur) frees the
# codes and GI stamps it made only while no later record uses them: the later
# record is named, and must be declared void first.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L coop --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng key new -d L grower --role grower --no-passphrase -t 1700000200 >/dev/null 2>&1
$ txng key new -d L boss --role admin --no-passphrase -t 1700000300 >/dev/null 2>&1
$ txng place add -d L --as coop -r "$R" --name "Vườn 3" --code v3 --gi-code C0005-SNLKTG
4
$ txng record plant -d L --as grower -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
5
$ txng record harvest -d L --as grower -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --gi-code C0005-SNLKTG --stamps 000001-000010 --time 2025-09-20T07:30+07:00
6
$ txng record transform -d L --as coop -r "$R" --in L1:1kg --out L1-S:0.5kg --method sấy --time 2025-09-22T08:00+07:00
7
$ txng record pack -d L --as coop -r "$R" --lot L1-S --gtin 08930000000033 --serials 000001-000005 --stamps 000001-000005 --time 2025-09-23T08:00+07:00
8
$ txng record sell -d L --as coop -r "$R" --serials 000001 --gtin 08930000000033 --time 2025-09-24T08:00+07:00
9
$ txng log -d L | wc -l
10

# Another signer may not declare the pack void, nor correct it.
$ txng record correct -d L --as grower -r "$R" --corrects 8 --reason did-not-occur --time 2025-09-25T08:00+07:00
! txng: record correct: --as: a record is corrected by a key that signed it, the log key or an admin key
[3]
$ txng record correct -d L --as grower -r "$R" --corrects 8 --reason incorrect --time 2025-09-25T08:00+07:00
! txng: record correct: --as: a record is corrected by a key that signed it, the log key or an admin key
[3]
# Its signer may not either while a unit it made is sold: the sale is named.
$ txng record correct -d L --as coop -r "$R" --corrects 8 --reason did-not-occur --time 2025-09-25T08:00+07:00
! txng: record correct: --corrects: a later record uses what this record made: correct that record first (identifier: https://id.gs1.org/01/08930000000033/21/000001; record 9)
[3]
# So the serials and the GI stamps cannot be packed again.
$ txng record pack -d L --as grower -r "$R" --lot L1-S --gtin 08930000000033 --serials 000001-000005 --time 2025-09-26T08:00+07:00
! txng: record pack: --serials: already created: a code is created once, give a new one (identifier: https://id.gs1.org/01/08930000000033/21/000001; record 8)
[3]
$ txng record pack -d L --as grower -r "$R" --lot L1-S --gtin 08930000000033 --serials 000006-000010 --stamps 000001-000005 --time 2025-09-26T08:00+07:00
! txng: record pack: --stamps: GI stamp already used by an earlier record: a stamp is used once, check --stamps (stamp: 000001; record 8)
[3]
$ txng stamp -d L 000001
stamp 000001: allocated by record 6 (harvest, lot L1, 2025-09-20, grower); used by record 8 (pack, lot L1-S, 2025-09-23, coop)
# Nor the harvest (by its grower) and the drying (by the cooperative) be declared
# void: the later records are named.
$ txng record correct -d L --as grower -r "$R" --corrects 6 --reason did-not-occur --time 2025-09-25T08:00+07:00
! txng: record correct: --corrects: a later record uses what this record made: correct that record first (identifier: L1; record 7)
[3]
$ txng record correct -d L --as coop -r "$R" --corrects 7 --reason did-not-occur --time 2025-09-25T08:00+07:00
! txng: record correct: --corrects: a later record uses what this record made: correct that record first (identifier: L1-S; record 8)
[3]

# Records no correction may touch.
$ txng record correct -d L --as grower -r "$R" --corrects 0 --reason did-not-occur --time 2025-09-25T08:00+07:00
! txng: record correct: --corrects: the genesis (record 0) cannot be corrected: give the index of a later record
[3]
$ txng record correct -d L --as grower -r "$R" --corrects 1 --reason did-not-occur --time 2025-09-25T08:00+07:00
! txng: record correct: --corrects: a key enrolment or revocation cannot be corrected: revoke a key with txng key revoke
[3]
$ txng record correct -d L --as boss -r "$R" --corrects 4 --reason incorrect --time 2025-09-25T08:00+07:00
! txng: record correct: --corrects: master data is not corrected: add it again with the same code; the newest record counts
[3]
$ txng log -d L | wc -l
10

# The sale declared void first (by an admin key), then the pack (by its
# signer): the serials and stamps are free again, and the stamp shows the
# first pack as corrected.
$ txng record correct -d L --as boss -r "$R" --corrects 9 --reason did-not-occur --time 2025-09-25T08:00+07:00
10
$ txng record correct -d L --as coop -r "$R" --corrects 8 --reason did-not-occur --time 2025-09-25T08:10+07:00
11
$ txng record pack -d L --as coop -r "$R" --lot L1-S --gtin 08930000000033 --serials 000001-000005 --stamps 000001-000005 --time 2025-09-26T08:00+07:00
12
$ txng stamp -d L 000001
stamp 000001: allocated by record 6 (harvest, lot L1, 2025-09-20, grower); used by record 8 (pack, lot L1-S, 2025-09-23, coop, corrected); record 12 (pack, lot L1-S, 2025-09-26, coop)

# In a spreadsheet, the later row that uses a lot is named by its line.
$ printf 'Công đoạn;Lứa trồng;Lô thu hoạch;Khối lượng tươi;Số củ;Tuổi củ (năm);Mã CDĐL;Thời gian\nharvest;C1;L2;1kg;5;6;C0005-SNLKTG;2025-09-27T07:30+07:00\n' > h.csv
$ printf 'Công đoạn;Lô đầu vào;Lô đầu ra;Phương pháp;Bản ghi được sửa;Lý do;Thời gian\ntransform;L2:1kg;L2-S:0.5kg;sấy;;;2025-09-28T08:00+07:00\ncorrect;;;;13;did-not-occur;2025-09-29T08:00+07:00\n' > t.csv
$ txng import -d L --as grower -r "$R" --csv h.csv
imported 1 event (record 13)
$ txng import -d L --as grower -r "$R" --csv t.csv
! txng: t.csv:3: Bản ghi được sửa: a later record uses what this record made: correct that record first (identifier: L2; line 2)
[3]
$ txng log -d L | wc -l
14
