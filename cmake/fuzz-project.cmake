# fuzz-project.cmake - what every fuzzer project (fuzz/, tools/pinq-sim/
# fuzz/, tools/pinq-replay/fuzz/) sets up after its project(): C11 as the
# host build, clang (libFuzzer exists only there), and every file compiled
# with libFuzzer, ASan and UBSan, warnings as errors.
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)
if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "the fuzzers need clang (libFuzzer): configure with -DCMAKE_C_COMPILER=clang")
endif()

set(_san -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_compile_options(-Wall -Wextra -Werror -g -O1 ${_san})
add_link_options(${_san})
