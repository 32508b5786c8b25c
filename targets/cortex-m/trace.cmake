# trace.cmake - test_trace_cm: the trace recorder on the target (included
# by CMakeLists.txt). The firmware writes its binary dump and its own VCD
# into the build tree over semihosting; trace_check.cmake runs it, then the
# host tool pinq-trace on the dump. The tool is built here, from the host
# project, with the host compiler (ExternalProject: a separate configure,
# outside this project's cross toolchain), so the test needs no sibling
# build tree.
include(ExternalProject)
set(PINQ_TRACE_HOST_DIR ${CMAKE_CURRENT_BINARY_DIR}/host-tools)
set(PINQ_TRACE_TOOL ${PINQ_TRACE_HOST_DIR}/src/trace/pinq-trace)
ExternalProject_Add(pinq_trace_host
  SOURCE_DIR ${PINQ_ROOT}
  BINARY_DIR ${PINQ_TRACE_HOST_DIR}
  CMAKE_ARGS -DCMAKE_BUILD_TYPE=RelWithDebInfo
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target pinq-trace
  BUILD_ALWAYS ON # the tool's sources are not this project's: let its own build decide
  BUILD_BYPRODUCTS ${PINQ_TRACE_TOOL}
  INSTALL_COMMAND "")

# A function: its RUNNER, the trace runner, stays out of the caller's scope.
function(pinq_cm_trace_tests)
  set(RUNNER ${CMAKE_CURRENT_LIST_DIR}/trace_check.cmake)
  set(sources ${PINQ_ROOT}/src/trace/pinq_trace.c ${PINQ_ROOT}/src/trace/pinq_trace_vcd.c
              ${PINQ_ROOT}/src/trace/pinq_trace_dump.c)
  foreach(t m0 m3 m4)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/test_trace_cm_${t})
    pinq_cm_test(${t} test_trace_cm SOURCES tests/test_trace_cm.c ${sources}
      RUNNER_ARGS -DICOUNT=5 -DTOOL=${PINQ_TRACE_TOOL} -DDUMP=${out}.bin -DVCD=${out}.vcd -DNAMES=soft,timer)
    target_compile_definitions(test_trace_cm_${t} PRIVATE TRACE_DUMP="${out}.bin" TRACE_VCD="${out}.vcd")
    add_dependencies(test_trace_cm_${t} pinq_trace_host)
  endforeach()
endfunction()
pinq_cm_trace_tests()
