# checkpoint and prove print JSON with --json: the checkpoint's fields beside the
# signed note, and the proof's hashes in base64.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin example.vn/log --no-passphrase -t 1700000000 2>/dev/null >/dev/null
$ txng key new -d L a --role grower --no-passphrase -t 1700000100 2>/dev/null >/dev/null
$ txng key new -d L b --role grower --no-passphrase -t 1700000200 2>/dev/null >/dev/null
$ txng checkpoint -d L --json
{"note":"example.vn/log\n3\ny0boftXCWBFQ9ji6mv9nuUsH4/FEMOhUnheYJ5UIgEQ=\n\n— example.vn/log R4BuOKDKEUl6X2zYgv0FirI4PP0hQgoNepLW8+yNO9x3hIll9EjTm5Md4HTE2HfNSLJFQM5nMfHxyTVFavv2Wx6seQY=\n","origin":"example.vn/log","root":"y0boftXCWBFQ9ji6mv9nuUsH4/FEMOhUnheYJ5UIgEQ=","size":3}
$ txng checkpoint -d L --size 2 --json
{"note":"example.vn/log\n2\noGjW08tTd21uIwPWykZGKSqiRLIKk/5FpNr+hYUeS4o=\n\n— example.vn/log R4BuOIXPB+b49GIKd+BKe300lpdpbFnzpuP6OYsYAUqOFxjXPQfa3MmYjd6oyVNDW+IP6XrHbE2No6OTpjdWrFnR9gM=\n","origin":"example.vn/log","root":"oGjW08tTd21uIwPWykZGKSqiRLIKk/5FpNr+hYUeS4o=","size":2}
$ txng prove -d L 1 --json
{"index":1,"note":"example.vn/log\n3\ny0boftXCWBFQ9ji6mv9nuUsH4/FEMOhUnheYJ5UIgEQ=\n\n— example.vn/log R4BuOKDKEUl6X2zYgv0FirI4PP0hQgoNepLW8+yNO9x3hIll9EjTm5Md4HTE2HfNSLJFQM5nMfHxyTVFavv2Wx6seQY=\n","origin":"example.vn/log","proof":["PAt0VsyCXIyPBQ1GNzsK/6Lm3xkc3BTuX47GWYoKqmA=","+SNiFmekDgVIlr3mV9tLcVTjMgWLXtj9GM+2feDpNtY="],"root":"y0boftXCWBFQ9ji6mv9nuUsH4/FEMOhUnheYJ5UIgEQ=","size":3}
$ txng prove -d L --consistency 1 3 --json
{"old":1,"new":3,"proof":["Hqiw1/cip9H0AjQE9Z3MvTC9m7mDXB4jEHoLwJ4EH1A=","+SNiFmekDgVIlr3mV9tLcVTjMgWLXtj9GM+2feDpNtY="]}
$ txng prove -d L 7 --json
! txng: L: no record 7: the log has 3 records (0 to 2)
[1]
$ txng checkpoint -d L --size 9 --json
! txng: L: no checkpoint of size 9
[1]
