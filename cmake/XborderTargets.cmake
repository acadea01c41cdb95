# Warnings live on an INTERFACE target so third-party code is not affected.
add_library(xb_warnings INTERFACE)
target_compile_options(xb_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2 -Wmissing-declarations
  # GCC 12 reports false positives inside libstdc++'s std::string at -O2 (GCC bugs 105329,
  # 105651); they are not about our code.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict -Wno-stringop-overflow -Wno-array-bounds>)
if(XB_WERROR)
  target_compile_options(xb_warnings INTERFACE -Werror)
endif()
# Sanitizers apply to every target (modules, tests, CLI, fuzzers). Undefined behaviour stops the
# program (-fno-sanitize-recover) so a test that triggers it fails instead of printing and
# passing.
if(XB_TSAN AND (XB_SANITIZE OR XB_LIBFUZZER))
  message(FATAL_ERROR "XB_TSAN cannot be combined with XB_SANITIZE or XB_LIBFUZZER")
endif()
if(XB_SANITIZE OR XB_LIBFUZZER)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(XB_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(XB_LIBFUZZER)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "XB_LIBFUZZER needs clang (CC=clang CXX=clang++)")
  endif()
  # Coverage feedback from every module, not just the fuzz target's own file: without it
  # libFuzzer cannot tell which inputs reach new code in the readers, detectors and parsers.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# xb_add_module(NAME SOURCES ... DEPS ...): one static library per pipeline stage (DESIGN.md §2).
# Headers are included from src/: #include "core/status.h".
function(xb_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(xb_${name} STATIC ${ARG_SOURCES})
  add_library(xborder::${name} ALIAS xb_${name})
  target_include_directories(xb_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(xb_${name} PUBLIC ${ARG_DEPS} PRIVATE xb_warnings)
endfunction()

# The throwaway PostgreSQL cluster of a ctest run lives here (one per build tree; src/pg).
string(MD5 XB_BUILD_HASH "${PROJECT_BINARY_DIR}")
string(SUBSTRING "${XB_BUILD_HASH}" 0 12 XB_BUILD_HASH)
set(XB_TEST_POSTGRES_DIR "/tmp/xb-pg-test-${XB_BUILD_HASH}")

# xb_add_tests(NAME [POSTGRES] SOURCES ... DEPS ...): one GoogleTest executable per module, tests
# beside code. POSTGRES: some tests need the test cluster; under ctest they run inside the
# xb_postgres fixture, which starts one cluster for the whole run (pg/test_environment.h).
# Each test is labelled with the module's name, so a subset runs with `ctest -L` (the
# ThreadSanitizer run in scripts/test-sanitizers.sh picks the threaded modules this way).
function(xb_add_tests name)
  cmake_parse_arguments(ARG "POSTGRES" "" "SOURCES;DEPS" ${ARGN})
  if(NOT XB_BUILD_TESTS)
    return()
  endif()
  add_executable(xb_${name}_tests ${ARG_SOURCES})
  target_link_libraries(xb_${name}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main xb_warnings)
  set(properties TIMEOUT 300 LABELS ${name})
  if(ARG_POSTGRES)
    target_link_libraries(xb_${name}_tests PRIVATE xb_pg_testing)
    list(APPEND properties FIXTURES_REQUIRED xb_postgres
         ENVIRONMENT "XB_TEST_POSTGRES_DIR=${XB_TEST_POSTGRES_DIR}")
  endif()
  gtest_discover_tests(xb_${name}_tests WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
                       DISCOVERY_TIMEOUT 60 PROPERTIES ${properties})
endfunction()
