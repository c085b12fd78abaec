"""What the fault tests (fault_delay.py, fault_sgi.py, fault_campaign.py) share: their TAP
output, and the records of a `hypsim trace dump`. Python 3 standard library only."""
import collections
import re
import sys

_tests = []


def check(ok, name, diag=""):
    """One test: whether it passed, its description, and what to print under it if not."""
    _tests.append((bool(ok), name, diag))


def finish():
    """Prints the TAP document of the checks made and exits 0: meson reads the results
    from the document."""
    print("1..%d" % len(_tests))
    for i, (ok, name, diag) in enumerate(_tests, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok and diag:
            for line in str(diag).splitlines():
                print("# " + line)
    sys.exit(0)


Record = collections.namedtuple("Record", "seq time_ps vcpu cycle event fields text")

# `hypsim trace dump`: seq, time in ps, vCPU (or -), cycle, event, then name=value fields
# and a meaning in brackets (traces/decode.c).
_RECORD = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\w+)\s+(.*)$")


def records(dump):
    """The records of a dump's text, as Record tuples (vcpu a string, "-" for none)."""
    for line in dump.splitlines():
        m = _RECORD.match(line)
        if m:
            yield Record(int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4)),
                         m.group(5), dict(re.findall(r"(\w+)=(\S+)", m.group(6))), m.group(6))
