# A harvest under a GI certificate (R38) and its GI stamps (R39). The
# certificate, kept in the log as master data, bounds the harvest: valid on
# its date, its GI code, its minimum root age, its certified number of roots
# over all harvests under it, and its harvest intensity (of the cohort's
# plants left). Each GI stamp is allocated once, by a harvest of no fewer
# roots, and used once, by a pack of a lot that harvest is upstream of.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d L --as htx -r "$R" --name "Vườn 5, tiểu khu 12" --code vuon-5 --gi-code C0005-SNLKTG
2
$ txng certificate add -d L --as htx -r "$R" --code gcn-05 --kind gi --number "05/GCN-CDĐL" --issuer "Sở KH&CN Kon Tum" --valid-from 2024-01-15 --valid-until 2026-12-31 --subject vuon-5 --gi-code C0005-SNLKTG --roots 150 --min-age 7 --intensity 50
3
$ txng certificate add -d L --as htx -r "$R" --code vg-05 --kind vietgap --number VG-05 --issuer "Sở NN&PTNT" --valid-from 2024-01-15 --subject vuon-5
4
$ txng record plant -d L --as htx -r "$R" --cohort V5-2015 --place vuon-5 --count 200 --time 2015-10-01T08:00+07:00
5
# The certificate must be in the log, and be a GI certificate.
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 10 --weight 1kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-99 --time 2025-09-20T07:30+07:00
! txng: record harvest: --gi-certificate: unknown certificate "gcn-99"; nearest: "gcn-05"
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 10 --weight 1kg --age 8 --gi-code C0005-SNLKTG --gi-certificate vg-05 --time 2025-09-20T07:30+07:00
! txng: record harvest: --gi-certificate: not a GI certificate: give a certificate of kind gi
[3]
# Valid on the harvest's date, with roots of its minimum age.
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 10 --weight 1kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --time 2024-01-14T16:00+07:00
! txng: record harvest: --time: harvest is before its GI certificate is valid: check --time or --gi-certificate (valid from: 2024-01-15)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 10 --weight 1kg --age 6 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --time 2025-09-20T07:30+07:00
! txng: record harvest: --age: root age is below the GI certificate's minimum age: check --age (minimum age: 7)
[3]
# At 50 % intensity, at most 100 of the 200 plants.
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 101 --weight 8kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --time 2025-09-20T07:30+07:00
! txng: record harvest: --roots: more roots than the GI certificate's harvest intensity allows of the cohort's plants: check --roots (most roots at this intensity: 100)
[3]
# More stamps than roots are refused; 100 roots take stamps 000001-000100.
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 100 --weight 8kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --stamps 000001-000101 --time 2025-09-20T07:30+07:00
! txng: record harvest: --stamps: more GI stamps than roots harvested: check --stamps (roots harvested: 100)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-001 --roots 100 --weight 8kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --stamps 000001-000100 --time 2025-09-20T07:30+07:00
6
# 150 certified roots less 100 harvested leave 50; a stamp is allocated once.
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-002 --roots 51 --weight 4kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --time 2025-10-20T07:30+07:00
! txng: record harvest: --roots: more roots than the GI certificate's certified number leaves: check --roots (certified roots left: 50)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-002 --roots 20 --weight 2kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --stamps 000091-000110 --time 2025-10-20T07:30+07:00
! txng: record harvest: --stamps: GI stamp already allocated by an earlier record: a stamp is allocated once, check --stamps (stamp: 000091; record 6)
[3]
$ txng record harvest -d L --as htx -r "$R" --cohort V5-2015 --lot L25-002 --roots 20 --weight 2kg --age 8 --gi-code C0005-SNLKTG --gi-certificate gcn-05 --stamps 000101-000120 --time 2025-10-20T07:30+07:00
7
# A pack uses stamps allocated upstream of its lot, each once.
$ txng record pack -d L --as htx -r "$R" --lot L25-001 --weight 1kg --gtin 08930000000033 --serials 000001-000010 --stamps 000101-000110 --time 2025-10-26T14:00+07:00
! txng: record pack: --stamps: GI stamp allocated by a harvest that is not upstream of this lot: check --stamps (stamp: 000101)
[3]
$ txng record pack -d L --as htx -r "$R" --lot L25-001 --weight 1kg --gtin 08930000000033 --serials 000001-000010 --stamps 000201-000210 --time 2025-10-26T14:00+07:00
! txng: record pack: --stamps: GI stamp not allocated by any harvest in this log: record it with harvest --stamps, or check --stamps (stamp: 000201)
[3]
$ txng record pack -d L --as htx -r "$R" --lot L25-001 --weight 1kg --gtin 08930000000033 --serials 000001-000010 --stamps 000001-000010 --time 2025-10-26T14:00+07:00
8
$ txng record pack -d L --as htx -r "$R" --lot L25-001 --weight 1kg --gtin 08930000000033 --serials 000011-000020 --stamps 000010-000019 --time 2025-10-26T15:00+07:00
! txng: record pack: --stamps: GI stamp already used by an earlier record: a stamp is used once, check --stamps (stamp: 000010; record 8)
[3]
# The same refusal in Vietnamese.
$ LANGUAGE=vi LC_ALL=C.UTF-8 txng record pack -d L --as htx -r "$R" --lot L25-001 --weight 1kg --gtin 08930000000033 --serials 000011-000020 --stamps 000010-000019 --time 2025-10-26T15:00+07:00
! txng: record pack: --stamps: tem CDĐL đã được dùng ở một bản ghi trước: mỗi tem chỉ dùng một lần, kiểm tra --stamps (tem: 000010; bản ghi 8)
[3]
# An inspector reads the GI stamp on a box and asks the log about it.
$ txng stamp -d L 000005 000105
stamp 000005: allocated by record 6 (harvest, lot L25-001, 2025-09-20, htx); used by record 8 (pack, lot L25-001, 2025-10-26, htx)
stamp 000105: allocated by record 7 (harvest, lot L25-002, 2025-10-20, htx); not used by any packing yet
$ txng stamp -d L 000009-000011
stamp 000009: allocated by record 6 (harvest, lot L25-001, 2025-09-20, htx); used by record 8 (pack, lot L25-001, 2025-10-26, htx)
stamp 000010: allocated by record 6 (harvest, lot L25-001, 2025-09-20, htx); used by record 8 (pack, lot L25-001, 2025-10-26, htx)
stamp 000011: allocated by record 6 (harvest, lot L25-001, 2025-09-20, htx); not used by any packing yet
$ txng stamp -d L 000201
stamp 000201: not allocated by any harvest in this log
[1]
$ txng stamp -d L "$(printf 'a\033[31mb')"
! txng: stamp: a\x1b[31mb: character not in GS1 character set 82
! usage: txng stamp -d DIR STAMP... [--json]
[2]
$ txng stamp -d L 000005 --json
{"allocated":1,"ok":true,"records":[{"corrected":false,"imported":false,"index":6,"lot":"urn:txng:htx-samngoclinh.vn/log:lot:L25-001","signer":"htx+df502b6e","step":"harvest","time":"2025-09-20T07:30:00+07:00"},{"corrected":false,"imported":false,"index":8,"lot":"urn:txng:htx-samngoclinh.vn/log:lot:L25-001","signer":"htx+df502b6e","step":"pack","time":"2025-10-26T14:00:00+07:00"}],"stamp":"000005","used":1}
$ txng stamp -d L 000009-00001
! txng: stamp: 000009-00001: range ends differ in length
! usage: txng stamp -d DIR STAMP... [--json]
[2]
$ txng stamp -d L
! txng: stamp: give the number of a GI stamp, or a range FROM-TO
! usage: txng stamp -d DIR STAMP... [--json]
[2]
$ LANGUAGE=vi LC_ALL=C.UTF-8 txng stamp -d L 000005 000201
tem 000005: được cấp ở bản ghi 6 (harvest, lô L25-001, 2025-09-20, htx); được dùng ở bản ghi 8 (pack, lô L25-001, 2025-10-26, htx)
tem 000201: chưa được cấp cho lần thu hoạch nào trong nhật ký này
[1]
$ txng verify -d L
ok: htx-samngoclinh.vn/log: 9 records, 2 keys, 9 checkpoints, root aeBnYbtx6xX0zKMrzdmnlHzI+0lmKifnXqKsOiOxmY0=
# --certificate of certify and transform is looked up like --gi-certificate
# and --place: an unknown certificate is refused, with the nearest codes.
$ txng log -d L | wc -l
9
$ txng record certify -d L --as htx -r "$R" --lot L25-001 --certificate gcn-5 --time 2025-10-27T08:00+07:00
! txng: record certify: --certificate: unknown certificate "gcn-5"; nearest: "gcn-05"
[3]
$ txng record certify -d L --as htx -r "$R" --lot L25-001 --certificate "Giấy 7" --time 2025-10-27T08:00+07:00
! txng: record certify: --certificate: unknown certificate "Giấy 7": add it with txng certificate add
[3]
$ txng record transform -d L --as htx -r "$R" --in L25-001:1kg --out L25-001-S:0.3kg --method sấy --certificate vg-5 --time 2025-10-27T08:00+07:00
! txng: record transform: --certificate: unknown certificate "vg-5"; nearest: "vg-05"
[3]
$ txng log -d L | wc -l
9
$ txng record certify -d L --as htx -r "$R" --lot L25-001 --certificate "05/GCN-CDĐL" --time 2025-10-27T08:00+07:00
9
