# txng key new|list|export|revoke. A taken name and a wrong passphrase are
# status 3; asking for a key the log does not have is a "no" (1).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d nhatky --origin example.vn/log --no-passphrase -t 1700000000
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
! txng: nhatky/log.key: warning: key file written without a passphrase
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -t 1700000100
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
! txng: nhatky/keys/ho-a-vang.key: warning: key file written without a passphrase
$ txng key new -d nhatky htx-tumorong -r cooperative -o coop.key -n -t 1700000200
htx-tumorong+5c1851a4+AYMDfqjOwVKAgRzWUKKZCd5/4vX3OSNAASp8QOP5MU+J
! txng: coop.key: warning: key file written without a passphrase
$ ls nhatky/keys
ho-a-vang.key

# A name is taken once, even with another file.
$ txng key new -d nhatky ho-a-vang --role grower --no-passphrase -o other.key -t 1700000300
! txng: ho-a-vang: key name already taken
[3]
$ txng key new -d nhatky example.vn/log --role admin --no-passphrase -t 1700000300
! txng: example.vn/log: key name already taken
[3]
# A key file already in the way is not overwritten.
$ txng key new -d nhatky nguoi-mua --role buyer --no-passphrase -o coop.key -t 1700000300
! txng: coop.key: a key file already exists here
[3]

# Bad command lines.
$ txng key new -d nhatky 'ho a vang' --role grower --no-passphrase
! txng: key: not a valid key name (no spaces, no '+'): ho a vang
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky kiem-tra --role quality-control --no-passphrase
! txng: key: --role: a word of letters a-z other than log, e.g. grower: quality-control
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky kiem-tra --role log --no-passphrase
! txng: key: --role: a word of letters a-z other than log, e.g. grower: log
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky 'a+b' --role grower --no-passphrase
! txng: key: not a valid key name (no spaces, no '+'): a+b
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky ho-b --no-passphrase
! txng: key: no role: give --role ROLE
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky ho-b --role Grower --no-passphrase
! txng: key: --role: a word of letters a-z other than log, e.g. grower: Grower
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky --role grower --no-passphrase
! txng: key: no key name
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key new -d nhatky ho-b ho-c --role grower
! txng: key: too many arguments
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key -d nhatky
! txng: key: no subcommand: new, add, list, revoke or export
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key -d nhatky rename ho-a-vang
! txng: key: no such subcommand: rename
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key list -d nhatky extra
! txng: key: unexpected argument extra
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key list
! txng: key: no log folder: give -d DIR or set TXNG_DIR
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key list -d nolog
! txng: nolog: no such folder
[3]

# list, export
$ txng key list -d nhatky
example.vn/log	47806e38	log	0
ho-a-vang	53580c61	grower	1
htx-tumorong	5c1851a4	cooperative	2
$ txng key list -d nhatky --json
{"enrolled":0,"key":"example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9","name":"example.vn/log","role":"log"}
{"enrolled":1,"key":"ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR","name":"ho-a-vang","role":"grower"}
{"enrolled":2,"key":"htx-tumorong+5c1851a4+AYMDfqjOwVKAgRzWUKKZCd5/4vX3OSNAASp8QOP5MU+J","name":"htx-tumorong","role":"cooperative"}
$ txng key export -d nhatky ho-a-vang
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
$ txng key export -d nhatky example.vn/log
example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9
$ txng key export -d nhatky ho-a-vang --json
{"enrolled":1,"key":"ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR","name":"ho-a-vang","role":"grower"}
$ txng key export -d nhatky nobody
! txng: nobody: no such key in this log
[1]

# revoke: a record signed by the log key; the key stays listed, revoked.
# The reason is normalised to NFC, like events: "rời" typed decomposed.
$ txng key revoke -d nhatky htx-tumorong --reason "$(printf 'ro\314\233\314\200i HTX')" -t 1700000400
revoked htx-tumorong+5c1851a4
$ txng key revoke -d nhatky htx-tumorong -t 1700000500
! txng: htx-tumorong: key already revoked at record 3
[3]
$ txng key revoke -d nhatky ho-a-vang --reason "$(printf 'h\377ng')" -t 1700000500
! txng: key: --reason: not valid UTF-8
! usage: txng key new|add|list|revoke|export -d DIR [NAME|VKEY] [--role ROLE] [--out FILE] [--no-passphrase]
[2]
$ txng key revoke -d nhatky nobody -t 1700000500
! txng: nobody: no such key in this log
[1]
$ txng key revoke -d nhatky example.vn/log -t 1700000500
! txng: example.vn/log: the log key cannot be revoked
[3]
$ txng key list -d nhatky
example.vn/log	47806e38	log	0
ho-a-vang	53580c61	grower	1
htx-tumorong	5c1851a4	cooperative	2	revoked at 3
$ txng key list -d nhatky --json
{"enrolled":0,"key":"example.vn/log+47806e38+AUu2RSeZom7zP5W4R7/dXIvV/73BqlCprAIVbatvHbn9","name":"example.vn/log","role":"log"}
{"enrolled":1,"key":"ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR","name":"ho-a-vang","role":"grower"}
{"enrolled":2,"key":"htx-tumorong+5c1851a4+AYMDfqjOwVKAgRzWUKKZCd5/4vX3OSNAASp8QOP5MU+J","name":"htx-tumorong","revoked":3,"role":"cooperative"}
$ txng log -d nhatky
0	2023-11-14T22:13:20Z	txng:Genesis	example.vn/log
1	2023-11-14T22:15:00Z	txng:KeyEnrol	example.vn/log
2	2023-11-14T22:16:40Z	txng:KeyEnrol	example.vn/log
3	2023-11-14T22:20:00Z	txng:KeyRevoke	example.vn/log
$ txng show -d nhatky 3
index      3
recorded   2023-11-14T22:20:00Z
leaf hash  K0x/54/rkkzqAL499KOVQ6EAuntGpATfysMlQqbQz/c=
previous   DccMQeWWuQvpS/5i5y6jnPXml+AO7ul14eSEfnhgZAk=
signed by  example.vn/log+47806e38
event
{
  "key": "htx-tumorong+5c1851a4",
  "reason": "rời HTX",
  "type": "txng:KeyRevoke"
}
$ txng show -d nhatky 3 --json | grep -o "$(printf 'r\341\273\235i HTX')"
rời HTX
$ txng verify -d nhatky
ok: example.vn/log: 4 records, 3 keys, 4 checkpoints, root o+2dPSKAtNEO2QnSr8R11lEqcppeaGo2YyL0o1G/5jU=

# A key protected by a passphrase (Argon2id): written and read with
# TXNG_PASSPHRASE; a wrong passphrase is status 3 and appends nothing.
$ TXNG_PASSPHRASE='sâm ngọc linh' txng key new -d nhatky ho-a-sang --role grower -t 1700000600
ho-a-sang+8b8a8526+ARmfv/IWgu87vNAQaA3+iP7W4nkqVBEWQF3xxeFKI8Lq
$ grep '^kdf:' nhatky/keys/ho-a-sang.key nhatky/keys/ho-a-vang.key
nhatky/keys/ho-a-sang.key:kdf: argon2id 2 67108864
nhatky/keys/ho-a-vang.key:kdf: none
$ echo '{"type":"ObjectEvent","action":"ADD","eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00"}' >e.json
$ TXNG_PASSPHRASE='sâm ngọc linh' txng append -d nhatky --as ho-a-sang -t 1700000700 e.json
5
$ sed 's/09:15/09:45/' e.json >e2.json
$ TXNG_PASSPHRASE='sam ngoc linh' txng append -d nhatky --as ho-a-sang -t 1700000800 e2.json
! txng: nhatky/keys/ho-a-sang.key: wrong passphrase
[3]
$ txng append -d nhatky --as ho-a-sang -t 1700000800 e2.json
! txng: nhatky/keys/ho-a-sang.key: a passphrase is needed: set TXNG_PASSPHRASE or run on a terminal
[3]
$ txng log -d nhatky --from 4
4	2023-11-14T22:23:20Z	txng:KeyEnrol	example.vn/log
5	2023-11-14T22:25:00Z	ObjectEvent	ho-a-sang

# A log key under a passphrase: TXNG_LOG_PASSPHRASE first, else
# TXNG_PASSPHRASE. A wrong one enrols nothing and leaves no key file.
$ TXNG_LOG_PASSPHRASE=nui-ngoc-linh txng init -d locked --origin example.vn/locked -t 1700000000
example.vn/locked+c264d76e+AVgYfI3rGfQivBT81m3EY/YxGLpUMaHk9LSs9+Zu9edD
$ grep '^kdf:' locked/log.key
kdf: argon2id 2 67108864
$ TXNG_LOG_PASSPHRASE=wrong txng key new -d locked ho-a-vang --role grower --no-passphrase -t 1700000100
! txng: locked/log.key: wrong passphrase
[3]
$ txng key new -d locked ho-a-vang --role grower --no-passphrase -t 1700000100
! txng: locked/log.key: a passphrase is needed: set TXNG_LOG_PASSPHRASE or run on a terminal
[3]
$ ls locked
data.mdb
lock.mdb
log.key
$ TXNG_PASSPHRASE=nui-ngoc-linh txng key new -d locked ho-a-vang --role grower --no-passphrase -t 1700000100
ho-a-vang+53580c61+AWRno+F60FybZRnNG5hyHPvaZbep6w4PK9NGIQzv1bmR
! txng: locked/keys/ho-a-vang.key: warning: key file written without a passphrase
$ txng key list -d locked
example.vn/locked	c264d76e	log	0
ho-a-vang	53580c61	grower	1

# --json: new, add, revoke and export print the key as one line of key list
# --json (new also names the key file it wrote).
$ TXNG_PASSPHRASE=nui-ngoc-linh txng key new -d locked kho-dak-to --role cooperative --no-passphrase -t 1700000200 --json 2>/dev/null
{"enrolled":2,"file":"locked/keys/kho-dak-to.key","key":"kho-dak-to+3e9a4538+AW1ksv01kn7MXpwR90fZtn+4cKjVUw+oF7iRtdsGCZSk","name":"kho-dak-to","role":"cooperative"}
$ TXNG_PASSPHRASE=nui-ngoc-linh txng key add -d locked "$(txng key export -d nhatky ho-a-sang)" --role grower -t 1700000300 --json
{"enrolled":3,"key":"ho-a-sang+8b8a8526+ARmfv/IWgu87vNAQaA3+iP7W4nkqVBEWQF3xxeFKI8Lq","name":"ho-a-sang","role":"grower"}
$ TXNG_PASSPHRASE=nui-ngoc-linh txng key revoke -d locked kho-dak-to -t 1700000400 --json
{"enrolled":2,"key":"kho-dak-to+3e9a4538+AW1ksv01kn7MXpwR90fZtn+4cKjVUw+oF7iRtdsGCZSk","name":"kho-dak-to","revoked":4,"role":"cooperative"}
$ txng key export -d locked ho-a-sang --json
{"enrolled":3,"key":"ho-a-sang+8b8a8526+ARmfv/IWgu87vNAQaA3+iP7W4nkqVBEWQF3xxeFKI8Lq","name":"ho-a-sang","role":"grower"}
