# txng serve --claim-fails N: the wrong claim codes one client address may send per hour
# (0: no limit). A value that is not a number is a usage error (2), before any log is opened.
$ txng serve --help | grep -A1 -e --claim-fails
  -c, --claim-fails N    wrong claim codes a client may send per hour (default 5;
                         0 = no limit); a right code is always taken
$ txng serve -d L --claim-fails x
! txng: serve: --claim-fails: a number
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --claim-fails -1
! txng: serve: --claim-fails: a number
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
$ txng serve -d L --claim-fails 4294967295
! txng: serve: --claim-fails: a number
! usage: txng serve -d DIR [--listen ADDR:PORT] [--base URL] [--write]
[2]
