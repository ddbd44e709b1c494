# txng append applies to every event, unsigned or signed with txng sign (then
# to the event inside), the rules txng record and txng import apply to the
# events they build: the stateless rules of core/event.h with the clock skew
# ($TXNG_MAX_SKEW seconds after the recorded time), then the stateful rules of
# core/rules.h against the log. A refusal names the input line, the field and
# the rule; nothing from the input is appended (status 3).
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin t.vn/log --no-passphrase -t 1700000000 2>/dev/null
t.vn/log+3356af51+AWUL4jvlZ0zzCSVhPfW6bpP3nurNRDfum9F3qv6i0RKA
$ txng key new -d L g --role grower --no-passphrase -t 1700000100 2>/dev/null
g+a1b00148+AczmV7kcnxeKzHDi+N/1uJMSX1sUnmi5iXJF9rQ6PPj/
$ txng key new -d L c --role coop --no-passphrase -t 1700000200 2>/dev/null
c+866a3d20+AZFBVgr24EB2DcRZp60AzU8MBlyUmipukYnJkOf9RcgR
$ txng place add -d L --as c --name V --code v -r 1700000300
3
$ txng record plant -d L --as g --cohort C1 --place v --count 400 --time 2019-10-20T08:00+07:00 -r 1700000400
4
$ txng log -d L >before.txt

# The acceptance tester's event, then the same with each fault mended in turn:
# no offset; a time in 2031; more roots than the cohort's 400 plants.
$ E='{"type":"TransformationEvent","txng:step":"harvest","bizStep":"urn:txng:bizstep:harvest","disposition":"active","eventTime":"2031-01-01T08:00:00","inputEPCList":["urn:txng:t.vn/log:cohort:C1"],"outputQuantityList":[{"epcClass":"urn:txng:t.vn/log:lot:L1","quantity":"3.1","uom":"KGM"}],"txng:roots":99999,"txng:age":4}'
$ echo "$E" | txng append -d L --as g -t 1700001000 -
! txng: stdin:1: time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]
$ E=$(echo "$E" | sed 's/T08:00:00"/T08:00:00+07:00","eventTimeZoneOffset":"+07:00"/')
$ echo "$E" | txng append -d L --as g -t 1700001000 -
! txng: stdin:1: time: event time is more than TXNG_MAX_SKEW seconds (600 unless set) ahead of the clock: check --time and the clock
[3]
$ E=$(echo "$E" | sed 's/2031-01-01/2023-10-20/')
$ echo "$E" | txng append -d L --as g -t 1700001000 -
! txng: stdin:1: roots: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 400)
[3]
$ echo "$E" | sed 's/99999/401/' | txng append -d L --as g -t 1700001000 -
! txng: stdin:1: roots: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 400)
[3]
$ echo "$E" | sed 's/99999/401/' | LC_ALL=C.UTF-8 LANGUAGE=vi txng append -d L --as g -t 1700001000 -
! txng: đầu vào chuẩn:1: roots: số củ nhiều hơn số cây còn lại của lứa trồng: kiểm tra lại --roots, hoặc ghi một lần kiểm kê vườn (stand-count) (số củ còn lại: 400)
[3]

# Signed in advance with txng sign: the event inside is checked the same way.
$ echo "$E" | sed 's/99999/401/' | txng sign --key L/keys/g.key >signed-roots.json
$ txng append -d L -t 1700001000 signed-roots.json
! txng: signed-roots.json:1: roots: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 400)
[3]
# (txng sign refuses to sign that one: another tool signs it, as tamper does.)
$ echo "$E" | sed 's/2023-10-20T08:00:00+07:00","eventTimeZoneOffset":"+07:00"/2023-10-20T08:00:00"/' >time.json
$ txng sign --key L/keys/g.key time.json
! txng: time.json:1: time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]
$ tamper L sign g time.json >signed-time.json
$ txng append -d L -t 1700001000 signed-time.json
! txng: signed-time.json:1: time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]

# JSON Lines: each event sees the log and the lines before it. Line 3 takes
# more roots than lines 1 and 2 leave of 400; line 2 of the next file has no
# offset. Nothing is appended from either file.
$ echo "$E" | sed 's/99999/100/' >h.jsonl
$ echo "$E" | sed 's/99999/250/; s/lot:L1/lot:L2/' >>h.jsonl
$ echo "$E" | sed 's/99999/100/; s/lot:L1/lot:L3/' >>h.jsonl
$ txng append -d L --as g -t 1700001000 h.jsonl
! txng: h.jsonl:3: roots: more roots than the cohort's planted count leaves: check --roots, or record a stand count (roots left: 50)
[3]
$ { sed -n 1p h.jsonl; sed -n 3p h.jsonl | sed 's/+07:00","eventTimeZoneOffset":"+07:00"/"/'; } >bad2.jsonl
$ txng append -d L --as g -t 1700001000 bad2.jsonl
! txng: bad2.jsonl:2: time: time without an offset: give e.g. 2025-10-01T08:00+07:00
[3]
$ txng log -d L >after.txt && cmp before.txt after.txt

# Events of no txng step get the EPCIS rules (a time with an offset matching
# eventTimeZoneOffset, well-formed quantities, the mass balance); the
# stateful rules leave them alone.
$ echo '{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2023-10-20T08:00:00+07:00","epcList":["https://id.gs1.org/01/08930000000026/21/7"]}' | txng append -d L --as g -t 1700001000 -
! txng: stdin:1: time: missing eventTimeZoneOffset: give the offset of eventTime (offset of eventTime: +07:00)
[3]
$ echo '{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2023-10-20T08:00:00+07:00","eventTimeZoneOffset":"+07:00","epcList":["https://id.gs1.org/01/08930000000026/21/7"]}' | txng append -d L --as g -t 1700001000 -
5

# Accepted: lines 1 and 2, in one transaction.
$ sed -n 1,2p h.jsonl | txng append -d L --as g -t 1700001000 -
6
7

# A transformation whose outputs outweigh its inputs (3.1 kg of L1 dried to
# 9.2 kg) needs txng:allowGain, as txng record transform --allow-gain gives.
$ txng record transform -d L -n --in L1:3.1kg --out D1:2.2kg --method drying --time 2023-10-21T08:00+07:00 -r 1700001000 >t.json
$ sed 's/"2.2"/"9.2"/' t.json | txng append -d L --as g -t 1700001000 -
! txng: stdin:1: out: outputs outweigh inputs: give --allow-gain REASON
[3]
$ sed 's/"2.2"/"9.2"/; s/"txng:step"/"txng:allowGain":"rehydrated for a test","txng:step"/' t.json | txng append -d L --as g -t 1700001000 -
8
$ txng log -d L --from 6
6	2023-11-14T22:30:00Z	harvest	g
7	2023-11-14T22:30:00Z	harvest	g
8	2023-11-14T22:30:00Z	transform	g

# An event 30 minutes after the recorded time: beyond the default skew of 600
# seconds, within TXNG_MAX_SKEW=7200; the skew is read as txng record reads it.
$ echo "$E" | sed 's/99999/1/; s/2023-10-20T08:00/2023-11-15T06:00/; s/lot:L1/lot:L4/' >late.json
$ txng append -d L --as g -t 1700001000 late.json
! txng: late.json:1: time: event time is more than TXNG_MAX_SKEW seconds (600 unless set) ahead of the clock: check --time and the clock
[3]
$ TXNG_MAX_SKEW=7200 txng append -d L --as g -t 1700001000 late.json
9
$ TXNG_MAX_SKEW=soon txng append -d L --as g -t 1700001000 late.json
! txng: append: TXNG_MAX_SKEW: not a number of seconds
! usage: txng append -d DIR [--as KEY] [--time TIME] FILE|-
[2]
