#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn one benchmark run (scripts/bench.sh) into raw.csv, table.md and
ratio.png.

Usage: bench-report.py RESULTS_DIR

Per kernel, case and seed the value is the module's median over the calls
of one boot (the median over passes when REPEAT > 1). Across seeds the
table gives the median and the range (min-max); "series vs stock" is the
difference of the medians in percent; significance is Welch's t-test at
5% over the per-seed values, the same seeds for every kernel.
"""
import csv
import os
import re
import statistics
import subprocess
import sys

import scipy.stats

ALPHA = 0.05
RES = sys.argv[1]
META = {}
with open(os.path.join(RES, 'meta.txt')) as f:
    for line in f:
        k, _, v = line.rstrip('\n').partition(': ')
        META[k] = v
VARIANTS = META['variants'].split()
SEEDS = META['seeds'].split()
RESULT = re.compile(r'^result (.*)$')
TV = re.compile(r'^# (\w+) passed: (\d+) failed: (\d+) (?:xfailed: \d+ )?'
                r'repeat: (\d+) loops: (\d+) avg: (\d+) usec')


def parse(path):
    """{case: [median per pass]}, {case: [alloc median per pass]},
    {test_vmalloc test: instructions per loop}"""
    med, alloc, tv, rows = {}, {}, {}, []
    with open(path, errors='replace') as f:
        for line in f:
            m = RESULT.match(line.strip())
            if m:
                kv = dict(x.split('=', 1) for x in m.group(1).split())
                med.setdefault(kv['case'], []).append(int(kv['median']))
                alloc.setdefault(kv['case'], []).append(int(kv['alloc_median']))
                rows.append(kv)
                continue
            m = TV.match(line.strip())
            if m:
                # usec of virtual time for one run of the test (its setup
                # and all its loops); under -icount shift=0 one usec is
                # a thousand instructions. Every Summary line counts (one
                # per load; two in runs older than 2026-12-03, see
                # benchmarks/README.md).
                tv.setdefault(m.group(1), []).append(int(m.group(6)))
    return med, alloc, tv, rows


def collect(kind, runs):
    data, adata, tvdata, raw = {}, {}, {}, []
    for v in VARIANTS:
        for r in runs:
            path = os.path.join(RES, kind, v, r + '.ktap')
            if not os.path.exists(path):
                continue
            med, alloc, tv, rows = parse(path)
            for c, vals in med.items():
                data.setdefault(c, {}).setdefault(v, []).append(
                    statistics.median(vals))
                adata.setdefault(c, {}).setdefault(v, []).append(
                    statistics.median(alloc[c]))
            for t, vals in tv.items():
                tvdata.setdefault(t, {}).setdefault(v, []).append(
                    statistics.median(vals))
            for kv in rows:
                raw.append([kind, v, r] + [kv[k] for k in (
                    'case', 'pass', 'seed', 'clock', 'loops', 'median',
                    'alloc_median', 'p10', 'p90', 'min', 'max', 'failed',
                    'newpt')])
    return data, adata, tvdata, raw


def welch(a, b):
    """p-value of Welch's t-test; None when it cannot be computed."""
    if len(a) < 2 or len(b) < 2:
        return None
    if statistics.pvariance(a) == 0 and statistics.pvariance(b) == 0:
        return 1.0 if statistics.mean(a) == statistics.mean(b) else 0.0
    return float(scipy.stats.ttest_ind(a, b, equal_var=False).pvalue)


def sig(p):
    if p is None:
        return 'n/a'
    return ('**yes**' if p < ALPHA else 'no') + ' (p=%.3f)' % p


def fmt(vals, digits=0):
    if not vals:
        return '-'
    m = statistics.median(vals)
    if len(vals) == 1:
        return '%.*f' % (digits, m)
    return '%.*f [%.*f, %.*f]' % (digits, m, digits, min(vals), digits,
                                   max(vals))


def pct(a, b):
    return (statistics.median(a) - statistics.median(b)) * 100 / \
        statistics.median(b)


def table(data, digits=0):
    """Markdown rows, plus the per-case ratios for the plot."""
    cols = ['case'] + VARIANTS + ['series vs stock', 'series - stock '
                                  'per seed', 'significant']
    if 'control' in VARIANTS:
        cols.insert(-1, 'series vs control')
    # The same seed on both kernels: "series - stock per seed" is the
    # median [min, max] of the paired differences.
    out = ['| ' + ' | '.join(cols) + ' |',
           '|' + '|'.join(['---'] + ['---:'] * (len(cols) - 1)) + '|']
    ratios = []
    for c in data:
        d = data[c]
        if 'stock' not in d or 'series' not in d:
            continue
        row = [c] + [fmt(d.get(v, []), digits) for v in VARIANTS]
        row.append('%+.2f%%' % pct(d['series'], d['stock']))
        n = min(len(d['series']), len(d['stock']))
        diffs = [d['series'][i] - d['stock'][i] for i in range(n)]
        row.append(fmt(diffs, digits))
        if 'control' in VARIANTS:
            row.append('%+.2f%%' % pct(d['series'], d['control'])
                       if d.get('control') else '-')
        row.append(sig(welch(d['series'], d['stock'])))
        out.append('| ' + ' | '.join(row) + ' |')
        per_seed = [d['series'][i] / d['stock'][i] for i in range(n)]
        ctl = []
        if d.get('control'):
            m = min(len(d['control']), len(d['stock']))
            ctl = [d['control'][i] / d['stock'][i] for i in range(m)]
        ratios.append((c, statistics.median(d['series']) /
                       statistics.median(d['stock']), min(per_seed),
                       max(per_seed), ctl))
    return out, ratios


def bloat(v):
    path = os.path.join(RES, 'bloat-%s.txt' % v)
    if not os.path.exists(path):
        return []
    lines = open(path).read().splitlines()
    total = [l for l in lines if l.startswith('Total:')]
    head = [l for l in lines if l.startswith('add/remove:')]
    funcs = [l for l in lines if l and not l.startswith(
        ('add/remove:', 'Total:', 'function', 'Function'))]
    size = open(os.path.join(RES, 'size-%s.txt' % v)).read().splitlines()
    text = [int(l.split()[0]) for l in size[1:3]]
    out = ['- stock -> %s: %s; %s; text %d -> %d bytes (%+d, %+.3f%%)' % (
        v, head[0] if head else '', total[0] if total else '', text[0],
        text[1], text[1] - text[0], (text[1] - text[0]) * 100 / text[0])]
    out.append('  largest changes: ' + '; '.join(
        ' '.join(f.split()[i] for i in (0, 3)) for f in funcs[:8]))
    return out


def plot(ratios, path):
    dat = path + '.dat'
    with open(dat, 'w') as f:
        for i, (c, r, lo, hi, ctl) in enumerate(ratios):
            cr = statistics.median(ctl) if ctl else float('nan')
            clo = min(ctl) if ctl else float('nan')
            chi = max(ctl) if ctl else float('nan')
            f.write('%d "%s" %f %f %f %f %f %f\n' % (
                i, c, r, lo, hi, cr, clo, chi))
    script = '''
set terminal pngcairo size 1100,600 font ",10" noenhanced
set output "%s"
set title "vmalloc fast path: instructions per operation relative to stock (QEMU TCG -icount), median and range over seeds"
set ylabel "kernel / stock"
set xtics rotate by -40 nomirror
set grid ytics
set key top left
set xrange [-0.6:%f]
plot 1 with lines lc rgb "gray" notitle, \\
     "%s" using ($1-0.12):3:4:5:xtic(2) with yerrorbars pt 7 lc rgb "blue" title "series / stock", \\
     "%s" using ($1+0.12):6:7:8 with yerrorbars pt 5 lc rgb "red" title "control / stock"
''' % (path, len(ratios) - 0.4, dat, dat)
    subprocess.run(['gnuplot'], input=script, text=True, check=True)


COVER_HEAD = '  instructions per call   v7.3.4   series  control  series-v7.3.4'


def cover(data):
    """cover.txt: the plain-text table that scripts/cover-letter.sh puts
    into the cover letter and README.md (the block starting with
    COVER_HEAD, up to the next blank line)."""
    out = [COVER_HEAD]
    for c, d in data.items():
        if 'stock' not in d or 'series' not in d:
            continue
        med = {v: statistics.median(d[v]) for v in VARIANTS if d.get(v)}
        diff = med['series'] - med['stock']
        out.append('  %-22s %8.0f %8s %8s %7.0f %+5.1f%%' % (
            c, med['stock'], '%.0f' % med['series'],
            '%.0f' % med['control'] if 'control' in med else '-',
            diff, diff * 100 / med['stock']))
    with open(os.path.join(RES, 'cover.txt'), 'w') as f:
        f.write('\n'.join(out) + '\n')


def main():
    data, adata, tvdata, raw = collect('tcg', ['seed-' + s for s in SEEDS])
    kdata, _, _, kraw = collect('kvm', ['run-%d' % i for i in range(1, 101)])
    with open(os.path.join(RES, 'raw.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['metric', 'kernel', 'boot', 'case', 'pass', 'seed',
                    'clock', 'loops', 'median', 'alloc_median', 'p10', 'p90',
                    'min', 'max', 'failed', 'newpt'])
        w.writerows(raw + kraw)
    if not data:
        sys.exit('bench-report: no results in %s' % RES)

    out = ['# vmalloc fast path: series against stock (scope-only v7.3.4) '
           'and control (no gfp handling)', '']
    for k in ('date', 'command', 'repo'):
        out.append('- %s: `%s`' % (k, META[k]) if k == 'command' else
                   '- %s: %s' % (k, META[k]))
    out += ['- ' + k + ': ' + v for k, v in META.items()
            if k.startswith('kernel ')]
    for k in ('config', 'compiler', 'emulator', 'machine', 'guest'):
        out.append('- %s: %s' % (k, META[k]))
    out.append('- metric: instructions per operation (guest TSC under '
               '`-icount shift=0,sleep=off`: one tick per instruction), '
               'median over %s timed calls per case and boot; the table '
               'gives the median [min, max] over %d seeds; seeds: %s'
               % (META['loops'], len(SEEDS), ' '.join(SEEDS)))
    out.append('- significance: Welch\'s t-test at %d%% over the per-seed '
               'medians, series against stock' % (ALPHA * 100))
    with open(os.path.join(RES, 'repro.txt')) as f:
        repro = f.read().split('\n')
    out.append('- reproducibility: ' + '; '.join(l for l in repro if l))
    out += ['', '## Instructions per operation (QEMU TCG, deterministic)', '']
    rows, ratios = table(data)
    out += rows
    worse = [r for r in ratios if r[1] > 1.0]
    out += ['', 'series <= stock (ratio of medians at most 1.000) in %d of '
            '%d cases%s.' % (len(ratios) - len(worse), len(ratios),
                             '; above: ' + ', '.join(
                                 '%s %.4f' % (r[0], r[1]) for r in worse)
                             if worse else '')]
    out.append('Ratios series/stock: ' + ', '.join(
        '%s %.4f' % (r[0], r[1]) for r in ratios) + '.')
    out += ['', '### Allocation step alone (the same boots; the free '
            'is excluded)', '']
    out += table(adata)[0]
    if tvdata:
        out += ['', '## Reference: lib/test_vmalloc.ko, '
                '`sequential_test_order=1 nr_threads=1` (thousand '
                'instructions per test run: its "avg usec" of virtual time; '
                'a run is its setup and all its loops, %s)' %
                META.get('tv', 'see the command'), '']
        out += table(tvdata, 1)[0]
    out += ['', '## Wall clock (KVM)', '']
    with open(os.path.join(RES, 'kvm.txt')) as f:
        kvm = f.read().strip()
    out.append(kvm + '.')
    if kdata:
        out += ['', 'ns per operation, mean over boots (stddev, CV); '
                'Welch\'s t-test at 5%:', '',
                '| case | ' + ' | '.join(VARIANTS) + ' | series vs stock '
                '| significant |', '|---' + '|---:' * (len(VARIANTS) + 2) +
                '|']
        for c, d in kdata.items():
            cells = []
            for v in VARIANTS:
                x = d.get(v, [])
                if len(x) < 2:
                    cells.append('-')
                    continue
                m, sd = statistics.mean(x), statistics.stdev(x)
                cells.append('%.0f (%.0f, %.1f%%)' % (m, sd, sd * 100 / m))
            ms, mt = statistics.mean(d['series']), statistics.mean(d['stock'])
            out.append('| %s | %s | %+.2f%% | %s |' % (
                c, ' | '.join(cells), (ms - mt) * 100 / mt,
                sig(welch(d['series'], d['stock']))))
    out += ['', '## Text size (vmlinux, bench config: `scripts/bloat-o-meter '
            '-t`, functions; `size`, text segment)', '']
    for v in VARIANTS:
        if v != 'stock':
            out += bloat(v)
    out += ['', 'Plot: ratio.png (per-case ratio to stock, median and range '
            'over seeds). Raw data: raw.csv; boots: tcg/KERNEL/seed-N.'
            '{ktap,console.log}.']
    with open(os.path.join(RES, 'table.md'), 'w') as f:
        f.write('\n'.join(out) + '\n')
    cover(data)
    plot(ratios, os.path.join(RES, 'ratio.png'))


main()
