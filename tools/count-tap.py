#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Count test cases, not test programs, from meson's test logs.

Usage: tools/count-tap.py BUILD_DIR...

Reads BUILD_DIR/meson-logs/testlog.json (one JSON object a line, written by the last
`meson test` in that directory) and counts the TAP results of every test program:
  ok N ...            passed
  not ok N ...        failed
  ... # SKIP ...      skipped (ok or not ok)
  ... # TODO ...      not counted (work known to be unfinished)
A TAP program that failed, timed out or crashed without printing a `not ok` line counts as
one failed case more; a program that prints no TAP at all counts as one case by its result.
A build directory without a test log counts as one failed case (its build or test run did
not happen).

Per-directory counts go to stderr; the last line on stdout is
  N passed, N failed[, N skipped]
summed over all directories. Exit status: 0 when nothing failed, else 1.
"""

import json
import os
import re
import sys

# Only lines at the start count: indented lines are TAP subtests, summed up by their parent.
TAP_RESULT = re.compile(r'^(not ok|ok)\b(.*)$')
TAP_PLAN = re.compile(r'^1\.\.(\d+)')
DIRECTIVE = re.compile(r'#\s*(SKIP|TODO)\b', re.IGNORECASE)

PASSING_RESULTS = {'OK', 'EXPECTEDFAIL'}
SKIPPED_RESULTS = {'SKIP'}


class Counts:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped

    def line(self):
        text = f'{self.passed} passed, {self.failed} failed'
        if self.skipped:
            text += f', {self.skipped} skipped'
        return text


def count_program(entry):
    """Counts of one test program's log entry, and whether it spoke TAP."""
    counts = Counts()
    is_tap = False
    for line in (entry.get('stdout') or '').splitlines():
        if TAP_PLAN.match(line):
            is_tap = True
            continue
        m = TAP_RESULT.match(line)
        if not m:
            continue
        is_tap = True
        directive = DIRECTIVE.search(m.group(2))
        if directive and directive.group(1).upper() == 'TODO':
            continue
        if directive:
            counts.skipped += 1
        elif m.group(1) == 'ok':
            counts.passed += 1
        else:
            counts.failed += 1

    result = str(entry.get('result', 'ERROR')).upper()
    if is_tap:
        # A crash, a timeout or an early exit fails the program without a `not ok`.
        if counts.failed == 0 and result not in PASSING_RESULTS | SKIPPED_RESULTS:
            counts.failed += 1
        elif result in SKIPPED_RESULTS and counts.passed + counts.skipped == 0:
            counts.skipped += 1          # `1..0 # SKIP reason`
    elif result in PASSING_RESULTS:
        counts.passed += 1
    elif result in SKIPPED_RESULTS:
        counts.skipped += 1
    else:
        counts.failed += 1
    return counts


def count_build(build_dir):
    counts = Counts()
    path = os.path.join(build_dir, 'meson-logs', 'testlog.json')
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            lines = f.readlines()
    except OSError as e:
        print(f'{build_dir}: no test log ({e.strerror}): counted as 1 failed', file=sys.stderr)
        counts.failed += 1
        return counts

    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            print(f'{path}:{number}: not JSON: counted as 1 failed', file=sys.stderr)
            counts.failed += 1
            continue
        program = count_program(entry)
        if program.failed:
            print(f'{build_dir}: {entry.get("name", "?")}: {program.line()} '
                  f'(result {entry.get("result", "?")})', file=sys.stderr)
        counts.add(program)

    print(f'{build_dir}: {counts.line()}', file=sys.stderr)
    return counts


def main(argv):
    if len(argv) < 2 or argv[1] in ('-h', '--help'):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    total = Counts()
    for build_dir in argv[1:]:
        total.add(count_build(build_dir))
    sys.stderr.flush()
    print(total.line(), flush=True)
    return 1 if total.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
