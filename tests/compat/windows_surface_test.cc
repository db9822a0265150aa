// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Windows surface networking code stands on: base types with Windows'
// widths and LLP64 identities, HRESULT, SAL, the last error, CloseHandle,
// and FormatMessage with Windows' English system messages.

#include <windows.h>
#include <winsock2.h>
#include <iphlpapi.h>
#include <sal.h>

#include <string>
#include <type_traits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "compat/system_messages.h"
#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

// LLP64: every 64-bit name is one type, `unsigned __int64`, as on Windows,
// so a UINT64* passes where a PULONG64 is expected.
static_assert(std::is_same_v<ULONG64, unsigned long long>);
static_assert(std::is_same_v<UINT64, ULONG64>);
static_assert(std::is_same_v<DWORD64, ULONG64>);
static_assert(std::is_same_v<ULONGLONG, ULONG64>);
static_assert(std::is_same_v<PULONG64, UINT64*>);
static_assert(std::is_same_v<LONG64, long long> &&
              std::is_same_v<INT64, LONG64> && std::is_same_v<LONGLONG, INT64>);
static_assert(std::is_same_v<UINT_PTR, unsigned long long> &&
              std::is_same_v<ULONG_PTR, unsigned long long> &&
              std::is_same_v<SOCKET, UINT_PTR>);
static_assert(std::is_same_v<INT_PTR, long long> &&
              std::is_same_v<LONG_PTR, long long>);
static_assert(std::is_same_v<SIZE_T, ULONG_PTR> &&
              std::is_same_v<DWORD_PTR, ULONG_PTR>);
// Widths of the 32-bit names (LONG, ULONG, DWORD stay 32 bits).
static_assert(sizeof(LONG) == 4 && sizeof(ULONG) == 4 && sizeof(DWORD) == 4);
static_assert(sizeof(INT8) == 1 && sizeof(UINT16) == 2 && sizeof(UINT32) == 4);
static_assert(sizeof(INT32) == 4 && sizeof(LONG32) == 4 && sizeof(DWORD32) == 4);
static_assert(std::is_signed_v<INT8> && std::is_unsigned_v<UINT8>);
static_assert(sizeof(BOOLEAN) == 1 && sizeof(BOOL) == 4);
static_assert(sizeof(HRESULT) == 4 && std::is_signed_v<HRESULT>);
static_assert(std::is_same_v<PCWSTR, const WCHAR*> &&
              std::is_same_v<PWSTR, WCHAR*> && std::is_same_v<LPCWSTR, PCWSTR>);
static_assert(sizeof(LARGE_INTEGER) == 8);

// winerror.h: HRESULT macros with Windows' values.
static_assert(S_OK == 0 && S_FALSE == 1);
static_assert(FACILITY_WIN32 == 7);
static_assert(HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION) ==
              static_cast<HRESULT>(0x80070020));
static_assert(HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) == E_ACCESSDENIED);
static_assert(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER) == E_INVALIDARG);
static_assert(HRESULT_FROM_WIN32(NO_ERROR) == S_OK);
static_assert(HRESULT_FROM_WIN32(WSAEADDRINUSE) ==
              static_cast<HRESULT>(0x80072740));
static_assert(SUCCEEDED(S_OK) && SUCCEEDED(S_FALSE) && FAILED(E_FAIL));
static_assert(HRESULT_CODE(HRESULT_FROM_WIN32(1168)) == 1168);
static_assert(HRESULT_FACILITY(E_INVALIDARG) == FACILITY_WIN32);
static_assert(MAKE_HRESULT(SEVERITY_ERROR, FACILITY_WIN32, 5) == E_ACCESSDENIED);
static_assert(ERROR_IO_PENDING == 997 && WSA_IO_PENDING == ERROR_IO_PENDING);
static_assert(IPPORT_DYNAMIC_MIN == 49152);

// SAL annotations, EXTERN_C and the helpers, in the shapes driver-sample
// code writes them.
EXTERN_C_START
_Success_(return == 0) _IRQL_requires_max_(PASSIVE_LEVEL) static int
    CopyName(_In_reads_(count) const CHAR* source, _In_ SIZE_T count,
             _Out_writes_(count) CHAR* target, _Inout_opt_ PULONG copied) {
  CopyMemory(target, source, count);
  if (copied != NULL) *copied = static_cast<ULONG>(count);
  return 0;
}
EXTERN_C_END

TEST(WindowsSurfaceTest, SalAnnotatedCodeCompilesAndRuns) {
  const CHAR name[] = "portres";
  CHAR copy[ARRAYSIZE(name)];
  ULONG copied = 0;
  ASSERT_EQ(CopyName(name, _countof(name), copy, &copied), 0);
  EXPECT_STREQ(copy, "portres");
  EXPECT_EQ(copied, 8u);
  UNREFERENCED_PARAMETER(copied);
  ZeroMemory(copy, sizeof(copy));
  EXPECT_EQ(copy[0], 0);
}

using LastErrorTest = CompatTest;

// Spec W2: one slot per thread: SetLastError and WSAGetLastError see each
// other, and a failing Winsock call is visible through GetLastError.
TEST_F(LastErrorTest, GetLastErrorSharesWinsocksSlot) {
  SetLastError(ERROR_NOT_FOUND);
  EXPECT_EQ(WSAGetLastError(), ERROR_NOT_FOUND);
  WSASetLastError(WSAEADDRINUSE);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(WSAEADDRINUSE));
  EXPECT_EQ(closesocket(INVALID_SOCKET), SOCKET_ERROR);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(WSAENOTSOCK));
}

TEST_F(LastErrorTest, CloseHandleClosesEventsAndRefusesOtherValues) {
  WSAEVENT event = WSACreateEvent();
  ASSERT_NE(event, WSA_INVALID_EVENT);
  EXPECT_TRUE(CloseHandle(event));
  EXPECT_FALSE(CloseHandle(event));  // closed already
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
  EXPECT_FALSE(CloseHandle(INVALID_HANDLE_VALUE));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_HANDLE));
}

constexpr DWORD kSystemFlags =
    FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;

std::string Message(DWORD code, DWORD flags = kSystemFlags) {
  char text[512];
  const DWORD length = FormatMessageA(flags, nullptr, code, 0, text,
                                      sizeof(text), nullptr);
  return length == 0 ? "<failed " + std::to_string(GetLastError()) + ">"
                     : std::string(text, length);
}

// Spec W1 [SYSERR]: Microsoft's "System Error Codes" pages give each
// message.
TEST(FormatMessageTest, WindowsEnglishTextFollowedByCrLf) {
  EXPECT_EQ(Message(ERROR_SHARING_VIOLATION),
            "The process cannot access the file because it is being used by "
            "another process.\r\n");
  EXPECT_EQ(Message(WSAEADDRINUSE),
            "Only one usage of each socket address (protocol/network "
            "address/port) is normally permitted.\r\n");
  EXPECT_EQ(Message(ERROR_ACCESS_DENIED), "Access is denied.\r\n");
  EXPECT_EQ(Message(NO_ERROR), "The operation completed successfully.\r\n");
}

TEST(FormatMessageTest, EveryTableCodeHasItsText) {
  for (const compat::internal::SystemMessage& m :
       compat::internal::SystemMessages()) {
    EXPECT_EQ(Message(m.code), std::string(m.text) + "\r\n") << m.code;
  }
}

TEST(FormatMessageTest, UnknownCodeFailsWithMrMidNotFound) {
  char text[64];
  SetLastError(0);
  EXPECT_EQ(FormatMessageA(kSystemFlags, nullptr, 54321, 0, text, 64, nullptr),
            0u);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MR_MID_NOT_FOUND));
}

TEST(FormatMessageTest, SmallBufferFailsWithInsufficientBuffer) {
  char text[8];
  EXPECT_EQ(FormatMessageA(kSystemFlags, nullptr, ERROR_ACCESS_DENIED, 0, text,
                           sizeof(text), nullptr),
            0u);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  // Exactly enough: 19 characters and the terminating null.
  char exact[20];
  EXPECT_EQ(FormatMessageA(kSystemFlags, nullptr, ERROR_ACCESS_DENIED, 0,
                           exact, sizeof(exact), nullptr),
            19u);
}

TEST(FormatMessageTest, MaxWidthMaskTurnsTheLineBreakIntoASpace) {
  EXPECT_EQ(Message(ERROR_NOT_FOUND,
                    kSystemFlags | FORMAT_MESSAGE_MAX_WIDTH_MASK),
            "Element not found. ");
}

TEST(FormatMessageTest, InsertsWithoutIgnoreInsertsAreRefused) {
  EXPECT_EQ(Message(ERROR_MR_MID_NOT_FOUND, FORMAT_MESSAGE_FROM_SYSTEM),
            "<failed 87>");
  EXPECT_EQ(Message(ERROR_NOT_FOUND, FORMAT_MESSAGE_FROM_SYSTEM),
            "Element not found.\r\n");  // no inserts: the flag is not needed
}

TEST(FormatMessageTest, SourcesOtherThanTheSystemAreRefused) {
  EXPECT_EQ(Message(5, FORMAT_MESSAGE_FROM_STRING), "<failed 87>");
  EXPECT_EQ(Message(5, FORMAT_MESSAGE_IGNORE_INSERTS), "<failed 87>");
}

// The persistent functions' pages tell callers to format the returned code;
// this is that pattern, with a wide, allocated buffer.
TEST_F(LastErrorTest, FormatsAPersistentFunctionsCodeIntoAnAllocatedBuffer) {
  ULONG64 token = 0;
  const ULONG result =
      CreatePersistentTcpPortReservation(htons(5000), 10, &token);
  ASSERT_EQ(result, static_cast<ULONG>(ERROR_ACCESS_DENIED));  // not elevated
  LPWSTR text = NULL;
  const DWORD length = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
          FORMAT_MESSAGE_IGNORE_INSERTS,
      NULL, result, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
      reinterpret_cast<LPWSTR>(&text), 0, NULL);
  ASSERT_EQ(length, 19u);
  EXPECT_EQ(std::wstring(text, length), L"Access is denied.\r\n");
  EXPECT_EQ(LocalFree(text), nullptr);
}

}  // namespace
}  // namespace portres::testkit
