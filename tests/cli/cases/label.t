# txng verify-label: a label's QR code (a photo or scan, or the URI itself),
# its GS1 Digital Link syntax and check digits, its AI 8030 signature (with
# --key, or with the keys enrolled in the log -d), and with -d what the log
# says of the unit. The signed URI below is the known answer of
# tests/unit/test_label.c (key "htx" from the seed bytes 01..20), made outside
# txng; the images are made with qrencode and ImageMagick.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ VKEY='htx+b327d4e3+AXm1Vi6P5lT5QHixEuipi6eQH4U65pW+1+DjkQutBJZk'
$ SIG=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
$ U7="https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=$SIG"
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key add -d L "$VKEY" --role cooperative -t 1700000100 >/dev/null
$ txng key new -d L kho --role cooperative --no-passphrase -t 1700000200 2>/dev/null >/dev/null
$ txng party add -d L --as kho -r "$R" --name "HTX Sâm Ngọc Linh" --code htx >/dev/null
$ txng place add -d L --as kho -r "$R" --name "Kho HTX" --code kho >/dev/null
$ txng record receive -d L --as kho -r "$R" --lot L24-017-S --from htx --place kho --time 2024-11-19T09:00+07:00 >/dev/null
$ txng record pack -d L --as kho -r "$R" --lot L24-017-S --gtin 08930000000033 --serials 000001-000010 --time 2024-11-20T09:00+07:00
6

# A PNG from qrencode, checked with the verifier key, then against the log.
$ qrencode -o u7.png "$U7"
$ txng verify-label ''
! txng: verify-label: give the label: its URI or an image file
! usage: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
[2]
$ txng verify-label u7.png --key "$VKEY"
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)271231
signature: valid, by htx+b327d4e3
verdict: GENUINE: issued by htx+b327d4e3.
$ txng verify-label u7.png -d L
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)271231
signature: valid, by htx+b327d4e3
packed: record 6
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: GENUINE: issued by htx+b327d4e3 and packed in this log; not claimed yet.
$ txng verify-label u7.png -d L --json
{
  "uri": "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg",
  "resolver": "https://trace.htx.vn",
  "label": "(01)08930000000033(10)L24-017-S(21)000007(17)271231",
  "unit": "https://id.gs1.org/01/08930000000033/21/000007",
  "signature": {
    "present": true,
    "checked": true,
    "valid": true,
    "key": "htx+b327d4e3"
  },
  "log": {
    "packed": true,
    "recalled": false,
    "claimed": false,
    "refusedAttempts": 0,
    "wrongCodes": 0,
    "complete": true,
    "packRecord": 6
  },
  "ok": true,
  "verdict": "GENUINE: issued by htx+b327d4e3 and packed in this log; not claimed yet."
}
# A photo-like JPEG: scaled, rotated 10 degrees, slightly blurred.
$ convert u7.png -filter point -resize 400% -background white -rotate 10 -blur 0x1.2 -quality 85 photo.jpg
$ txng verify-label photo.jpg --key "$VKEY"
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)271231
signature: valid, by htx+b327d4e3
verdict: GENUINE: issued by htx+b327d4e3.
# The URI given directly. The resolver, the order of the query, escapes and
# non-GS1 parameters are not signed; every data character is.
$ txng verify-label "https://other.example/x/01/08930000000033/10/L24%2D017-S/21/000007?linkType=gs1:pip&8030=$SIG&17=271231" --key "$VKEY"
uri: https://other.example/x/01/08930000000033/10/L24%2D017-S/21/000007?linkType=gs1:pip&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg&17=271231
resolver: https://other.example/x
label: (01)08930000000033(10)L24-017-S(21)000007(17)271231
signature: valid, by htx+b327d4e3
verdict: GENUINE: issued by htx+b327d4e3.
$ txng verify-label "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000008?17=271231&8030=$SIG" --key "$VKEY"
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000008?17=271231&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000008(17)271231
signature: does not verify
verdict: NOT GENUINE: the signature does not match; the label was altered or not issued by this producer.
[1]
$ txng verify-label "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271230&8030=$SIG" -d L
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271230&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)271230
signature: does not verify
packed: record 6
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: the signature does not match; the label was altered or not issued by this producer.
[1]
$ txng verify-label "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=A${SIG#?}" --key "$VKEY"
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=ACsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)271231
signature: does not verify
verdict: NOT GENUINE: the signature does not match; the label was altered or not issued by this producer.
[1]
# Without a signature: well-formed, but a key asks for one.
$ txng verify-label https://trace.htx.vn/01/08930000000033/21/000003
uri: https://trace.htx.vn/01/08930000000033/21/000003
resolver: https://trace.htx.vn
label: (01)08930000000033(21)000003
signature: none
verdict: WELL-FORMED: a valid GS1 Digital Link, not signed.
$ txng verify-label https://trace.htx.vn/01/08930000000033/21/000003 --key "$VKEY"
uri: https://trace.htx.vn/01/08930000000033/21/000003
resolver: https://trace.htx.vn
label: (01)08930000000033(21)000003
signature: none
verdict: NOT VERIFIED: the label carries no signature (AI 8030), so its issuer cannot be checked.
[1]
$ txng verify-label https://trace.htx.vn/01/08930000000033/21/000003 -d L
uri: https://trace.htx.vn/01/08930000000033/21/000003
resolver: https://trace.htx.vn
label: (01)08930000000033(21)000003
signature: none
packed: record 6
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: PACKED: the unit was packed in this log, but the label is not signed.
# A serial the log never packed.
$ txng verify-label https://trace.htx.vn/01/08930000000033/21/000099 -d L
uri: https://trace.htx.vn/01/08930000000033/21/000099
resolver: https://trace.htx.vn
label: (01)08930000000033(21)000099
signature: none
packed: no
recalled: no
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: NOT GENUINE: this serial was never packed in this log; the label may be fake.
[1]

# Bad input: each refused with a precise message.
$ txng verify-label https://trace.htx.vn/01/08930000000034/21/000007
! txng: https://trace.htx.vn/01/08930000000034/21/000007: not a valid label: GTIN (01): wrong check digit: expected 3
[1]
$ txng verify-label 'https://trace.htx.vn/01/08930000000033/10/L24{017/21/000007'
! txng: https://trace.htx.vn/01/08930000000033/10/L24{017/21/000007: not a valid label: character not allowed in a URI
[1]
$ txng verify-label https://trace.htx.vn/products/sam-ngoc-linh
! txng: https://trace.htx.vn/products/sam-ngoc-linh: not a valid label: no supported GS1 primary key in the path
[1]
$ txng verify-label urn:epc:id:sgtin:893000.0000003.7
! txng: urn:epc:id:sgtin:893000.0000003.7: not a valid label: not a GS1 Digital Link URI
[1]
$ txng verify-label "https://trace.htx.vn/01/08930000000033/21/7?8030=abc"
! txng: https://trace.htx.vn/01/08930000000033/21/7?8030=abc: not a valid label: signature (8030): not an Ed25519 signature: 86 base64url characters expected
[1]
$ txng verify-label "https://trace.htx.vn/01/08930000000033/21/7?3103=000040"
! txng: https://trace.htx.vn/01/08930000000033/21/7?3103=000040: not a valid label: 3103: unsupported application identifier
[1]
$ convert -size 120x120 xc:white blank.png
$ txng verify-label blank.png
! txng: blank.png: no QR code found in the image
[1]
$ convert u7.png u7.png +append two.png
$ txng verify-label two.png
! txng: two.png: 2 QR codes in the image: photograph one label at a time
[1]
$ printf 'not an image' > note.txt
$ txng verify-label note.txt
! txng: note.txt: not a PNG or JPEG image
[3]
$ txng verify-label missing.png
! txng: missing.png: no such file
[3]
$ txng verify-label u7.png --key 'htx+00000000+AXm1'
! txng: verify-label: --key: public key is not base64 of 33 bytes
! usage: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
[2]
$ txng verify-label
! txng: verify-label: give one image or URI
! usage: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
[2]
$ txng verify-label u7.png extra
! txng: verify-label: give one image or URI
! usage: txng verify-label IMAGE|URI [--key VKEY] [-d DIR | --bundle FILE] [--json]
[2]

# A recall of the lot: every unit packed from it is refused.
$ txng record recall -d L --as kho -r "$R" --lot L24-017-S --reason "nấm mốc" --time 2024-12-01T08:00+07:00
7
$ txng verify-label u7.png -d L
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007?17=271231&8030=oCsUSHb6fgTD2viSXwozUoNgmpv9d0-OGrwqDnlvqx7-BJFNOmhnaY-Ui0sHKVa8lls5y2OLBS34mAUGyBKfCg
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007(17)271231
signature: valid, by htx+b327d4e3
packed: record 6
recalled: 2024-12-01T08:00:00+07:00 (record 7)
claimed: no
refused claim attempts: 0 (wrong codes: 0)
verdict: RECALLED: this unit was recalled on 2024-12-01T08:00:00+07:00; do not use it.
[1]
