# txng sign: sign an event offline with a key file; no log needed. The output
# is canonical JSON (RFC 8785), the same bytes on every run for a given key.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ cp "$DATA"/event.json "$DATA"/float.json "$DATA"/not-json.txt "$DATA"/outsider.key "$DATA"/broken.key .
$ txng sign --key outsider.key event.json
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:harvesting","epcList":["urn:txng:example.vn:lot:L24-017"],"eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","txng:roots":120,"type":"ObjectEvent"},"signatures":[{"key":"outsider+82a7eb2d","sig":"LV0/xAOPFxvV0Xn9DPvwh9LmacFeWxoXVTOszwQKuS2i/PQEs+Bi7pe1FBRQFDAbTuDJejJ6PZg59i0F4JkRDg=="}]}
$ txng sign -k outsider.key - <event.json
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:harvesting","epcList":["urn:txng:example.vn:lot:L24-017"],"eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","txng:roots":120,"type":"ObjectEvent"},"signatures":[{"key":"outsider+82a7eb2d","sig":"LV0/xAOPFxvV0Xn9DPvwh9LmacFeWxoXVTOszwQKuS2i/PQEs+Bi7pe1FBRQFDAbTuDJejJ6PZg59i0F4JkRDg=="}]}
$ txng sign --key outsider.key --out signed.json event.json
$ cat signed.json
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:harvesting","epcList":["urn:txng:example.vn:lot:L24-017"],"eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","txng:roots":120,"type":"ObjectEvent"},"signatures":[{"key":"outsider+82a7eb2d","sig":"LV0/xAOPFxvV0Xn9DPvwh9LmacFeWxoXVTOszwQKuS2i/PQEs+Bi7pe1FBRQFDAbTuDJejJ6PZg59i0F4JkRDg=="}]}
# Signing a signed event adds a signature; the same key signs once.
$ txng sign --key outsider.key signed.json
! txng: signed.json: signatures: this key already signed the event
[3]
$ txng sign --key outsider.key --out signed.json event.json
! txng: signed.json: already exists; not overwritten
[3]
$ cat signed.json
{"event":{"action":"ADD","bizStep":"urn:epcglobal:cbv:bizstep:harvesting","epcList":["urn:txng:example.vn:lot:L24-017"],"eventTime":"2023-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00","txng:roots":120,"type":"ObjectEvent"},"signatures":[{"key":"outsider+82a7eb2d","sig":"LV0/xAOPFxvV0Xn9DPvwh9LmacFeWxoXVTOszwQKuS2i/PQEs+Bi7pe1FBRQFDAbTuDJejJ6PZg59i0F4JkRDg=="}]}

# A key file is needed: --key names a file, never a key of a log.
$ txng sign event.json
! txng: sign: no key: give --key FILE
! usage: txng sign --key FILE [--out FILE] [EVENT|-]
[2]
$ txng sign --key nobody.key event.json
! txng: nobody.key: no such key file
[3]
$ txng sign --key broken.key event.json
! txng: broken.key: line 3: public: missing line
[3]
$ txng sign --key nobody event.json
! txng: nobody: no such key file
[3]
$ mkdir -p nhatky/keys && cp outsider.key nhatky/keys/outsider.key
$ TXNG_DIR=nhatky txng sign --key outsider event.json
! txng: outsider: no such key file
[3]
$ TXNG_PASSPHRASE=x txng sign --key outsider.key event.json >/dev/null

# Bad events. One that append would refuse by its rules is refused when it is
# signed, while its signer is at hand (not by the clock: a device offline may
# not know the time), and nothing is written.
$ printf '%s\n' '{"type":"ObjectEvent","action":"ADD","eventTime":"2023-11-12T09:15:00","eventTimeZoneOffset":"+07:00"}' >no-offset.json
$ txng sign --key outsider.key --out no-offset.signed.json no-offset.json
! txng: no-offset.json:1: time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]
$ ls no-offset.signed.json
! ls: cannot access 'no-offset.signed.json': No such file or directory
[2]
$ printf '%s\n' '{"type":"ObjectEvent","action":"ADD","eventTime":"2099-11-12T09:15:00+07:00","eventTimeZoneOffset":"+07:00"}' | txng sign --key outsider.key - | wc -l
1
# JSON Lines, as append takes them: sign takes one event.
$ txng sign --key outsider.key event.json | sed 's/.*"event":\(.*\),"signatures".*/\1/' >one.json
$ cat one.json one.json >two.jsonl
$ txng sign --key outsider.key two.jsonl
! txng: two.jsonl:2: a second event: txng sign signs one event; give each its own file
[3]
$ txng sign --key outsider.key float.json
! txng: float.json: /txng:weightKg: numbers must be integers
[3]
$ txng sign --key outsider.key not-json.txt
! txng: not-json.txt:1: not valid JSON
[3]
$ txng sign --key outsider.key missing.json
! txng: missing.json: no such file
[3]
$ echo '{"type":""}' | txng sign --key outsider.key
! txng: stdin: type: event has no type
[3]
$ txng sign --key outsider.key a.json b.json
! txng: sign: too many arguments
! usage: txng sign --key FILE [--out FILE] [EVENT|-]
[2]
$ txng sign --key outsider.key --out
! txng: sign: --out needs a value
! usage: txng sign --key FILE [--out FILE] [EVENT|-]
[2]
$ txng sign --help
usage: txng sign --key FILE [--out FILE] [EVENT|-]
sign an event offline, for appending later in any log that enrolled the key

options:
  -k, --key FILE   the secret key file to sign with
  -o, --out FILE   write the signed event to FILE instead of standard output
  -h, --help       show this help
EVENT is a file holding one JSON event ('-' or nothing: standard input).
The output is the signed event, ready for 'txng append' in any log that
has enrolled the key.
