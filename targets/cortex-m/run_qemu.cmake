# run_qemu.cmake - run one firmware image under qemu-system-arm; the test
# passes iff the firmware exits (semihosting SYS_EXIT_EXTENDED) with 0.
#   -DQEMU=... -DMACHINE=... -DELF=...   required
#   -DICOUNT=N        deterministic time: -icount shift=N,sleep=off
#   -DINPUT=file      bytes fed to the UART (-serial stdio)
#   -DCOVER=f1,f2      also check that every instruction of these functions
#                     appears in the firmware's "hit 0x..." lines
foreach(v QEMU MACHINE ELF)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_qemu.cmake: ${v} not set")
  endif()
endforeach()
set(args -M ${MACHINE} -nographic -monitor none -semihosting-config enable=on,target=native -kernel ${ELF})
if(DEFINED ICOUNT)
  list(APPEND args -icount shift=${ICOUNT},sleep=off)
endif()
if(DEFINED INPUT)
  list(APPEND args -serial stdio)
  set(input INPUT_FILE ${INPUT})
else()
  list(APPEND args -serial null)
  set(input INPUT_FILE /dev/null)
endif()
if(NOT DEFINED QEMU_TIMEOUT)
  set(QEMU_TIMEOUT 50)
endif()
execute_process(COMMAND ${QEMU} ${args} ${input} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                TIMEOUT ${QEMU_TIMEOUT})
# semihosting console output arrives on QEMU's stderr, the UART on stdout
message("${err}${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "firmware exit status: ${rc}")
endif()
if(DEFINED COVER)
  include(${CMAKE_CURRENT_LIST_DIR}/check_cover.cmake)
  check_cover("${ELF}" "${COVER}" "${err}")
endif()
