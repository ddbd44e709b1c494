# Bundles from the demo log: a unit's lineage, a lot, a date range, the whole
# log and a list of records; each verifies offline with only the log's key,
# and every bundle carries record 0 and the key enrolments.
$ txng demo -d L >/dev/null
$ VK=$(txng key export -d L demo.htx-samngoclinh.vn/log)
$ echo "$VK"
demo.htx-samngoclinh.vn/log+9476e2e2+ATDXBqPc96EZ2+I9upLLGxM9yJztqlPGEHR3/kY/0b2s
$ txng export -d L https://id.gs1.org/01/08930000000033/21/000007 -o unit7.txng
exported 30 records of 32 to unit7.txng
$ head -5 unit7.txng
txng-bundle@v1
origin demo.htx-samngoclinh.vn/log
select unit https://id.gs1.org/01/08930000000033/21/000007
size 32
count 30
$ grep -c '^record ' unit7.txng
30
$ grep '^hashes ' unit7.txng
hashes 8 1
$ txng verify unit7.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 30 records (unit https://id.gs1.org/01/08930000000033/21/000007), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
lineage: 1 source outside the bundle: urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: first checkpoint of this origin, remembered
$ txng export -d L --lot https://id.gs1.org/01/08930000000026/10/L24-017 -o lot.txng
exported 30 records of 32 to lot.txng
$ txng verify lot.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 30 records (lot https://id.gs1.org/01/08930000000026/10/L24-017), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
lineage: 1 source outside the bundle: urn:txng:demo.htx-samngoclinh.vn/log:cohort:ME-2012
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before
$ txng export -d L --from 2024-11-13 --to 2024-11-20 -o h1.txng
exported 11 records of 32 to h1.txng
$ txng verify h1.txng --key "$VK" --state st --json
{"argument":"2024-11-13..2024-11-20","complete":false,"exporter_verified":false,"keys":6,"ok":true,"origin":"demo.htx-samngoclinh.vn/log","records":11,"root":"sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=","select":"range","size":32,"state":"same"}
# A date alone is a calendar day as each event reads it, in its own offset:
# the shipment at 2024-11-22T06:00+07:00 (still 2024-11-21 in UTC) is an
# event of 22 November. A date-time with an offset is an instant.
$ txng export -d L --from 2024-11-22 --to 2024-11-22 --format csv | cut -d, -f1,3,4 | tail -n +2
29,2024-11-22T06:00:00+07:00,ship
$ txng export -d L --from 2024-11-21 --to 2024-11-21 --format csv | cut -d, -f1,3,4 | tail -n +2
! txng: export: no event in this range: the document has no event
$ txng export -d L --from 2024-11-21T00:00Z --to 2024-11-21T23:59:59Z --format csv | cut -d, -f1,3,4 | tail -n +2
29,2024-11-22T06:00:00+07:00,ship
$ txng export -d L --from 2024-11-22 --to 2024-11-22 -o day.txng
exported 7 records of 32 to day.txng
$ txng verify day.txng --key "$VK" --state st | head -1
ok: demo.htx-samngoclinh.vn/log: 7 records (range 2024-11-22..2024-11-22), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
$ txng export -d L --all -o full.txng
exported 32 records of 32 to full.txng
$ grep -c '^hashes ' full.txng
0
[1]
$ txng verify full.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 32 records (the whole log), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
state: the checkpoint accepted before
$ txng export -d L --index 23,25 > idx.txng
$ sed -n 3p idx.txng
select index 23,25
$ txng verify idx.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 8 records (index 23,25), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before
$ txng verify - --key "$VK" --state st < idx.txng
ok: demo.htx-samngoclinh.vn/log: 8 records (index 23,25), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
selection: not signed by its exporter, so each record is proven but not that none was left out (txng export --sign-as signs it)
state: the checkpoint accepted before

# The exporter signs (here with the log key, which the bundle enrols); the
# verifier may require a given exporter key.
$ txng export -d L --all --sign-as L/log.key -o signed.txng
exported 32 records of 32 to signed.txng
$ tail -1 signed.txng | cut -c1-47
exporter demo.htx-samngoclinh.vn/log+9476e2e2 t
$ txng verify signed.txng --key "$VK" --state st
ok: demo.htx-samngoclinh.vn/log: 32 records (the whole log), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
exporter: demo.htx-samngoclinh.vn/log+9476e2e2 (signature verified)
state: the checkpoint accepted before
$ txng verify signed.txng --key "$VK" --state st --exporter-key "$VK"
ok: demo.htx-samngoclinh.vn/log: 32 records (the whole log), checkpoint size 32, root sCWsbgkBcDjWbPMKZzGHOG1zhmpFfrXd156TK3xOZwI=
exporter: demo.htx-samngoclinh.vn/log+9476e2e2 (signature verified)
state: the checkpoint accepted before
$ txng verify full.txng --key "$VK" --state st --exporter-key "$VK"
! txng: full.txng: line 78: exporter: the bundle has no exporter signature
[1]
$ txng verify signed.txng --key "$VK" --state st --exporter-key "$(txng key export -d L ho-a-vang)"
! txng: signed.txng: line 78: exporter: the bundle is exported by another key
[1]
$ txng export -d L --lot L24-017-S --format bundle | sed -n 3p
select lot https://id.gs1.org/01/08930000000033/10/L24-017-S
$ txng export -d L --lot L24-017 --format bundle | sed -n 3p
select lot https://id.gs1.org/01/08930000000026/10/L24-017

# Refusals of the command line and of the selection.
$ txng export -d L
! txng: export: give exactly one selection: URI, --lot, --from/--to, --all or --index
! usage: txng export -d DIR (URI | --lot LOT | --from DATE --to DATE | --all | --index LIST) [-o FILE] [--format bundle|epcis|csv] [--sign-as KEY] [--consistency-from SIZE]...
[2]
$ txng export -d L --all --lot X
! txng: export: give exactly one selection: URI, --lot, --from/--to, --all or --index
! usage: txng export -d DIR (URI | --lot LOT | --from DATE --to DATE | --all | --index LIST) [-o FILE] [--format bundle|epcis|csv] [--sign-as KEY] [--consistency-from SIZE]...
[2]
$ txng export -d L --all --format xml
! txng: export: --format: bundle, epcis or csv: xml
! usage: txng export -d DIR (URI | --lot LOT | --from DATE --to DATE | --all | --index LIST) [-o FILE] [--format bundle|epcis|csv] [--sign-as KEY] [--consistency-from SIZE]...
[2]
$ txng export -d L --index 1,x
! txng: export: --index: a comma-separated list of record indexes: 1,x
! usage: txng export -d DIR (URI | --lot LOT | --from DATE --to DATE | --all | --index LIST) [-o FILE] [--format bundle|epcis|csv] [--sign-as KEY] [--consistency-from SIZE]...
[2]
$ txng export -d L --index 99 -o no.txng
! txng: export: record 99: index: record index past the newest checkpoint
[2]
$ ls no.txng
! ls: cannot access 'no.txng': No such file or directory
[2]
$ txng export -d L https://id.gs1.org/01/08930000000033/21/999999 -o no.txng
! txng: https://id.gs1.org/01/08930000000033/21/999999: id: no record names this identifier
[1]
$ txng export -d L --lot L99-999 -o no.txng
! txng: L99-999: id: no record names this identifier
[1]
$ txng export -d L --lot L99-999 --format csv -o no.txng
! txng: L99-999: id: no record names this identifier
[1]
# An empty range: a bundle is refused (it would verify "ok" with nothing of
# the range in it); a spreadsheet or an EPCIS document is written without
# events, and one line says so.
$ txng export -d L --from 2030-01-01 -o no.txng
! txng: export: range: no event in this range
[1]
$ txng export -d L --from 2030-01-01 --format csv -o empty.csv
! txng: export: no event in this range: the document has no event
$ wc -l < empty.csv; head -c 16 empty.csv | od -An -c
1
 357 273 277   r   e   c   o   r   d   ,   r   e   c   o   r   d
$ txng export -d L --from 2030-01-01 --format epcis | tail -1
"epcisBody":{"eventList":[]}}
! txng: export: no event in this range: the document has no event
$ txng export -d L --from 2024-12-01 --to 2024-01-01 -o no.txng
! txng: export: range: the range ends before it starts: give --from no later than --to
[2]
$ txng export -d L --from 2024-13-01 -o no.txng
! txng: export: range: not a range of RFC 3339 dates
[2]
$ txng export -d L --all --consistency-from 99 -o no.txng
! txng: export: --consistency-from: not a size from 1 to the checkpoint size
[2]
$ ls
L
day.txng
empty.csv
full.txng
h1.txng
idx.txng
lot.txng
signed.txng
st
unit7.txng
$ txng verify unit7.txng --state st
! txng: verify: a bundle needs --key VKEY, the log's verifier key
! usage: txng verify (-d DIR | BUNDLE --key VKEY [--exporter-key VKEY] [--state DIR] [--witness VKEY]... [--witnesses-needed K] | --tiles DIR|URL --key VKEY [--state DIR] [--witness VKEY]... [--witnesses-needed K]) [--threads N] [--json]
[2]
