# libfuzzer.cmake - what the fuzzers' cmake files share (fuzz/fuzz.cmake,
# tools/pinq-sim/fuzz/fuzz.cmake, tools/pinq-replay/fuzz/fuzz.cmake;
# docs/fuzzing.md): whether clang builds libFuzzer targets here, probed
# once per configuration; the build of a fuzzer project; and a fuzzer's
# smoke test and long run, which joins the `fuzz` target (`make fuzz`).
include_guard(GLOBAL)
set(PINQ_FUZZ_SECONDS 600 CACHE STRING "seconds per fuzzer for the fuzz target (make fuzz)")

# pinq_libfuzzer(OK WHAT): OK is true where the fuzzers can be built: an
# unsanitized build (they carry their own sanitizers) with clang and its
# libFuzzer. Otherwise the configuration fails under PINQ_REQUIRE_ALL, or
# says that WHAT ("the core's fuzzers") is skipped.
function(pinq_libfuzzer ok what)
  set(${ok} FALSE PARENT_SCOPE)
  if(NOT PINQ_SANITIZE STREQUAL "")
    return()
  endif()
  get_property(_probed GLOBAL PROPERTY PINQ_LIBFUZZER_OK SET)
  if(NOT _probed)
    find_program(PINQ_CLANG clang)
    set(_found FALSE)
    if(PINQ_CLANG)
      set(_probe ${PROJECT_BINARY_DIR}/libfuzzer-probe)
      file(WRITE ${_probe}.c
           "int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)n & 0; }\n")
      execute_process(COMMAND ${PINQ_CLANG} -fsanitize=fuzzer,address,undefined ${_probe}.c -o ${_probe}
                      RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
      if(_rc EQUAL 0)
        set(_found TRUE)
      endif()
    endif()
    set_property(GLOBAL PROPERTY PINQ_LIBFUZZER_OK ${_found})
  endif()
  get_property(_found GLOBAL PROPERTY PINQ_LIBFUZZER_OK)
  if(NOT _found AND PINQ_REQUIRE_ALL)
    message(FATAL_ERROR "${what} need clang with libFuzzer: run tools/deps.sh (apt-get install clang libclang-rt-dev)")
  elseif(NOT _found)
    message(STATUS "${what} skipped: clang with libFuzzer not found (apt-get install clang libclang-rt-dev)")
  endif()
  set(${ok} ${_found} PARENT_SCOPE)
endfunction()

# pinq_fuzz_build(TARGET SOURCE_DIR BINARY_DIR FUZZER...): the fuzzer
# project in SOURCE_DIR built by clang into BINARY_DIR with ExternalProject
# whenever the host build is (its sources are ours: its own build decides
# what changed); FUZZER... are the executables it makes.
function(pinq_fuzz_build target src bin)
  include(ExternalProject)
  list(TRANSFORM ARGN PREPEND ${bin}/ OUTPUT_VARIABLE _products)
  ExternalProject_Add(${target}
    SOURCE_DIR ${src}
    BINARY_DIR ${bin}
    CMAKE_ARGS -DCMAKE_C_COMPILER=${PINQ_CLANG} -DCMAKE_BUILD_TYPE=RelWithDebInfo
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${_products})
endfunction()

# pinq_fuzz_run(TEST name FUZZER path BUILT_BY target SMOKE smoke-args
#   [SECONDS s] [SEEDS dirs] [ARGS args] [LIBSIGROK]): the test `name`, a
# run with smoke-args (-seed=1;-runs=N: the same run every time) from an
# empty corpus, capped at SECONDS (60); and `make fuzz`'s long run,
# PINQ_FUZZ_SECONDS on a corpus kept beside the fuzzer (corpus-<its name
# without fuzz_>), a target of its own in the console pool, so that the
# fuzzers run one after the other. Both through
# tools/pinq-replay/fuzz/run.cmake.
function(pinq_fuzz_run)
  cmake_parse_arguments(F "LIBSIGROK" "TEST;FUZZER;SECONDS;BUILT_BY" "SMOKE;SEEDS;ARGS" ${ARGN})
  if(NOT F_SECONDS)
    set(F_SECONDS 60)
  endif()
  set(_script ${PROJECT_SOURCE_DIR}/tools/pinq-replay/fuzz/run.cmake)
  set(_run ${CMAKE_COMMAND} -DFUZZER=${F_FUZZER})
  if(F_LIBSIGROK)
    list(APPEND _run -DLIBSIGROK=ON)
  endif()
  get_filename_component(_dir ${F_FUZZER} DIRECTORY)
  get_filename_component(_name ${F_FUZZER} NAME)
  string(REGEX REPLACE "^fuzz_" "" _name ${_name}) # corpus-ring, corpus-vcd, ...
  # Quoted, each list stays one argument: -DSEEDS=a;b
  add_test(NAME ${F_TEST} COMMAND ${_run} "-DSEEDS=${F_SEEDS}" -DSECONDS=${F_SECONDS} "-DARGS=${F_ARGS};${F_SMOKE}"
                                  -DCORPUS=${_dir}/ci-corpus-${_name} -DFRESH=ON -P ${_script})
  add_custom_target(fuzz_long_${_name}
                    COMMAND ${_run} "-DSEEDS=${F_SEEDS}" -DSECONDS=${PINQ_FUZZ_SECONDS} "-DARGS=${F_ARGS}"
                            -DCORPUS=${_dir}/corpus-${_name} -P ${_script}
                    DEPENDS ${F_BUILT_BY} USES_TERMINAL VERBATIM
                    COMMENT "fuzzing with ${_name} for ${PINQ_FUZZ_SECONDS} s")
  if(TARGET fuzz)
    add_dependencies(fuzz fuzz_long_${_name})
  else()
    add_custom_target(fuzz DEPENDS fuzz_long_${_name})
  endif()
endfunction()
