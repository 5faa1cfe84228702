#!/bin/sh
# t_layers.sh - the architecture holds: every #include in notices/, tracker/
# and web/ points along tests/layers/layers.txt, the folders' includes have
# no cycle, each wrapped library is included only where its line says, and
# README's Layout lists the folders the tree has.
cd "$(dirname "$0")/.." || exit 2
rc=0
python3 tests/layers/check.py tests/layers/layers.txt notices tracker web || rc=1
python3 tests/layers/check.py --readme README.md || rc=1
exit $rc
