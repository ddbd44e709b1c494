# A log folder this user may read but not write (an auditor's read-only copy,
# the files of another user): LMDB opens lock.mdb for writing even to read, so
# each command says so in one line and what to do, status 3. As root, which
# may write anything, the commands run as user nobody (setpriv), from a copy
# of the binary and of the event, since the build and source folders may lie
# where nobody may not go (/root).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
$ txng key new -d L g --role grower --no-passphrase -t 1700000100 2>/dev/null
g+a1b00148+AczmV7kcnxeKzHDi+N/1uJMSX1sUnmi5iXJF9rQ6PPj/
$ other() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
$ chmod 755 "$TMP" "$TMP/.." && mkdir bin && cp "$TXNG" bin/txng && cp "$DATA"/event.json . && cp -r L ro && chmod -R a+rX,a-w ro
$ other ${TXNG_WRAPPER:-} bin/txng verify -d ro
! txng: ro: lock.mdb may not be written by this user (permission denied), and txng needs it even to read a log: copy the log folder where you may write (cp -r) and run txng on the copy
[3]
$ other ${TXNG_WRAPPER:-} bin/txng log -d ro
! txng: ro: lock.mdb may not be written by this user (permission denied), and txng needs it even to read a log: copy the log folder where you may write (cp -r) and run txng on the copy
[3]
$ other ${TXNG_WRAPPER:-} bin/txng append -d ro --as ro/keys/g.key event.json
! txng: ro: the log folder may not be written by this user (permission denied): run txng as the user who keeps the log
[3]

# Copied where this user may write, it verifies.
$ cp -r ro copy && chmod -R u+w copy && txng verify -d copy
ok: example.vn/log: 2 records, 2 keys, 2 checkpoints, root O+v89aeCA54Cs9eCFQ/bfGpbWed2ayFlULpYVXqi3Eg=

# data.mdb this user may not read at all.
$ chmod a-r ro/data.mdb
$ other ${TXNG_WRAPPER:-} bin/txng verify -d ro
! txng: ro: data.mdb may not be read by this user (permission denied): run txng as a user who may read the log folder
[3]
$ chmod -R u+rwX ro
