# What the replay benchmarks share (bench/replay.sh, bench/chisels.sh):
# the release build, the big input grown from a corpus capture, and the
# timing of one command.  Source it after setting `events`, `repeat`,
# `source_capture`, `cache`, `build` and a `die` function.

# A release build is optimised across files (LTO), as an installed one
# should be.  Sets `syscope`.
bench_build() {
	if [[ ! -f $build/build.ninja ]]; then
		meson setup "$build" "$root" --buildtype=release -Db_lto=true >/dev/null
	else
		meson configure "$build" -Dbuildtype=release -Db_lto=true >/dev/null
	fi
	ninja -C "$build" syscope >/dev/null
	syscope=$build/syscope
}

# The big input, generated once and kept while its inputs are unchanged.
# Sets `big`.
bench_input() {
	mkdir -p "$cache"
	big=$cache/$(basename "$source_capture" .scap)-$events.scap
	if [[ ! -s $big || $big -ot $source_capture || $big -ot $root/bench/scapgen.py ]]; then
		python3 "$root/bench/scapgen.py" -n "$events" -o "$big.tmp" "$source_capture"
		mv "$big.tmp" "$big"
	fi
	echo "input: $big ($events events, $(($(stat -c %s "$big") / 1048576)) MiB)"
}

# measure CMD...: runs CMD REPEAT times with stdout to /dev/null; sets
# best_s (best wall time, seconds) and peak_kib (largest max RSS).
measure() {
	local i t0 t1 ns best_ns=
	# The timed runs start the tool directly, with the clock read by bash
	# itself ($EPOCHREALTIME), so neither tool pays for a wrapper process
	# or a `date` fork inside its time.  One more run under /usr/bin/time
	# gives the peak RSS.
	for ((i = 0; i < repeat; i++)); do
		t0=${EPOCHREALTIME/[.,]/}
		"$@" >/dev/null || die "'$*' failed (exit $?)"
		t1=${EPOCHREALTIME/[.,]/}
		ns=$(((t1 - t0) * 1000))
		if [[ -z $best_ns ]] || ((ns < best_ns)); then best_ns=$ns; fi
	done
	/usr/bin/time -f %M -o "$cache/rss" "$@" >/dev/null || die "'$*' failed (exit $?)"
	peak_kib=$(tail -n 1 "$cache/rss")
	best_s=$(awk -v ns="$best_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')
}

rate() { awk -v n="$events" -v s="$1" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 1e-9) }'; }
