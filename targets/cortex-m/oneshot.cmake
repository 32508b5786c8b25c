# The Cortex-M port's one-shot timer (port/cortex-m/pinq_cm_oneshot.c, on
# board timer 0) driving the input engine with no periodic tick; included
# by CMakeLists.txt after the pinq_input_<cpu> libraries. -icount shift=5:
# deterministic guest time. On mps2 QEMU's CMSDK timer lands up to a
# wait slice (PINQ_CM_WAIT_SLICE, ~10 ms) off its deadline while the CPU
# sleeps under -icount sleep=off (see test_encoder_rate_cm): early expiries are
# re-started by the ISR (one extra wake-up), late ones only delay the
# click; both within the test's bounds (timer wake-ups exact, at most
# 7 wake-ups, click < 2 s).
if(INPUT_SOURCES)
  foreach(t m0 m3 m4)
    pinq_cm_test(${t} test_oneshot_cm SOURCES tests/test_oneshot_cm.c ${PORT}/pinq_cm_oneshot.c
                 RUNNER_ARGS -DICOUNT=5)
    target_include_directories(test_oneshot_cm_${t} PRIVATE ${PINQ_ROOT}/tests/input)
    target_link_libraries(test_oneshot_cm_${t} PRIVATE pinq_input_${t})
  endforeach()
endif()
