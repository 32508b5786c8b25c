# run.cmake - one libFuzzer run, portable enough for CTest and the `fuzz`
# target: cmake -DFUZZER=... -DSECONDS=N -DCORPUS=dir [-DFRESH=ON]
#   [-DSEEDS=dir1;dir2] [-DARGS=...] [-DLIBSIGROK=ON] -P run.cmake
# FRESH starts from an empty CORPUS (the suite's runs stay the same from
# one build to the next); without it CORPUS grows across runs. LIBSIGROK
# turns on the slow unwinder, without which LeakSanitizer cannot match
# lsan.supp against frames inside libsigrok. Fails on any crash, leak,
# timeout or sanitizer report; the input is kept next to CORPUS.
foreach(v FUZZER SECONDS CORPUS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run.cmake: -D${v}=... missing")
  endif()
endforeach()
if(FRESH)
  file(REMOVE_RECURSE ${CORPUS})
endif()
file(MAKE_DIRECTORY ${CORPUS} ${CORPUS}-artifacts)

set(asan "abort_on_error=0:detect_leaks=1")
if(LIBSIGROK)
  string(APPEND asan ":fast_unwind_on_malloc=0")
endif()
set(ENV{ASAN_OPTIONS} "${asan}")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1")
set(ENV{LSAN_OPTIONS} "suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan.supp")
if(IS_DIRECTORY /dev/shm)
  set(ENV{TMPDIR} /dev/shm) # the .sr fuzzers rewrite a file per input
endif()

execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -print_final_stats=1
          -artifact_prefix=${CORPUS}-artifacts/ ${ARGS} ${CORPUS} ${SEEDS}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${out}")
string(REGEX MATCH "stat::new_units_added: *[0-9]+" units "${out}")
message("${FUZZER}: ${runs}, ${units}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${out}\n${FUZZER} failed (${rc}); the input is in ${CORPUS}-artifacts/")
endif()
