# pinq-replay: a capture's channel through the pinq pipeline under a
# delivery model (docs/replay.md). Included by this folder's CMakeLists.txt
# once its capture reader, pinq_capture, is built.
add_library(pinq_replay STATIC
  replay_clock.c replay_sim.c replay_decode.c replay_frames.c replay_input.c replay_manifest.c
  replay_opts.c replay_report.c replay_sweep.c replay_plot.c replay_vcd.c)
# tests/decode/frame_text.h: the frames as text, the form the capture checks compare
target_include_directories(pinq_replay PUBLIC ${CMAKE_CURRENT_LIST_DIR} ${PROJECT_SOURCE_DIR}/tests/decode)
target_link_libraries(pinq_replay PUBLIC pinq_capture pinq_decode pinq_input pinq_core m)

add_executable(pinq-replay main.c)
target_link_libraries(pinq-replay PRIVATE pinq_replay)

# The tests: (a) every capture of MANIFEST.tsv replayed under the ideal
# model decodes as tests/decode/test_decode_captures.c's direct feed does
# (sigrok's frames, apart from the differences listed there); (b) degraded
# delivery: losses in the counters and RESYNCs, no wrong frame; (c) sweeps:
# every frame at the fine end, fewer at the coarse end.
foreach(t test_replay_captures test_replay_degraded test_replay_sweep)
  add_executable(${t} ${t}.c)
  target_include_directories(${t} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${t} PRIVATE pinq_replay)
endforeach()

# The command line through pinq-sim's run_cli.cmake, which checks the exit
# status and stdout and stderr apart: replay_cli(NAME STATUS [OUT re]
# [ERR re] [NO_OUT re] [FILE path FILE_RE re] [FIXTURE it_sets]
# [NEEDS fixture] ARGS args...).
function(replay_cli name status)
  cmake_parse_arguments(PARSE_ARGV 2 C "" "OUT;ERR;NO_OUT;FILE;FILE_RE;FIXTURE;NEEDS" "ARGS")
  set(defs -DRC=${status})
  foreach(k OUT ERR NO_OUT FILE FILE_RE)
    if(DEFINED C_${k})
      list(APPEND defs "-D${k}=${C_${k}}")
    endif()
  endforeach()
  add_test(NAME replay_cli_${name}
           COMMAND ${CMAKE_COMMAND} ${defs} -P ${PROJECT_SOURCE_DIR}/tools/pinq-sim/run_cli.cmake --
                   $<TARGET_FILE:pinq-replay> ${C_ARGS})
  if(C_FIXTURE)
    set_tests_properties(replay_cli_${name} PROPERTIES FIXTURES_SETUP ${C_FIXTURE})
  endif()
  if(C_NEEDS)
    set_tests_properties(replay_cli_${name} PROPERTIES FIXTURES_REQUIRED ${C_NEEDS})
  endif()
endfunction()

replay_cli(help 0 OUT "usage: pinq-replay .*--sweep KNOB=LO:HI:N" ARGS --help)
replay_cli(no_capture 2 ERR "no capture given" ARGS --poll 1ms)
replay_cli(missing_file 1 ERR "nonexistent\\.sr: No such file or directory" NO_OUT "." ARGS /nonexistent.sr)
set(_cap ${PINQ_CAPTURES_DIR})
if(EXISTS ${_cap}/MANIFEST.tsv)
  file(READ ${_cap}/MANIFEST.tsv _replay_manifest)
  string(REGEX MATCHALL "\n[^\t\n]+\t" _replay_rows "${_replay_manifest}") # each row's path
  foreach(_row IN LISTS _replay_rows)
    string(STRIP "${_row}" _path)
    string(REGEX REPLACE "\\.[^./]+$" "" _name "${_path}")
    string(REPLACE "/" "." _name "${_name}")
    add_test(NAME replay_ideal.${_name} COMMAND test_replay_captures ${_cap} ${_path})
  endforeach()
  add_test(NAME replay_degraded COMMAND test_replay_degraded ${_cap})
  add_test(NAME replay_sweep COMMAND test_replay_sweep ${_cap} ${CMAKE_CURRENT_BINARY_DIR})
  set(_nec ${_cap}/ir_nec/unknown_ceiling_light.sr)
  # Refused, with what the option takes; nothing run.
  replay_cli(unknown_channel 1 ERR "no channel 'nope' in the capture \\(channels: 'IR'" NO_OUT "frames"
             ARGS --channel nope ${_nec})
  replay_cli(bad_time 2 ERR "bad --poll 'abc' \\(a time above 0" ARGS --poll abc ${_nec})
  replay_cli(bad_unit 2 ERR "bad --isr-latency '5x' \\(a time such as" ARGS --isr-latency 5x ${_nec})
  replay_cli(bad_queue 2 ERR "bad --queue '3' \\(a power of two from 2 to 65536\\)" ARGS --queue 3 ${_nec})
  replay_cli(bad_seed 2 ERR "bad --seed '-7'" ARGS --seed -7 ${_nec})
  replay_cli(bad_window 2 ERR "bad --masked '1ms:2ms' \\(EVERY:LEN" ARGS --masked 1ms:2ms ${_nec})
  replay_cli(bad_sweep 2 ERR "bad --sweep 'poll-period=1ms:10us:5'" ARGS --sweep poll-period=1ms:10us:5 ${_nec})
  replay_cli(mixed_models 2 ERR "--isr-latency is an interrupt option" ARGS --poll 1ms --isr-latency 5us ${_nec})
  replay_cli(jitter_too_long 2 ERR "--poll-jitter must be below the polling period"
             ARGS --poll 100us --poll-jitter 100us ${_nec})
  replay_cli(unknown_decoder 2 ERR "unknown decoder 'foo' \\(nec, " ARGS --decoder foo ${_nec})
  replay_cli(encoder_channels 1 ERR "decoder encoder takes two channels: --channel A\\+B"
             ARGS --decoder encoder ${_nec})
  # A degraded run reports its losses, and compares itself with the ideal run.
  replay_cli(losses 0 OUT "dropped [1-9][0-9]*, .*RESYNC events [1-9].*ideal: .*, 0 wrong"
             ARGS --no-frames --queue 2 --loop 5ms ${_nec})
  # --vcd: the wire and what the application saw, read back by the capture
  # reader; no MANIFEST beside it, so the decoder is named.
  replay_cli(vcd_write 0 FILE ${CMAKE_CURRENT_BINARY_DIR}/replay.vcd FIXTURE replay_vcd
             FILE_RE "\\$var wire 1 ! IR \\$end\n\\$var wire 1 \" IR_seen \\$end"
             ARGS --isr-latency 50us --vcd ${CMAKE_CURRENT_BINARY_DIR}/replay.vcd ${_nec})
  replay_cli(vcd_no_decoder 2 ERR "replay\\.vcd: no decoder for it in a MANIFEST\\.tsv" NEEDS replay_vcd
             ARGS ${CMAKE_CURRENT_BINARY_DIR}/replay.vcd)
  replay_cli(vcd_read 0 OUT "\n +0\\.488120  NEC a=0xEA41 c=0x48\n.*decoder: frames 11, errors 0" NEEDS replay_vcd
             ARGS --decoder nec --channel IR ${CMAKE_CURRENT_BINARY_DIR}/replay.vcd)
  replay_cli(vcd_read_seen 0 OUT "\n +0\\.488170  NEC a=0xEA41 c=0x48\n.*decoder: frames 11, errors 0" NEEDS replay_vcd
             ARGS --decoder nec --channel IR_seen ${CMAKE_CURRENT_BINARY_DIR}/replay.vcd)
  # A sweep's table, and its plot as a script (no gnuplot needed) ...
  set(_sweep_args --poll-jitter 50% --sweep poll-period=20us:1ms:5 ${_cap}/ir_nec/tv_matsui_0001_button_av_hold.sr)
  replay_cli(sweep_script 0 OUT "poll-period +ideal +agree .*\n20us +7 +7 +0 +0 +100\\.0%"
             FILE ${CMAKE_CURRENT_BINARY_DIR}/replay-sweep.gp
             FILE_RE "set output '[^\n]*replay-sweep\\.png'.*\\$success << EOD\n#[^\n]*\n20 100 7 7 0\n.*\nplot \\$success"
             ARGS --plot ${CMAKE_CURRENT_BINARY_DIR}/replay-sweep.gp ${_sweep_args})
  replay_cli(plot_name 2 ERR "--plot x\\.svg: name a \\.png" NO_OUT "." ARGS --plot x.svg ${_sweep_args})
  # ... and drawn where gnuplot is installed (Debian gnuplot-nox).
  find_program(GNUPLOT gnuplot)
  if(GNUPLOT)
    replay_cli(sweep_png 0 FIXTURE replay_png ARGS --plot ${CMAKE_CURRENT_BINARY_DIR}/replay-sweep.png ${_sweep_args})
    add_test(NAME replay_cli_sweep_png_is_png COMMAND ${CMAKE_COMMAND} -E cat ${CMAKE_CURRENT_BINARY_DIR}/replay-sweep.png)
    set_tests_properties(replay_cli_sweep_png_is_png PROPERTIES FIXTURES_REQUIRED replay_png PASS_REGULAR_EXPRESSION "^.PNG")
  else()
    message(STATUS "pinq-replay plot test skipped: gnuplot not found (apt-get install gnuplot-nox)")
  endif()
else()
  message(STATUS "pinq-replay's capture tests skipped: no ${_cap}/MANIFEST.tsv (set PINQ_CAPTURES_DIR)")
endif()
