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

set(PINQ_FUZZ_SECONDS 600 CACHE STRING "seconds per fuzzer for the fuzz target (make fuzz)")
if(NOT PINQ_SANITIZE STREQUAL "")
  return() # the fuzzers carry their own sanitizers
endif()
find_program(PINQ_CLANG clang)
set(_fz_ok FALSE)
if(PINQ_CLANG)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/fuzz-probe.c
       "int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)n & 0; }\n")
  execute_process(COMMAND ${PINQ_CLANG} -fsanitize=fuzzer,address,undefined ${CMAKE_CURRENT_BINARY_DIR}/fuzz-probe.c
                          -o ${CMAKE_CURRENT_BINARY_DIR}/fuzz-probe
                  RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
  if(_rc EQUAL 0)
    set(_fz_ok TRUE)
  endif()
endif()
if(NOT _fz_ok AND PINQ_REQUIRE_ALL)
  message(FATAL_ERROR "the core's fuzzers need clang with libFuzzer: run tools/deps.sh (apt-get install clang libclang-rt-dev)")
elseif(NOT _fz_ok)
  message(STATUS "core fuzzers skipped: clang with libFuzzer not found (apt-get install clang libclang-rt-dev)")
  return()
endif()

include(ExternalProject)
set(_fz ${CMAKE_CURRENT_BINARY_DIR}/fuzz-core)
ExternalProject_Add(pinq_core_fuzz
  SOURCE_DIR ${_fz_src}
  BINARY_DIR ${_fz}
  CMAKE_ARGS -DCMAKE_C_COMPILER=${PINQ_CLANG} -DCMAKE_BUILD_TYPE=RelWithDebInfo
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON # its sources are ours: let its own build decide what changed
  BUILD_BYPRODUCTS ${_fz}/fuzz_ring ${_fz}/fuzz_ring_sat ${_fz}/fuzz_cfg)

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
set(_long)
foreach(f ring ring_sat cfg)
  string(REGEX REPLACE "_sat$" "" _dir ${f})
  set(_run ${CMAKE_COMMAND} -DFUZZER=${_fz}/fuzz_${f} "-DSEEDS=${_seed}/${_dir}")
  add_test(NAME fuzz_smoke_${f}
           COMMAND ${_run} -DSECONDS=60 "-DARGS=-seed=1;-runs=${_runs_${f}}" -DCORPUS=${_fz}/ci-corpus-${f} -DFRESH=ON
                   -P ${PROJECT_SOURCE_DIR}/tools/pinq-replay/fuzz/run.cmake)
  list(APPEND _long COMMAND ${_run} -DSECONDS=${PINQ_FUZZ_SECONDS} -DCORPUS=${_fz}/corpus-${f}
                          -P ${PROJECT_SOURCE_DIR}/tools/pinq-replay/fuzz/run.cmake)
endforeach()
add_custom_target(fuzz_core ${_long} DEPENDS pinq_core_fuzz USES_TERMINAL
                  COMMENT "fuzzing the ring and the configurations, ${PINQ_FUZZ_SECONDS} s per fuzzer")
if(TARGET fuzz) # the capture readers' (tools/pinq-replay/fuzz)
  add_dependencies(fuzz fuzz_core)
else()
  add_custom_target(fuzz DEPENDS fuzz_core)
endif()
