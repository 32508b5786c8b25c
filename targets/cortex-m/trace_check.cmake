# trace_check.cmake - runs test_trace_cm's firmware (run_qemu.cmake), then
# checks what it wrote over semihosting with the host tool pinq-trace:
#   -DTOOL=pinq-trace -DDUMP=file.bin -DVCD=file.vcd -DNAMES=a,b   and run_qemu.cmake's
# The firmware's summary line gives the counts every check must meet: the
# tool's check of the dump (VCD and JSON exported, read back, compared per
# record), the RESYNC comments of the VCD, the JSON's spans and lost count;
# and the VCD the target streamed must equal the host's conversion of the
# same dump.
foreach(v TOOL DUMP VCD NAMES)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "trace_check.cmake: ${v} not set")
  endif()
endforeach()
if(NOT EXISTS ${TOOL})
  message(FATAL_ERROR "pinq-trace not built: ${TOOL} (the pinq_trace_host target builds it)")
endif()
file(REMOVE ${DUMP} ${VCD}) # a stale file must not pass for this run's
include(${CMAKE_CURRENT_LIST_DIR}/run_qemu.cmake) # fails unless the firmware exits 0; its console in ${err}

if(NOT err MATCHES "trace_cm: records ([0-9]+) lost ([0-9]+) lines ([0-9]+) resync ([0-9]+) resync_lost ([0-9]+) spans ([0-9]+)")
  message(FATAL_ERROR "no trace_cm summary line in the firmware's output")
endif()
set(records ${CMAKE_MATCH_1})
set(lost ${CMAKE_MATCH_2})
set(resync ${CMAKE_MATCH_4})
set(resync_lost ${CMAKE_MATCH_5})
set(spans ${CMAKE_MATCH_6})

foreach(f ${DUMP} ${VCD})
  if(NOT EXISTS ${f})
    message(FATAL_ERROR "the firmware wrote no ${f} (semihosting SYS_OPEN/SYS_WRITE)")
  endif()
endforeach()
file(SIZE ${DUMP} size)
math(EXPR want "32 + 40 * ${records}")
if(NOT size EQUAL want)
  message(FATAL_ERROR "dump ${DUMP}: ${size} bytes, the firmware's ${records} records make ${want}")
endif()

function(tool)
  execute_process(COMMAND ${TOOL} ${ARGN} --names ${NAMES} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(JOIN " " cmd ${ARGN})
  message("pinq-trace ${cmd}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pinq-trace ${cmd} failed (${rc})")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

tool(check ${DUMP})
if(NOT out MATCHES "pinq-trace check: ${records} records \\(${lost} lost\\) match in VCD and JSON")
  message(FATAL_ERROR "pinq-trace check does not report the firmware's ${records} records (${lost} lost)")
endif()

get_filename_component(base ${DUMP} NAME_WLE)
get_filename_component(dir ${DUMP} DIRECTORY)
set(host_vcd ${dir}/${base}.host.vcd)
set(host_json ${dir}/${base}.host.json)
tool(vcd ${DUMP} ${host_vcd})
tool(json ${DUMP} ${host_json})

file(READ ${VCD} target_text)
file(READ ${host_vcd} host_text)
if(NOT target_text STREQUAL host_text)
  message(FATAL_ERROR "the target's VCD ${VCD} differs from the host's conversion of its dump ${host_vcd}")
endif()
string(REGEX MATCHALL "\\$comment RESYNC [^ ]+ lost [0-9]+" marks "${target_text}")
set(marked 0)
foreach(m IN LISTS marks)
  math(EXPR marked "${marked} + 1")
  string(REGEX REPLACE ".* lost " "" n "${m}")
  math(EXPR resync_lost "${resync_lost} - ${n}")
endforeach()
if(NOT marked EQUAL resync OR NOT resync_lost EQUAL 0)
  message(FATAL_ERROR "VCD: ${marked} RESYNC comments, the firmware reported ${resync} (lost events off by ${resync_lost})")
endif()

file(READ ${host_json} json)
string(JSON json_lost GET "${json}" otherData records_lost)
string(JSON n_events LENGTH "${json}" traceEvents)
set(complete 0)
set(busy 0)
math(EXPR last "${n_events} - 1")
foreach(i RANGE ${last})
  string(JSON ph GET "${json}" traceEvents ${i} ph)
  if(ph STREQUAL "X")
    math(EXPR complete "${complete} + 1")
    string(JSON dur GET "${json}" traceEvents ${i} dur)
    if(dur GREATER 0)
      math(EXPR busy "${busy} + 1")
    endif()
  endif()
endforeach()
if(NOT json_lost EQUAL lost OR NOT complete EQUAL records OR NOT busy EQUAL spans)
  message(FATAL_ERROR "JSON: ${complete} spans (${busy} busy), ${json_lost} lost; the firmware reported "
                      "${records} records (${spans} busy), ${lost} lost")
endif()
message("trace_check: ${records} records, ${resync} RESYNC, ${spans} handler spans: firmware, dump, "
        "target VCD and host conversions agree")
