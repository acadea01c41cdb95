// Every fuzz target includes this and defines LLVMFuzzerTestOneInput (libFuzzer's entry point).
#ifndef XBORDER_FUZZ_FUZZ_TARGET_H_
#define XBORDER_FUZZ_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#endif  // XBORDER_FUZZ_FUZZ_TARGET_H_
