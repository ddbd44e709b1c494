# txng witness without a network: the witness folder (init, add-log, list),
# the log's witness list (add, list), and each refusal. The HTTP side is in
# tests/witness/http.sh.
$ export TXNG_INSECURE_SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
$ txng init -d L --origin example.com/log --no-passphrase -t 1700000000 2>/dev/null
example.com/log+f6e9334c+ARAmc1a6Dnb/NTkzb8721EEDADKsp0MSYGl4cul8wTmm
$ txng witness init -d W --name witness.example.com/w1 --no-passphrase
witness.example.com/w1+85dae8ab+BNEL2pk4gCspITRCERQl61kcKL5ZyZXgB7qho56APex3
! txng: W/witness.key: warning: key file written without a passphrase
$ txng witness init -d W --name witness.example.com/w1 --no-passphrase
! txng: W/witness.key: a witness already lives here
[3]
$ txng witness init -d W2
! txng: witness: no name: give --name NAME
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness init -d W2 --name 'bad name'
! txng: witness: not a valid key name (no spaces, no '+'): bad name
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness list -d W
witness witness.example.com/w1+85dae8ab+BNEL2pk4gCspITRCERQl61kcKL5ZyZXgB7qho56APex3
$ txng witness add-log -d W "$(txng key export -d L example.com/log)"
trusting example.com/log
$ txng witness add-log -d W "$(txng key export -d L example.com/log)"
! txng: example.com/log: this log is already known
[3]
$ txng witness add-log -d W --origin other.example/log "$(txng key export -d L example.com/log)"
trusting other.example/log
$ txng witness add-log -d W "$(cat W/witness.vkey)"
! txng: witness.example.com/w1+85dae8ab+BNEL2pk4gCspITRCERQl61kcKL5ZyZXgB7qho56APex3: key type is not Ed25519
! txng: witness: give the log's verifier key, as txng init prints
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness add-log -d NOWITNESS "$(txng key export -d L example.com/log)"
! txng: NOWITNESS: no witness here: run txng witness init first
[3]
$ txng witness list -d W
witness witness.example.com/w1+85dae8ab+BNEL2pk4gCspITRCERQl61kcKL5ZyZXgB7qho56APex3
example.com/log 0 example.com/log+f6e9334c+ARAmc1a6Dnb/NTkzb8721EEDADKsp0MSYGl4cul8wTmm
other.example/log 0 example.com/log+f6e9334c+ARAmc1a6Dnb/NTkzb8721EEDADKsp0MSYGl4cul8wTmm
$ txng witness add -d L http://127.0.0.1:9/ "$(cat W/witness.vkey)"
witness witness.example.com/w1 at http://127.0.0.1:9/
$ txng witness add -d L http://127.0.0.1:9/ "$(cat W/witness.vkey)"
! txng: witness.example.com/w1: this witness is already configured
[3]
$ txng witness add -d L ftp://127.0.0.1:9/ "$(cat W/witness.vkey)"
! txng: witness: not an http:// or https:// URL: ftp://127.0.0.1:9/
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness add -d L http://127.0.0.1:9/ "$(txng key export -d L example.com/log)"
! txng: example.com/log+f6e9334c+ARAmc1a6Dnb/NTkzb8721EEDADKsp0MSYGl4cul8wTmm: key type is not an Ed25519 cosignature/v1 key (0x04)
! txng: witness: give a witness verifier key NAME+ID+KEY (type 0x04)
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness add -d L http://127.0.0.1:9/
! txng: witness: add needs URL and VKEY
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness list -d L
http://127.0.0.1:9/ witness.example.com/w1+85dae8ab+BNEL2pk4gCspITRCERQl61kcKL5ZyZXgB7qho56APex3 0
$ txng witness serve -d W
! txng: witness: no address: give --listen HOST:PORT
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness serve -d W --listen 127.0.0.1
! txng: witness: --listen: not HOST:PORT with a numeric address: 127.0.0.1
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness serve -d W --listen 999.0.0.1:80
! txng: witness: --listen: not HOST:PORT with a numeric address: 999.0.0.1:80
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness frobnicate -d W
! txng: witness: unknown subcommand frobnicate
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness
! txng: witness: no subcommand: init, add-log, list, serve, add or ask
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
$ txng witness -d W list extra
! txng: witness: unexpected argument extra
! usage: txng witness init|add-log|list|serve|add|ask -d DIR ...
[2]
# Nobody listens on port 9: the witness is named, the exit status is 3.
$ txng witness ask -d L
! txng: http://127.0.0.1:9/add-checkpoint: Couldn't connect to server
[3]
# Every append asks the witnesses too. The record is kept and acknowledged,
# so a witness that is down is one warning line and the exit status stays 0.
$ txng key new -d L a --role grower --no-passphrase -t 1700000100
a+52ac746b+AQUO7dp10XO8joh9XxFNqhkRQktMM2tQeu8Rqio1NXhW
! txng: L/keys/a.key: warning: key file written without a passphrase
! txng: witness http://127.0.0.1:9/: not cosigned: Couldn't connect to server (the record is kept; run 'txng witness ask -d L' later)
$ txng checkpoint -d L | sed -n 2p
2
$ txng key revoke -d L a -t 1700000200
revoked a+52ac746b
! txng: witness http://127.0.0.1:9/: not cosigned: Couldn't connect to server (the record is kept; run 'txng witness ask -d L' later)
$ txng witness list -d L
http://127.0.0.1:9/ witness.example.com/w1+85dae8ab+BNEL2pk4gCspITRCERQl61kcKL5ZyZXgB7qho56APex3 0
$ printf 'garbage\n' > L/witnesses
$ txng witness ask -d L
! txng: L/witnesses: line 1: not "URL VKEY SIZE"
[3]
# A broken witness list does not undo the append either.
$ txng key new -d L b --role grower --no-passphrase -t 1700000300
b+c522e37f+AU1kBGYkFLHF8CG7Pf+DgLSYxlF11P+MLu6PIdF+M5yM
! txng: L/keys/b.key: warning: key file written without a passphrase
! txng: L/witnesses: line 1: not "URL VKEY SIZE"
! txng: witnesses of L: the witness list failed (the record is kept; run 'txng witness ask -d L' later)
$ txng checkpoint -d L | sed -n 2p
4
