// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The shared vocabulary of operations: one row per operation, names as the
// methods are spelled, failure codes that portres's code table knows.

#include "portres/operations.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "portres/windows_codes.h"

namespace portres {
namespace {

TEST(OperationsTest, NamesAreTheMethodNamesAndUnique) {
  std::set<std::string> names;
  for (Operation op : kAllOperations) {
    names.insert(std::string(OperationName(op)));
  }
  EXPECT_EQ(names.size(), kAllOperations.size());
  EXPECT_EQ(OperationName(Operation::kAcquire), "Acquire");
  EXPECT_EQ(OperationName(Operation::kSetDynamicPortRange),
            "SetDynamicPortRange");
}

TEST(OperationsTest, EveryFailureCodeIsAKnownWindowsCode) {
  for (Operation op : kAllOperations) {
    for (uint32_t code : FailureCodes(op)) {
      EXPECT_NE(FindWindowsCode(code), nullptr)
          << OperationName(op) << " lists unknown code " << code;
      EXPECT_TRUE(IsFailureCode(op, code));
    }
  }
}

TEST(OperationsTest, CodesFollowTheDocumentedRows) {
  // Spec §7: Create's conflict is ERROR_SHARING_VIOLATION, never 10048.
  EXPECT_TRUE(IsFailureCode(Operation::kCreatePersistent, 32));
  EXPECT_FALSE(IsFailureCode(Operation::kCreatePersistent, kWsaEAddrInUse));
  // Spec §9: Lookup needs no elevation, so never ERROR_ACCESS_DENIED.
  EXPECT_FALSE(IsFailureCode(Operation::kLookupPersistent, 5));
  // O4/U5: an overlapping acquire is WSAEADDRINUSE, never WSAEACCES.
  EXPECT_FALSE(IsFailureCode(Operation::kAcquire, kWsaEAcces));
  EXPECT_TRUE(FailureCodes(Operation::kSpawnProcess).empty());
}

// FI2: a test may inject every code a call can fail with (except the
// simulator's own ERROR_INVALID_HANDLE for an exited process's view), and
// the environment's codes the documentation lists, never a code of another
// call.
TEST(OperationsTest, InjectableCodesExtendTheFailureCodes) {
  for (Operation op : kAllOperations) {
    for (uint32_t code : FailureCodes(op)) {
      if (code == kErrorInvalidHandle || InjectableCodes(op).empty()) continue;
      EXPECT_TRUE(IsInjectableCode(op, code))
          << OperationName(op) << " " << code;
    }
    for (uint32_t code : InjectableCodes(op)) {
      EXPECT_NE(FindWindowsCode(code), nullptr) << code;
    }
  }
  EXPECT_TRUE(IsInjectableCode(Operation::kAcquire, kWsaENetDown));
  EXPECT_TRUE(IsInjectableCode(Operation::kRelease, kWsaEIntr));
  EXPECT_TRUE(IsInjectableCode(Operation::kCloseSocket, kWsaEIntr));
  EXPECT_FALSE(IsInjectableCode(Operation::kBind, kWsaEIntr));
  EXPECT_FALSE(IsInjectableCode(Operation::kCreatePersistent, kWsaENetDown));
  EXPECT_FALSE(IsInjectableCode(Operation::kAcquire, kErrorInvalidHandle));
  EXPECT_TRUE(InjectableCodes(Operation::kReboot).empty());
}

}  // namespace
}  // namespace portres
