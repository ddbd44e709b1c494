#!/usr/bin/env python3
"""epcis_import_mem.py - peak memory of `txng import --format epcis` on a large document

usage: TXNG=path/to/txng epcis_import_mem.py [N] [LIMIT_MIB]   (TAP on stdout)

Generates an N-event document (default 50,000, tests/bench/epcis_gen.py),
then runs, each in a child whose peak resident set comes from wait4():
  1. the import with --dry-run into an empty log (reads the document three
     times, builds every event twice, prints them): peak RSS < LIMIT_MIB
     (default 64);
  2. the import itself, in batches: the anonymous memory, sampled from
     /proc/PID/status every 10 ms, < LIMIT_MIB, and the peak RSS less the size
     of the log's data.mdb < LIMIT_MIB. Pages of the log's memory map that the
     appends and the eventID lookups touch count in RSS; they are the file's
     page cache, bounded by the log's size, and the kernel drops them under
     pressure, so they are taken off.
Memory is deterministic enough to assert; times are printed, never asserted.
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
RECORDED = "2025-12-01T00:00:00Z"
tests = 0
failed = 0


def ok(cond, name):
    global tests, failed
    tests += 1
    if not cond:
        failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", tests, name), flush=True)


def status_kib(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(argv, env, out):
    """Run argv; return (exit status, peak RSS KiB, peak sampled RssAnon KiB, seconds)."""
    start = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.PIPE)
    anon = 0
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid != 0:
            break
        anon = max(anon, status_kib(p.pid, "RssAnon"))
        time.sleep(0.01)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if err:
        sys.stdout.write("".join("# " + l + "\n" for l in err.splitlines()))
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss, anon, time.monotonic() - start


def main():
    txng = os.environ.get("TXNG")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    if not txng:
        print("1..0 # SKIP TXNG is not set")
        return 0
    print("1..6")
    env = dict(os.environ, TXNG_INSECURE_SEED=SEED, LC_ALL="C")
    env.pop("TXNG_IMPORT_BATCH", None)
    with tempfile.TemporaryDirectory(prefix="txng-epcis-mem.") as tmp:
        doc = os.path.join(tmp, "doc.jsonld")
        log = os.path.join(tmp, "log")
        subprocess.run([sys.executable, os.path.join(HERE, "epcis_gen.py"), str(n), doc],
                       check=True)
        subprocess.run([txng, "init", "-d", log, "--origin", "mem.example/log",
                        "--no-passphrase", "-t", "1700000000"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([txng, "key", "new", "-d", log, "shop", "--role", "retailer",
                        "--no-passphrase", "-t", "1700000100"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("# document: %d events, %.1f MiB" % (n, os.path.getsize(doc) / 2**20))

        with open(os.path.join(tmp, "dry.jsonl"), "wb") as out:
            st, rss, anon, secs = run([txng, "import", "-d", log, "--format", "epcis", doc,
                                       "--dry-run", "-r", RECORDED], env, out)
        lines = sum(1 for _ in open(os.path.join(tmp, "dry.jsonl"), "rb"))
        print("# dry run: peak RSS %.1f MiB, anonymous %.1f MiB, %.1f s"
              % (rss / 1024, anon / 1024, secs))
        ok(st == 0 and lines == n, "dry run prints the %d events" % n)
        ok(rss < limit * 1024, "dry run: peak RSS %.1f MiB < %d MiB" % (rss / 1024, limit))

        with open(os.path.join(tmp, "out.txt"), "wb") as out:
            st, rss, anon, secs = run([txng, "import", "-d", log, "--format", "epcis", doc,
                                       "--as", "shop", "-r", RECORDED], env, out)
        said = open(os.path.join(tmp, "out.txt")).read().strip()
        mdb = os.path.getsize(os.path.join(log, "data.mdb"))
        print("# import: peak RSS %.1f MiB, anonymous %.1f MiB, data.mdb %.1f MiB, %.1f s"
              % (rss / 1024, anon / 1024, mdb / 2**20, secs))
        ok(st == 0 and said == "imported %d events (records 2..%d)" % (n, n + 1),
           "import: %s" % said)
        ok(anon < limit * 1024, "import: anonymous memory %.1f MiB < %d MiB" % (anon / 1024, limit))
        ok(rss - mdb / 1024 < limit * 1024,
           "import: peak RSS less the log's map %.1f MiB < %d MiB"
           % ((rss - mdb / 1024) / 1024, limit))

        with open(os.devnull, "wb") as out:
            st, rss, anon, secs = run([txng, "import", "-d", log, "--format", "epcis", doc,
                                       "--as", "shop", "-r", RECORDED], env, out)
        print("# again (nothing new): peak RSS %.1f MiB, %.1f s" % (rss / 1024, secs))
        ok(st == 0, "import again: nothing new")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
