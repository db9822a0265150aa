// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// File: contract_suite.h
//
// The backend-agnostic contract suite: GoogleTest tests written only against
// PortReservations, instantiated once per backend (RocksDB's env_basic_test,
// gRPC's EventEngine test suite). Link the CMake target
// portres::contract_suite (it compiles the tests into your binary) and
// register your implementation with
//
// Example (the macro pastes the fixture's name, so bring it in unqualified):
//   using portres::testkit::PortReservationsContractTest;
//   INSTANTIATE_TEST_SUITE_P(Mine, PortReservationsContractTest,
//                            ::testing::Values(portres::testkit::ContractBackend{
//                                .name = "mine", .make = [] { ... }}),
//                            portres::testkit::ContractBackendName);
//
// Every test runs in a single process and only touches ports inside
// `ContractBackend::base .. base + 199` (plus wildcard blocks), so a real
// machine can host it.
//
// Thread safety: the tests run one at a time, as GoogleTest runs them.

#ifndef PORTRES_TESTING_CONTRACT_SUITE_H_
#define PORTRES_TESTING_CONTRACT_SUITE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "gtest/gtest.h"
#include "portres/port_reservations.h"

namespace portres::testkit {

// One implementation under test.
struct ContractBackend {
  std::string name;  // the test names' suffix, e.g. "sim"
  // A fresh process on a host where [base, base + 200) is free in both
  // protocols. The pointer may share ownership of the host behind it.
  std::function<std::shared_ptr<PortReservations>()> make;
  uint16_t base = 40000;  // the first of the 200 ports the tests use
  // Whether that process is an elevated administrator.
  bool elevated = false;
  // Why this platform cannot run the suite ("" if it can), e.g. Wine, which
  // answers WSAEOPNOTSUPP to the reservation ioctls.
  std::function<std::string()> unsupported = [] { return std::string(); };
};

// Test names end in the backend's name ("/sim"), not "/0".
inline void PrintTo(const ContractBackend& backend, std::ostream* os) {
  *os << backend.name;
}

// INSTANTIATE_TEST_SUITE_P's name generator: the backend's name.
inline std::string ContractBackendName(
    const ::testing::TestParamInfo<ContractBackend>& info) {
  return info.param.name;
}

// The suite's fixture: `ports_` is a fresh process of the backend.
class PortReservationsContractTest
    : public ::testing::TestWithParam<ContractBackend> {
 protected:
  // Skips with the backend's reason, or makes `ports_`.
  void SetUp() override {
    if (std::string reason = GetParam().unsupported(); !reason.empty()) {
      GTEST_SKIP() << reason;
    }
    ports_ = GetParam().make();
  }
  // The backend's first free port.
  uint16_t base() const { return GetParam().base; }
  // An IPv4 socket of `type` (the test fails if it cannot be opened).
  SocketId Open(SocketType type);

  std::shared_ptr<PortReservations> ports_;  // the process under test
};

}  // namespace portres::testkit

#endif  // PORTRES_TESTING_CONTRACT_SUITE_H_
