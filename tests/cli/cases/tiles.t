# txng tiles writes the log as C2SP tlog-tiles into a folder, incrementally;
# txng verify --tiles checks such a folder, or the same files served over
# HTTP, with nothing but the log's verifier key.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --gln 8930000000019 --role cooperative
2
$ K=$(txng log -d L --json | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["key"])')
$ echo "$K"
htx-samngoclinh.vn/log+94a6149c+AQdwxDcl/hmS0VFDRSsQwLkJLPLwrabOqRM0enAhMn/C

$ txng tiles -d L -o pub
pub: size 3 (was 0), 2 files written (1225 bytes), 0 partial tiles removed
$ find pub -type f | sort
pub/checkpoint
pub/tile/0/000.p/3
pub/tile/entries/000.p/3
$ cat pub/checkpoint
htx-samngoclinh.vn/log
3
Qe8Wu7l0Xu41tuoXTaLq4P/IhIhuTnS245dOV3BOef4=

— htx-samngoclinh.vn/log lKYUnFJhmEeONIoAsk8edx7FijZDc+U7bWx6APXJRkyDpTjvGOZeGDGcmugOdiFZQOJbNxC0LBxeb4y/n3TJoQNPQwQ=
$ txng verify --tiles pub --key "$K"
ok: htx-samngoclinh.vn/log: 3 records, 2 keys, 2 tiles, root Qe8Wu7l0Xu41tuoXTaLq4P/IhIhuTnS245dOV3BOef4=
state: first checkpoint of this origin, remembered

# Nothing new: nothing written. One more record: its tiles and the checkpoint.
$ txng tiles -d L -o pub
pub: size 3 (was 3), 0 files written (0 bytes), 0 partial tiles removed
$ txng place add -d L --as htx -r "$R" --name "Kho HTX Tu Mơ Rông" --gln 8930000000026
3
$ txng tiles -d L -o pub
pub: size 4 (was 3), 2 files written (1603 bytes), 0 partial tiles removed
$ find pub -type f | sort
pub/checkpoint
pub/tile/0/000.p/3
pub/tile/0/000.p/4
pub/tile/entries/000.p/3
pub/tile/entries/000.p/4
$ txng verify --tiles pub --key "$K" --json
{"keys":2,"ok":true,"origin":"htx-samngoclinh.vn/log","records":4,"root":"QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=","state":"forward","tiles":2}

# A missing tile, a changed tile, another key: each named, exit status 1.
$ mv pub/tile/0/000.p/4 moved
$ txng verify --tiles pub --key "$K"
! txng: pub: tile/0/000.p/4: missing
[1]
$ mv moved pub/tile/0/000.p/4
$ printf 'x' | dd of=pub/tile/entries/000.p/4 bs=1 seek=200 conv=notrunc 2>/dev/null
$ txng verify --tiles pub --key "$K"
! txng: pub: record 0: recorded: recorded is not a UTC time YYYY-MM-DDTHH:MM:SSZ
[1]
$ txng tiles -d L -o pub2 >/dev/null && cp pub2/tile/entries/000.p/4 pub/tile/entries/000.p/4
$ txng init -d O --origin other.example/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ KO=$(txng log -d O --json | head -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["event"]["key"])')
$ txng verify --tiles pub --key "$KO"
! txng: pub: htx-samngoclinh.vn/log: the checkpoint is of this log, the key given is of another log: give the verifier key of this log (key given: other.example/log+7a53dbaf)
[1]
# A key of the same name (the origin) but another key: the key given is named.
$ TXNG_INSECURE_SEED= txng init -d G --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng verify --tiles pub --key "$(txng key export -d G htx-samngoclinh.vn/log)" 2>err; echo "status $?"; sed 's/log+[0-9a-f]\{8\}:/log+ID:/' err
status 1
txng: pub: htx-samngoclinh.vn/log+ID: the checkpoint is of this key's log but not signed by this key: ask the log's keeper for its verifier key (key ID of its signature: 94a6149c)
# The right key, but the root changed under its signature: a changed checkpoint.
$ cp -r pub pub3 && sed -i '3s/^./A/;3s/^AA/BA/' pub3/checkpoint && txng verify --tiles pub3 --key "$K"
! txng: pub3: line 5: checkpoint: checkpoint signature does not verify: the checkpoint was changed
[1]
$ txng verify --tiles pub
! txng: verify: --tiles needs the log's key: give --key VKEY
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]

# The verifier remembers the checkpoint (here in $HOME/.local/share, or
# --state DIR): the same log grown is accepted with a consistency proof the
# verifier builds from the tiles; a smaller tree of the same key is a rollback,
# shown with both signed notes.
$ txng verify --tiles pub --key "$K" --state st
ok: htx-samngoclinh.vn/log: 4 records, 2 keys, 2 tiles, root QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=
state: first checkpoint of this origin, remembered
$ txng verify --tiles pub --key "$K" --state st
ok: htx-samngoclinh.vn/log: 4 records, 2 keys, 2 tiles, root QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=
state: the checkpoint accepted before
$ txng init -d F --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d F htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d F --as htx -r "$R" --name "HTX khác" --gln 8930000000019 --role cooperative
2
$ txng tiles -d F -o forked >/dev/null
$ txng verify --tiles forked --key "$K"
accepted before (size 4):
htx-samngoclinh.vn/log
4
QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=

— htx-samngoclinh.vn/log lKYUnCc+5notCFU38NkMKmlzyOGqT99pmXLdBCbPHAfHtDb9e24UnAxS6HmLu/vtzH94U9LRZj89Pyp/3yxG3AER7wk=
in these tiles (size 3):
htx-samngoclinh.vn/log
3
+0aPaG2UFlE7BYIyKfzEXip9ACjht61VqVzWuf+hFOg=

— htx-samngoclinh.vn/log lKYUnNjS+Pt1XIawIH/SghjV8OEoHxrXI/Fd1wMyDNfYRC4iQMkdbh0L6cJjTJ05g43Vy83Gp1++G4YFTAahy8bvewQ=
! txng: verify: checkpoint: rollback: the checkpoint is older than one accepted before
! txng: $TMP/.local/share/txng/verifier-state/dbecafe26b0f11d94e6ab29df768d96a3df6a2cad0735b67806ea9b164b20c62.evidence.3.fb468f68: the refused checkpoint is kept here as evidence, beside the state
[1]
$ txng verify --tiles forked --key "$K" --state st2
ok: htx-samngoclinh.vn/log: 3 records, 2 keys, 2 tiles, root +0aPaG2UFlE7BYIyKfzEXip9ACjht61VqVzWuf+hFOg=
state: first checkpoint of this origin, remembered
$ txng place add -d F --as htx -r "$R" --name "Kho khác" --gln 8930000000026
3
$ txng tiles -d F -o forked >/dev/null
$ txng verify --tiles forked --key "$K" --state st
accepted before (size 4):
htx-samngoclinh.vn/log
4
QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=

— htx-samngoclinh.vn/log lKYUnCc+5notCFU38NkMKmlzyOGqT99pmXLdBCbPHAfHtDb9e24UnAxS6HmLu/vtzH94U9LRZj89Pyp/3yxG3AER7wk=
in these tiles (size 4):
htx-samngoclinh.vn/log
4
ChyqWMxwa/6wPRmJMEEQlyFO8vx9adu8yZmyQUyhFpM=

— htx-samngoclinh.vn/log lKYUnOJ8wWWM2uRr9TL4I34zLedKbDtpSwFFNuhZZV39IiqUlfGq4jQVVJvX/bDU7sGlOcUxJlYmvUwMs/YIn4k48g4=
! txng: verify: checkpoint: fork: another tree of the size accepted before
! txng: st/dbecafe26b0f11d94e6ab29df768d96a3df6a2cad0735b67806ea9b164b20c62.evidence.4.0a1caa58: the refused checkpoint is kept here as evidence, beside the state
[1]
$ ls st | wc -l
2

# A folder of another log is refused, and nothing is written to it.
$ txng tiles -d O -o pub
! txng: pub: checkpoint: not signed by this log's key
[1]
$ txng tiles -d L
! txng: tiles: no tiles folder: give -o FOLDER
! usage: txng tiles -d DIR -o FOLDER [--check] [--quiet]
[2]
$ txng tiles -o pub
! txng: tiles: no log folder: give -d DIR or set TXNG_DIR
! usage: txng tiles -d DIR -o FOLDER [--check] [--quiet]
[2]

# The same files over HTTP from a static server on loopback (python3 -m
# http.server on a free port, stopped at the end).
$ (cd pub && exec python3 -m http.server --bind 127.0.0.1 0 >../http.log 2>&1) & SRV=$!
$ trap 'kill $SRV 2>/dev/null' EXIT
$ for i in $(seq 50); do PORT=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' http.log); [ -n "$PORT" ] && break; sleep 0.1; done; [ -n "$PORT" ] && echo serving
serving
$ txng verify --tiles "http://127.0.0.1:$PORT/" --key "$K"
ok: htx-samngoclinh.vn/log: 4 records, 2 keys, 2 tiles, root QzSvukuhtfFFvLE67mjMUVm6x6LdsbxGSnTg0r6eQGM=
state: the checkpoint accepted before
$ mv pub/tile/0/000.p/4 moved
$ txng verify --tiles "http://127.0.0.1:$PORT" --key "$K" 2>err; echo "status $?"; sed "s/:$PORT/:PORT/" err
status 1
txng: http://127.0.0.1:PORT: tile/0/000.p/4: missing
$ mv moved pub/tile/0/000.p/4
$ kill $SRV; wait $SRV 2>/dev/null; echo stopped
stopped
$ txng verify --tiles "http://127.0.0.1:$PORT" --key "$K" 2>&1 | sed "s/:$PORT/:PORT/"
txng: verify: http://127.0.0.1:PORT/checkpoint: Couldn't connect to server
$ txng verify --tiles "http://127.0.0.1:$PORT" --key "$K" 2>/dev/null; echo "status $?"
status 3
