# SPDX-License-Identifier: GPL-3.0-or-later
# How a test is added, in one place: the test support library (this folder),
# one function a kind of test, and what ctest counts as skipped.
#
#   add_unit_test(NAME [SOURCES...])           GoogleTest for core/, NAME.cpp
#   add_cli_test(NAME [LIBS...] [TIMEOUT S])   digitpad-cli end to end, NAME.cpp
#   add_widget_test(NAME [SOURCES...])         Qt Test for ui/, NAME.cpp
#
# Skipped tests show as skipped in ctest's summary, not as passed:
# gtest_discover_tests marks a GTEST_SKIP by its "[  SKIPPED ]" line, and a
# widget test's main (qt_test_main.h) exits with DIGITPAD_TEST_SKIP_CODE when a
# test function skipped and none failed (a regular expression on "SKIP" would
# also hide a failure in the same executable). scripts/test.sh lists them with
# their reasons.
set(DIGITPAD_TEST_SKIP_CODE 77)

# Header-only helpers: temp_folder.h, cli_run.h, text_files.h,
# network_helpers.h, qt_test_main.h; and the generated test_paths.h.
add_library(digitpad_test_support INTERFACE)
target_include_directories(digitpad_test_support INTERFACE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_BINARY_DIR}/tests)

# One executable per test file (as KeePassXC does), linked to the core library.
function(add_unit_test name)
  add_executable(${name} ${name}.cpp ${ARGN})
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE digitpad_core digitpad_test_support GTest::gtest GTest::gtest_main
                                        digitpad_warnings)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()

# A GoogleTest executable that runs the built tool as a user would, through
# the shell (cli_run.h reads DIGITPAD_CLI_PATH), and checks its output, exit
# status and files; Qt is linked to write the test's image files. The tool is
# built before the test.
function(add_cli_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT" "LIBS")
  add_executable(${name} ${name}.cpp)
  target_link_libraries(${name} PRIVATE digitpad_core ${arg_LIBS} Qt6::Gui digitpad_test_support GTest::gtest
                                        GTest::gtest_main digitpad_warnings)
  target_compile_definitions(${name} PRIVATE DIGITPAD_CLI_PATH="$<TARGET_FILE:digitpad-cli>")
  add_dependencies(${name} digitpad-cli)
  set(properties ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
  if(arg_TIMEOUT)
    list(APPEND properties TIMEOUT ${arg_TIMEOUT})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ${properties})
endfunction()

# One Qt Test executable per widget test file. The offscreen platform is set
# here, not in code, so the same binary also runs on a real display.
function(add_widget_test name)
  add_executable(${name} ${name}.cpp ${ARGN})
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE digitpad_ui digitpad_test_support Qt6::Test digitpad_warnings)
  target_compile_definitions(${name} PRIVATE DIGITPAD_TEST_SKIP_CODE=${DIGITPAD_TEST_SKIP_CODE})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 300
                                          SKIP_RETURN_CODE ${DIGITPAD_TEST_SKIP_CODE})
endfunction()
