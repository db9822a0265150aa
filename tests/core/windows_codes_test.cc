// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

#include "portres/windows_codes.h"

#include "gtest/gtest.h"

namespace portres {
namespace {

// Spec §1.3: every code the spec names is in the table with Windows' number
// and symbolic name.
TEST(WindowsCodesTest, EverySpecCodeHasItsWindowsNumberAndName) {
  const std::vector<std::pair<uint32_t, std::string>> spec = {
      {0, "NO_ERROR"},
      {5, "ERROR_ACCESS_DENIED"},
      {32, "ERROR_SHARING_VIOLATION"},
      {50, "ERROR_NOT_SUPPORTED"},
      {87, "ERROR_INVALID_PARAMETER (WSA_INVALID_PARAMETER)"},
      {122, "ERROR_INSUFFICIENT_BUFFER"},
      {1168, "ERROR_NOT_FOUND"},
      {995, "WSA_OPERATION_ABORTED"},
      {996, "WSA_IO_INCOMPLETE"},
      {997, "WSA_IO_PENDING"},
      {10004, "WSAEINTR"},
      {10013, "WSAEACCES"},
      {10014, "WSAEFAULT"},
      {10022, "WSAEINVAL"},
      {10035, "WSAEWOULDBLOCK"},
      {10036, "WSAEINPROGRESS"},
      {10038, "WSAENOTSOCK"},
      {10042, "WSAENOPROTOOPT"},
      {10045, "WSAEOPNOTSUPP"},
      {10048, "WSAEADDRINUSE"},
      {10049, "WSAEADDRNOTAVAIL"},
      {10050, "WSAENETDOWN"},
      {10055, "WSAENOBUFS"},
      {10093, "WSANOTINITIALISED"},
  };
  for (const auto& [code, name] : spec) {
    const WindowsCodeInfo* info = FindWindowsCode(code);
    ASSERT_NE(info, nullptr) << code;
    EXPECT_EQ(info->name, name);
    EXPECT_FALSE(info->message.empty()) << name;
  }
}

// Spec §1.3 message texts quoted by the docs.
TEST(WindowsCodesTest, MessagesMatchFormatMessage) {
  EXPECT_EQ(FindWindowsCode(kErrorAccessDenied)->message, "Access is denied.");
  EXPECT_EQ(FindWindowsCode(kErrorSharingViolation)->message,
            "The process cannot access the file because it is being used by "
            "another process.");
  EXPECT_EQ(FindWindowsCode(kErrorInvalidParameter)->message,
            "The parameter is incorrect.");
  EXPECT_EQ(FindWindowsCode(kErrorNotFound)->message, "Element not found.");
  EXPECT_EQ(FindWindowsCode(kErrorNotSupported)->message,
            "The request is not supported.");
}

TEST(WindowsCodesTest, CanonicalCodesFollowAbseilGuidance) {
  EXPECT_EQ(FindWindowsCode(kWsaEAddrInUse)->canonical,
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(FindWindowsCode(kErrorSharingViolation)->canonical,
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(FindWindowsCode(kErrorAccessDenied)->canonical,
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(FindWindowsCode(kWsaEAcces)->canonical,
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(FindWindowsCode(kErrorNotFound)->canonical,
            absl::StatusCode::kNotFound);
  EXPECT_EQ(FindWindowsCode(kWsaENoBufs)->canonical,
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(FindWindowsCode(kErrorNotSupported)->canonical,
            absl::StatusCode::kUnimplemented);
}

TEST(WindowsCodesTest, UnknownCodeIsNotFound) {
  EXPECT_EQ(FindWindowsCode(1), nullptr);
  EXPECT_EQ(FindWindowsCode(99999), nullptr);
}

}  // namespace
}  // namespace portres
