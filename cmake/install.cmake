# cmake/install.cmake - the installable package of the host build: libpinq
# (core + POSIX port), libpinq_input and libpinq_decode, each static and
# shared, their headers, a CMake package (find_package(pinq CONFIG):
# pinq::pinq, pinq::input, pinq::decode) and pinq.pc for pkg-config.
# Reference: docs/packaging.md. Included by the top-level CMakeLists.txt.
#
# The in-tree static targets (pinq_core, pinq_posix, pinq_input,
# pinq_decode) are left as the tests use them; the installed libraries are
# separate targets built once from the same sources as position-independent
# objects, so one compile serves both the .a and the .so.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Which port the installed libpinq carries. A microcontroller port needs
# its own toolchain and board files (targets/, docs/ports.md), so the host
# build installs the POSIX port only, and says so instead of installing a
# library whose port hooks are missing.
set(PINQ_PORT posix CACHE STRING "port built into the installed libpinq (host build: posix only)")
set_property(CACHE PINQ_PORT PROPERTY STRINGS posix)
if(NOT PINQ_PORT STREQUAL "posix")
  message(FATAL_ERROR "PINQ_PORT=${PINQ_PORT}: the host build installs the POSIX port only. "
    "Microcontroller ports are built by their own projects (targets/<name>, docs/ports.md); "
    "Arduino and PlatformIO builds use library.json / tools/arduino-export.sh (docs/packaging.md).")
endif()
option(PINQ_INSTALL_SHARED "build and install shared libraries beside the static ones" ON)

# The version is PINQ_VERSION_STRING in include/pinq.h, the one place it is kept.
file(STRINGS ${PROJECT_SOURCE_DIR}/include/pinq.h pinq_version_line REGEX "^#define PINQ_VERSION_STRING ")
if(NOT pinq_version_line MATCHES "\"(([0-9]+)\\.([0-9]+)\\.[0-9]+)\"")
  message(FATAL_ERROR "no PINQ_VERSION_STRING \"X.Y.Z\" in include/pinq.h")
endif()
set(PINQ_PACKAGE_VERSION ${CMAKE_MATCH_1})
# While the major version is 0 a minor release may change pinq_t's layout:
# the soname carries major.minor until 1.0.
if(CMAKE_MATCH_2 EQUAL 0)
  set(pinq_soversion ${CMAKE_MATCH_2}.${CMAKE_MATCH_3})
else()
  set(pinq_soversion ${CMAKE_MATCH_2})
endif()

set(pinq_src ${PROJECT_SOURCE_DIR}/src)
set(pinq_pkg_parts pinq input decode)
# The sources are the in-tree targets' own lists, so a file added there
# is packaged too.
function(pinq_pkg_sources out)
  set(all)
  foreach(t IN LISTS ARGN)
    get_target_property(srcs ${t} SOURCES)
    get_target_property(dir ${t} SOURCE_DIR)
    list(TRANSFORM srcs PREPEND ${dir}/ REGEX "^[^/]")
    list(APPEND all ${srcs})
  endforeach()
  set(${out} ${all} PARENT_SCOPE)
endfunction()
pinq_pkg_sources(pinq_pkg_sources_pinq pinq_core pinq_posix pinq_stats_format pinq_stats) # statistics: pinq_stats.h
if(TARGET pinq_input_posix) # Linux: the busy-poll mode, pinq_input_posix.h
  pinq_pkg_sources(pinq_pkg_sources_input pinq_input pinq_input_posix)
else()
  pinq_pkg_sources(pinq_pkg_sources_input pinq_input)
endif()
pinq_pkg_sources(pinq_pkg_sources_decode pinq_decode)
set(pinq_pkg_deps_pinq Threads::Threads)
set(pinq_pkg_deps_input pinq)
set(pinq_pkg_deps_decode "") # pinq's types only, no core function

set(pinq_pkg_targets)
foreach(part IN LISTS pinq_pkg_parts)
  if(part STREQUAL "pinq")
    set(file_name pinq)
  else()
    set(file_name pinq_${part})
  endif()
  add_library(pinq_pkg_${part}_obj OBJECT ${pinq_pkg_sources_${part}})
  set_target_properties(pinq_pkg_${part}_obj PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(pinq_pkg_${part}_obj PRIVATE ${PROJECT_SOURCE_DIR}/include ${pinq_src}
                             ${pinq_src}/${part} ${PROJECT_SOURCE_DIR}/port/posix)
  set(kinds static)
  if(PINQ_INSTALL_SHARED)
    list(APPEND kinds shared)
  endif()
  foreach(kind IN LISTS kinds)
    string(TOUPPER ${kind} KIND)
    set(t pinq_pkg_${part}_${kind})
    add_library(${t} ${KIND} $<TARGET_OBJECTS:pinq_pkg_${part}_obj>)
    set_target_properties(${t} PROPERTIES OUTPUT_NAME ${file_name} EXPORT_NAME ${part}_${kind})
    if(kind STREQUAL "shared")
      set_target_properties(${t} PROPERTIES VERSION ${PINQ_PACKAGE_VERSION} SOVERSION ${pinq_soversion})
    endif()
    target_include_directories(${t} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/pinq>)
    foreach(dep IN LISTS pinq_pkg_deps_${part})
      if(TARGET pinq_pkg_${dep}_${kind})
        set(dep pinq_pkg_${dep}_${kind})
      endif()
      target_link_libraries(${t} PUBLIC ${dep})
    endforeach()
    list(APPEND pinq_pkg_targets ${t})
  endforeach()
endforeach()

set(pinq_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/pinq)
install(TARGETS ${pinq_pkg_targets} EXPORT pinqTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Headers in their own directory: pinq_port_stamp.h is too generic a name
# for the top of an include tree. pinq_isr.h inlines the port's stamp, so
# the POSIX port's headers go with the public ones.
file(GLOB pinq_public_headers ${PROJECT_SOURCE_DIR}/include/*.h)
install(FILES ${pinq_public_headers} ${PROJECT_SOURCE_DIR}/port/posix/pinq_port_stamp.h
        ${PROJECT_SOURCE_DIR}/port/posix/pinq_posix.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/pinq)
install(EXPORT pinqTargets NAMESPACE pinq:: DESTINATION ${pinq_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pinqConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pinqConfig.cmake INSTALL_DESTINATION ${pinq_cmake_dir})
# 0.x: only the same minor release is compatible (see the soname above).
if(pinq_soversion MATCHES "\\.")
  set(pinq_compat SameMinorVersion)
else()
  set(pinq_compat SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pinqConfigVersion.cmake
  VERSION ${PINQ_PACKAGE_VERSION} COMPATIBILITY ${pinq_compat})
install(FILES ${PROJECT_BINARY_DIR}/pinqConfig.cmake ${PROJECT_BINARY_DIR}/pinqConfigVersion.cmake
        DESTINATION ${pinq_cmake_dir})

# pinq.pc finds its prefix from its own place (${pcfiledir}), so the tree
# stays correct when `cmake --install --prefix` moves it.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(PINQ_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH pinq_pc_up "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
  set(PINQ_PC_PREFIX "\${pcfiledir}/${pinq_pc_up}")
endif()
# One .pc per library; pinq_input's and pinq_decode's require pinq's for
# its headers (and, for the input engine, its functions).
set(pinq_pc_desc_pinq "pin interrupts, polling and the event queue between them (core + POSIX port)")
set(pinq_pc_desc_input "pinq input engine: debounce, gestures, chords, encoders, storm guard")
set(pinq_pc_desc_decode "pinq protocol decoders: NEC, RC-5, RC-6, SIRC, DHT11/AM230x, DCF77")
foreach(part IN LISTS pinq_pkg_parts)
  if(part STREQUAL "pinq")
    set(PINQ_PC_NAME pinq)
    set(PINQ_PC_REQUIRES "")
    set(PINQ_PC_PRIVATE "-pthread")
  else()
    set(PINQ_PC_NAME pinq_${part})
    set(PINQ_PC_REQUIRES "pinq = ${PINQ_PACKAGE_VERSION}")
    set(PINQ_PC_PRIVATE "")
  endif()
  set(PINQ_PC_DESCRIPTION "${pinq_pc_desc_${part}}")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/pinq.pc.in ${PROJECT_BINARY_DIR}/${PINQ_PC_NAME}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${PINQ_PC_NAME}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
