# cmake/freertos.cmake - the FreeRTOS kernel for the side-by-side ISR
# benchmarks: extracted from ../shared into the build tree at configure
# time, never copied into pinq. Sets PINQ_FREERTOS_DIR to the kernel's
# root, or leaves it empty when the tarball is not there (the benchmarks
# then run without the comparison), and PINQ_FREERTOS_CONFIG_DIR to the
# shared settings included by each target's FreeRTOSConfig.h.
set(PINQ_FREERTOS_TGZ ${CMAKE_CURRENT_LIST_DIR}/../../shared/third_party/FreeRTOS-Kernel-4269c69a.tar.gz
    CACHE FILEPATH "FreeRTOS kernel tarball for the comparison benchmark")
set(PINQ_FREERTOS_CONFIG_DIR ${CMAKE_CURRENT_LIST_DIR}/../bench/freertos)
set(PINQ_FREERTOS_DIR ${CMAKE_BINARY_DIR}/freertos/FreeRTOS-Kernel)
if(EXISTS ${PINQ_FREERTOS_TGZ} AND NOT EXISTS ${PINQ_FREERTOS_DIR}/queue.c)
  file(ARCHIVE_EXTRACT INPUT ${PINQ_FREERTOS_TGZ} DESTINATION ${CMAKE_BINARY_DIR}/freertos)
endif()
if(NOT EXISTS ${PINQ_FREERTOS_DIR}/queue.c)
  set(PINQ_FREERTOS_DIR "")
endif()
