# Claims of a unit the log never packed are refused and counted per product
# in DIR/claims-unknown, outside the signed log, which such claims never
# grow; the file has at most 64 lines whoever sends them.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh" --code htx >/dev/null
$ txng place add -d L --as htx -r "$R" --name "Kho HTX" --code kho >/dev/null
$ txng record receive -d L --as htx -r "$R" --lot L24-017-S --from htx --place kho --time 2024-11-19T09:00+07:00 >/dev/null
$ txng record pack -d L --as htx -r "$R" --lot L24-017-S --gtin 08930000000033 --serials 000001-000010 --time 2024-11-20T09:00+07:00
5
$ txng log -d L | wc -l
6
$ txng claim -d L https://trace.htx.vn/01/08930000000033/10/L24-017-S/21/000099 --code 4KX9-2PQM -t 2025-12-03T00:00:00Z
! txng: https://id.gs1.org/01/08930000000033/21/000099: this unit was never packed in this log: the label may be fake (claim 1 of an unknown unit of this product)
[1]
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000098 --code 4KX9-2PQM -t 2025-12-03T00:00:00Z --json
{
  "unit": "https://id.gs1.org/01/08930000000033/21/000098",
  "outcome": "unknown unit",
  "claimed": false,
  "recalled": false,
  "packed": false,
  "refusedAttempts": 0,
  "wrongCodes": 0,
  "unknownClaims": 2
}
! txng: https://id.gs1.org/01/08930000000033/21/000098: this unit was never packed in this log: the label may be fake (claim 2 of an unknown unit of this product)
[1]
$ txng claim -d L https://id.gs1.org/01/08930000000026/21/1 --code 4KX9-2PQM -t 2025-12-03T00:00:00Z
! txng: https://id.gs1.org/01/08930000000026/21/1: this unit was never packed in this log: the label may be fake (claim 1 of an unknown unit of this product)
[1]
$ cat L/claims-unknown
08930000000033 2
08930000000026 1
$ txng log -d L | wc -l
6
# A file not in its format is left alone and reported; the claim is still refused.
$ printf 'x\n' >L/claims-unknown
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000097 --code 4KX9-2PQM -t 2025-12-03T00:00:00Z
! txng: L/claims-unknown: not a count of unknown claims: move it away to count again
! txng: https://id.gs1.org/01/08930000000033/21/000097: this unit was never packed in this log: the label may be fake
[1]

# A character outside the alphabet is named by its position (in characters).
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000001 --code 4KX9-2PQ0
! txng: claim: code: character 9: character not in the claim-code alphabet (no 0, 1, I, L, O)
[1]
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000001 --code 'Đ4KX92PQ'
! txng: claim: code: character 1: character not in the claim-code alphabet (no 0, 1, I, L, O)
[1]
$ txng claim -d L https://id.gs1.org/01/08930000000033/21/000001 --code 4KX9
! txng: claim: code: a claim code has 8 characters
[1]
