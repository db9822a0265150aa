// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The compat layer turns a failed status into its Windows code, and refuses
// (aborts, naming the status) a failure that carries none: a guessed code
// would hide exactly the bug that produced it.

#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/windows_codes.h"
#include "compat/compat_state.h"

namespace portres::compat::internal {
namespace {

TEST(CodeOfTest, ReturnsTheCarriedWindowsCode) {
  EXPECT_EQ(CodeOf(WindowsError(kWsaEAddrInUse, "bind")), 10048);
  EXPECT_EQ(CodeOf(WindowsError(kErrorSharingViolation, "create")), 32);
}

TEST(CodeOfDeathTest, AStatusWithoutAWindowsCodeAbortsLoudly) {
  EXPECT_DEATH(CodeOf(absl::InternalError("no code here")),
               "carries no Windows code: INTERNAL: no code here");
}

}  // namespace
}  // namespace portres::compat::internal
