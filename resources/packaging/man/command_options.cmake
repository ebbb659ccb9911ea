# SPDX-License-Identifier: GPL-3.0-or-later
# Writes a help2man include file whose COMMAND OPTIONS section holds every
# digitpad-cli command's own --help, so that the man page documents the flags
# and not only the command list. Run as
#   cmake -DCLI=path/to/digitpad-cli -DOUT=file.h2m -P command_options.cmake
execute_process(COMMAND ${CLI} --help OUTPUT_VARIABLE usage RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${CLI} --help failed")
endif()

# The command names: the indented first words under "Commands:".
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "${usage}")
set(text "[COMMAND OPTIONS]\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  execute_process(COMMAND ${CLI} ${name} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${CLI} ${name} --help failed")
  endif()
  # roff: a backslash is \e; a line starting with . or ' must not be a request.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND text ".SS ${name}\n.nf\n${help}.fi\n")
endforeach()
file(WRITE ${OUT} "${text}")
