# What txng trace accepts as ID (the demo log, tests/cli/cases/trace.t): a
# plain lot, cohort or serial code under whatever GTIN the log knows it by,
# the URI printed on a unit label on any resolver (data attributes and the
# signature are not part of the identifier), and a Digital Link or EPC URN
# that does not parse is refused with the reason, status 3.
$ txng demo -d demo >/dev/null
# The README's examples: a lot recorded with a GTIN, a box by its serial.
$ txng trace forward -d demo L24-017 --depth 1
https://id.gs1.org/01/08930000000026/10/L24-017
  record 24: receiving 2024-11-13T08:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
  record 25: wash-grade 2024-11-13T10:30:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A (depth limit)
    -> urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-B (depth limit)
recipients to notify:
  https://id.gs1.org/414/8930000000040 (Kho và xưởng đóng gói HTX, of HTX Sâm Ngọc Linh Tu Mơ Rông)
$ txng trace back -d demo 000007 --depth 1
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
$ txng trace back -d demo V3-2019 --depth 1
urn:txng:demo.htx-samngoclinh.vn/log:cohort:V3-2019
  record 20: plant 2019-10-20T08:00:00+07:00, by ho-a-vang, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
    <- urn:txng:demo.htx-samngoclinh.vn/log:lot:VU-2019 (depth limit)
  record 21: treat 2023-04-02T07:30:00+07:00, by ho-a-vang, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
  record 22: stock_taking 2024-06-15T09:00:00+07:00, by htx-tumorong, at urn:txng:demo.htx-samngoclinh.vn/log:place:vuon-3-tk12
# The demo's own label, as the phone scanned it, and lot + serial URIs on
# another resolver: they stand for GTIN + serial, as the log names the box.
$ txng trace back -d demo --depth 1 'https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA'
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
$ txng trace back -d demo --depth 1 'https://qr.example.vn/r/01/08930000000033/10/L24-017-S/21/000007?linkType=gs1:pip'
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
$ txng trace back -d demo --depth 1 'https://qr.example.vn/01/08930000000033/10/L24-017-S?422=704'
https://id.gs1.org/01/08930000000033/10/L24-017-S
  record 26: transform 2024-11-15T08:00:00+07:00, by say-dak-to, at urn:txng:demo.htx-samngoclinh.vn/log:place:xuong-say-dak-to
    <- urn:txng:demo.htx-samngoclinh.vn/log:lot:L24-017-A (depth limit)
  record 27: inspecting 2024-11-18T14:00:00+07:00, by kiem-nghiem-kt
$ txng trace back -d demo --depth 1 urn:epc:id:sgtin:893000.0000003.000007
https://id.gs1.org/01/08930000000033/21/000007
  record 28: packing 2024-11-20T09:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040
    <- https://id.gs1.org/01/08930000000033/10/L24-017-S (depth limit)
  record 29: shipping 2024-11-22T06:00:00+07:00, by htx-tumorong, at https://id.gs1.org/414/8930000000040, to urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn, to urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 30: receiving 2024-11-23T15:00:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
  record 31: retail_selling 2024-11-30T18:20:00+07:00, by cua-hang-hn, at urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn
# Forward from the dried lot: the shop (a party) is the recipient to
# notify; the shop's place, where the boxes went, is not.
$ txng trace forward -d demo L24-017-S | sed -n '/^recipients/,$p'
recipients to notify:
  urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn (Cửa hàng Sâm Việt)
  urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn (Cửa hàng Sâm Việt, Hoàn Kiếm, of Cửa hàng Sâm Việt)
$ txng trace forward -d demo L24-017-S --json | sed -n '/"recipients"/,$p'
  "recipients": [
    "urn:txng:demo.htx-samngoclinh.vn/log:party:cua-hang-hn",
    "urn:txng:demo.htx-samngoclinh.vn/log:place:cua-hang-hn"
  ]
}
# Refusals: the reason of the parser, never "no event names it".
$ txng trace back -d demo https://id.gs1.org/01/08930000000034/21/000007
! txng: https://id.gs1.org/01/08930000000034/21/000007: not a valid identifier: GTIN (01): wrong check digit: expected 3
[3]
$ LANGUAGE=vi LC_ALL=C.UTF-8 txng trace back -d demo https://id.gs1.org/01/08930000000034/21/000007
! txng: https://id.gs1.org/01/08930000000034/21/000007: mã định danh không hợp lệ: GTIN (01): chữ số kiểm tra sai: phải là 3
[3]
$ txng trace back -d demo 'https://demo.htx-samngoclinh.vn/01/08930000000034/10/L24-017-S/21/000007?17=261119&7007=241112'
! txng: https://demo.htx-samngoclinh.vn/01/08930000000034/10/L24-017-S/21/000007?17=261119&7007=241112: not a valid identifier: GTIN (01): wrong check digit: expected 3
[3]
$ txng trace back -d demo 'https://qr.example.vn/01/08930000000033/21/000007?7007=241399'
! txng: https://qr.example.vn/01/08930000000033/21/000007?7007=241399: not a valid identifier: harvest date (7007): month out of range
[3]
$ txng trace back -d demo 'https://qr.example.vn/01/08930000000033/21/000007?8030=abc'
! txng: https://qr.example.vn/01/08930000000033/21/000007?8030=abc: not a valid identifier: signature (8030): not an Ed25519 signature: 86 base64url characters expected
[3]
$ txng trace back -d demo 'https://qr.example.vn/8003/08930000000033'
! txng: https://qr.example.vn/8003/08930000000033: not a valid identifier: 8003: unsupported primary key
[3]
$ txng trace back -d demo urn:epc:id:sgtin:893000.00003.000007
! txng: urn:epc:id:sgtin:893000.00003.000007: not a valid identifier: GTIN (01): wrong length
[3]
$ txng trace back -d demo urn:txng:demo.htx-samngoclinh.vn/log:lot:L24?017
! txng: urn:txng:demo.htx-samngoclinh.vn/log:lot:L24?017: not a valid identifier: code: character not allowed in a code: use only A-Z, a-z, 0-9, '-', '.' and '_'
[3]
# Not found: a URI that is no Digital Link, a serial or code no record names.
$ txng trace back -d demo https://example.com/items/7
! txng: https://example.com/items/7: no event in this log names this identifier
[1]
$ txng trace back -d demo 000099
! txng: 000099: no event in this log names this identifier
[1]
$ txng trace back -d demo https://qr.example.vn/01/08930000000033/10/L24-017-S/21/000099
! txng: https://qr.example.vn/01/08930000000033/10/L24-017-S/21/000099: no event in this log names this identifier
[1]
