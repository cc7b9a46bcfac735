#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host side of the test bench: expected results, boot plans, verdicts.

  report.py none KERNEL
      Cases of the main boots expected "none" on KERNEL: not run there.
  report.py cases KERNEL
      Cases of the main boots run on KERNEL (expected anything but "none").
  report.py huge KERNEL
      Cases of KERNEL's boot with huge vmalloc mappings enabled (listed
      as huge/CASE, run as CASE; judged as huge/CASE).
  report.py isolated KERNEL
      Cases whose failure on KERNEL needs a boot of its own: a lockdep
      report silences the next one (once per boot; the selftests' lockdep
      cases and test_vmalloc's *_lockdep_* tests), and a __GFP_NOFAIL
      case that fails hangs the task that runs it (the runner stops it
      at its time limit and can run nothing after it).
  report.py leftout KERNEL [quick] [nostress]
      Cases a shorter check leaves out on KERNEL: quick, the faults cases
      of every mask but kernel; nostress, the stress boot's cases.
  report.py times LOG
      The timeline of one make check run from its output (the [mm:ss]
      stamps): when each part started and ended (download and import,
      each kernel's build, the bisect, each boot with its host CPU time),
      and the total.
  report.py judge RESULTS KERNEL...
      Merge the KTAP of every boot of each kernel (RESULTS/KERNEL/*.ktap)
      into RESULTS/KERNEL.ktap, scan the console logs, compare with the
      expected results, print the verdict; exit 1 on any mismatch. With
      KUNIT_PY set (make check sets the base tree's
      tools/testing/kunit/kunit.py), each merged file is also read by
      the kernel's own KTAP parser (kunit.py parse), and a parse error or
      a count that disagrees with this script's fails the kernel. Cases
      listed in RESULTS/KERNEL/left-out were not run on purpose: they are
      counted as left out, neither passed nor failed.

Expected results: selftests/expected.txt, one line per case:
  CASE  STOCK  SERIES  CONTROL  STABLE  [REASON...]
with pass, fail, xfail, skip or none per kernel (fail: the control kernel
must fail it; xfail: a known defect of that kernel, explained by REASON;
none: not run on that kernel, the stress boot is series' only). stable is
stock plus the series' first patch, the fix meant for stable trees.
"""
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPECTED = os.path.join(REPO, "selftests", "expected.txt")
KERNELS = ("stock", "series", "control", "stable")
RESULTS = ("pass", "fail", "xfail", "skip", "none")

# Console lines that fail a run unless the case is expected to fail there.
BADNESS = re.compile(
    r"BUG:|WARNING:|Oops|Kernel panic|general protection fault|"
    r"sleeping function called from invalid context|"
    r"possible circular locking|possible recursive locking|"
    r"inconsistent lock state|DEBUG_LOCKS_WARN_ON|"
    r"KASAN:|UBSAN:|blocked for more than|rcu_.*stall|"
    r"Unable to handle kernel|kernel BUG at")
MARKER = re.compile(r"vmgfp-case: (\S+)")
KTAP_LINE = re.compile(r"^(not ok|ok) \d+ (\S+)(?: # (SKIP|XFAIL)\s*(.*))?$")


def die(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(2)


def load_expected():
    exp = {}
    with open(EXPECTED) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) < 5:
                die("%s:%d: want CASE STOCK SERIES CONTROL STABLE [REASON]" % (EXPECTED, n))
            case, per = fields[0], fields[1:5]
            for r in per:
                if r not in RESULTS:
                    die("%s:%d: unknown result '%s'" % (EXPECTED, n, r))
            if case in exp:
                die("%s:%d: case %s listed twice" % (EXPECTED, n, case))
            exp[case] = (dict(zip(KERNELS, per)), " ".join(fields[5:]))
    return exp


# Cases named HUGE + CASE run in a boot of their own with huge vmalloc
# mappings enabled (no "nohugevmalloc"): the boot named "huge", whose
# results report.py judges under the prefixed names.
HUGE = "huge/"


def is_huge(case):
    return case.startswith(HUGE)


def cmd_none(kernel):
    """Cases of the main boots not run on KERNEL (expected "none"): the
    runner leaves them out."""
    exp = load_expected()
    for case, (per, _) in exp.items():
        if per[kernel] == "none" and not is_huge(case):
            print(case)


def cmd_cases(kernel):
    """Cases of the main boots run on KERNEL (expected anything but "none")."""
    exp = load_expected()
    for case, (per, _) in exp.items():
        if per[kernel] != "none" and not is_huge(case):
            print(case)


def cmd_huge(kernel):
    """Cases of KERNEL's huge boot, without the prefix."""
    exp = load_expected()
    for case, (per, _) in exp.items():
        if per[kernel] != "none" and is_huge(case):
            print(case[len(HUGE):])


def cmd_isolated(kernel):
    exp = load_expected()
    for case, (per, _) in exp.items():
        if per[kernel] not in ("fail", "xfail") or is_huge(case):
            continue
        if case.endswith("_lockdep") or case.endswith("_nofail_faults"):
            print(case)
        elif case.startswith("test_vmalloc_") and "_lockdep_" in case:
            # The series' test_vmalloc lockdep tests (test_vmalloc_series.ko).
            print(case)


def is_stress(case):
    return case.startswith("stress_") or case == "stress"


def cmd_leftout(kernel, sets):
    for s in sets:
        if s not in ("quick", "nostress"):
            die("unknown case set '%s' (known: quick nostress)" % s)
    exp = load_expected()
    for case, (per, _) in exp.items():
        if per[kernel] == "none":
            continue
        if "quick" in sets and case.endswith("_faults") and not case.endswith("_kernel_faults"):
            print(case)
        elif "nostress" in sets and is_stress(case):
            print(case)


def read_leftout(results, kernel):
    path = os.path.join(results, kernel, "left-out")
    if not os.path.exists(path):
        return set()
    with open(path) as f:
        return set(line.strip() for line in f if line.strip())


def parse_ktap(path):
    """Results of one boot: {case: (result, detail, [diagnostics])}."""
    out = {}
    diags = []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = KTAP_LINE.match(line)
            if m:
                ok, case, directive, why = m.groups()
                if directive == "SKIP":
                    res = "skip"
                else:
                    res = "pass" if ok == "ok" else "fail"
                out[case] = (res, why or "", diags)
                diags = []
            elif line.startswith("# ") and not line.startswith("# Totals"):
                diags.append(line[2:])
    return out


def scan_console(path):
    """[(case or None, line number, line)] for every bad console line."""
    bad = []
    case = None
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = MARKER.search(line)
            if m:
                case = m.group(1)
                continue
            if BADNESS.search(line) and "vmalloc_gfp_test: #" not in line:
                bad.append((case, n, line.strip()))
    return bad


def boots_of(results, kernel):
    d = os.path.join(results, kernel)
    if not os.path.isdir(d):
        return []
    return sorted(f[:-len(".status")] for f in os.listdir(d) if f.endswith(".status"))


class Verdict:
    def __init__(self):
        self.held = self.broken = self.skipped = self.left_out = 0
        self.counts = {}
        self.lines = []

    def count(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1


def judge_kernel(results, kernel, exp, v):
    d = os.path.join(results, kernel)
    boots = boots_of(results, kernel)
    if not boots:
        v.broken += 1
        v.lines.append("FAIL %s: no boot results in %s" % (kernel, d))
        return
    got, where, bad = {}, {}, []
    for b in boots:
        con = os.path.join(d, b + ".console.log")
        with open(os.path.join(d, b + ".status")) as f:
            status = f.read().split()[0]
        if status != "DONE":
            v.broken += 1
            v.lines.append("FAIL %s/%s: boot %s, console log: %s" % (kernel, b, status, con))
        prefix = HUGE if b == "huge" else ""
        for case, r in parse_ktap(os.path.join(d, b + ".ktap")).items():
            got[prefix + case] = r
            where[prefix + case] = con
        bad += [(",".join(prefix + x for x in c.split(",")) if c else c, con, n, l)
                for c, n, l in scan_console(con)]
    merged = os.path.join(results, kernel + ".ktap")
    write_merged(merged, got)
    kunit_parse(kernel, merged, got, v)
    compare(kernel, exp, got, where, v, read_leftout(results, kernel))
    for case, con, n, line in bad:
        # A marker may name several cases run by one command (the series'
        # test_vmalloc tests of a boot, one module load): a report is
        # expected if one of them is expected to fail.
        wants = [exp.get(c, ({}, ""))[0].get(kernel)
                 for c in (case.split(",") if case else [case])]
        if "fail" in wants or "xfail" in wants:
            continue
        v.broken += 1
        v.lines.append("FAIL %s %s: console report: %s (%s:%d)" %
                       (kernel, case or "(boot)", line, con, n))


def compare(kernel, exp, got, where, v, leftout):
    for case in sorted(set(exp) | set(got)):
        per, reason = exp.get(case, (None, ""))
        res, why, diags = got.get(case, ("missing", "", []))
        con = where.get(case, "-")
        if per is None:
            v.broken += 1
            v.lines.append("FAIL %s %s: %s, but no expected result in %s" %
                           (kernel, case, res, os.path.relpath(EXPECTED, REPO)))
            continue
        want = per[kernel]
        if want == "none" and res == "missing":
            continue
        if case in leftout and res == "missing":
            v.left_out += 1
            continue
        if res == "missing":
            v.broken += 1
            v.lines.append("FAIL %s %s: no result (expected %s)" % (kernel, case, want))
            continue
        if res == want or (res == "fail" and want == "xfail"):
            v.count(want)
            if want == "skip":
                v.skipped += 1
            else:
                v.held += 1
            if want == "xfail":
                v.lines.append("XFAIL %s %s: %s" % (kernel, case, reason))
            continue
        v.broken += 1
        v.lines.append("FAIL %s %s: %s, expected %s%s (console log: %s)" %
                       (kernel, case, res.upper(), want,
                        " [" + why + "]" if why else "", con))
        for d in diags[:12]:
            v.lines.append("      # " + d)


KUNIT_SUMMARY = re.compile(r"Ran (\d+) tests: (.*)$")


def kunit_parse(kernel, path, got, v):
    """Read the merged KTAP with the kernel's own parser (KUNIT_PY, the
    base tree's tools/testing/kunit/kunit.py; check.sh sets it) and fail
    the kernel's verdict on a parse error or on counts that disagree with
    this script's own reading of the same file."""
    kunit = os.environ.get("KUNIT_PY")
    if not kunit:
        return
    if not os.path.isfile(kunit):
        v.broken += 1
        v.lines.append("FAIL %s: KTAP parser %s does not exist" % (kernel, kunit))
        return
    p = subprocess.run([sys.executable, kunit, "parse", "--summary",
                        os.path.abspath(path)], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    ran = None
    for line in p.stdout.splitlines():
        m = KUNIT_SUMMARY.search(line)
        if m:
            ran = (int(m.group(1)), dict((k.strip(), int(n)) for k, n in
                   (x.split(":") for x in m.group(2).split(","))))
    mine = {"passed": 0, "failed": 0, "skipped": 0}
    for res, _, _ in got.values():
        mine[{"pass": "passed", "fail": "failed", "skip": "skipped"}[res]] += 1
    if ran is None:
        v.broken += 1
        v.lines.append("FAIL %s: kunit.py parse %s printed no summary (exit %d): %s" %
                       (kernel, path, p.returncode, " | ".join(p.stdout.splitlines()[-3:])))
        return
    theirs = dict((k, ran[1].get(k, 0)) for k in ("passed", "failed", "skipped", "crashed", "errors"))
    want = dict(mine, crashed=0, errors=0)
    if ran[0] != len(got) or theirs != want:
        v.broken += 1
        v.lines.append("FAIL %s: kunit.py parse %s: %d tests %s; report.py: %d tests %s" %
                       (kernel, path, ran[0], theirs, len(got), want))
        return
    v.lines.append("KTAP     %s: kunit.py parse agrees: %d tests, %d passed, %d failed, %d skipped" %
                   (kernel, ran[0], mine["passed"], mine["failed"], mine["skipped"]))


def write_merged(path, got):
    with open(path, "w") as f:
        f.write("KTAP version 1\n1..%d\n" % len(got))
        for n, case in enumerate(sorted(got), 1):
            res, why, diags = got[case]
            for d in diags:
                f.write("# %s\n" % d)
            if res == "skip":
                f.write("ok %d %s # SKIP %s\n" % (n, case, why))
            else:
                f.write("%s %d %s\n" % ("ok" if res == "pass" else "not ok", n, case))


def cmd_judge(results, kernels):
    exp = load_expected()
    for k in kernels:
        if k not in KERNELS:
            die("unknown kernel '%s' (known: %s)" % (k, " ".join(KERNELS)))
    total = Verdict()
    for k in kernels:
        v = Verdict()
        judge_kernel(results, k, exp, v)
        for line in v.lines:
            print(line)
        print("%-8s expectations held: %d (pass %d, fail %d, xfail %d), skip %d, broken %d%s"
              % (k, v.held, v.counts.get("pass", 0), v.counts.get("fail", 0),
                 v.counts.get("xfail", 0), v.skipped, v.broken,
                 ", left out %d (not run in this check, see %s)"
                 % (v.left_out, os.path.join(results, k, "left-out")) if v.left_out else ""))
        total.held += v.held
        total.broken += v.broken
        total.skipped += v.skipped
    # The series' quality checks (checkpatch, bisect, sparse/W=1, cross
    # builds), one line each in quality.txt: "pass|fail NAME DETAIL".
    qpath = os.path.join(results, "quality.txt")
    if os.path.exists(qpath):
        with open(qpath) as f:
            for line in f:
                word = line.split(None, 1)
                if not word:
                    continue
                if word[0] == "pass":
                    total.held += 1
                    print("quality  ok   %s" % word[1].rstrip())
                else:
                    total.broken += 1
                    print("FAIL quality %s" % (word[1].rstrip() if len(word) > 1 else line))
    print("results: %s" % results)
    print("%d passed, %d failed, %d skipped" % (total.held, total.broken, total.skipped))
    return 1 if total.broken else 0


STAMP = re.compile(r"^\[(\d+):(\d\d)\] (?:(arm64): )?(.*)$")


def cmd_times(log):
    """Print the parts of a make check run: start, end, wall time."""
    parts = {}
    order = []
    last = 0

    def mark(key, t, end=None, extra=""):
        if key not in parts:
            parts[key] = [t, None, ""]
            order.append(key)
        if end is not None:
            parts[key][1] = end
            parts[key][2] = extra

    with open(log, errors="replace") as f:
        for line in f:
            m = STAMP.match(line.rstrip("\n"))
            if not m:
                continue
            t = int(m.group(1)) * 60 + int(m.group(2))
            last = max(last, t)
            arch = m.group(3) or "x86_64"
            msg = m.group(4)
            if msg.startswith("deps: installing") or msg.startswith("deps: all packages"):
                mark("%s: packages" % arch, t)
                parts["%s: packages" % arch][1] = t
            elif msg.startswith("deps: done"):
                mark("%s: packages" % arch, t, t)
            elif msg.startswith("fetch: ") and arch == "x86_64":
                mark("download and import", t)
                if msg.startswith("fetch: base:"):
                    mark("download and import", t, t)
            b = re.match(r"(\S+)/(\S+): (configure|build kernel|built .*)", msg)
            if b and b.group(1) != "bisect":
                key = "%s: build %s/%s" % (arch, b.group(1), b.group(2))
                mark(key, t)
                if b.group(3).startswith("built"):
                    hit = re.search(r"; (.*)$", b.group(3))
                    mark(key, t, t, hit.group(1) if hit else "")
            if msg.startswith("quality: bisect-bench:"):
                mark("bisect (bench)", t)
            elif msg.startswith("bisect/bench: text"):
                mark("bisect (bench)", t, t)
            q = re.match(r"(\S+)/(\S+): boot (\S+): (started|DONE|TIMEOUT|CRASHED|FAILED)(.*)$", msg)
            if q:
                key = "%s: boot %s %s" % (arch, q.group(1), q.group(3))
                if q.group(4) == "started":
                    mark(key, t)
                else:
                    cpu = re.search(r"([0-9.]+) s CPU", q.group(5))
                    mark(key, t, t, "%s%s" % (q.group(4), ", %s s CPU" % cpu.group(1) if cpu else ""))
    fmt = lambda s: "%d:%02d" % (s // 60, s % 60)
    iso = [k for k in order if " iso-" in k]
    print("%-52s %6s %6s %7s  %s" % ("part", "start", "end", "wall", ""))
    for k in order:
        if k in iso:
            continue
        a, b, extra = parts[k]
        if b is None:
            print("%-52s %6s %6s %7s  %s" % (k, fmt(a), "-", "-", "did not end"))
        else:
            print("%-52s %6s %6s %7s  %s" % (k, fmt(a), fmt(b), fmt(b - a), extra))
    if iso:
        a = min(parts[k][0] for k in iso)
        ends = [parts[k][1] for k in iso if parts[k][1] is not None]
        cpu = sum(float(re.search(r"([0-9.]+) s CPU", parts[k][2]).group(1))
                  for k in iso if "s CPU" in parts[k][2])
        print("%-52s %6s %6s %7s  %d boots, %.0f s CPU" % (
            "x86_64: one-case boots (%s)" % ", ".join(sorted(set(k.split()[2] for k in iso))),
            fmt(a), fmt(max(ends)) if ends else "-", fmt(max(ends) - a) if ends else "-",
            len(iso), cpu))
    print("%-52s %6s %6s %7s" % ("total", "0:00", fmt(last), fmt(last)))


def main(argv):
    if len(argv) >= 2 and argv[0] == "isolated":
        cmd_isolated(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "cases":
        cmd_cases(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "huge":
        cmd_huge(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "none":
        cmd_none(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "leftout":
        cmd_leftout(argv[1], argv[2:])
        return 0
    if len(argv) == 2 and argv[0] == "times":
        cmd_times(argv[1])
        return 0
    if len(argv) >= 3 and argv[0] == "judge":
        return cmd_judge(argv[1], argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
