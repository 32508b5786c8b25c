# fuzz.cmake - the capture readers' fuzzers, included by
# tools/pinq-replay/CMakeLists.txt. An included file, so that its early
# returns (sanitized build, no libFuzzer) leave the rest of that file alone.
# Fuzzers (libFuzzer + ASan + UBSan, so clang): their own project, fuzz/,
# built here with ExternalProject. The suite runs each briefly (new inputs
# only; the seeds are the small real captures); `make fuzz` (target fuzz)
# runs each for PINQ_FUZZ_SECONDS on a corpus kept between runs. Only in
# the unsanitized build: the fuzzers carry their own sanitizers.
set(PINQ_FUZZ_SECONDS 600 CACHE STRING "seconds per fuzzer for the fuzz target (make fuzz)")
if(NOT PINQ_SANITIZE STREQUAL "")
  return()
endif()
find_program(PINQ_CLANG clang)
set(_fuzz_ok FALSE)
if(PINQ_CLANG)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/libfuzzer-probe.c
       "int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; return (int)n & 0; }\n")
  execute_process(COMMAND ${PINQ_CLANG} -fsanitize=fuzzer,address,undefined
                          ${CMAKE_CURRENT_BINARY_DIR}/libfuzzer-probe.c -o ${CMAKE_CURRENT_BINARY_DIR}/libfuzzer-probe
                  RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
  if(_rc EQUAL 0)
    set(_fuzz_ok TRUE)
  endif()
endif()
if(NOT _fuzz_ok AND PINQ_REQUIRE_ALL)
  message(FATAL_ERROR "pinq-replay fuzzers need clang with libFuzzer: run tools/deps.sh (apt-get install clang libclang-rt-dev)")
elseif(NOT _fuzz_ok)
  message(STATUS "pinq-replay fuzzers skipped: clang with libFuzzer not found (apt-get install clang libclang-rt-dev)")
  return()
endif()

include(ExternalProject)
set(_fz ${CMAKE_CURRENT_BINARY_DIR}/fuzz)
ExternalProject_Add(pinq_replay_fuzz
  SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz
  BINARY_DIR ${_fz}
  CMAKE_ARGS -DCMAKE_C_COMPILER=${PINQ_CLANG} -DCMAKE_BUILD_TYPE=RelWithDebInfo
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON # its sources are ours: let its own build decide what changed
  BUILD_BYPRODUCTS ${_fz}/fuzz_vcd ${_fz}/fuzz_sr ${_fz}/fuzz_sr_session)

# Seeds: the small captures, and for fuzz_sr_session their metadata with a
# few samples (ASCII '0'/'1': bit 0 toggles; the fuzzer does the rest).
set(_seed ${CMAKE_CURRENT_BINARY_DIR}/fuzz-seed)
file(REMOVE_RECURSE ${_seed})
file(MAKE_DIRECTORY ${_seed}/vcd ${_seed}/sr ${_seed}/sr_session)
file(GLOB _hand ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/seeds/*.vcd)
file(COPY ${_hand} DESTINATION ${_seed}/vcd)
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
set(_fuzz_long)
foreach(f vcd sr sr_session)
  set(_run ${CMAKE_COMMAND} -DFUZZER=${_fz}/fuzz_${f} "-DSEEDS=${_seed}/${f}" "-DARGS=${_fuzz_${f}_args}")
  if(NOT f STREQUAL "vcd")
    list(APPEND _run -DLIBSIGROK=ON)
  endif()
  add_test(NAME replay_fuzz_${f}
           COMMAND ${_run} -DSECONDS=${_fuzz_${f}_smoke} -DCORPUS=${_fz}/ci-corpus-${f} -DFRESH=ON
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/run.cmake)
  list(APPEND _fuzz_long COMMAND ${_run} -DSECONDS=${PINQ_FUZZ_SECONDS} -DCORPUS=${_fz}/corpus-${f}
                                 -P ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/run.cmake)
endforeach()
add_custom_target(fuzz ${_fuzz_long} DEPENDS pinq_replay_fuzz USES_TERMINAL
                  COMMENT "fuzzing the capture readers, ${PINQ_FUZZ_SECONDS} s per fuzzer")
