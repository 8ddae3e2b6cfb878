# Fails when js/src/abi.ts differs from what tools/abi_ts.cpp writes now.
execute_process(COMMAND ${GENERATOR} OUTPUT_VARIABLE generated RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ssehub-abi-ts failed (${status})")
endif()
file(READ ${EXPECTED} expected)
if(NOT generated STREQUAL expected)
  message(FATAL_ERROR "js/src/abi.ts is stale: run `npm run abi` and commit the result")
endif()
