# txng verify-label -d on a lot label (10, no serial): the lot the log keeps
# under that code (a Digital Link of the label's GTIN or of a bulk GTIN, or a
# urn:txng lot recorded without --gtin), and whether it was recalled. A lot
# the log never recorded is NOT GENUINE, a recalled one RECALLED: status 1.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name HTX --code htx --role cooperative >/dev/null
$ txng place add -d L --as htx -r "$R" --name "Vườn 3" --code vuon-3 >/dev/null
$ txng product add -d L --as htx -r "$R" --gtin 08930000000033 --name "Sâm sấy lát" --producer HTX >/dev/null
$ txng record plant -d L --as htx -r "$R" --cohort V3 --place vuon-3 --seedlings S1 --count 400 --time 2019-10-20T08:00+07:00 >/dev/null
$ txng record harvest -d L --as htx -r "$R" --cohort V3 --lot L24-017 --gtin 08930000000026 --roots 120 --weight 9.6kg --age 6 --time 2025-09-20T07:30+07:00 >/dev/null
$ txng record transform -d L --as htx -r "$R" --in L24-017:6.1kg --out L24-017-S:2.1kg --method "sấy lạnh" --time 2025-09-23T08:00+07:00 >/dev/null
$ txng record pack -d L --as htx -r "$R" --lot L24-017-S --weight 2kg --gtin 08930000000033 --serials 000001-000010 --net 50g --time 2025-09-26T14:00+07:00 >/dev/null
$ U=https://trace.htx.vn/01/08930000000033
$ txng verify-label "$U/10/L24-017-S" -d L
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S
signature: none
lot: urn:txng:htx.example/log:lot:L24-017-S
recalled: no
verdict: LOT KNOWN: the lot is in this log and not recalled, but the label is not signed.
# The harvest lot, kept under its bulk GTIN: found by its code.
$ txng verify-label "$U/10/L24-017" -d L | sed -n '/^lot:/,$p'
lot: https://id.gs1.org/01/08930000000026/10/L24-017
recalled: no
verdict: LOT KNOWN: the lot is in this log and not recalled, but the label is not signed.
$ txng verify-label "$U/10/L99-999" -d L
uri: https://trace.htx.vn/01/08930000000033/10/L99-999
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L99-999
signature: none
lot: not in this log
verdict: NOT GENUINE: this log recorded no lot of this code; the label may be fake.
[1]
$ txng record recall -d L --as htx -r "$R" --lot L24-017-S --reason "nấm mốc" --time 2025-11-30T08:00+07:00 >/dev/null
$ txng verify-label "$U/10/L24-017-S" -d L
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S
signature: none
lot: urn:txng:htx.example/log:lot:L24-017-S
recalled: 2025-11-30T08:00:00+07:00 (record 9)
verdict: RECALLED: this lot was recalled on 2025-11-30T08:00:00+07:00; do not use it.
[1]
$ txng verify-label "$U/10/L24-017-S" -d L --json
{
  "uri": "https://trace.htx.vn/01/08930000000033/10/L24-017-S",
  "resolver": "https://trace.htx.vn",
  "label": "(01)08930000000033(10)L24-017-S",
  "unit": "https://id.gs1.org/01/08930000000033/10/L24-017-S",
  "signature": {
    "present": false,
    "checked": false,
    "valid": false
  },
  "log": {
    "lot": "urn:txng:htx.example/log:lot:L24-017-S",
    "recalled": true,
    "recalledAt": "2025-11-30T08:00:00+07:00"
  },
  "ok": false,
  "verdict": "RECALLED: this lot was recalled on 2025-11-30T08:00:00+07:00; do not use it."
}
[1]
# Signed by an enrolled key, and checked against the log's keys.
$ S=$(txng qr "$U/10/L24-017" -k L/keys/htx.key -T | tail -1)
$ txng verify-label "$S" -d L | sed -n '/^signature:/,$p'
signature: valid, by htx+df502b6e
lot: https://id.gs1.org/01/08930000000026/10/L24-017
recalled: no
verdict: GENUINE: issued by htx+df502b6e; its lot is in this log and not recalled.
