// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "core/validation.h"

#include "gtest/gtest.h"
#include "portres/testing/status_matchers.h"

namespace portres::internal {
namespace {

using ::portres::testkit::HasWindowsCode;
using ::portres::testkit::IsOk;

// U6: runtime ranges.
TEST(ValidationTest, RuntimeRange) {
  EXPECT_THAT(ValidateRuntimeRange({5000, 20}), IsOk());
  EXPECT_THAT(ValidateRuntimeRange({0, 20}), IsOk()) << "wildcard";
  EXPECT_THAT(ValidateRuntimeRange({65535, 1}), IsOk());
  EXPECT_THAT(ValidateRuntimeRange({5000, 0}), HasWindowsCode(kWsaEInval));
  EXPECT_THAT(ValidateRuntimeRange({65535, 2}), HasWindowsCode(kWsaEInval));
}

// §7 M2, U13: persistent ranges.
TEST(ValidationTest, PersistentRange) {
  EXPECT_THAT(ValidatePersistentRange({1, 65535}), IsOk());
  EXPECT_THAT(ValidatePersistentRange({0, 20}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(ValidatePersistentRange({5000, 0}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(ValidatePersistentRange({2, 65535}),
              HasWindowsCode(kErrorInvalidParameter));
  EXPECT_THAT(ValidatePersistentRange({5000, 20}, 5018),
              HasWindowsCode(kErrorInvalidParameter));
}

TEST(ValidationTest, SocketProtocol) {
  EXPECT_EQ(*ResolveSocketProtocol(SocketType::kStream, 0), Protocol::kTcp);
  EXPECT_EQ(*ResolveSocketProtocol(SocketType::kStream, 6), Protocol::kTcp);
  EXPECT_EQ(*ResolveSocketProtocol(SocketType::kDatagram, 0), Protocol::kUdp);
  EXPECT_EQ(*ResolveSocketProtocol(SocketType::kDatagram, 17), Protocol::kUdp);
  EXPECT_EQ(*ResolveSocketProtocol(SocketType::kRaw, 17), std::nullopt);
  EXPECT_THAT(ResolveSocketProtocol(SocketType::kDatagram, 6),
              HasWindowsCode(kWsaEProtoType));
  EXPECT_THAT(ResolveSocketProtocol(SocketType::kStream, 132),
              HasWindowsCode(kWsaEProtoNoSupport));
}

TEST(ValidationTest, TokenArgument) {
  EXPECT_THAT(ValidateTokenArgument(Token(1), "x"), IsOk());
  EXPECT_THAT(ValidateTokenArgument(Token(), "x"), HasWindowsCode(kWsaEInval));
}

}  // namespace
}  // namespace portres::internal
