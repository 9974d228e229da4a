# Self-test of check_layering.cmake on scratch trees: a tree whose every include is allowed
# passes; the same tree with forbidden includes fails and lists exactly those, as file:line.
#
# Usage: cmake -DCHECK=<check_layering.cmake> -DWORK=<scratch directory> -P self_test.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED CHECK OR NOT DEFINED WORK)
  message(FATAL_ERROR "usage: cmake -DCHECK=<check_layering.cmake> -DWORK=<dir> -P self_test.cmake")
endif()
file(REMOVE_RECURSE "${WORK}")

# --- A tree that keeps every rule: each layer includes itself, the layers below it, a file
# beside it by a relative name, and headers of no project folder.
set(good "${WORK}/good")
file(WRITE "${good}/common/bytes.h" "#pragma once\n")
file(WRITE "${good}/common/flow.h" [==[#pragma once
#include <cstdint>
#include "common/bytes.h"
#include "bytes.h"
]==])
file(WRITE "${good}/capture/source.h" "#pragma once\n#include \"common/flow.h\"\n")
file(WRITE "${good}/capture/link.h" [==[#pragma once
#include "capture/source.h"
#include "source.h"
#include "common/bytes.h"
]==])
file(WRITE "${good}/protocols/common/events.h" "#pragma once\n#include \"common/flow.h\"\n")
file(WRITE "${good}/protocols/modbus/codes.h" "#pragma once\n")
file(WRITE "${good}/protocols/modbus/decoder.h" [==[#pragma once
#include "protocols/common/events.h"
#include "codes.h"
#include "../common/events.h"
#include "capture/link.h"
]==])
file(WRITE "${good}/model/analysis.h" [==[#pragma once
#include "common/flow.h"
#include "protocols/common/events.h"
#include "model/detection/alert.h"
]==])
file(WRITE "${good}/model/detection/alert.h" "#pragma once\n#include \"../analysis.h\"\n")
file(WRITE "${good}/engine/engine.h" [==[#pragma once
#include "capture/link.h"
#include "protocols/registry.h"
#include "model/analysis.h"
#include "engine/detection/detector.h"
]==])
file(WRITE "${good}/engine/detection/detector.h" "#pragma once\n#include \"model/analysis.h\"\n")
file(WRITE "${good}/db/database.h" [==[#pragma once
#include <sqlite3.h>
#include "sqlite3.h"
#include "model/analysis.h"
#include "protocols/common/events.h"
]==])
file(WRITE "${good}/cli/main.h" [==[#pragma once
#include "engine/engine.h"
#include "db/database.h"
]==])
file(WRITE "${good}/cli/main.cpp" "#include \"cli/main.h\"\n#include \"moc_main.cpp\"\n")
file(WRITE "${good}/gui/window.h" [==[#pragma once
#include "cli/main.h"
#include "ui_window.h"
]==])
file(WRITE "${good}/tests/support/fixture.h" "#pragma once\n#include \"engine/engine.h\"\n")

# --- The same tree with forbidden includes added. Lines with `;`, brackets, backslashes and blank
# lines come before some of them: the reported line numbers must still be right.
set(bad "${WORK}/bad")
file(COPY "${good}/" DESTINATION "${bad}")
file(WRITE "${bad}/common/clock.h" [==[#pragma once
#include "common/flow.h"

#include "protocols/common/events.h"
]==])
file(WRITE "${bad}/capture/reassembly.cpp" [==[#include "capture/link.h"
int table[4] = {0, 1, 2, 3};
#include "protocols/common/events.h"
#define TWO_LINES(x) \
  do { x; } while (0)
#include "model/analysis.h"
]==])
file(WRITE "${bad}/protocols/dispatch.cpp" [==[#include "protocols/modbus/decoder.h"
#include "model/analysis.h"
#include "engine/engine.h"
]==])
file(WRITE "${bad}/model/roles.cpp" [==[#include "model/analysis.h"
#include "protocols/modbus/decoder.h"
#include "capture/link.h"
#include "engine/engine.h"
#include "db/database.h"
]==])
file(WRITE "${bad}/engine/store.cpp" [==[// a comment; with [brackets] and a \ backslash
#include "engine/engine.h"
#include "db/database.h"
#include "cli/main.h"
#include "protocols/modbus/decoder.h"
]==])
file(WRITE "${bad}/engine/test_hook.h" "#pragma once\n#include \"tests/support/fixture.h\"\n")
file(WRITE "${bad}/db/merger.cpp" [==[#include "db/database.h"
#include "engine/engine.h"
#include "../engine/engine.h"

[[maybe_unused]] static const char* k = "; \\ [";
  #  include "engine/detection/detector.h"
#include "gui/window.h"
]==])
file(WRITE "${bad}/cli/run.cpp" "#include \"cli/main.h\"\n#include \"gui/window.h\"\n")
set(expected
    capture/reassembly.cpp:3
    capture/reassembly.cpp:6
    cli/run.cpp:2
    common/clock.h:4
    db/merger.cpp:2
    db/merger.cpp:3
    db/merger.cpp:6
    db/merger.cpp:7
    engine/store.cpp:3
    engine/store.cpp:4
    engine/store.cpp:5
    engine/test_hook.h:2
    model/roles.cpp:2
    model/roles.cpp:3
    model/roles.cpp:4
    model/roles.cpp:5
    protocols/dispatch.cpp:2
    protocols/dispatch.cpp:3)

execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${good} -P "${CHECK}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "layering self-test: the check rejected a tree that keeps every rule:\n"
                      "${out}${err}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${bad} -P "${CHECK}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "layering self-test: the check accepted forbidden includes:\n${out}${err}")
endif()
if(NOT err MATCHES "forbidden include\\(s\\)")
  message(FATAL_ERROR "layering self-test: the check failed without its report:\n${out}${err}")
endif()
# CMake indents the lines of a message; each listed include is "<file>:<line>: ...".
string(REGEX MATCHALL "\n *[^ \n]+:[0-9]+: " reported "${err}")
list(TRANSFORM reported REPLACE "^\n *([^ ]+): $" "\\1")
list(SORT reported)
if(NOT reported STREQUAL expected)
  list(JOIN expected "\n  " want)
  list(JOIN reported "\n  " got)
  message(FATAL_ERROR "layering self-test: expected the check to list\n  ${want}\nbut it listed\n"
                      "  ${got}\n\n${err}")
endif()
message(STATUS "layering self-test: clean tree accepted, all 17 forbidden includes reported")
