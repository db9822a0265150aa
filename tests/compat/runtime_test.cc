// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Microsoft C runtime names and console control handlers Winsock
// programs use (docs §22, DP30, DP31).

#include <signal.h>
#include <windows.h>
#include <winsock2.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace portres::testkit {
namespace {

// DP30: case-insensitive comparisons.
TEST(RuntimeTest, CaseInsensitiveComparisons) {
  EXPECT_EQ(_stricmp("Content-Length", "content-length"), 0);
  EXPECT_LT(_stricmp("apple", "Banana"), 0);
  EXPECT_GT(_stricmp("b", "A"), 0);
  EXPECT_EQ(_strnicmp("HTTP/1.1", "http/1.0", 7), 0);
  EXPECT_NE(_strnicmp("HTTP/1.1", "http/1.0", 8), 0);
}

// DP30: the secure copies and formats, with their array overloads.
TEST(RuntimeTest, SecureCopiesAndFormats) {
  char buffer[16];
  EXPECT_EQ(strcpy_s(buffer, "abc"), 0);
  EXPECT_EQ(strcat_s(buffer, sizeof(buffer), "def"), 0);
  EXPECT_STREQ(buffer, "abcdef");
  EXPECT_EQ(strncpy_s(buffer, "0123456789abcdefXYZ", _TRUNCATE), STRUNCATE);
  EXPECT_STREQ(buffer, "0123456789abcde");
  EXPECT_EQ(strncpy_s(buffer, sizeof(buffer), "xyz", 2), 0);
  EXPECT_STREQ(buffer, "xy");
  EXPECT_EQ(sprintf_s(buffer, "%d-%s", 42, "ok"), 5);
  EXPECT_STREQ(buffer, "42-ok");
  EXPECT_EQ(_snprintf_s(buffer, sizeof(buffer), _TRUNCATE, "%s",
                        "a long line that does not fit"),
            -1);
  EXPECT_STREQ(buffer, "a long line tha");
  EXPECT_EQ(_snprintf_s(buffer, _TRUNCATE, "%d", 7), 1);
  char four[4] = {'x', 'x', 'x', 'x'};
  // _snprintf: no terminator when the output fills the buffer.
  EXPECT_EQ(_snprintf(four, sizeof(four), "%s", "abcdef"), -1);
  EXPECT_EQ(std::string(four, 4), "abcd");
  EXPECT_EQ(_snprintf(four, sizeof(four), "%s", "ab"), 2);
  EXPECT_STREQ(four, "ab");
}

// DP30: an overflow calls the invalid-parameter handler, whose default ends
// the program.
TEST(RuntimeDeathTest, AnOverflowEndsTheProgram) {
  char small[4];
  EXPECT_DEATH(strcpy_s(small, "too long"),
               "invalid parameter passed to strcpy_s");
  EXPECT_DEATH(sprintf_s(small, "%d", 12345),
               "invalid parameter passed to sprintf_s");
}

std::atomic<int> ctrl_events{0};
std::atomic<DWORD> last_ctrl{~0u};
BOOL WINAPI Handle(DWORD type) {
  last_ctrl = type;
  ++ctrl_events;
  return TRUE;
}
BOOL WINAPI Decline(DWORD) { return FALSE; }

bool WaitForEvents(int count) {
  for (int i = 0; i < 500 && ctrl_events.load() < count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return ctrl_events.load() >= count;
}

// DP31: Ctrl+C runs the handlers, newest first, on a thread of their own,
// until one returns TRUE; a NULL handler makes the program ignore it.
TEST(RuntimeTest, CtrlCRunsTheConsoleHandlers) {
  ASSERT_TRUE(SetConsoleCtrlHandler(Handle, TRUE));
  ASSERT_TRUE(SetConsoleCtrlHandler(Decline, TRUE));  // asked first, declines
  ASSERT_EQ(raise(SIGINT), 0);
  ASSERT_TRUE(WaitForEvents(1));
  EXPECT_EQ(last_ctrl.load(), static_cast<DWORD>(CTRL_C_EVENT));

  ASSERT_TRUE(SetConsoleCtrlHandler(nullptr, TRUE));
  ASSERT_EQ(raise(SIGINT), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(ctrl_events.load(), 1);
  ASSERT_TRUE(SetConsoleCtrlHandler(nullptr, FALSE));

  EXPECT_TRUE(SetConsoleCtrlHandler(Decline, FALSE));
  EXPECT_FALSE(SetConsoleCtrlHandler(Decline, FALSE));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_TRUE(SetConsoleCtrlHandler(Handle, FALSE));
}

// DP31: no handler takes it: the program ends with STATUS_CONTROL_C_EXIT
// (a POSIX exit status keeps its low byte, 0x3A).
TEST(RuntimeDeathTest, UnhandledCtrlCEndsTheProgram) {
  EXPECT_EXIT(
      {
        SetConsoleCtrlHandler(Decline, TRUE);
        raise(SIGINT);
        std::this_thread::sleep_for(std::chrono::seconds(5));
      },
      ::testing::ExitedWithCode(static_cast<int>(STATUS_CONTROL_C_EXIT & 0xFF)),
      "");
}

}  // namespace
}  // namespace portres::testkit
