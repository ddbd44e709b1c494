# txng tiles checks, on every run, that the tiles written by earlier runs are
# still there with the right size, and writes a missing or damaged one again;
# --check also compares every tile with the log, byte for byte.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative
2
$ K=$(txng key export -d L htx-samngoclinh.vn/log)
$ txng tiles -d L -o pub
pub: size 3 (was 0), 2 files written (1225 bytes), 0 partial tiles removed
$ rm pub/tile/entries/000.p/3
$ txng verify --tiles pub --key "$K" >/dev/null
! txng: pub: tile/entries/000.p/3: missing
[1]
$ txng tiles -d L -o pub
pub: size 3 (was 3), 1 files written (1129 bytes), 0 partial tiles removed
pub: 1 tile was missing or damaged: written again
$ txng verify --tiles pub --key "$K" | head -1
ok: htx-samngoclinh.vn/log: 3 records, 2 keys, 2 tiles, root Qe8Wu7l0Xu41tuoXTaLq4P/IhIhuTnS245dOV3BOef4=
# Both tiles gone, then a new record: the partial tiles of the old edge are
# superseded, so only the new ones are written; nothing needs repair.
$ rm pub/tile/0/000.p/3 pub/tile/entries/000.p/3
$ txng place add -d L --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --gln 8930000000026
3
$ txng tiles -d L -o pub
pub: size 4 (was 3), 2 files written (1603 bytes), 0 partial tiles removed
$ find pub -type f | sort
pub/checkpoint
pub/tile/0/000.p/4
pub/tile/entries/000.p/4
# A hash tile of the wrong size is found by its size; a changed byte only
# with --check.
$ printf x >> pub/tile/0/000.p/4
$ txng tiles -d L -o pub
pub: size 4 (was 4), 1 files written (128 bytes), 0 partial tiles removed
pub: 1 tile was missing or damaged: written again
$ printf 'Z' | dd of=pub/tile/entries/000.p/4 bs=1 seek=40 conv=notrunc 2>/dev/null
$ txng tiles -d L -o pub
pub: size 4 (was 4), 0 files written (0 bytes), 0 partial tiles removed
$ txng tiles -d L -o pub --check
pub: size 4 (was 4), 1 files written (1475 bytes), 0 partial tiles removed
pub: 1 tile was missing or damaged: written again
$ txng tiles -d L -o pub --check
pub: size 4 (was 4), 0 files written (0 bytes), 0 partial tiles removed
$ txng verify --tiles pub --key "$K" | head -1
ok: htx-samngoclinh.vn/log: 4 records, 2 keys, 2 tiles, root QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=
