# fuzz.cmake - pinq-sim's fuzzers (docs/fuzzing.md), included by
# tools/pinq-sim/CMakeLists.txt. An included file, so that its early
# return (sanitized build, no libFuzzer) leaves the rest of that file alone.
#  1. Every host suite replays the kept inputs, fuzz/regressions/<fuzzer>
#     and the seeds (scenarios/*.ini; fuzz/seeds/sim_cli), through
#     fuzz/replay_main.c built by the host compiler: fuzz_replay_<fuzzer>.
#  2. The plain suite, where clang has libFuzzer, builds the fuzzers as a
#     project of their own (fuzz/CMakeLists.txt beside this file) and runs
#     each with a fixed seed and number of runs (fuzz_smoke_<fuzzer>);
#     `make fuzz` runs each for PINQ_FUZZ_SECONDS on a corpus kept in the
#     build tree (cmake/libfuzzer.cmake). Nothing is written into the
#     source tree: the scenario fuzzer reads its input in memory.
set(_sf ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(_sf_in_sim_scenario ${PROJECT_SOURCE_DIR}/scenarios ${CMAKE_CURRENT_SOURCE_DIR}/testdata)
set(_sf_in_sim_cli ${_sf}/seeds/sim_cli)
foreach(f sim_scenario sim_cli)
  if(EXISTS ${_sf}/regressions/${f})
    list(APPEND _sf_in_${f} ${_sf}/regressions/${f})
  endif()
  add_executable(fuzz_${f}_replay ${_sf}/fuzz_${f}.c ${PROJECT_SOURCE_DIR}/fuzz/replay_main.c)
  target_include_directories(fuzz_${f}_replay PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
  target_link_libraries(fuzz_${f}_replay PRIVATE pinq_sim)
  add_test(NAME fuzz_replay_${f} COMMAND fuzz_${f}_replay ${_sf_in_${f}})
endforeach()
# The findings, each on its own (docs/fuzzing.md, "Findings").
foreach(_finding finding1-empty-file finding2-default-dedicated)
  add_test(NAME fuzz_sim_${_finding} COMMAND fuzz_sim_scenario_replay ${_sf}/regressions/sim_scenario/${_finding})
endforeach()

include(${PROJECT_SOURCE_DIR}/cmake/libfuzzer.cmake)
pinq_libfuzzer(_sf_ok "pinq-sim's fuzzers")
if(NOT _sf_ok)
  return()
endif()

set(_fz ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
pinq_fuzz_build(pinq_sim_fuzz ${_sf} ${_fz} fuzz_sim_scenario fuzz_sim_cli)

# Smoke runs: a fixed seed and number of runs, a few seconds each.
pinq_fuzz_run(TEST fuzz_smoke_sim_scenario FUZZER ${_fz}/fuzz_sim_scenario BUILT_BY pinq_sim_fuzz
              SEEDS ${_sf_in_sim_scenario} ARGS -dict=${_sf}/scenario.dict SMOKE -seed=1 -runs=40000)
pinq_fuzz_run(TEST fuzz_smoke_sim_cli FUZZER ${_fz}/fuzz_sim_cli BUILT_BY pinq_sim_fuzz SEEDS ${_sf_in_sim_cli}
              ARGS -dict=${_sf}/cli.dict SMOKE -seed=1 -runs=100000)
