# fuzz.cmake - the core's fuzzers (docs/fuzzing.md), included by the
# top-level CMakeLists.txt after the parts they test.
#  1. Every host suite (plain, ASan+UBSan, TSan) replays the kept inputs,
#     fuzz/regressions/<fuzzer> (crashers, minimised) and fuzz/seeds/<fuzzer>,
#     through replay_main.c built by the host compiler: fuzz_replay_<fuzzer>.
#     Each finding is a regression test of its own (fuzz_finding_*).
#  2. The plain suite, where clang has libFuzzer, builds the fuzzers as a
#     project of their own (fuzz/CMakeLists.txt) and runs each briefly with a
#     fixed seed and number of runs, so the run is the same every time
#     (fuzz_smoke_<fuzzer>); `make fuzz` runs each for PINQ_FUZZ_SECONDS on a
#     corpus kept between runs in the build tree. Seeds are copied there:
#     nothing is written into the source tree.
set(_fz_src ${CMAKE_CURRENT_LIST_DIR})

add_executable(fuzz_ring_replay ${_fz_src}/fuzz_ring.c ${_fz_src}/replay_main.c)
target_link_libraries(fuzz_ring_replay PRIVATE pinq_core)
add_executable(fuzz_ring_sat_replay ${_fz_src}/fuzz_ring.c ${_fz_src}/replay_main.c)
target_compile_definitions(fuzz_ring_sat_replay PRIVATE FUZZ_SAT_SHIFT=4)
target_include_directories(fuzz_ring_sat_replay PRIVATE include src port/posix)
add_executable(fuzz_cfg_replay ${_fz_src}/fuzz_cfg.c ${_fz_src}/replay_main.c)
target_link_libraries(fuzz_cfg_replay PRIVATE pinq_input pinq_core)
foreach(f ring ring_sat cfg)
  string(REGEX REPLACE "_sat$" "" _dir ${f})
  set(_in ${_fz_src}/seeds/${_dir})
  if(EXISTS ${_fz_src}/regressions/${_dir})
    list(APPEND _in ${_fz_src}/regressions/${_dir})
  endif()
  add_test(NAME fuzz_replay_${f} COMMAND fuzz_${f}_replay ${_in})
endforeach()
# The ring fuzzer's findings, each on its own (docs/fuzzing.md, "Findings").
foreach(_finding finding1-fifo-scan-end finding2-refused-with-room finding2-stale-pending)
  add_test(NAME fuzz_${_finding} COMMAND fuzz_ring_replay ${_fz_src}/regressions/ring/${_finding})
  set_tests_properties(fuzz_${_finding} PROPERTIES ENVIRONMENT "FUZZ_REPLAY_ABORT_EXIT=1")
endforeach()

include(${PROJECT_SOURCE_DIR}/cmake/libfuzzer.cmake)
pinq_libfuzzer(_fz_ok "the core's fuzzers")
if(NOT _fz_ok)
  return()
endif()

set(_fz ${CMAKE_CURRENT_BINARY_DIR}/fuzz-core)
pinq_fuzz_build(pinq_core_fuzz ${_fz_src} ${_fz} fuzz_ring fuzz_ring_sat fuzz_cfg)

# Seeds into the build tree (the corpus grows there, never in fuzz/seeds).
set(_seed ${CMAKE_CURRENT_BINARY_DIR}/fuzz-core-seed)
file(REMOVE_RECURSE ${_seed})
foreach(_dir ring cfg)
  file(GLOB _files ${_fz_src}/seeds/${_dir}/* ${_fz_src}/regressions/${_dir}/*)
  file(COPY ${_files} DESTINATION ${_seed}/${_dir})
endforeach()

# Smoke runs: a fixed seed and number of runs (about 5 s each on one core),
# capped in time so a slow machine cannot stall the suite.
set(_runs_ring 40000)
set(_runs_ring_sat 40000)
set(_runs_cfg 40000)
foreach(f ring ring_sat cfg)
  string(REGEX REPLACE "_sat$" "" _dir ${f})
  pinq_fuzz_run(TEST fuzz_smoke_${f} FUZZER ${_fz}/fuzz_${f} BUILT_BY pinq_core_fuzz SEEDS ${_seed}/${_dir}
                SMOKE -seed=1 -runs=${_runs_${f}})
endforeach()
