# Values refused for what they say, each with its own message (status 3), and
# nothing appended: a certificate's validity that ends before it starts, a
# percentage above 100, a best-before date before the packing.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code v3
2
$ txng record plant -d L --as htx -r "$R" --cohort C1 --place v3 --count 100 --time 2019-10-20T08:00+07:00
3
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L1 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
4
$ txng log -d L | wc -l
5
$ txng certificate add -d L --as htx -r "$R" --code gcn-1 --kind gi --number 1/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --valid-until 2023-01-01 --subject v3
! txng: certificate add: --valid-until: the validity ends before it starts: check --valid-until and --valid-from
[3]
$ txng certificate add -d L --as htx -r "$R" --code gcn-1 --kind gi --number 1/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --intensity 150 --subject v3
! txng: certificate add: --intensity: a percentage is at most 100
[3]
$ txng record transform -d L --as htx -r "$R" --in L1:1kg --out L1-S:0.5kg --method sấy --moisture 120 --time 2025-09-22T08:00+07:00
! txng: record transform: --moisture: a percentage is at most 100
[3]
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --best-before 2020-01-01 --time 2025-09-26T08:00+07:00
! txng: record pack: --best-before: the best-before date is before the packing: check --best-before and --time
[3]
$ txng log -d L | wc -l
5
# The same day, and 100 %, pass.
$ txng certificate add -d L --as htx -r "$R" --code gcn-1 --kind gi --number 1/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --valid-until 2024-01-15 --intensity 100 --subject v3
5
$ txng record pack -d L --as htx -r "$R" --lot L1 --gtin 08930000000033 --serials 000001-000005 --best-before 2025-09-26 --time 2025-09-26T08:00+07:00
6

# Messages that name the problem (status 3 for a refused value; nothing appended).
$ txng log -d L | wc -l
7
$ txng place add -d L --as htx -r "$R" --name "Vườn 9" --code v9 --accuracy -5
! txng: place add: --accuracy: must not be negative
[3]
$ txng certificate add -d L --as htx -r "$R" --code gcn-2 --kind gi --number 2/GCN --issuer "Cục SHTT" --valid-from 2024-01-15 --roots -3 --subject v3
! txng: certificate add: --roots: must not be negative
[3]
$ txng place add -d L --as htx -r "$R" --name ""
! txng: place add: --name: the name is empty: give the name
[3]
$ txng place add -d L --as htx -r "$R" --name "  " --code v9
! txng: place add: --name: the name is empty: give the name
[3]
$ txng record store -d L --as htx -r "$R" --serials 000001-000005 --place v3 --time 2025-09-27T08:00+07:00
! txng: record store: --serials: no unit of this log has this serial without a GTIN: give --gtin with --serials (identifier: 000001)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L2 --roots 1 --weight 5XYZ --age 6 --time 2025-09-27T08:00+07:00
! txng: record harvest: --weight: unknown unit: use a mass unit, kg, g, mg or t (KGM, GRM, MGM, TNE)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L2 --roots 1 --weight 5ml --age 6 --time 2025-09-27T08:00+07:00
! txng: record harvest: --weight: give a mass unit, e.g. 9.6kg
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L2 --roots 1 --weight -5kg --age 6 --time 2025-09-27T08:00+07:00
! txng: record harvest: --weight: quantity must be more than zero
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort "C 1" --lot L2 --roots 1 --weight 5kg --age 6 --time 2025-09-27T08:00+07:00
! txng: record harvest: --cohort: character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_' (character: U+0020)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot "L2/Đ" --roots 1 --weight 5kg --age 6 --time 2025-09-27T08:00+07:00
! txng: record harvest: --lot: character not in GS1 character set 82 (character: 'Đ' (U+0110))
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort C1 --lot L2 --roots 1 --weight 5kg --age 6 --time 2024-02-01
! txng: record harvest: --time: not an RFC 3339 time: give e.g. 2026-12-07T11:00+07:00
[3]
$ txng record harvest -d L --as htx --cohort C1 --lot L2 --roots 1 --weight 5kg --age 6 --time 2025-09-27T08:00+07:00 --recorded 2026-12-07T11:00
! txng: record: --recorded: not a time: 2026-12-07T11:00: give an RFC 3339 time such as 2026-12-07T11:00+07:00, or seconds since 1970
[3]
$ txng record correct -d L --as htx -r "$R" --corrects 0 --reason incorrect --time 2025-09-27T08:00+07:00
! txng: record correct: --corrects: the genesis (record 0) cannot be corrected: give the index of a later record
[3]
$ printf 'Công đoạn;Lứa trồng;Lô thu hoạch;Khối lượng tươi;Số củ;Tuổi củ (năm);Thời gian\nThu hoạch;C1;L2;1kg;1;6;2025-09-27T08:00+07:00\n' > h.csv
$ txng import -d L --as htx -r "$R" --csv h.csv
! txng: h.csv:2: Công đoạn: no such step: Thu hoạch; nearest: harvest (Thu hoạch củ)
[3]
$ txng import -d L --as htx --csv h.csv --recorded yesterday
! txng: import: --recorded: not a time: yesterday: give an RFC 3339 time such as 2026-12-07T11:00+07:00, or seconds since 1970
[3]
$ txng log -d L | wc -l
7
# A document number is a code: a recall decision "QĐ-12/2025" is refused with
# the characters a code may have.
$ txng record recall -d L --as htx -r "$R" --lot L2 --reason "Pb" --decision "QĐ-12/2025" --time 2025-09-29T08:00+07:00
! txng: record recall: --decision: character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_' (character: 'Đ' (U+0110))
[3]
