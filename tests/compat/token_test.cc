// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The process token (docs W5): OpenProcessToken on GetCurrentProcess's
// pseudo-handle and GetTokenInformation's TokenElevation, answered from the
// simulated process the thread acts as, with Windows' codes for bad calls.

#include <windows.h>

#include "gtest/gtest.h"
#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

using TokenTest = CompatTest;

// The TokenIsElevated a fresh token of the calling process reports.
DWORD Elevated() {
  HANDLE token = nullptr;
  EXPECT_TRUE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
  TOKEN_ELEVATION elevation = {7};
  DWORD size = 0;
  EXPECT_TRUE(GetTokenInformation(token, TokenElevation, &elevation,
                                  sizeof(elevation), &size));
  EXPECT_EQ(size, sizeof(TOKEN_ELEVATION));
  EXPECT_TRUE(CloseHandle(token));
  return elevation.TokenIsElevated;
}

TEST_F(TokenTest, ElevationIsTheSimulatedProcesss) {
  const DWORD admin = PortresSimSpawnProcess(TRUE);
  const DWORD user = PortresSimSpawnProcess(FALSE);
  ASSERT_TRUE(PortresSimSwitchProcess(admin));
  EXPECT_EQ(Elevated(), 1u);
  ASSERT_TRUE(PortresSimSwitchProcess(user));
  EXPECT_EQ(Elevated(), 0u);
}

TEST_F(TokenTest, OnlyTheCurrentProcessPseudoHandleOpens) {
  EXPECT_EQ(GetCurrentProcess(), INVALID_HANDLE_VALUE);  // (HANDLE)-1
  HANDLE token = reinterpret_cast<HANDLE>(0x1234);
  SetLastError(0);
  EXPECT_FALSE(OpenProcessToken(reinterpret_cast<HANDLE>(0x40), TOKEN_QUERY,
                                &token));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_EQ(token, reinterpret_cast<HANDLE>(0x1234));  // untouched
  EXPECT_FALSE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOACCESS));
}

TEST_F(TokenTest, AShortBufferGetsTheSizeAndNoData) {
  HANDLE token = nullptr;
  ASSERT_TRUE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
  TOKEN_ELEVATION elevation = {7};
  DWORD size = 0;
  EXPECT_FALSE(GetTokenInformation(token, TokenElevation, &elevation, 3, &size));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(size, sizeof(TOKEN_ELEVATION));
  EXPECT_EQ(elevation.TokenIsElevated, 7u);
  // The size question Windows code asks first: no buffer, length 0.
  size = 0;
  EXPECT_FALSE(GetTokenInformation(token, TokenElevation, nullptr, 0, &size));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(size, sizeof(TOKEN_ELEVATION));
  EXPECT_FALSE(GetTokenInformation(token, TokenElevation, &elevation,
                                   sizeof(elevation), nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOACCESS));
  EXPECT_TRUE(CloseHandle(token));
}

TEST_F(TokenTest, QueryingNeedsTokenQueryAccess) {
  HANDLE token = nullptr;
  ASSERT_TRUE(
      OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_DEFAULT, &token));
  TOKEN_ELEVATION elevation = {7};
  DWORD size = 0;
  EXPECT_FALSE(GetTokenInformation(token, TokenElevation, &elevation,
                                   sizeof(elevation), &size));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_ACCESS_DENIED));
  EXPECT_TRUE(CloseHandle(token));
}

TEST_F(TokenTest, OtherClassesAreNotSupported) {
  HANDLE token = nullptr;
  ASSERT_TRUE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
  char buffer[64] = {};
  DWORD size = 0;
  EXPECT_FALSE(
      GetTokenInformation(token, TokenUser, buffer, sizeof(buffer), &size));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOT_SUPPORTED));
  EXPECT_TRUE(CloseHandle(token));
}

TEST_F(TokenTest, AClosedTokenIsAnInvalidHandle) {
  HANDLE token = nullptr;
  ASSERT_TRUE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
  ASSERT_TRUE(CloseHandle(token));
  SetLastError(0);
  EXPECT_FALSE(CloseHandle(token));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  TOKEN_ELEVATION elevation = {};
  DWORD size = 0;
  EXPECT_FALSE(GetTokenInformation(token, TokenElevation, &elevation,
                                   sizeof(elevation), &size));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

TEST_F(TokenTest, AProcessThatHasExitedOpensNoToken) {
  const DWORD pid = PortresSimSpawnProcess(FALSE);
  ASSERT_TRUE(PortresSimSwitchProcess(pid));
  ASSERT_TRUE(PortresSimExitProcess(pid));
  HANDLE token = nullptr;
  EXPECT_FALSE(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

}  // namespace
}  // namespace portres::testkit
