# footprint.cmake - flash bytes of the core in a linked program: the sizes
# of the symbols the core library defines that survived --gc-sections in
# ELF (-DLIB= the core archive, -DELF= the program, -DNM=, -DLABEL=;
# -DWHAT= names the library, "core" by default), and the size of the
# program's pin ISR footprint_isr, which holds what the library inlines.
execute_process(COMMAND ${NM} --defined-only ${LIB} OUTPUT_VARIABLE lib_syms)
execute_process(COMMAND ${NM} -S --size-sort ${ELF} OUTPUT_VARIABLE elf_syms)
string(REGEX MATCHALL "[0-9a-f]+ [tTrRdD] [A-Za-z_][A-Za-z0-9_.]*" defs "${lib_syms}")
set(names "")
foreach(d ${defs})
  string(REGEX REPLACE "^[0-9a-f]+ . " "" n "${d}")
  list(APPEND names ${n})
endforeach()
string(REPLACE "\n" ";" lines "${elf_syms}")
set(total 0)
set(list "")
foreach(l ${lines})
  if(l MATCHES "^[0-9a-f]+ ([0-9a-f]+) [tTrRdD] (.+)$")
    set(size ${CMAKE_MATCH_1})
    set(name ${CMAKE_MATCH_2})
    list(FIND names ${name} i)
    if(NOT i EQUAL -1)
      math(EXPR bytes "0x${size}")
      math(EXPR total "${total} + ${bytes}")
      string(APPEND list " ${name}:${bytes}")
    endif()
  endif()
endforeach()
if(NOT DEFINED WHAT)
  set(WHAT core)
endif()
# The program's own pin ISR, with what the library inlines into it.
string(REGEX MATCH "[0-9a-f]+ ([0-9a-f]+) [tT] footprint_isr\n" isr "${elf_syms}")
math(EXPR isr_bytes "0x${CMAKE_MATCH_1}")
message("footprint ${LABEL}: ${WHAT} ${total} bytes of flash linked by a minimal program, "
        "its pin ISR ${isr_bytes} (${list} )")
