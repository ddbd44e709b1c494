# A recall may name a planting cohort (--cohort CODE, or --id with the cohort's
# identifier):
# for destruction, change of use or re-export it stops what was made from
# the cohort as a recall of a lot does: the units packed from its harvest
# are not sold, nor shipped but as the recall says; its lots are not packed
# nor processed. The refusal names the cohort and the recall.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng demo -d L >/dev/null
$ C=urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019
$ S=https://id.gs1.org/01/08930000000033/10/L24-017-S
# A cohort nothing here planted is refused, naming the option.
$ txng record recall -d L --as L/log.key -r "$R" --cohort V9-2019 --reason "cây nhiễm tuyến trùng" --handling destroy --time 2024-12-01T08:00+07:00
! txng: record recall: --cohort: nothing in this log planted this cohort: record plant for it first (identifier: V9-2019)
[3]
$ txng record recall -d L --as L/log.key -r "$R" --cohort V3-2019 --reason "cây nhiễm tuyến trùng" --handling destroy --time 2024-12-01T08:00+07:00 --dry-run
{"action":"OBSERVE","bizStep":"urn:txng:bizstep:recall","disposition":"recalled","epcList":["urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019"],"eventTime":"2024-12-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00","txng:handling":"destroy","txng:reason":"cây nhiễm tuyến trùng","txng:step":"recall","type":"ObjectEvent"}
$ txng record recall -d L --as L/log.key -r "$R" --cohort V3-2019 --reason "cây nhiễm tuyến trùng" --handling destroy --party "HTX Sâm Ngọc Linh Tu Mơ Rông" --time 2024-12-01T08:00+07:00
32
# cohort -> harvest lot -> washed lot -> dried lot -> unit 000008
$ txng record sell -d L --as L/log.key -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-12-02T09:00+07:00
! txng: record sell: --serials: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: V3-2019; record 32)
[3]
$ txng record ship -d L --as L/log.key -r "$R" --serials 000008 --gtin 08930000000033 --to cua-hang-hn --time 2024-12-02T09:00+07:00
! txng: record ship: --serials: recalled for destruction, change of use or re-export: ship it only to the recalling party (recall --party) or with --purpose return or the recall's handling; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: V3-2019; record 32)
[3]
$ txng record pack -d L --as L/log.key -r "$R" --lot "$S" --weight 0.01kg --gtin 08930000000033 --serials 000900 --time 2024-12-02T09:00+07:00
! txng: record pack: --lot: recalled for destruction, change of use or re-export: it may not be packed; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: V3-2019; record 32)
[3]
$ txng record transform -d L --as L/log.key -r "$R" --in "$S:0.01kg" --out L24-017-P:0.01kg --method "nghiền bột" --time 2024-12-02T09:00+07:00
! txng: record transform: --in: recalled for destruction or re-export: it may not be processed; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: V3-2019; record 32)
[3]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng record sell -d L --as L/log.key -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-12-02T09:00+07:00
! txng: record sell: --serials: đã bị thu hồi để tiêu hủy, chuyển mục đích sử dụng hoặc tái xuất: không được bán; nếu việc thu hồi được ghi nhầm, hãy khai báo nó không xảy ra trước (correct --reason did-not-occur) (mã định danh: V3-2019; bản ghi 32)
[3]
# As the recall says, it may go: to the recalling party, or to be destroyed.
$ txng record ship -d L --as L/log.key -r "$R" --serials 000008 --gtin 08930000000033 --to "HTX Sâm Ngọc Linh Tu Mơ Rông" --time 2024-12-02T09:00+07:00 --dry-run >/dev/null
$ txng record ship -d L --as L/log.key -r "$R" --serials 000009 --gtin 08930000000033 --to cua-hang-hn --purpose destroy --time 2024-12-02T09:00+07:00 --dry-run >/dev/null
# A sale before the recall is what the recall notifies: it passes.
$ txng record sell -d L --as L/log.key -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-11-30T09:00+07:00 --dry-run >/dev/null
# In a batch the recall holds from its row on, whether or not a row before
# it has read the cohort.
$ printf 'step,gtin,serials,id,reason,handling,time\nsell,08930000000033,000010,,,,2024-12-01T06:00+07:00\nrecall,,,%s,Pb,re-export,2024-12-01T06:30+07:00\nsell,08930000000033,000011,,,,2024-12-01T07:00+07:00\n' "$C" > batch.csv
$ txng import -d L --as L/log.key -r "$R" --csv batch.csv --dry-run >/dev/null
! txng: batch.csv:4: serials: recalled for destruction, change of use or re-export: it may not be sold; if the recall was recorded in error, declare it void first (correct --reason did-not-occur) (identifier: V3-2019; line 3)
[3]
# Declared void, the recall stops nothing; nor does a recall to fix the product.
$ txng record correct -d L --as L/log.key -r "$R" --corrects 32 --reason did-not-occur --time 2024-12-03T08:00+07:00
33
# The cohort by its identifier, as --id gives it.
$ txng record recall -d L --as L/log.key -r "$R" --id "$C" --reason "ghi nhãn sai" --handling fix --time 2024-12-03T09:00+07:00
34
$ txng record sell -d L --as L/log.key -r "$R" --serials 000008 --gtin 08930000000033 --time 2024-12-04T09:00+07:00
35
