#!/usr/bin/env python3
"""epcis_gen.py - write an EPCIS 2.0 JSON-LD document of N events for the import benchmarks

usage: epcis_gen.py N [OUT]   (OUT defaults to standard output)

Each event is a partner's ObjectEvent about 600 bytes long: an SGTIN with a
serial of its own (so every event has a different hash ID), a GLN read point
and business location with correct check digits, a CBV bizStep and
disposition, an extension member, and event times one minute apart from
2025-01-01. The output depends on N only, so runs can be compared.
"""
import sys


def gs1_check(digits):
    """GS1 mod-10 check digit of the digits before it."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        total += int(d) * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def event(i):
    minute = i % 60
    hour = (i // 60) % 24
    day = (i // 1440) % 28 + 1
    month = (i // (1440 * 28)) % 12 + 1
    gtin = "0893000000" + "%03d" % (i % 1000)
    gtin += gs1_check(gtin)
    gln = "893000000" + "%03d" % (i % 997)
    gln += gs1_check(gln)
    return (
        '{"type":"ObjectEvent",'
        '"eventTime":"2025-%02d-%02dT%02d:%02d:00.000+07:00","eventTimeZoneOffset":"+07:00",'
        '"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",'
        '"epcList":["https://id.gs1.org/01/%s/21/S%09d"],'
        '"readPoint":{"id":"https://id.gs1.org/414/%s"},'
        '"bizLocation":{"id":"https://id.gs1.org/414/%s"},'
        '"bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:8930000000019:PO-%d"}],'
        '"ex:batch":"B-%d","ex:temperature":%d.5}'
        % (month, day, hour, minute, gtin, i, gln, gln, i // 100, i // 1000, i % 30)
    )


def main():
    if len(sys.argv) not in (2, 3) or not sys.argv[1].isdigit():
        sys.stderr.write("usage: epcis_gen.py N [OUT]\n")
        return 2
    n = int(sys.argv[1])
    out = open(sys.argv[2], "w") if len(sys.argv) == 3 else sys.stdout
    out.write(
        '{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",'
        '{"ex":"https://partner.example/ns/"}],\n'
        '"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-12-01T00:00:00Z",\n'
        '"epcisBody":{"eventList":[\n'
    )
    for i in range(n):
        out.write(event(i))
        out.write(",\n" if i + 1 < n else "\n")
    out.write("]}}\n")
    out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
