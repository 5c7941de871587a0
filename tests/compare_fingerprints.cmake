# cmake -DSERIAL=exe -DPARALLEL=exe -P compare_fingerprints.cmake
# The fingerprint (hex bits of centres, labels and inertia of several fits) must be identical for the
# build without OpenMP and for the OpenMP build with 1, 2 and 8 threads.
execute_process(COMMAND "${SERIAL}" OUTPUT_VARIABLE ref RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR ref STREQUAL "")
  message(FATAL_ERROR "serial fingerprint failed (${rc})")
endif()
foreach(t 1 2 8)
  set(ENV{OMP_NUM_THREADS} ${t})
  execute_process(COMMAND "${PARALLEL}" OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "OpenMP fingerprint with ${t} threads failed (${rc})")
  endif()
  if(NOT out STREQUAL ref)
    message(FATAL_ERROR "results with OMP_NUM_THREADS=${t} differ from the serial build:\n${out}\nvs\n${ref}")
  endif()
  message(STATUS "OMP_NUM_THREADS=${t}: identical to the build without OpenMP")
endforeach()
