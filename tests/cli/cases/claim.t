# txng claim: a buyer claims one unit with the code under its scratch-off.
# The packer's claim-codes record holds only a salted Argon2id hash per unit;
# the hash below is the known answer of tests/unit/test_claim.c for the code
# 4KX9-2PQM (salt 00..0f), made outside txng. `txng labels --claim-codes`
# makes such records with random codes; here it is written by hand.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ H=AAECAwQFBgcICQoLDA0OD_j9bGlExQUBMjTr8H5feO6GXqGR-lRO6a46yOOS-tT2
$ U='https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/'
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng key new -d L shop --role retailer --no-passphrase -t 1700000200 2>/dev/null >/dev/null
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh" --code htx >/dev/null
$ txng place add -d L --as htx -r "$R" --name "Kho HTX" --code kho >/dev/null
$ txng record receive -d L --as htx -r "$R" --lot L24-017-S --from htx --place kho --time 2024-11-19T09:00+07:00 >/dev/null
$ txng record pack -d L --as htx -r "$R" --lot L24-017-S --gtin 08930000000033 --serials 000001-000010 --time 2024-11-20T09:00+07:00
6
$ txng record claim-codes -d L --as htx -r "$R" --id https://id.gs1.org/01/08930000000033/21/000007 --hash "$H" --id https://id.gs1.org/01/08930000000033/21/000008 --hash "$H" --time 2024-11-20T10:00+07:00
7
# A code for a unit never packed, or one hash for two units: refused.
$ txng record claim-codes -d L --as htx -r "$R" --id https://id.gs1.org/01/08930000000033/21/000099 --hash "$H" --time 2024-11-20T10:00+07:00
! txng: record claim-codes: --id: nothing in this log packed this unit: claim codes are registered for units packed here
[3]
$ txng record claim-codes -d L --as htx -r "$R" --id https://id.gs1.org/01/08930000000033/21/000005 --id https://id.gs1.org/01/08930000000033/21/000006 --hash "$H" --time 2024-11-20T10:00+07:00
! txng: record claim-codes: --hash: give one hash per unit, in the order of the units
[3]
$ txng record claim-codes -d L --as htx -r "$R" --id https://id.gs1.org/01/08930000000033/21/000005 --hash 4KX92PQM --time 2024-11-20T10:00+07:00
! txng: record claim-codes: --hash: not a claim-code hash: 64 base64url characters expected
[3]

# A wrong code is refused and counted; the right one claims (any case, with or
# without the hyphen); a second claim says when the first was.
$ txng claim -d L "${U}000007" --code 4KX9-2PQN -t "$R"
! txng: https://id.gs1.org/01/08930000000033/21/000007: wrong code (attempt 1 of 10 without a wait)
[1]
$ txng claim -d L "${U}000007" --code 4kx92pqm -t 2025-12-02T03:04:05Z
claimed: https://id.gs1.org/01/08930000000033/21/000007 on 2025-12-02T03:04:05+00:00 (record 9)
# Records are kept in time order: a claim dated before the newest record is
# refused before anything is counted.
$ txng claim -d L "${U}000007" --code 4KX9-2PQM -t "$R"
! txng: claim: --time: 2025-12-01T00:00:00Z is before record 9, recorded 2025-12-02T03:04:05Z: records are kept in time order; give 2025-12-02T03:04:05Z or later
[3]
$ R2=2025-12-02T04:00:00Z
$ txng claim -d L "${U}000007" --code 4KX9-2PQM -t "$R2"
! txng: https://id.gs1.org/01/08930000000033/21/000007: already claimed on 2025-12-02T03:04:05+00:00 (record 9)
[1]
$ txng claim -d L "${U}000007" --code 4KX9-2PQM -t "$R2" --json
{
  "unit": "https://id.gs1.org/01/08930000000033/21/000007",
  "outcome": "already claimed",
  "claimed": true,
  "recalled": false,
  "packed": true,
  "refusedAttempts": 3,
  "wrongCodes": 1,
  "claimedAt": "2025-12-02T03:04:05+00:00",
  "claimRecord": 9,
  "record": 11
}
! txng: https://id.gs1.org/01/08930000000033/21/000007: already claimed on 2025-12-02T03:04:05+00:00 (record 9)
[1]
# The claim record keeps the spent code (anyone can check it against the
# packer's hash); the refused ones do not.
$ txng show -d L 9 --json | grep -o '"txng:claim[A-Za-z]*":"[^"]*"'
"txng:claimCode":"4KX92PQM"
"txng:claimResult":"claimed"
$ txng show -d L 8 --json | grep -o '"txng:claim[A-Za-z]*":"[^"]*"'
"txng:claimResult":"wrong-code"
$ txng verify-label "${U}000007" -d L
uri: https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000007
resolver: https://trace.htx.vn
label: (01)08930000000033(10)L24-017-S(21)000007
signature: none
packed: record 6
recalled: no
claimed: 2025-12-02T03:04:05+00:00 (record 9)
refused claim attempts: 3 (wrong codes: 1)
verdict: PACKED, ALREADY CLAIMED on 2025-12-02T03:04:05+00:00: the label is not signed; if you bought it new and did not claim it yourself, it may be a copy.
$ txng verify -d L >/dev/null

# Refusals.
$ txng claim -d L "${U}000005" --code 4KX9-2PQM -t "$R2"
! txng: https://id.gs1.org/01/08930000000033/21/000005: no claim code was registered for this unit
[1]
$ txng claim -d L "${U}000099" --code 4KX9-2PQM -t "$R2"
! txng: https://id.gs1.org/01/08930000000033/21/000099: this unit was never packed in this log: the label may be fake (claim 1 of an unknown unit of this product)
[1]
$ txng claim -d L "${U}000008" --code 4KX9-2PQ0 -t "$R2"
! txng: claim: code: character 9: character not in the claim-code alphabet (no 0, 1, I, L, O)
[1]
$ txng claim -d L "${U}000008" --code 4KX9-2PQ -t "$R2"
! txng: claim: code: a claim code has 8 characters
[1]
$ txng claim -d L https://trace.htx.vn/01/08930000000033/10/L24-017-S --code 4KX9-2PQM
! txng: https://trace.htx.vn/01/08930000000033/10/L24-017-S: the URI names no serial (21): a claim is for one unit
[1]
$ txng claim -d L https://trace.htx.vn/01/08930000000034/21/000008 --code 4KX9-2PQM
! txng: https://trace.htx.vn/01/08930000000034/21/000008: GTIN (01): wrong check digit: expected 3
[1]
$ txng claim -d L "${U}000008" --code 4KX9-2PQM --as nobody -t "$R2"
! txng: L/keys/nobody.key: no such key file
[3]
$ txng claim -d L "${U}000008"
! txng: claim: no code: give --code CODE
! usage: txng claim -d DIR URI --code CODE [--as KEY] [--time TIME] [--json]
[2]
$ txng claim -d L "${U}000008" --code 4KX9
! txng: claim: code: a claim code has 8 characters
[1]
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng claim -d L "${U}000008" --code 4KX9
! txng: claim: mã: mã kích hoạt gồm 8 ký tự
[1]
$ txng claim "${U}000008" --code 4KX9-2PQM
! txng: claim: no log: give -d DIR
! usage: txng claim -d DIR URI --code CODE [--as KEY] [--time TIME] [--json]
[2]
$ txng claim -d L --code 4KX9-2PQM
! txng: claim: give one URI
! usage: txng claim -d DIR URI --code CODE [--as KEY] [--time TIME] [--json]
[2]
# Ten wrong codes are recorded at once; then the unit takes one attempt per
# window, from the recorded time of its last wrong code: 60 s after the tenth,
# doubled by each further wrong code, at most 24 h. An attempt inside the
# window is refused without a record, even with the right code, and says when
# the next one is taken (UTC); one after it is checked.
$ for i in 1 2 3 4 5 6 7 8 9; do txng claim -d L "${U}000008" --code 2222-2222 -t "$R2" 2>/dev/null; done
[1]
$ txng claim -d L "${U}000008" --code 2222-2222 -t "$R2"
! txng: https://id.gs1.org/01/08930000000033/21/000008: wrong code: too many wrong codes: try again after 2025-12-02T04:01:00Z
[1]
# Inside the window: no "record" below, nothing appended.
$ txng claim -d L "${U}000008" --code 4KX9-2PQM -t 2025-12-02T04:00:59Z --json
{
  "unit": "https://id.gs1.org/01/08930000000033/21/000008",
  "outcome": "too many wrong codes",
  "claimed": false,
  "recalled": false,
  "packed": true,
  "refusedAttempts": 10,
  "wrongCodes": 10,
  "retryAfter": "2025-12-02T04:01:00Z"
}
! txng: https://id.gs1.org/01/08930000000033/21/000008: too many wrong codes: try again after 2025-12-02T04:01:00Z
[1]
$ txng claim -d L "${U}000008" --code 2222-2222 -t 2025-12-02T04:01:00Z
! txng: https://id.gs1.org/01/08930000000033/21/000008: wrong code: too many wrong codes: try again after 2025-12-02T04:03:00Z
[1]
$ txng claim -d L "${U}000008" --code 4KX9-2PQM -t 2025-12-02T04:02:59Z
! txng: https://id.gs1.org/01/08930000000033/21/000008: too many wrong codes: try again after 2025-12-02T04:03:00Z
[1]
# The wrong code after the window was recorded (11); the refusals inside it were not.
$ txng verify-label "${U}000008" -d L --json
{
  "uri": "https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000008",
  "resolver": "https://trace.htx.vn",
  "label": "(01)08930000000033(10)L24-017-S(21)000008",
  "unit": "https://id.gs1.org/01/08930000000033/21/000008",
  "signature": {
    "present": false,
    "checked": false,
    "valid": false
  },
  "log": {
    "packed": true,
    "recalled": false,
    "claimed": false,
    "refusedAttempts": 11,
    "wrongCodes": 11,
    "complete": true,
    "packRecord": 6
  },
  "ok": true,
  "verdict": "PACKED: the unit was packed in this log, but the label is not signed."
}
# The right code once the window has passed claims the unit; a claimed unit
# answers "already claimed".
$ txng claim -d L "${U}000008" --code 4KX9-2PQM -t 2025-12-02T04:03:00Z
claimed: https://id.gs1.org/01/08930000000033/21/000008 on 2025-12-02T04:03:00+00:00 (record 23)
$ txng claim -d L "${U}000008" --code 4KX9-2PQM -t 2025-12-02T04:03:00Z
! txng: https://id.gs1.org/01/08930000000033/21/000008: already claimed on 2025-12-02T04:03:00+00:00 (record 23)
[1]
$ R3=2025-12-02T05:00:00Z
# A shop's key may sign the claim records (the resolver's key).
$ txng record claim-codes -d L --as htx -r "$R3" --id https://id.gs1.org/01/08930000000033/21/000009 --hash "$H" --time 2024-11-20T10:00+07:00
24
$ txng claim -d L "${U}000009" --code 4KX9-2PQM --as shop -t "$R3"
claimed: https://id.gs1.org/01/08930000000033/21/000009 on 2025-12-02T05:00:00+00:00 (record 25)
# A recalled lot: its units cannot be claimed.
$ txng record claim-codes -d L --as htx -r "$R3" --id https://id.gs1.org/01/08930000000033/21/000010 --hash "$H" --time 2024-11-20T10:00+07:00
26
$ txng record recall -d L --as htx -r "$R3" --lot L24-017-S --reason "nấm mốc" --time 2024-12-01T08:00+07:00
27
$ txng claim -d L "${U}000010" --code 4KX9-2PQM -t "$R3"
! txng: https://id.gs1.org/01/08930000000033/21/000010: this unit is recalled (record 27, 2024-12-01T08:00:00+07:00): do not use it
[1]
