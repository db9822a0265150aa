// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The wide-console shim: Microsoft's wprintf conversions and _wtoi.

#include <windows.h>

#include <climits>
#include <string>

#include "gtest/gtest.h"

namespace portres::testkit {
namespace {

template <typename... Args>
std::string Printed(const wchar_t* format, Args... args) {
  ::testing::internal::CaptureStdout();
  wprintf(format, args...);
  fflush(stdout);
  return ::testing::internal::GetCapturedStdout();
}

TEST(WideConsoleTest, MicrosoftStringConversions) {
  EXPECT_EQ(Printed(L"%s|%ws|%ls", L"a", L"b", L"c"), "a|b|c");
  EXPECT_EQ(Printed(L"%S|%hs", "narrow", "too"), "narrow|too");
  EXPECT_EQ(Printed(L"[%5s][%-3s][%.2s]", L"ab", L"x", L"xyz"),
            "[   ab][x  ][xy]");
  EXPECT_EQ(Printed(L"%s", static_cast<const wchar_t*>(nullptr)), "(null)");
  EXPECT_EQ(Printed(L"%c%C", L'w', 'n'), "wn");
}

TEST(WideConsoleTest, SixtyFourBitConversions) {
  EXPECT_EQ(Printed(L"%I64d", static_cast<ULONG64>(-2)), "-2");
  EXPECT_EQ(Printed(L"%I64u", static_cast<ULONG64>(-2)),
            "18446744073709551614");
  EXPECT_EQ(Printed(L"%I64x %llX", ULONG64{255}, ULONG64{255}), "ff FF");
}

TEST(WideConsoleTest, IntegerConversionsFollowLlp64) {
  EXPECT_EQ(Printed(L"%d %u %5d %-4d| %05u", -1, 7u, 42, 3, 9u),
            "-1 7    42 3   | 00009");
  // %l is 32-bit on Windows.
  EXPECT_EQ(Printed(L"%lu %ld", DWORD{4000000000u}, LONG{-5}), "4000000000 -5");
  EXPECT_EQ(Printed(L"%hu", 70000), "4464");
  EXPECT_EQ(Printed(L"100%%"), "100%");
}

TEST(WideConsoleTest, NonAsciiIsUtf8) {
  EXPECT_EQ(Printed(L"Intervalos de exclusi\u00f3n"),
            "Intervalos de exclusi\xc3\xb3n");
}

TEST(WideConsoleTest, Wtoi) {
  EXPECT_EQ(_wtoi(L"5000"), 5000);
  EXPECT_EQ(_wtoi(L"  -17x"), -17);
  EXPECT_EQ(_wtoi(L"+3"), 3);
  EXPECT_EQ(_wtoi(L"abc"), 0);
  EXPECT_EQ(_wtoi(L"99999999999"), INT_MAX);
  EXPECT_EQ(_wtoi(L"-99999999999"), INT_MIN);
}

}  // namespace
}  // namespace portres::testkit
