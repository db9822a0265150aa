// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Shared by the libFuzzer harnesses: a reader that turns fuzz bytes into call
// arguments (0 once the input is exhausted), and the checks every call must
// pass: its error code is one the spec allows for that function, and the
// simulated host's invariants hold.

#ifndef PORTRES_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define PORTRES_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "portres/compat_host.h"
#include "portres/operations.h"
#include "portres_sim.h"

namespace portres::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return size_ == 0; }
  uint8_t Byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  uint16_t U16() { return static_cast<uint16_t>(Byte() | Byte() << 8); }
  uint32_t U32() { return U16() | static_cast<uint32_t>(U16()) << 16; }
  uint64_t U64() { return U32() | static_cast<uint64_t>(U32()) << 32; }
  // Fills `out` with up to `n` bytes.
  void Fill(void* out, size_t n) {
    for (size_t i = 0; i < n; ++i) static_cast<uint8_t*>(out)[i] = Byte();
  }
  // One of `choices` (by the next byte).
  template <typename T>
  T OneOf(std::initializer_list<T> choices) {
    return choices.begin()[Byte() % choices.size()];
  }

 private:
  const uint8_t* data_;
  size_t size_;
};

// Aborts (a libFuzzer finding) unless `code` is one of `allowed`.
inline void ExpectCode(const char* call, long code,
                       std::initializer_list<long> allowed) {
  for (long ok : allowed) {
    if (code == ok) return;
  }
  std::fprintf(stderr, "%s returned unexpected code %ld\n", call, code);
  std::abort();
}

// Aborts unless `code` is 0, a code `operation` can fail with (the shared
// table, portres/operations.h), or one of `layer`: the codes the Win32 layer
// itself gives before the operation runs (WSANOTINITIALISED, WSAEFAULT, ...).
inline void ExpectOperationCode(const char* call, long code,
                                Operation operation,
                                std::initializer_list<long> layer) {
  // A call a scheduled fault failed (FI1) gives exactly the injected code,
  // which must be one Windows documents for it (FI2).
  static DWORD injected_seen = 0;
  const DWORD injected = PortresSimInjectedFaultCount();
  if (injected != injected_seen) {
    injected_seen = injected;
    DWORD faulted_operation = 0, injected_code = 0;
    if (PortresSimInjectedFault(injected - 1, &faulted_operation,
                                &injected_code) &&
        faulted_operation == static_cast<DWORD>(operation) &&
        code == static_cast<long>(injected_code) &&
        IsInjectableCode(operation, injected_code)) {
      return;
    }
    std::fprintf(stderr, "%s (%s) returned %ld, not the injected code\n",
                 call, std::string(OperationName(operation)).c_str(), code);
    std::abort();
  }
  if (code == 0 || IsFailureCode(operation, static_cast<uint32_t>(code))) {
    return;
  }
  for (long ok : layer) {
    if (code == ok) return;
  }
  std::fprintf(stderr, "%s (%s) returned unexpected code %ld\n", call,
               std::string(OperationName(operation)).c_str(), code);
  std::abort();
}

inline void ExpectInvariants() {
  absl::Status status = compat::SimulatedMachine().CheckInvariants();
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
    std::abort();
  }
}

}  // namespace portres::fuzz

#endif  // PORTRES_TESTS_FUZZ_FUZZ_SUPPORT_H_
