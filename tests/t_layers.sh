#!/bin/sh
# t_layers.sh - the architecture holds: every #include in notices/, tracker/
# and web/ points along tests/layers/layers.txt, the folders' includes have
# no cycle, and each wrapped library is included only where its line says.
cd "$(dirname "$0")/.." || exit 2
exec python3 tests/layers/check.py tests/layers/layers.txt notices tracker web
