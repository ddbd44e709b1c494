# One event spread over several lines is read as one value: its own error is
# reported with its line, not the error of its first line read as JSON Lines.
$ txng init -d L --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null >/dev/null
$ txng key new -d L g --role grower --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ printf '{\n "type": "X",\n "q": 1.5\n}\n' > float.json
$ txng append -d L --as g float.json
! txng: float.json: /q: numbers must be integers
[3]
$ printf '{\n "type": "X",\n "q": 1,\n "q": 2\n}\n' > dup.json
$ txng append -d L --as g dup.json
! txng: dup.json:4: q: duplicate key
[3]
$ printf '{\n "type": "X",\n\n "q": 1,,\n}\n' > syntax.json
$ txng append -d L --as g syntax.json
! txng: syntax.json:4: not valid JSON
[3]
$ printf '{"type":"X"}\n{"type":"Y","q":1.5}\n' > lines.jsonl
$ txng append -d L --as g lines.jsonl
! txng: lines.jsonl:2: /q: numbers must be integers
[3]
$ txng log -d L --from 2
