# txng record refuses bad input with its reason and appends nothing. A bad
# value, an unknown name, a time too far in the future or outputs that
# outweigh inputs: status 3. A missing key data element, an unknown option
# or a missing -d/--as: a usage error (2) with the usage line.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng place add -d L --as htx -r "$R" --name "Vườn 4, tiểu khu 12" --code vuon-4
3
$ txng place add -d L --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --code kho-htx
4
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh" --gln 8930000000019
5
# The cohort the harvests below take roots from (the rules of the log need it).
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
6

# Wrong check digit: the expected digit is named.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 08930000000027 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --gtin: wrong check digit: expected 6
[3]
$ txng record ship -d L --as htx -r "$R" --lot L24-017 --to https://id.gs1.org/417/8930000000018 --time 2025-09-30T08:00+07:00
! txng: record ship: --to: wrong check digit: expected 9
[3]
# A lot longer than 20 characters, or outside GS1 character set 82.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017-ABCDEFGHIJKLMNO --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --lot: longer than 20 characters
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot 'L24#017' --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --lot: character not in GS1 character set 82 (character: '#' (U+0023))
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot 'Lô-17' --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --lot: character not in GS1 character set 82 (character: 'ô' (U+00F4))
[3]
# A GTIN outside Vietnam's prefix 893 is accepted and noted.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --gtin 04012345000009 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
7
! txng: record harvest: note: a GTIN or GLN outside Vietnam's prefix 893, accepted
# An unknown place or party: the nearest known names (folded: case and
# diacritics ignored), else how to add it. A name that differs only in case
# and diacritics is found.
$ txng record plant -d L --as htx -r "$R" --cohort V5-2019 --place "Vườn 5, tiểu khu 12" --count 10 --time 2019-10-20T08:00+07:00
! txng: record plant: --place: unknown place "Vườn 5, tiểu khu 12"; nearest: "Vườn 3, tiểu khu 12", "Vườn 4, tiểu khu 12"
[3]
$ txng record plant -d L --as htx -r "$R" --cohort V5-2019 --place "Vuon 3" --count 10 --time 2019-10-20T08:00+07:00
! txng: record plant: --place: unknown place "Vuon 3"; nearest: "Vườn 3, tiểu khu 12"
[3]
$ txng record plant -d L --as htx -r "$R" --cohort V5-2019 --place "Vườn Bà Lan" --count 10 --time 2019-10-20T08:00+07:00
! txng: record plant: --place: unknown place "Vườn Bà Lan": add it with txng place add
[3]
$ txng record ship -d L --as htx -r "$R" --lot L24-017 --to "HTX Sam Ngoc Lin" --time 2025-09-30T08:00+07:00
! txng: record ship: --to: unknown party "HTX Sam Ngoc Lin"; nearest: "HTX Sâm Ngọc Linh"
[3]
$ txng record plant -d L --as htx -r "$R" --cohort V5-2019 --place "VUON 4, TIEU KHU 12" --count 10 --time 2019-10-20T08:00+07:00 --dry-run | grep -o '"bizLocation":{[^}]*}'
"bizLocation":{"id":"urn:txng:htx-samngoclinh.vn/log:place:vuon-4"}
# A time without an offset; a time in the future beyond the skew (600 s, or
# $TXNG_MAX_SKEW seconds).
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-11-30T08:00
! txng: record treat: --time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-12-01T07:11+07:00
! txng: record treat: --time: event time is more than TXNG_MAX_SKEW seconds (600 unless set) ahead of the clock: check --time and the clock
[3]
$ TXNG_MAX_SKEW=3600 txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-12-01T07:11+07:00
8
$ TXNG_MAX_SKEW=soon txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-12-01T07:11+07:00
! txng: record: TXNG_MAX_SKEW: not a number of seconds
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
# Outputs that outweigh the inputs need --allow-gain REASON.
$ txng record transform -d L --as htx -r "$R" --in L24-017:2kg --out L24-017-M:3kg --method "tẩm mật ong" --time 2025-09-23T08:00+07:00
! txng: record transform: --out: outputs outweigh inputs: give --allow-gain REASON
[3]
# A reason of white space alone is no reason.
$ txng record transform -d L --as htx -r "$R" --in L24-017:2kg --out L24-017-M:3kg --method "tẩm mật ong" --allow-gain "   " --time 2025-09-23T08:00+07:00
! txng: record transform: --allow-gain: the reason is empty: give why outputs outweigh inputs
[3]
$ txng record transform -d L --as htx -r "$R" --in L24-017:2kg --out L24-017-M:3kg --method "tẩm mật ong" --allow-gain "thêm 1 kg mật ong" --time 2025-09-23T08:00+07:00
9
$ txng record transform -d L --as htx -r "$R" --in L24-017:2kg --out L24-017-M:1500g --method "sấy" --time 2025-09-23T08:00+07:00
! txng: record transform: --out: inputs and outputs use different mass units: give every quantity in one unit, e.g. all in kg
[3]
# Other bad values.
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-018 --roots many --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --roots: not a whole number
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-018 --roots 12 --weight 9.6L --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --weight: give a mass unit, e.g. 9.6kg
[3]
$ txng record test -d L --as htx -r "$R" --lot L24-017 --lab "HTX Sâm Ngọc Linh" --report R1 --result maybe --time 2025-09-25T10:00+07:00
! txng: record test: --result: not one of the allowed values: pass, fail
[3]
$ txng record plant -d L --as htx -r "$R" --cohort V5-2019 --place vuon-3 --count 10 --count 12 --time 2019-10-20T08:00+07:00
! txng: record: --count given twice: it takes one value
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]

# Missing key data elements and other misuse: usage errors (2).
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-018 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record: harvest needs the root count: give --roots N
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d L --as htx -r "$R" --lot L24-018 --roots 12 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record: harvest needs the cohort or the plot: give --cohort CODE or --plot PLACE
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none
! txng: record: treat needs the time with its offset: give --time 2024-05-01T08:00+07:00
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --colour red
! txng: record: unknown option --colour for harvest (see 'txng record harvest --help')
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d L --as htx -r "$R" --cohort
! txng: record: --cohort needs a value
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d L -r "$R" --cohort V3-2019
! txng: record: harvest needs the harvest lot code: give --lot LOT
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest --as htx --cohort V3-2019
! txng: record: no log folder: give -d DIR or set TXNG_DIR
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d L --as htx extra
! txng: record: unexpected argument extra
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record harvest -d L --as htx -r yesterday
! txng: record: --recorded: not a time: yesterday: give an RFC 3339 time such as 2026-12-07T11:00+07:00, or seconds since 1970
[3]
$ txng record
! txng: record: no step (see 'txng record --help' for the steps)
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
$ txng record reap -d L
! txng: record: reap: no such step (see 'txng record --help')
! usage: txng record STEP -d DIR [--as KEY] [--recorded TIME] [--dry-run] [--json] [--OPTION VALUE ...]
[2]
# Keys: unknown or not enrolled.
$ txng record treat -d L --as nobody -r "$R" --cohort V3-2019 --input none --time 2025-11-30T08:00+07:00
! txng: L/keys/nobody.key: no such key file
[3]
$ txng init -d M --origin other.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng party add -d M --as L/keys/htx.key -r "$R" --name "Hộ ông A Vang" --code ho-a-vang
! txng: htx+df502b6e: key not enrolled in this log
[3]

# Nothing was appended by the refusals: the records are the four master
# entries, the planting, the non-893 harvest, the time within the raised skew and the
# transform with --allow-gain.
$ txng log -d L --from 2
2	2025-12-01T00:00:00Z	txng:Place	htx
3	2025-12-01T00:00:00Z	txng:Place	htx
4	2025-12-01T00:00:00Z	txng:Place	htx
5	2025-12-01T00:00:00Z	txng:Party	htx
6	2025-12-01T00:00:00Z	plant	htx
7	2025-12-01T00:00:00Z	harvest	htx
8	2025-12-01T00:00:00Z	treat	htx
9	2025-12-01T00:00:00Z	transform	htx

# Rules that need the log (core/rules.h), checked before anything is
# appended (and with --dry-run). A harvest needs a cohort planted in this
# log, not after the harvest; its roots may not exceed what the planting,
# or the last stand count, leaves after earlier harvests; its root age may
# not exceed the years since planting plus 3 nursery years.
$ txng record harvest -d L --as htx -r "$R" --cohort V7-2020 --lot L25-001 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --cohort: nothing in this log planted this cohort: record plant for it first
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-002 --roots 10 --weight 1kg --age 6 --time 2019-01-01T07:30+07:00
! txng: record harvest: --time: harvest is before the planting of its cohort: check --time
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-002 --roots 281 --weight 1kg --age 6 --time 2025-09-21T07:30+07:00
! txng: record harvest: --roots: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 280)
[3]
$ txng record stand-count -d L --as htx -r "$R" --cohort V3-2019 --plants 200 --time 2025-08-01T09:00+07:00
10
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-002 --roots 81 --weight 1kg --age 6 --time 2025-09-21T07:30+07:00
! txng: record harvest: --roots: more roots than the cohort's last stand count leaves: check --roots (roots left: 80)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-002 --roots 80 --weight 1kg --age 9 --time 2025-09-21T07:30+07:00
! txng: record harvest: --age: root age is more than the years since planting plus 3 nursery years: check --age (oldest possible age: 8)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-002 --roots 80 --weight 6kg --age 6 --time 2025-09-21T07:30+07:00 --dry-run >/dev/null
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-002 --roots 80 --weight 6kg --age 6 --time 2025-09-21T07:30+07:00
11
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-003 --roots 1 --weight 1kg --age 6 --time 2025-09-22T07:30+07:00 --dry-run
! txng: record harvest: --roots: more roots than the cohort's last stand count leaves: check --roots (roots left: 0)
[3]
# A plot with a GI code: the harvest gives the same code (without it, a key
# data element is missing: 2), and a GI harvest takes roots of 6 years or more.
$ txng place add -d L --as htx -r "$R" --name "Vườn 9, tiểu khu 12" --code vuon-9 --gi-code C0004-SNLKTG
12
$ txng record plant -d L --as htx -r "$R" --cohort V9-2018 --place vuon-9 --count 100 --time 2018-10-20T08:00+07:00
13
$ txng record harvest -d L --as htx -r "$R" --cohort V9-2018 --lot L25-009 --roots 10 --weight 1kg --age 6 --time 2025-09-20T07:30+07:00
! txng: record harvest: --gi-code: the plot has a GI code: give --gi-code with the plot's code (GI code of the plot: C0004-SNLKTG)
[2]
$ txng record harvest -d L --as htx -r "$R" --cohort V9-2018 --lot L25-009 --roots 10 --weight 1kg --age 6 --gi-code C0001-SNLKTG --time 2025-09-20T07:30+07:00
! txng: record harvest: --gi-code: differs from the GI code of the plot: give the plot's GI code (GI code of the plot: C0004-SNLKTG)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V9-2018 --lot L25-009 --roots 10 --weight 1kg --age 5 --gi-code C0004-SNLKTG --time 2025-09-20T07:30+07:00
! txng: record harvest: --age: a GI harvest needs roots at least 6 years old: check --age
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V9-2018 --lot L25-009 --roots 10 --weight 1kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-20T07:30+07:00
14
# A code is created once; what a step uses must have been created or
# received in this log.
$ txng record harvest -d L --as htx -r "$R" --cohort V9-2018 --lot L25-009 --roots 1 --weight 1kg --age 6 --gi-code C0004-SNLKTG --time 2025-09-21T07:30+07:00
! txng: record harvest: --lot: already created: a code is created once, give a new one (identifier: L25-009; record 14)
[3]
$ txng record transform -d L --as htx -r "$R" --in L99-999:1kg --out L99-998:1kg --method "sấy" --time 2025-09-23T08:00+07:00
! txng: record transform: --in: nothing in this log created or received this lot: record the harvest or receive it first (identifier: L99-999)
[3]
$ txng record ship -d L --as htx -r "$R" --serials 000001 --gtin 08930000000033 --to "HTX Sâm Ngọc Linh" --time 2025-09-30T08:00+07:00
! txng: record ship: --serials: nothing in this log created or received this identifier: record the step that made it, or receive it first (identifier: https://id.gs1.org/01/08930000000033/21/000001)
[3]
$ txng record treat -d L --as htx -r "$R" --cohort V7-2020 --input none --time 2025-09-20T07:30+07:00
! txng: record treat: --cohort: nothing in this log planted this cohort: record plant for it first (identifier: V7-2020)
[3]
# Units packed from a lot may not outnumber the roots harvested upstream of
# it (GI stamp reconciliation, R39), counting earlier packs of the lot.
$ txng record pack -d L --as htx -r "$R" --lot L25-009 --gtin 08930000000033 --serials 000001-000011 --time 2025-09-26T14:00+07:00
! txng: record pack: --serials: more units than roots harvested upstream of the lot (GI stamp reconciliation): check --serials (roots harvested: 10)
[3]
$ txng record pack -d L --as htx -r "$R" --lot L25-009 --gtin 08930000000033 --serials 000001-000006 --time 2025-09-26T14:00+07:00
15
$ txng record pack -d L --as htx -r "$R" --lot L25-009 --gtin 08930000000033 --serials 000007-000011 --time 2025-09-26T15:00+07:00
! txng: record pack: --serials: more units than roots harvested upstream of the lot (GI stamp reconciliation): check --serials (roots harvested: 10)
[3]
$ txng record pack -d L --as htx -r "$R" --lot L25-002 --gtin 08930000000033 --serials 000006 --time 2025-09-26T15:00+07:00
! txng: record pack: --serials: already created: a code is created once, give a new one (identifier: https://id.gs1.org/01/08930000000033/21/000006; record 15)
[3]
# Two ranges that overlap would pack (or sell) a unit twice in one record.
$ txng record pack -d L --as htx -r "$R" --lot L25-009 --gtin 08930000000033 --serials 000007-000008 --serials 000008-000009 --time 2025-09-26T15:00+07:00
! txng: record pack: --serials: listed twice in this event: give each identifier once, check for ranges that overlap (identifier: https://id.gs1.org/01/08930000000033/21/000008)
[3]
# A range that runs past the units packed names the first unit nothing made.
$ txng record ship -d L --as htx -r "$R" --serials 000001-000010 --gtin 08930000000033 --to "HTX Sâm Ngọc Linh" --time 2025-09-30T08:00+07:00
! txng: record ship: --serials: nothing in this log created or received this identifier: record the step that made it, or receive it first (identifier: https://id.gs1.org/01/08930000000033/21/000007)
[3]
# A correction names a record that exists and is not corrected yet.
$ txng record correct -d L --as htx -r "$R" --corrects 99 --reason incorrect --time 2025-10-07T10:00+07:00
! txng: record correct: --corrects: no such record to correct: give the index of an earlier record
[3]
$ txng record correct -d L --as htx -r "$R" --corrects 8 --reason incorrect --time 2025-10-07T10:00+07:00
16
$ txng record correct -d L --as htx -r "$R" --corrects 8 --reason did-not-occur --time 2025-10-07T11:00+07:00
! txng: record correct: --corrects: the record is already corrected: correct the correcting record instead
[3]
$ txng log -d L --from 10
10	2025-12-01T00:00:00Z	stand-count	htx
11	2025-12-01T00:00:00Z	harvest	htx
12	2025-12-01T00:00:00Z	txng:Place	htx
13	2025-12-01T00:00:00Z	plant	htx
14	2025-12-01T00:00:00Z	harvest	htx
15	2025-12-01T00:00:00Z	pack	htx
16	2025-12-01T00:00:00Z	txng:Correction	htx
