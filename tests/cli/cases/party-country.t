# party add --country CC: the party's country as an ISO 3166-1 alpha-2 code,
# kept as "country" in capitals (a label of its products gives the numeric
# code as GS1 AI 422). Any other value is refused (status 3), nothing written,
# whether it comes as an option, a CSV cell or a JSON event.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ R=2025-12-01T00:00:00Z
$ txng init -d L --origin htx-samngoclinh.vn/log --no-passphrase -t 1700000000 >/dev/null 2>&1
$ txng key new -d L htx --role cooperative --no-passphrase -t 1700000100 >/dev/null 2>&1
$ txng party add -d L --as htx -r "$R" --name "HTX Sâm Ngọc Linh Tu Mơ Rông" --code htx --country vn
2
$ txng show -d L 2 --json | grep -o '"country":"[^"]*"'
"country":"VN"
$ txng party add -d L --as htx -r "$R" --name "Công ty Lào" --code cty-lao --country LA --dry-run | grep -o '"country":"[^"]*"'
"country":"LA"
$ txng party add -d L --as htx -r "$R" --name "Công ty X" --code cty-x --country VNM
! txng: party add: --country: not an ISO 3166-1 alpha-2 country code, such as VN
[3]
$ txng party add -d L --as htx -r "$R" --name "Công ty X" --code cty-x --country XX
! txng: party add: --country: not an ISO 3166-1 alpha-2 country code, such as VN
[3]
$ txng party add -d L --as htx -r "$R" --name "Công ty X" --code cty-x --country 704
! txng: party add: --country: not an ISO 3166-1 alpha-2 country code, such as VN
[3]
$ txng party add -d L --as htx -r "$R" --name "Công ty X" --code cty-x --country ''
! txng: party add: --country: not an ISO 3166-1 alpha-2 country code, such as VN
[3]
$ printf 'Tên,Mã,Quốc gia\nCông ty Y,cty-y,VNM\n' > p.csv
$ txng import -d L --as htx -r "$R" --csv p.csv --step party
! txng: p.csv:2: Quốc gia: not an ISO 3166-1 alpha-2 country code, such as VN
[3]
$ printf '{"type":"txng:Party","name":"Công ty Z","id":"urn:txng:htx-samngoclinh.vn/log:party:cty-z","country":"vn","eventTime":"2025-11-30T08:00+07:00","eventTimeZoneOffset":"+07:00"}\n' > p.json
$ txng append -d L --as htx -t "$R" p.json
! txng: p.json:1: country: not an ISO 3166-1 alpha-2 country code, such as VN
[3]
$ txng log -d L | wc -l
3
# The CSV heading is Quốc gia.
$ txng party add --help | grep country
  --country CC             country (ISO 3166-1 alpha-2, e.g. VN) [Quốc gia]
