// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/status.h"

#include "gtest/gtest.h"
#include "portres/windows_codes.h"

namespace portres {
namespace {

TEST(StatusTest, WindowsErrorCarriesCodeCanonicalAndMessage) {
  absl::Status s = WindowsError(kWsaEAddrInUse, "SIO_ACQUIRE_PORT_RESERVATION");
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(WindowsErrorCode(s), kWsaEAddrInUse);
  EXPECT_EQ(s.message(),
            "SIO_ACQUIRE_PORT_RESERVATION: WSAEADDRINUSE (10048): Only one "
            "usage of each socket address (protocol/network address/port) is "
            "normally permitted.");
}

TEST(StatusTest, OkIsNoError) {
  EXPECT_EQ(WindowsErrorCode(absl::OkStatus()), kNoError);
  EXPECT_EQ(WindowsErrorCode(absl::StatusOr<int>(3)), kNoError);
}

TEST(StatusTest, ForeignErrorHasNoWindowsCode) {
  EXPECT_EQ(WindowsErrorCode(absl::InternalError("x")), std::nullopt);
}

TEST(StatusTest, UnknownCodeStillTravels) {
  absl::Status s = WindowsError(31337, "ctx");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(WindowsErrorCode(s), 31337u);
}

TEST(StatusTest, NoErrorIsNeverAnOkFailure) {
  absl::Status s = WindowsError(kNoError, "ctx");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kUnknown);
}

}  // namespace
}  // namespace portres
