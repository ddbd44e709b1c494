# Refusals say what is allowed: the values of a fixed list, an example of a
# time with its offset, the clock-skew limit and how to change it, what to do
# about two mass units.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d L --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L24-017 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00
4
$ txng party add -d L --as htx -r "$R" --name "Trung tâm Kiểm nghiệm" --code kiem-nghiem
5
$ txng record test -d L --as htx -r "$R" --lot L24-017 --lab kiem-nghiem --report R1 --result maybe --time 2025-09-25T10:00+07:00
! txng: record test: --result: not one of the allowed values: pass, fail
[3]
$ txng record recall -d L --as htx -r "$R" --lot L24-017 --reason "nhãn sai" --handling burn --time 2025-10-05T08:00+07:00
! txng: record recall: --handling: not one of the allowed values: fix, change-use, re-export, destroy
[3]
$ txng record correct -d L --as htx -r "$R" --corrects 5 --reason typo --time 2025-10-05T08:00+07:00
! txng: record correct: --reason: not one of the allowed values: did-not-occur, incorrect
[3]
$ txng certificate add -d L --as htx -r "$R" --code GI-1 --kind gold --number 1 --issuer "Sở KH&CN" --valid-from 2023-09-28 --subject urn:txng:htx-samngoclinh.vn/log:place:vuon-3
! txng: certificate add: --kind: not one of the allowed values: vietgap, gacp, organic, iso22000, gi, mark, other
[3]
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-11-30T08:00
! txng: record treat: --time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input none --time 2025-12-01T07:11+07:00
! txng: record treat: --time: event time is more than TXNG_MAX_SKEW seconds (600 unless set) ahead of the clock: check --time and the clock
[3]
$ txng record transform -d L --as htx -r "$R" --in L24-017:2kg --out L24-017-M:1500g --method "sấy" --time 2025-09-23T08:00+07:00
! txng: record transform: --out: inputs and outputs use different mass units: give every quantity in one unit, e.g. all in kg
[3]
# A harvest within a treatment's pre-harvest interval (VietGAP) names when it ends.
$ txng record treat -d L --as htx -r "$R" --cohort V3-2019 --input "thuốc trừ nấm" --phi 14 --time 2025-09-28T08:00+07:00
6
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-001 --roots 10 --weight 1kg --age 6 --time 2025-10-05T07:30+07:00
! txng: record harvest: --time: harvest within the pre-harvest interval of a treatment of its cohort: harvest after the interval ends (interval ends: 2025-10-12T01:00:00Z; record 6)
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-001 --roots 10 --weight 1kg --age 6 --time 2025-10-05T07:30+07:00
! txng: record harvest: --time: thu hoạch trong thời gian cách ly của một lần xử lý lứa trồng này: hãy thu hoạch sau khi hết thời gian cách ly (hết thời gian cách ly: 2025-10-12T01:00:00Z; bản ghi 6)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V3-2019 --lot L25-001 --roots 10 --weight 1kg --age 6 --time 2025-10-12T08:00+07:00
7
# Transformations take no more of a lot than was harvested: 9.6 kg, 6 kg taken, 4 kg refused.
$ txng record transform -d L --as htx -r "$R" --in L24-017:6kg --out L24-017-S:1.5kg --method "sấy lạnh" --time 2025-10-13T08:00+07:00
8
$ txng record transform -d L --as htx -r "$R" --in L24-017:4kg --out L24-017-T:1kg --method "sấy lạnh" --time 2025-10-13T09:00+07:00
! txng: record transform: --in: more of the lot than was made or received of it, less what earlier transformations took: check --in (left of the lot: 3.600 kg)
[3]
# The cooperative receiving the grower's 9.6 kg moves the lot: still 3.6 kg left, not 13.2 kg.
$ txng record receive -d L --as htx -r "$R" --lot L24-017 --weight 9.6kg --from kiem-nghiem --place vuon-3 --time 2025-10-13T10:00+07:00
9
$ txng record wash-grade -d L --as htx -r "$R" --in L24-017:4kg --out L24-017-A:4kg --time 2025-10-13T11:00+07:00
! txng: record wash-grade: --in: more of the lot than was made or received of it, less what earlier transformations took: check --in (left of the lot: 3.600 kg)
[3]
# Washing and grading takes from the lot too: 3.6 kg graded, then 1 kg more refused.
$ txng record wash-grade -d L --as htx -r "$R" --in L24-017:3.6kg --out L24-017-A:2kg --out L24-017-B:1.6kg --time 2025-10-13T11:00+07:00
10
$ txng record transform -d L --as htx -r "$R" --in L24-017:1kg --out L24-017-U:0.2kg --method "sấy lạnh" --time 2025-10-13T12:00+07:00
! txng: record transform: --in: more of the lot than was made or received of it, less what earlier transformations took: check --in (left of the lot: 0.000 kg)
[3]
# Packing with --weight takes from its lot: 1.5 kg of the 1.6 kg grade, then 0.5 kg more refused.
$ txng record pack -d L --as htx -r "$R" --lot L24-017-B --weight 1.5kg --gtin 08930000000033 --serials 000001-000030 --time 2025-10-14T08:00+07:00
11
$ txng record pack -d L --as htx -r "$R" --lot L24-017-B --weight 0.5kg --gtin 08930000000033 --serials 000031-000040 --time 2025-10-14T09:00+07:00
! txng: record pack: --weight: more of the lot than was made or received of it, less what earlier steps took: check --weight (left of the lot: 0.100 kg)
[3]
# A JSON event's quantity gives its unit as a UN/CEFACT code: a symbol typed by
# hand is told its code, any other unit the common codes.
$ echo '{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2025-10-15T08:00:00+07:00","eventTimeZoneOffset":"+07:00","quantityList":[{"epcClass":"urn:txng:htx-samngoclinh.vn/log:lot:L24-017","quantity":"1","uom":"kg"}]}' >q.json
$ txng append -d L --as htx -t "$R" q.json
! txng: q.json:1: quantityList: uom is a unit symbol, not its UN/CEFACT code: give the code (UN/CEFACT code: KGM)
[3]
$ sed 's/"uom":"kg"/"uom":"kilo"/' q.json >q2.json
$ txng append -d L --as htx -t "$R" q2.json
! txng: q2.json:1: quantityList: uom is not a UN/CEFACT unit code: give one, e.g. KGM (kg), GRM (g), TNE (t), LTR (l), H87 (pieces)
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d L --as htx -t "$R" q2.json
! txng: q2.json:1: quantityList: uom không phải mã đơn vị UN/CEFACT: hãy ghi một mã, ví dụ KGM (kg), GRM (g), TNE (t), LTR (l), H87 (cái)
[3]
$ txng log -d L | wc -l
12
