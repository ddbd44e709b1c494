# txng backup: a copy of the log folder on another device (a USB stick),
# taken while others may write, read back from the device and verified
# before it is given its name. The copy is a log folder: txng verify checks
# it again later, and copying it back restores the log with its keys.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d nhatky --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d nhatky htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng place add -d nhatky --as htx -r "$R" --name "Vườn 3, tiểu khu 12" --code vuon-3
2
$ txng record plant -d nhatky --as htx -r "$R" --cohort V3-2019 --place vuon-3 --count 400 --time 2019-10-20T08:00+07:00
3
$ mkdir usb
$ txng backup -d nhatky usb/nhatky-2025-12-01
backup: usb/nhatky-2025-12-01: 4 records of htx-samngoclinh.vn/log, root xoUweV7iwDTEQ4DTFvYqMoPkq8uVPV/DqsnDtHC05fA=; 3 files, 90460 bytes, read back and verified
# The copy holds the log, its key and the actors' key files, modes kept.
$ cd usb/nhatky-2025-12-01 && find . | sort && stat -c '%a %n' data.mdb log.key keys/htx.key && cd ../..
.
./data.mdb
./keys
./keys/htx.key
./log.key
600 data.mdb
600 log.key
600 keys/htx.key
$ txng verify -d usb/nhatky-2025-12-01
ok: htx-samngoclinh.vn/log: 4 records, 2 keys, 4 checkpoints, root xoUweV7iwDTEQ4DTFvYqMoPkq8uVPV/DqsnDtHC05fA=
# A restored copy takes new records, signed with the copied keys.
$ cp -r usb/nhatky-2025-12-01 restored && txng record treat -d restored --as htx -r "$R" --cohort V3-2019 --input "phân hữu cơ" --time 2024-05-01T08:00+07:00
4
$ txng backup -d nhatky usb/nhatky-2025-12-01 --json
! txng: usb/nhatky-2025-12-01: already exists: a backup never overwrites; give a new folder
[3]
# A copy inside the log folder would copy itself without end: refused, nothing left behind.
$ txng backup -d nhatky nhatky/sao-luu
! txng: backup: nhatky/sao-luu is inside the log folder: give a folder outside it, on another device
! usage: txng backup -d DIR DEST [--json]
[2]
$ (cd nhatky && txng backup -d . sao-luu)
! txng: backup: sao-luu is inside the log folder: give a folder outside it, on another device
! usage: txng backup -d DIR DEST [--json]
[2]
$ ls -A nhatky | grep -c txng-backup
0
[1]
$ txng backup -d nhatky usb2/nhatky
! txng: usb2: no such folder: create it first, or give DEST in a folder that exists
[3]
$ txng backup -d khong-co usb/x
! txng: khong-co: no such folder
[3]
$ txng backup -d nhatky
! txng: backup: give one destination folder
! usage: txng backup -d DIR DEST [--json]
[2]
$ txng backup -d nhatky usb/second --json
{"bytes":90460,"dest":"usb/second","files":3,"ok":true,"origin":"htx-samngoclinh.vn/log","records":4,"root":"xoUweV7iwDTEQ4DTFvYqMoPkq8uVPV/DqsnDtHC05fA="}
# Anything but files and folders in the log folder is refused; nothing is left behind.
$ ln -s /etc/hostname nhatky/link && txng backup -d nhatky usb/third
! txng: nhatky/link: not a file or a folder: move it out of the log folder
[3]
$ rm nhatky/link && ls -A usb
nhatky-2025-12-01
second
# A log that does not verify gives a copy that does not verify: nothing is kept.
$ cp -r nhatky bad && tamper bad flip 2 20 && txng backup -d bad usb/bad
! txng: the copy: record 2: signatures/0/sig: signature does not verify
! txng: backup: the copy does not verify, so nothing was kept: run txng verify -d on the log, and try another device
[1]
$ ls -A usb
nhatky-2025-12-01
second
$ LC_ALL=C.UTF-8 LANGUAGE=vi txng backup -d nhatky usb/second
! txng: usb/second: đã tồn tại: sao lưu không bao giờ ghi đè; hãy cho một thư mục mới
[3]
# Others append while the backup runs: the copy is a snapshot of some size
# between the two, and verifies.
$ for i in $(seq 1 40); do txng record treat -d nhatky --as htx -r "$R" --cohort V3-2019 --input "nước $i" --time 2024-05-02T08:00+07:00 >/dev/null || echo failed; done & txng backup -d nhatky usb/during --json >/dev/null; wait; txng verify -d usb/during >/dev/null && echo verified
verified
$ txng log -d nhatky | wc -l
44
