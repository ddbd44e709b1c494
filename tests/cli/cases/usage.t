# Help and version go to stdout with status 0; misuse is status 2 with a usage
# line; a log that is not there is status 3 (could not do the job).
$ txng --help
usage: txng COMMAND [OPTIONS] [ARGUMENTS]

txng keeps a signed, append-only, verifiable log of traceability events.

commands:
  init        create a new log and its key; print the log's verifier key
  key         make, list, revoke and export the keys that may sign events
  append      append events (one JSON event or JSON Lines) to the log
  sign        sign an event offline, for appending later in any log that enrolled the key
  log         list the records of a log, one per line
  show        show one record
  checkpoint  print the newest signed checkpoint (C2SP tlog-checkpoint)
  prove       print an inclusion proof (C2SP tlog-proof) or a consistency proof
  verify      check every record, signature, checkpoint and index of a log
  backup      copy the log folder to a new folder while in use, read it back and verify it
  record      record a critical tracking event: a step of the chain with its key data elements
  party       add a party (master data) or list the parties of the log
  place       add a place (master data) or list the places of the log
  product     add a product (master data) or list the products of the log
  certificate add a certificate (master data) or list the certificates of the log
  import      import a bundle from another log, or events from a spreadsheet or EPCIS
  trace       follow an identifier back to its sources or forward to every product and buyer
  export      write records as a signed bundle, EPCIS 2.0 or CSV
  tiles       write the log as C2SP tlog-tiles, incrementally
  witness     cosign checkpoints of logs (C2SP tlog-witness)
  qr          draw the QR code of a Digital Link URI
  labels      print a sheet of unit labels
  claim       claim a unit with the code under its scratch-off
  stamp       show which harvest allocated a GI stamp and which packing used it
  verify-label check a label's code and signature
  serve       run the resolver: pages, linksets, bundles, tiles
  media       keep, list or copy out product images shown by the resolver
  demo        build a small ginseng log, verify it, and explain each step

Run 'txng COMMAND --help' for a command's options.
$ txng --version
txng 0.10.0
$ txng nosuch
! txng: nosuch: no such command (see 'txng --help')
! usage: txng COMMAND [OPTIONS] [ARGUMENTS]
[2]
$ txng init
! txng: init: no log folder: give -d DIR or set TXNG_DIR
! usage: txng init -d DIR --origin ORIGIN [--no-passphrase] [--time TIME] [--json]
[2]
$ txng verify -d nolog
! txng: nolog: no such folder
[3]
