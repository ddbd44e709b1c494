# An unknown place or party name is compared with the known ones of its kind
# without accents or case, word by word: the nearest (most of its words, then
# fewest edits) are named, so that nobody adds a second party for one already
# there; "add it with txng party add" only when no name is near.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
# No party yet: nothing to name.
$ txng place add -d L --as htx -r "$R" --name "Kho HTX" --code kho --party "HTX Tu Mo Rong"
! txng: place add: --party: unknown party "HTX Tu Mo Rong": add it with txng party add
[3]
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --code htx-tumorong
2
$ txng party add -d L --as htx -r "$R" --name "Hộ ông A Vang" --code ho-a-vang
3
$ txng party add -d L --as htx -r "$R" --name "Cửa hàng Sâm Việt" --code cua-hang
4
$ txng place add -d L --as htx -r "$R" --name "Kho HTX" --code kho
5
# Typed without accents and with words left out: 15 edits away, all its words.
$ txng record ship -d L --as htx -r "$R" --lot L1 --to "HTX Tu Mo Rong" --time 2025-09-30T08:00+07:00
! txng: record ship: --to: unknown party "HTX Tu Mo Rong"; nearest: "HTX Sâm Ngọc Linh Tu Mơ Rông"
[3]
# Case and accents never matter; a name with most of the words comes first.
$ txng record ship -d L --as htx -r "$R" --lot L1 --to "CUA HANG SAM" --time 2025-09-30T08:00+07:00
! txng: record ship: --to: unknown party "CUA HANG SAM"; nearest: "Cửa hàng Sâm Việt"
[3]
$ txng record ship -d L --as htx -r "$R" --lot L1 --to "Hộ ông Vang" --time 2025-09-30T08:00+07:00
! txng: record ship: --to: unknown party "Hộ ông Vang"; nearest: "Hộ ông A Vang"
[3]
# A name that folds to a known one is that one.
$ txng place add -d L --as htx -r "$R" --name "Kho 2" --code kho-2 --party "hộ Ông a vang" --dry-run | grep -o '"party":"[^"]*"'
"party":"urn:txng:htx-samngoclinh.vn/log:party:ho-a-vang"
# Nothing near (no word in common, far in edits): add it.
$ txng record ship -d L --as htx -r "$R" --lot L1 --to "Công ty Dược Liệu Xanh" --time 2025-09-30T08:00+07:00
! txng: record ship: --to: unknown party "Công ty Dược Liệu Xanh": add it with txng party add
[3]
# Places are compared with places only: a party's name is no place.
$ txng record plant -d L --as htx -r "$R" --cohort V1 --place "kho HTX số 2" --count 10 --time 2019-10-20T08:00+07:00
! txng: record plant: --place: unknown place "kho HTX số 2"; nearest: "Kho HTX"
[3]
$ txng record plant -d L --as htx -r "$R" --cohort V1 --place "Hộ ông A Vang" --count 10 --time 2019-10-20T08:00+07:00
! txng: record plant: --place: unknown place "Hộ ông A Vang": add it with txng place add
[3]
$ txng log -d L | wc -l
6
