# micropython.cmake - entry point for MicroPython's CMake-based ports:
#   idf.py -D USER_C_MODULES=<pinq>/bindings/micropython/micropython.cmake build
# (or make USER_C_MODULES=... in ports/esp32). The module is pinq/.
include(${CMAKE_CURRENT_LIST_DIR}/pinq/micropython.cmake)
