# cmake -DSOURCE_DIR=.. -DBINARY_DIR=.. -DWORK_DIR=.. -P install_and_consume.cmake
# Installs lloyd into WORK_DIR/prefix and builds examples/example_with_cmake against it.
file(REMOVE_RECURSE "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()
run(${CMAKE_COMMAND} --install "${BINARY_DIR}" --prefix "${WORK_DIR}/prefix")
if(NOT EXISTS "${WORK_DIR}/prefix/share/lloyd/cmake/lloydConfigVersion.cmake")
  message(FATAL_ERROR "lloydConfigVersion.cmake was not installed")
endif()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/example_with_cmake" -B "${WORK_DIR}/build"
    -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
