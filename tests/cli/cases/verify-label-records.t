# txng verify-label against the records: with -d (a log) or --bundle (a
# bundle of the log, verified first with the log's verifier key) the label's
# lot (10), expiry (17) and harvest date (7007) are compared with what the log
# recorded for the unit: the lot its pack record consumed, the pack record's
# best-before date, the harvests upstream of that lot. A label that differs
# is NOT GENUINE, with the elements named, even when it is not signed.
$ export TXNG_PASSPHRASE=pw TXNG_LOG_PASSPHRASE=pw
$ txng demo -d demo >/dev/null
$ LK=$(txng key export -d demo demo.htx-samngoclinh.vn/log)
$ U='https://trace.htx.vn/01/08930000000033'
# Unit 000007 was packed from lot L24-017-S, best before 2026-11-19, from a
# harvest of 2024-11-12.
$ txng verify-label "$U/10/L24-017-S/21/000007?17=261119&7007=241112" -d demo
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)261119(7007)241112
signature: none
packed: record 28
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: PACKED: the unit was packed in this log, but the label is not signed.
$ txng verify-label "$U/10/L99-999/21/000007?17=991231" -d demo
uri: https://trace.htx.vn/01/08930000000033/10/L99-999/21/000007?17=991231
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L99-999(21)000007(17)991231
signature: none
packed: record 28
lot: L99-999, but the unit was packed from https://id.gs1.org/01/08930000000033/10/L24-017-S
expiry: 991231, but the log says best before 2026-11-19
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: the label does not match what the log recorded for this unit (lot (10), expiry (17)); the label was altered or is fake.
[1]
$ txng verify-label "$U/10/L24-017-S/21/000007?17=261120" -d demo
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=261120
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)261120
signature: none
packed: record 28
expiry: 261120, but the log says best before 2026-11-19
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: the label does not match what the log recorded for this unit (expiry (17)); the label was altered or is fake.
[1]
$ txng verify-label "$U/21/000007?7007=250101" -d demo
uri: https://trace.htx.vn/01/08930000000033/21/000007?7007=250101
resolver: https://trace.htx.vn
label: (01)08930000000033(21)000007(7007)250101
signature: none
packed: record 28
harvest date: 250101, but the lot was harvested on 2024-11-12
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: the label does not match what the log recorded for this unit (harvest date (7007)); the label was altered or is fake.
[1]
$ txng verify-label "$U/21/000007?17=261100&7007=241101241130" -d demo
uri: https://trace.htx.vn/01/08930000000033/21/000007?17=261100&7007=241101241130
resolver: https://trace.htx.vn
label: (01)08930000000033(21)000007(17)261100(7007)241101241130
signature: none
packed: record 28
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: PACKED: the unit was packed in this log, but the label is not signed.
$ txng verify-label "$U/10/L99-999/21/000007?17=991231" -d demo --json
{
  "uri": "https://trace.htx.vn/01/08930000000033/10/L99-999/21/000007?17=991231",
  "resolver": "https://trace.htx.vn",
  "label": "(01)08930000000033(10)L99-999(21)000007(17)991231",
  "unit": "https://id.gs1.org/01/08930000000033/21/000007",
  "signature": {
    "present": false,
    "checked": false,
    "valid": false
  },
  "log": {
    "packed": true,
    "recalled": false,
    "claimed": false,
    "refusedAttempts": 0,
    "wrongCodes": 0,
    "complete": true,
    "packRecord": 28,
    "differs": [
      "10",
      "17"
    ]
  },
  "ok": false,
  "verdict": "NOT GENUINE: the label does not match what the log recorded for this unit (lot (10), expiry (17)); the label was altered or is fake."
}
[1]
# A signed label whose data differ cannot be made without the key; the
# signature fails first.
$ txng verify-label "$(zbarimg -q --raw demo/label-000007.png 2>/dev/null | sed 's/17=261119/17=991231/')" -d demo
uri: https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=991231&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
resolver: https://demo.htx-samngoclinh.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)991231(7007)241112
signature: does not verify
packed: record 28
expiry: 991231, but the log says best before 2026-11-19
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: the signature does not match; the label was altered or not issued by this producer.
[1]

# -d names a folder; a bundle is given with --bundle and the log's key.
$ txng verify-label demo/label-000007.png -d demo/unit-000007.txng
! txng: demo/unit-000007.txng: this is a file; for a bundle use --bundle FILE --key KEY
[2]
$ txng verify-label demo/label-000007.png --bundle demo/unit-000007.txng
! txng: verify-label: a bundle needs --key VKEY, the log's verifier key
! usage: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
[2]
$ txng verify-label demo/label-000007.png --bundle demo/unit-000007.txng -d demo --key "$LK"
! txng: verify-label: give -d DIR or --bundle FILE, not both
! usage: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
[2]
$ txng export -d demo https://id.gs1.org/01/08930000000033/21/000007 -o unsigned7.txng
exported 30 records of 32 to unsigned7.txng
$ txng verify-label demo/label-000007.png --bundle unsigned7.txng --key "$LK"
uri: https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
resolver: https://demo.htx-samngoclinh.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)261119(7007)241112
signature: valid, by htx-tumorong+1805b392
bundle: not signed
packed: record 28
recalled: not known (unsigned bundle)
claimed: not known (unsigned bundle)
refused claim attempts: 0 (wrong codes: 0)
verdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; whether it was claimed or recalled is not known, because the bundle is not signed by its exporter and may leave records out: ask the producer's resolver.
# The bundle above is not signed by its exporter: it proves every record it
# holds, but could leave a claim or a recall out, so neither is said to be
# absent. Signed by its exporter (here the log key, as the demo's own bundle
# is), its selection is attested.
$ txng export -d demo https://id.gs1.org/01/08930000000033/21/000007 --sign-as demo/log.key -o signed7.txng
exported 30 records of 32 to signed7.txng
$ txng verify-label demo/label-000007.png --bundle signed7.txng --key "$LK" --json | grep -E '"(claimed|recalled|complete|verdict)"'
    "recalled": false,
    "claimed": false,
    "complete": true,
  "verdict": "GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet."
$ txng verify-label demo/label-000007.png --bundle signed7.txng --key "$LK" | grep -E '^(bundle|claimed|verdict):'
bundle: signed by demo.htx-samngoclinh.vn/log+9476e2e2
claimed: no
verdict: GENUINE: issued by htx-tumorong+1805b392 and packed in this log; not claimed yet.
$ txng verify-label "$U/10/L99-999/21/000007?17=991231" --bundle demo/unit-000007.txng --key "$LK"
uri: https://trace.htx.vn/01/08930000000033/10/L99-999/21/000007?17=991231
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L99-999(21)000007(17)991231
signature: none
bundle: signed by demo.htx-samngoclinh.vn/log+9476e2e2
packed: record 28
lot: L99-999, but the unit was packed from https://id.gs1.org/01/08930000000033/10/L24-017-S
expiry: 991231, but the log says best before 2026-11-19
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: the label does not match what the log recorded for this unit (lot (10), expiry (17)); the label was altered or is fake.
[1]
# A bundle of one unit says nothing reliable of another (its claims and
# recalls are left out): refused.
$ txng verify-label "$U/21/000008" --bundle demo/unit-000007.txng --key "$LK"
! txng: demo/unit-000007.txng: the bundle does not hold the lineage of https://id.gs1.org/01/08930000000033/21/000008: export that unit's bundle (txng export -d DIR https://id.gs1.org/01/08930000000033/21/000008)
[3]
$ txng verify-label demo/label-000007.png --bundle demo/unit-000007.txng --key "$(txng key export -d demo htx-tumorong)"
! txng: demo/unit-000007.txng: line 8: demo.htx-samngoclinh.vn/log: the checkpoint is of this log, the key given is of another log: give the verifier key of this log (key given: htx-tumorong+1805b392)
[1]
$ sed '/^record 28 /{n;s/L24-017-S/L24-017-T/}' demo/unit-000007.txng > altered.txng
$ txng verify-label demo/label-000007.png --bundle altered.txng --key "$LK" --json
{
  "ok": false,
  "verdict": "error",
  "field": "signatures/0/sig",
  "reason": "signature does not verify"
}
! txng: altered.txng: record 28: line 68: signatures/0/sig: signature does not verify
[1]
$ txng verify-label demo/label-000007.png --bundle missing.txng --key "$LK"
! txng: missing.txng: no such file
[3]
# A recall of the lot, seen in a bundle exported after it.
$ txng record recall -d demo --as demo/log.key --lot L24-017-S --reason "nấm mốc" --time 2024-12-01T08:00+07:00
32
$ txng export -d demo https://id.gs1.org/01/08930000000033/21/000007 -o recalled.txng
exported 31 records of 33 to recalled.txng
$ txng verify-label demo/label-000007.png --bundle recalled.txng --key "$LK"
uri: https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
resolver: https://demo.htx-samngoclinh.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)261119(7007)241112
signature: valid, by htx-tumorong+1805b392
bundle: not signed
packed: record 28
recalled: 2024-12-01T08:00:00+07:00 (record 32)
claimed: not known (unsigned bundle)
refused claim attempts: 0 (wrong codes: 0)
verdict: RECALLED: this unit was recalled on 2024-12-01T08:00:00+07:00; do not use it.
[1]

# --json prints an object on refusals too (standard output), with the reason
# in English; the message on standard error and the exit status stay.
$ txng verify-label https://trace.htx.vn/01/08930000000034/21/000007 --json
{
  "ok": false,
  "verdict": "invalid",
  "uri": "https://trace.htx.vn/01/08930000000034/21/000007",
  "field": "GTIN (01)",
  "position": 14,
  "reason": "wrong check digit: expected 3"
}
! txng: https://trace.htx.vn/01/08930000000034/21/000007: not a valid label: GTIN (01): wrong check digit: expected 3
[1]
$ convert -size 120x120 xc:white blank.png
$ txng verify-label blank.png --json
{
  "ok": false,
  "verdict": "invalid",
  "reason": "no QR code found in the image"
}
! txng: blank.png: no QR code found in the image
[1]
$ txng verify-label missing.png --json
{
  "ok": false,
  "verdict": "invalid",
  "reason": "no such file"
}
! txng: missing.png: no such file
[3]

# A CMYK JPEG (as printers' files often are) is read as grey like any other.
$ convert demo/label-000007.png -scale 300% -colorspace CMYK cmyk.jpg
$ txng verify-label cmyk.jpg --key "$(txng key export -d demo htx-tumorong)"
uri: https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA
resolver: https://demo.htx-samngoclinh.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)261119(7007)241112
signature: valid, by htx-tumorong+1805b392
verdict: GENUINE: issued by htx-tumorong+1805b392.
