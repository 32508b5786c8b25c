# The rv32 port's one-shot timer (port/riscv/pinq_rv_oneshot.c) driving the
# input engine with no periodic tick; included by CMakeLists.txt.
if(PINQ_INPUT_SOURCES)
  pinq_rv_exe(test_oneshot_rv test_oneshot_rv.c ${PINQ_ROOT}/port/riscv/pinq_rv_oneshot.c)
  target_link_libraries(test_oneshot_rv PRIVATE pinq_input)
  target_include_directories(test_oneshot_rv PRIVATE ${PINQ_ROOT}/tests/input)
  pinq_rv_test(test_oneshot_rv -serial null -icount shift=0,sleep=off)
endif()
