#!/usr/bin/env bash
# examples/guide/cpu-vs-rate.sh PINQ_SIM OUT.png - docs/guide.md's figure
# of what an encoder costs the main core: examples/guide/encoder.ini run
# by pinq-sim at encoder speeds from 100 to 25 600 counts/s, the CPU share
# of polling four times per loop, of an interrupt doing the work, and of
# an interrupt feeding the pinq queue, plotted by gnuplot. The table it
# plots is printed too, with the strategies that missed edges at each rate
# (of all five in the scenario).
set -euo pipefail
sim=${1:?usage: cpu-vs-rate.sh PINQ_SIM OUT.png}
out=${2:?usage: cpu-vs-rate.sh PINQ_SIM OUT.png}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-10s %8s %8s %8s  %s\n' '# edges/s' poll4 isr queue64 'missed edges' | tee "$tmp/cpu.dat"
for speed in 100 200 400 800 1600 3200 6400 12800 25600; do
  sed "s/^speed = .*/speed = $speed/" "$here/encoder.ini" >"$tmp/enc.ini"
  # per strategy: the cpu column (third from the end); the strategies that missed edges
  "$sim" --quiet --no-search "$tmp/enc.ini" | awk -v edges=$((speed * 4)) '
    $2 == "knob" { cpu[$1] = $(NF-2); sub(/%/, "", cpu[$1]); if ($5 > 0) missed = missed (missed ? "," : "") $1 }
    END { printf "%-10d %8s %8s %8s  %s\n", edges, cpu["poll4"], cpu["isr"], cpu["queue64"], (missed ? missed : "-") }'
done | tee -a "$tmp/cpu.dat"

gnuplot <<GP
set terminal pngcairo size 800,480 font ",10"
set output "$out"
set title "rotary encoder beside 1 ms of work per loop: main-core CPU share"
set xlabel "encoder edges per second (4 per count)"
set ylabel "CPU share of the main core (%)"
set logscale x
set xrange [300:150000]
set key top left
set grid
plot "$tmp/cpu.dat" using 1:2 with linespoints title "poll4: four polls per loop (flat, but misses edges: table)", \
     "" using 1:3 with linespoints title "isr: work in the interrupt", \
     "" using 1:4 with linespoints title "queue64: interrupt + pinq queue"
GP
