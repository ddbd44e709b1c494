# txng verify: 0 when every record, signature, checkpoint and index checks
# out; 1 when something does not; 2 for a bad command line; 3 when it cannot
# run at all (no log, not a log).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d nhatky --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000100 2>/dev/null
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
$ txng append -d nhatky --as ho-a-vang -t 1700001000 "$DATA"/events.jsonl
2
3
4
$ txng verify -d nhatky
ok: example.vn/log: 5 records, 2 keys, 3 checkpoints, root /KxMfz/QKzVt6i99vlKB1Ggt8BM+Eh0i/Bq1rPt033c=
$ txng verify -d nhatky --json
{"checkpoints":3,"keys":2,"ok":true,"origin":"example.vn/log","records":5,"root":"/KxMfz/QKzVt6i99vlKB1Ggt8BM+Eh0i/Bq1rPt033c="}
$ txng verify -d nhatky --threads 1
ok: example.vn/log: 5 records, 2 keys, 3 checkpoints, root /KxMfz/QKzVt6i99vlKB1Ggt8BM+Eh0i/Bq1rPt033c=
$ TXNG_DIR=nhatky txng verify -T 3
ok: example.vn/log: 5 records, 2 keys, 3 checkpoints, root /KxMfz/QKzVt6i99vlKB1Ggt8BM+Eh0i/Bq1rPt033c=

# --key: trust this verifier key rather than the one in the genesis record.
$ txng verify -d nhatky --key "$(txng key export -d nhatky example.vn/log)"
ok: example.vn/log: 5 records, 2 keys, 3 checkpoints, root /KxMfz/QKzVt6i99vlKB1Ggt8BM+Eh0i/Bq1rPt033c=
$ txng verify -d nhatky --key outsider+82a7eb2d+AddV3ixw7ymaa0QIaZEynvJ7qB1I7RgWdg3F8MnPbTvy
! txng: verify: record 0: event/key: the genesis key is not the trusted key
[1]
$ txng verify -d nhatky --key outsider+82a7eb2d+AddV3ixw7ymaa0QIaZEynvJ7qB1I7RgWdg3F8MnPbTvy --json
{"field":"event/key","index":0,"ok":false,"reason":"the genesis key is not the trusted key"}
! txng: verify: record 0: event/key: the genesis key is not the trusted key
[1]
$ txng verify -d nhatky --key example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn8
! txng: verify: --key: key ID does not match the key
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify -d nhatky --key not-a-key
! txng: verify: --key: verifier key does not have three '+'-separated parts
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify -d nhatky --key ''
! txng: verify: --key: verifier key does not have three '+'-separated parts
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]

# Bad command lines.
$ txng verify -d nhatky --threads 0
! txng: verify: --threads: a number from 1 to 256: 0
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify -d nhatky --threads many
! txng: verify: --threads: a number from 1 to 256: many
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify -d nhatky extra
! txng: verify: unexpected argument extra
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify
! txng: verify: no log folder: give -d DIR or set TXNG_DIR
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
$ txng verify --help
usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
check every record, signature, checkpoint and index of a log

options:
  -d, --dir DIR      the log folder (or $TXNG_DIR)
  -k, --key VKEY     trust this verifier key (default for a log: the one in its
                     genesis record; a bundle needs it)
  -e, --exporter-key VKEY
                     the bundle must be signed by this exporter key
  -S, --state DIR    verifier state folder (default:
                     $XDG_DATA_HOME/txng/verifier-state)
  -w, --witness VKEY a witness key (repeatable)
  -W, --witnesses-needed K
                     cosignatures needed from the witnesses (default: all)
  -T, --threads N    signature-checking threads (default: one per core)
  -j, --json         print the result as JSON
      --tiles URL    verify a tlog-tiles folder or URL prefix instead
  -h, --help         show this help
Exit status: 0 it verifies, 1 it does not, 2 usage, 3 could not run.

# Not a log: missing, an empty folder, a file, a folder of other data.
$ txng verify -d nolog
! txng: nolog: no such folder
[3]
$ mkdir empty
$ txng verify -d empty
! txng: empty: not a txng log (create one with: txng init -d empty --origin NAME)
[3]
$ touch afile
$ txng verify -d afile
! txng: afile: not a txng log (create one with: txng init -d afile --origin NAME)
[3]
$ mkdir junk && printf 'not an LMDB file' >junk/data.mdb
$ txng verify -d junk
! txng: junk: record 0, the log's metadata or data.mdb itself is damaged: the log does not verify
[1]
