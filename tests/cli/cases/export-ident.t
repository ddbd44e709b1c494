# What txng export accepts as the unit to export: the same reader as txng
# trace (cli/ident.c). The demo log; each form selects box 000007.
$ txng demo -d demo >/dev/null
# The URI on the unit label as the phone scanned it (any resolver, with its
# data attributes and signature), the unit's Digital Link, its EPC URN and
# its plain serial.
$ txng export -d demo -o a.txng 'https://demo.htx-samngoclinh.vn/01/08930000000033/10/L24-017-S/21/000007?17=261119&7007=241112&8030=rUOjryuyXxmW1LHtkNSWsFemw-69JxwINvVQW5l2-zC-61Gu4oJ9ZcTfvo5L_Fpl0qqyDuHL9y5vvsk99baJBA'
exported 30 records of 32 to a.txng
$ txng export -d demo -o b.txng https://id.gs1.org/01/08930000000033/21/000007
exported 30 records of 32 to b.txng
$ txng export -d demo -o c.txng urn:epc:id:sgtin:8930000.000003.000007
exported 30 records of 32 to c.txng
$ txng export -d demo -o d.txng 000007
exported 30 records of 32 to d.txng
$ txng export -d demo -o e.txng 'https://qr.example.vn/r/01/08930000000033/10/L24-017-S/21/000007?linkType=gs1:pip'
exported 30 records of 32 to e.txng
$ cmp a.txng b.txng && cmp a.txng c.txng && cmp a.txng d.txng && cmp a.txng e.txng && echo same bundle
same bundle
# A lot code as the operand: the lot's lineage.
$ txng export -d demo -o lot.txng L24-017
exported 30 records of 32 to lot.txng

# Refusals. A Digital Link or EPC URN that does not parse: the parser's
# reason, status 3, nothing written.
$ txng export -d demo -o x.txng https://id.gs1.org/01/08930000000034/21/000007
! txng: https://id.gs1.org/01/08930000000034/21/000007: not a valid identifier: GTIN (01): wrong check digit: expected 3
[3]
$ txng export -d demo -o x.txng 'https://demo.htx-samngoclinh.vn/01/08930000000034/10/L24-017-S/21/000007?17=261119'
! txng: https://demo.htx-samngoclinh.vn/01/08930000000034/10/L24-017-S/21/000007?17=261119: not a valid identifier: GTIN (01): wrong check digit: expected 3
[3]
$ txng export -d demo -o x.txng urn:epc:id:sgtin:8930000.000003
! txng: urn:epc:id:sgtin:8930000.000003: not a valid identifier: wrong number of fields
[3]
$ test -e x.txng || echo nothing written
nothing written
# A well-formed identifier no record names: the answer is no (1).
$ txng export -d demo -o x.txng 999999
! txng: 999999: id: no record names this identifier
[1]
$ txng export -d demo -o x.txng https://id.gs1.org/01/08930000000033/21/999999
! txng: https://id.gs1.org/01/08930000000033/21/999999: id: no record names this identifier
[1]
$ test -e x.txng || echo nothing written
nothing written
