# run_uart_rx.cmake - CTest driver of test_uart_rx: writes the byte stream
# the firmware expects ("SS", BYTES payload bytes, "."), feeds it to QEMU's
# serial port on stdin, and fails unless QEMU exits 0 (semihosting).
# cmake -DQEMU=... -DELF=... -DBYTES=... -DOUT=... -P run_uart_rx.cmake
set(alphabet "abcdefghijklmnopqrstuvwxyz0123456789")
math(EXPR laps "${BYTES} / 36")
math(EXPR rest "${BYTES} % 36")
string(REPEAT "${alphabet}" ${laps} payload)
string(SUBSTRING "${alphabet}" 0 ${rest} tail)
file(WRITE ${OUT} "SS${payload}${tail}.")
separate_arguments(qemu_cmd UNIX_COMMAND "${QEMU}")
execute_process(COMMAND ${qemu_cmd} -serial stdio -kernel ${ELF}
                INPUT_FILE ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 50)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "test_uart_rx: QEMU exit status ${rc}")
endif()
