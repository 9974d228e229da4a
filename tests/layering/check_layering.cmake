# The include direction between otscope's layers, checked on the sources: every `#include "..."`
# of every source under the layer folders names a file of its own layer or of a layer it may
# use. Any other include of a project folder (tests/, bench/ and pcaps/ included) fails the
# check, listed as file:line.
#
#   layer      what                                  may include, besides itself
#   common     the plain shared values               nothing
#   capture    libpcap/libtins, flows, reassembly    common
#   protocols  decoders, dispatch, events            common, capture
#   model      records and the rules over them       common, protocols*
#   engine     drives capture and protocols          common, capture, protocols*, model
#   db         SQLite, all of the SQL                common, capture, protocols*, model
#   cli        the otscope command                   all of the above
#   gui        the desktop console                   all of the above
#
# protocols*: above the protocol layer only its shared part is seen (protocols/common/, the
# registry and, for the engine, the dispatcher), never a protocol's folder: adding a protocol
# touches its folder alone (protocols/README.md).
#
# engine and db stand side by side: neither includes the other; cli and gui use both.
#
# Includes are resolved as the compiler does: beside the including file first, then from the
# source root (the one include directory). Includes that resolve to no project folder (system
# or generated headers) are not checked.
#
# Usage: cmake -DROOT=<source tree> -P check_layering.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED ROOT OR NOT IS_DIRECTORY "${ROOT}")
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_layering.cmake")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)

set(layers common capture protocols model engine db cli gui)
# What each layer may include, as prefixes of the path from the source root.
set(may_include_common common/)
set(may_include_capture common/ capture/)
set(may_include_protocols common/ capture/ protocols/)
set(protocol_layer protocols/common/ protocols/registry.h protocols/dispatch.h)
set(may_include_model common/ protocols/common/ protocols/registry.h model/)
set(may_include_engine common/ capture/ ${protocol_layer} model/ engine/)
set(may_include_db common/ capture/ ${protocol_layer} model/ db/)
set(may_include_cli common/ capture/ ${protocol_layer} model/ engine/ db/ cli/)
set(may_include_gui common/ capture/ ${protocol_layer} model/ engine/ db/ cli/ gui/)

set(violations "")
set(violation_count 0)
set(checked_files 0)
foreach(layer IN LISTS layers)
  if(NOT IS_DIRECTORY "${ROOT}/${layer}")
    continue()
  endif()
  file(GLOB_RECURSE sources RELATIVE "${ROOT}" LIST_DIRECTORIES false
       "${ROOT}/${layer}/*.h" "${ROOT}/${layer}/*.hh" "${ROOT}/${layer}/*.hpp"
       "${ROOT}/${layer}/*.cpp" "${ROOT}/${layer}/*.cc" "${ROOT}/${layer}/*.cxx"
       "${ROOT}/${layer}/*.inl" "${ROOT}/${layer}/*.ipp")
  list(SORT sources)
  foreach(source IN LISTS sources)
    math(EXPR checked_files "${checked_files} + 1")
    get_filename_component(source_dir "${source}" DIRECTORY)
    file(READ "${ROOT}/${source}" text)
    # One list element per line: characters that CMake's lists treat specially become spaces
    # (no include path this check reads contains them).
    string(REGEX REPLACE "[][;\\\\]" " " text "${text}")
    string(REPLACE "\n" ";" lines "${text}")
    set(line_number 0)
    foreach(line IN LISTS lines)
      math(EXPR line_number "${line_number} + 1")
      if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
        continue()
      endif()
      set(included "${CMAKE_MATCH_1}")
      if(EXISTS "${ROOT}/${source_dir}/${included}")
        get_filename_component(target "${ROOT}/${source_dir}/${included}" ABSOLUTE)
      else()
        get_filename_component(target "${ROOT}/${included}" ABSOLUTE)
      endif()
      file(RELATIVE_PATH target "${ROOT}" "${target}")
      if(NOT target MATCHES "^([^/]+)/")
        continue()  # beside the root: not a file of a project folder
      endif()
      if(CMAKE_MATCH_1 STREQUAL ".." OR NOT IS_DIRECTORY "${ROOT}/${CMAKE_MATCH_1}")
        continue()  # outside the tree, or no project folder (a system or generated header)
      endif()
      set(allowed FALSE)
      foreach(prefix IN LISTS may_include_${layer})
        string(FIND "${target}" "${prefix}" at)
        if(at EQUAL 0)
          set(allowed TRUE)
          break()
        endif()
      endforeach()
      if(NOT allowed)
        list(JOIN may_include_${layer} " " permitted)
        string(APPEND violations
               "\n  ${source}:${line_number}: ${layer}/ includes \"${included}\"; ${layer}/ may "
               "include only ${permitted}")
        math(EXPR violation_count "${violation_count} + 1")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violation_count GREATER 0)
  message(FATAL_ERROR
          "layering: ${violation_count} forbidden include(s), each of a layer that the including "
          "one must not depend on (the rules: tests/layering/check_layering.cmake):"
          "${violations}\n")
endif()
message(STATUS "layering: ${checked_files} files, no forbidden include")
