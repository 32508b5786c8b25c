# uart_input.cmake - write the byte sequence test_uart_doorbell.c expects:
# byte i = alphabet[(i * 17 + i / 62) % 62]. cmake -DOUT=file -DN=count -P
set(alphabet "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
set(bytes "")
math(EXPR last "${N} - 1")
foreach(i RANGE ${last})
  math(EXPR k "(${i} * 17 + ${i} / 62) % 62")
  string(SUBSTRING "${alphabet}" ${k} 1 c)
  string(APPEND bytes "${c}")
endforeach()
file(WRITE ${OUT} "${bytes}")
