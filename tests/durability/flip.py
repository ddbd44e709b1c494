#!/usr/bin/env python3
"""flip.py TXNG - one flipped bit anywhere in data.mdb never crashes txng.

LMDB keeps no checksums, so a damaged page can lead it to a failed assertion,
past the end of the file (SIGBUS) or outside its map (SIGSEGV). Whatever bit
of the demo log's data.mdb is flipped, `txng verify -d` and `txng log` must
end by themselves: exit 0, 1 or 3, with one line on standard error when they
refuse. Prints TAP.

Pages on LMDB's free list (`mdb_stat -fff`, from lmdb-utils) are left out:
no reader of the newest tree reaches them, so a flip there cannot change
what txng does, and they are about half of the demo's file. Without
mdb_stat every page is flipped.
"""
import os
import shutil
import subprocess
import sys
import tempfile

STEP = 251  # bytes between flips: a prime, so each page is hit at other offsets
# Bytes that once crashed txng (the demo log of 2026-12-07; all 8 bits flipped): a meta page read
# while the file is mapped, an LMDB assertion, a page past the end of the
# file, a zero page number, a branch key.
PROBES = [20, 150, 4139, 4237, 133020, 147485, 155669, 20490, 49079, 106506, 45068]


def free_pages(env):
    """The page numbers on the free list of the LMDB environment in @env, and
    the page size; (set(), 0) when mdb_stat cannot tell."""
    try:
        info = subprocess.run(["mdb_stat", "-e", "-fff", env], capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set(), 0
    pages, size, listing = set(), 0, False
    for line in info.splitlines():
        words = line.split()
        if line.startswith("  Page size:"):
            size = int(words[-1])
        elif line.startswith("    Transaction "):
            listing = True
        elif listing and len(words) == 1 and words[0][0].isdigit():
            first, _, run = words[0].partition("[")
            pages.update(range(int(first), int(first) + int(run.rstrip("]") or 1)))
        else:
            listing = False
    return (pages, size) if size else (set(), 0)


def main():
    txng = sys.argv[1]
    top = tempfile.mkdtemp(prefix="txng-flip-")
    try:
        base = os.path.join(top, "demo")
        subprocess.run([txng, "demo", "-d", base], check=True, stdout=subprocess.DEVNULL)
        data = open(os.path.join(base, "data.mdb"), "rb").read()
        free, page = free_pages(base)
        offsets = {o for o in range(0, len(data), STEP) if not page or o // page not in free}
        offsets = sorted(offsets | {p for p in PROBES if p < len(data)})
        print("# %d of %d pages are on the free list: not flipped"
              % (len(free), len(data) // page if page else 0))
        work = os.path.join(top, "w")
        os.mkdir(work)
        shutil.copy(os.path.join(base, "log.key"), work)
        n = 0
        failed = 0
        for off in offsets:
            damaged = bytearray(data)
            damaged[off] ^= 0xFF if off in PROBES else 1
            with open(os.path.join(work, "data.mdb"), "wb") as f:
                f.write(damaged)
            if os.path.exists(os.path.join(work, "lock.mdb")):
                os.remove(os.path.join(work, "lock.mdb"))
            for args in (["verify", "-d", work], ["log", "-d", work]):
                r = subprocess.run([txng] + args, capture_output=True, timeout=120)
                err = r.stderr.decode("utf-8", "replace")
                lines = err.count("\n")
                good = r.returncode in (0, 1, 3) and (lines == 1 if r.returncode else lines == 0)
                n += 1
                if not good:
                    failed += 1
                    print("not ok %d - byte %d, txng %s: exit %d, %d lines: %s"
                          % (failed, off, args[0], r.returncode, lines, err.strip()[:300]))
        # One line per run would be thousands of lines: the passes are counted.
        print("%s %d - %d runs on %d flipped bytes of %d: %d crashed or said more than a line"
              % ("ok" if failed == 0 else "not ok", failed + 1, n, len(offsets), len(data),
                 failed))
        print("1..%d" % (failed + 1))
        return 1 if failed else 0
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
