# fuzz.cmake - the capture readers' fuzzers and the command line's
# (fuzz_replay_cli), included by tools/pinq-replay/CMakeLists.txt. An
# included file, so that its early return (sanitized build, no libFuzzer)
# leaves the rest of that file alone.
# Fuzzers (libFuzzer + ASan + UBSan, so clang): their own project, fuzz/,
# built here with ExternalProject. The suite runs each briefly (the capture
# readers for a few seconds, new inputs only, the seeds being the small
# real captures; the command line with a fixed seed and number of runs);
# `make fuzz` runs each for PINQ_FUZZ_SECONDS on a corpus kept between
# runs. Only in the unsanitized build: the fuzzers carry their own
# sanitizers. The probe for libFuzzer, the runs and `make fuzz`:
# cmake/libfuzzer.cmake.
#
# The command line's fuzzer in every host suite, sanitized ones included:
# its seeds and regressions through fuzz/replay_main.c (fuzz_replay_<fuzzer>).
set(_cli_seeds ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/seeds/replay_cli)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/regressions/replay_cli)
  list(APPEND _cli_seeds ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/regressions/replay_cli)
endif()
add_executable(fuzz_replay_cli_replay fuzz/fuzz_replay_cli.c ${PROJECT_SOURCE_DIR}/fuzz/replay_main.c)
target_include_directories(fuzz_replay_cli_replay PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
target_link_libraries(fuzz_replay_cli_replay PRIVATE pinq_replay)
add_test(NAME fuzz_replay_replay_cli COMMAND fuzz_replay_cli_replay ${_cli_seeds})

include(${PROJECT_SOURCE_DIR}/cmake/libfuzzer.cmake)
pinq_libfuzzer(_fuzz_ok "pinq-replay's fuzzers")
if(NOT _fuzz_ok)
  return()
endif()

set(_fz ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
pinq_fuzz_build(pinq_replay_fuzz ${CMAKE_CURRENT_SOURCE_DIR}/fuzz ${_fz} fuzz_vcd fuzz_sr fuzz_sr_session fuzz_replay_cli)

# Seeds: the small captures, and for fuzz_sr_session their metadata with a
# few samples (ASCII '0'/'1': bit 0 toggles; the fuzzer does the rest).
set(_seed ${CMAKE_CURRENT_BINARY_DIR}/fuzz-seed)
file(REMOVE_RECURSE ${_seed})
file(MAKE_DIRECTORY ${_seed}/vcd ${_seed}/sr ${_seed}/sr_session)
file(GLOB _hand ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/seeds/*.vcd)
file(COPY ${_hand} DESTINATION ${_seed}/vcd)
# session metadata the fuzzer once found a libsigrok leak with (lsan.supp)
file(GLOB _hand ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/seeds/*.session)
file(COPY ${_hand} DESTINATION ${_seed}/sr_session)
if(EXISTS ${_captures}/MANIFEST.tsv)
  file(GLOB _vcds ${_captures}/*/*.vcd)
  file(GLOB _srs ${_captures}/*/*.sr)
  foreach(f IN LISTS _vcds)
    file(SIZE ${f} _size)
    if(_size LESS_EQUAL 16384)
      file(COPY ${f} DESTINATION ${_seed}/vcd)
    endif()
  endforeach()
  foreach(f IN LISTS _srs)
    file(SIZE ${f} _size)
    if(_size LESS_EQUAL 4096)
      get_filename_component(_n ${f} NAME_WE)
      file(COPY ${f} DESTINATION ${_seed}/sr)
      file(ARCHIVE_EXTRACT INPUT ${f} DESTINATION ${_seed}/meta-${_n} PATTERNS metadata)
      file(READ ${_seed}/meta-${_n}/metadata _meta)
      file(WRITE ${_seed}/sr_session/${_n} "${_meta}\n--logic-1-1--\n0000011111000001111100000")
      file(REMOVE_RECURSE ${_seed}/meta-${_n})
    endif()
  endforeach()
endif()

set(_fuzz_vcd_args "-max_len=16384;-dict=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/vcd.dict")
set(_fuzz_sr_args "")
set(_fuzz_sr_session_args "-dict=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/session.dict")
set(_fuzz_vcd_smoke 10) # the cheap one gets most of the suite's time
set(_fuzz_sr_smoke 5)
set(_fuzz_sr_session_smoke 5)
foreach(f vcd sr sr_session)
  set(_sigrok)
  if(NOT f STREQUAL "vcd")
    set(_sigrok LIBSIGROK)
  endif()
  pinq_fuzz_run(TEST replay_fuzz_${f} FUZZER ${_fz}/fuzz_${f} BUILT_BY pinq_replay_fuzz SEEDS ${_seed}/${f}
                ARGS ${_fuzz_${f}_args} SECONDS ${_fuzz_${f}_smoke} ${_sigrok})
endforeach()
# The command line: a fixed seed and number of runs, from its seeds.
pinq_fuzz_run(TEST fuzz_smoke_replay_cli FUZZER ${_fz}/fuzz_replay_cli BUILT_BY pinq_replay_fuzz SEEDS ${_cli_seeds}
              ARGS -dict=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/replay_cli.dict SMOKE -seed=1 -runs=100000)
