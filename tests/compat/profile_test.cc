// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Behaviour profiles as Win32 code sees them (docs §19, PF1-PF3,
// WN1-WN12): the version, what GetProcAddress finds, and Wine 8's answers.

#include <cstdlib>
#include <string>

#include "tests/compat/compat_fixture.h"

namespace portres::testkit {
namespace {

class ProfileTest : public CompatTest {
 protected:
  void UseProfile(const char* name) {
    ASSERT_TRUE(PortresSimResetProfile(name)) << name;
    WSADATA data;
    ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  }
};

using RtlGetVersionFn = LONG(WINAPI*)(PRTL_OSVERSIONINFOW);

OSVERSIONINFOEXW TrueVersion() {
  OSVERSIONINFOEXW v = {};
  v.dwOSVersionInfoSize = sizeof(v);
  auto rtl = reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(
      GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion")));
  EXPECT_NE(rtl, nullptr);
  if (rtl != nullptr) {
    EXPECT_EQ(rtl(reinterpret_cast<PRTL_OSVERSIONINFOW>(&v)), 0);
  }
  return v;
}

// PF1: RtlGetVersion tells the build; GetVersionEx, without a manifest,
// stops at 6.2.9200 as on Windows 8.1 and later.
TEST_F(ProfileTest, WindowsVersionAsAnUnmanifestedProgramSeesIt) {
  UseProfile("windows");
  const OSVERSIONINFOEXW v = TrueVersion();
  EXPECT_EQ(v.dwMajorVersion, 10u);
  EXPECT_EQ(v.dwBuildNumber, 20348u);
  EXPECT_EQ(v.wProductType, VER_NT_SERVER);
  OSVERSIONINFOA legacy = {};
  legacy.dwOSVersionInfoSize = sizeof(legacy);
  ASSERT_TRUE(GetVersionExA(&legacy));
  EXPECT_EQ(legacy.dwMajorVersion, 6u);
  EXPECT_EQ(legacy.dwMinorVersion, 2u);
  EXPECT_EQ(legacy.dwBuildNumber, 9200u);
  legacy.dwOSVersionInfoSize = 3;
  EXPECT_FALSE(GetVersionExA(&legacy));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(GetProcAddress(GetModuleHandleA("ntdll"), "wine_get_version"),
            nullptr);
}

// PF2: msquic's gate (build >= 17763) fails on the 1803 profile.
TEST_F(ProfileTest, Windows1803IsBelowTheQuicGate) {
  UseProfile("windows-1803");
  EXPECT_LT(TrueVersion().dwBuildNumber, 17763u);
}

// Feature detection finds the persistent functions on Windows.
TEST_F(ProfileTest, GetProcAddressFindsThePersistentFunctions) {
  UseProfile("windows");
  HMODULE iphlpapi =
      LoadLibraryExW(L"IPHLPAPI.DLL", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
  ASSERT_NE(iphlpapi, nullptr);
  EXPECT_EQ(reinterpret_cast<void*>(GetProcAddress(
                iphlpapi, "CreatePersistentTcpPortReservation")),
            reinterpret_cast<void*>(&CreatePersistentTcpPortReservation));
  EXPECT_EQ(GetProcAddress(iphlpapi, "NoSuchFunction"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_PROC_NOT_FOUND));
  EXPECT_TRUE(FreeLibrary(iphlpapi));
  EXPECT_EQ(LoadLibraryA("nosuch.dll"), nullptr);
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_MOD_NOT_FOUND));
}

// PF3, WN8, WN9: under wine-8, iphlpapi has no persistent functions and
// ntdll says Wine; the version is Windows 7 SP1.
TEST_F(ProfileTest, Wine8FeatureDetection) {
  UseProfile("wine-8");
  HMODULE iphlpapi = LoadLibraryW(L"iphlpapi.dll");
  ASSERT_NE(iphlpapi, nullptr);
  for (const char* name :
       {"CreatePersistentTcpPortReservation", "DeletePersistentUdpPortReservation",
        "LookupPersistentTcpPortReservation"}) {
    SetLastError(0);
    EXPECT_EQ(GetProcAddress(iphlpapi, name), nullptr) << name;
    EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_PROC_NOT_FOUND));
  }
  EXPECT_NE(GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version"),
            nullptr);
  OSVERSIONINFOA legacy = {};
  legacy.dwOSVersionInfoSize = sizeof(legacy);
  ASSERT_TRUE(GetVersionExA(&legacy));
  EXPECT_EQ(legacy.dwMajorVersion, 6u);
  EXPECT_EQ(legacy.dwMinorVersion, 1u);
  EXPECT_EQ(legacy.dwBuildNumber, 7601u);
  EXPECT_STREQ(legacy.szCSDVersion, "Service Pack 1");
}

// WN1, WN6: WSAEOPNOTSUPP with 0 bytes, even for a value that is no socket;
// WN5: a NULL byte count is WSAEFAULT.
TEST_F(ProfileTest, Wine8IoctlsAreUnimplemented) {
  UseProfile("wine-8");
  INET_PORT_RANGE range = {htons(5000), 10};
  INET_PORT_RESERVATION_INSTANCE out = {};
  for (SOCKET s : {Tcp(), static_cast<SOCKET>(0x1234)}) {
    DWORD bytes = 99;
    EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                       &out, sizeof(out), &bytes, nullptr, nullptr),
              SOCKET_ERROR);
    EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
    EXPECT_EQ(bytes, 0u);
  }
  EXPECT_EQ(TokenIoctl(Udp(), SIO_ASSOCIATE_PORT_RESERVATION, 1), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(WSAIoctl(Udp(), SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), nullptr, nullptr, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEFAULT);
}

DWORD wine_routine_error = 0;
DWORD wine_routine_bytes = 99;
void CALLBACK WineRoutine(DWORD error, DWORD bytes, LPWSAOVERLAPPED, DWORD) {
  wine_routine_error = error;
  wine_routine_bytes = bytes;
}

// WN2: overlapped with an event: WSA_IO_PENDING, bytes untouched, the event
// never signalled, the result WSAEOPNOTSUPP at once. WN4: a routine runs
// at the next alertable wait with WSAEOPNOTSUPP and 0 bytes.
TEST_F(ProfileTest, Wine8OverlappedIoctls) {
  UseProfile("wine-8");
  const SOCKET s = Udp();
  WSAOVERLAPPED overlapped = {};
  overlapped.hEvent = WSACreateEvent();
  INET_PORT_RANGE range = {htons(5000), 10};
  INET_PORT_RESERVATION_INSTANCE out = {};
  DWORD bytes = 77;
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, &overlapped, nullptr),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  EXPECT_EQ(bytes, 77u);
  EXPECT_EQ(overlapped.Internal, 0xC00000BBu);
  EXPECT_EQ(WSAWaitForMultipleEvents(1, &overlapped.hEvent, TRUE, 0, FALSE),
            WSA_WAIT_TIMEOUT);
  DWORD transferred = 5, flags = 0;
  EXPECT_FALSE(WSAGetOverlappedResult(s, &overlapped, &transferred, TRUE,
                                      &flags));
  EXPECT_EQ(WSAGetLastError(), WSAEOPNOTSUPP);
  EXPECT_EQ(transferred, 0u);
  WSACloseEvent(overlapped.hEvent);

  WSAOVERLAPPED with_routine = {};
  EXPECT_EQ(WSAIoctl(s, SIO_ACQUIRE_PORT_RESERVATION, &range, sizeof(range),
                     &out, sizeof(out), &bytes, &with_routine, WineRoutine),
            SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSA_IO_PENDING);
  EXPECT_EQ(SleepEx(0, TRUE), static_cast<DWORD>(WAIT_IO_COMPLETION));
  EXPECT_EQ(wine_routine_error, static_cast<DWORD>(WSAEOPNOTSUPP));
  EXPECT_EQ(wine_routine_bytes, 0u);
}

// WN10, WN11: a direct call of a missing function ends the program as
// Wine's loader stub does, after what it printed.
TEST_F(ProfileTest, Wine8DirectPersistentCallEndsTheProgram) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        PortresSimResetProfile("wine-8");
        ULONG64 token;
        std::printf("before\n");
        CreatePersistentTcpPortReservation(htons(5000), 1, &token);
        std::printf("after\n");
      },
      ::testing::ExitedWithCode(1),
      "wine: Call from [0-9A-F]+ to unimplemented function "
      "IPHLPAPI.DLL.CreatePersistentTcpPortReservation, aborting\n"
      "wine: Unimplemented function "
      "IPHLPAPI.DLL.CreatePersistentTcpPortReservation called at address "
      "[0-9A-F]+ \\(thread [0-9a-f]+\\), starting debugger...");
}

// PORTRES_SIM_PROFILE picks the host's profile; a name that is not one ends
// the program with the known names.
TEST_F(ProfileTest, EnvironmentVariableSelectsTheProfile) {
  ASSERT_EQ(setenv("PORTRES_SIM_PROFILE", "windows-1803", 1), 0);
  PortresSimReset();
  EXPECT_EQ(compat::SimulatedMachine().version().build, 17134u);
  ASSERT_EQ(setenv("PORTRES_SIM_PROFILE", "windows", 1), 0);
  PortresSimReset();
  EXPECT_EQ(compat::SimulatedMachine().version().build, 20348u);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        setenv("PORTRES_SIM_PROFILE", "windows-95", 1);
        PortresSimReset();
      },
      ::testing::ExitedWithCode(2),
      "portres compat: PORTRES_SIM_PROFILE: unknown behaviour profile "
      "\"windows-95\"; the profiles are: windows, windows-1803, "
      "windows-hyperv, wine-8");
  unsetenv("PORTRES_SIM_PROFILE");
  EXPECT_FALSE(PortresSimResetProfile("windows-95"));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  PortresSimReset();
}

// NS1, NS5: "start from this runner's netsh output" in a compat program.
TEST_F(ProfileTest, ImportNetshStartsFromARunnersState) {
  ASSERT_TRUE(PortresSimImportNetsh(
      "Protocol tcp Port Exclusion Ranges\r\n\r\n"
      "Start Port    End Port\r\n----------    --------\r\n"
      "     50000       50059     *\r\n     50060       50159\r\n\r\n"
      "* - Administered port exclusions.\r\n"));
  WSADATA data;
  ASSERT_EQ(WSAStartup(MAKEWORD(2, 2), &data), 0);
  EXPECT_EQ(BindV4(Tcp(), 50100), SOCKET_ERROR);
  EXPECT_EQ(WSAGetLastError(), WSAEACCES);
  const std::string before = *compat::SimulatedMachine().DumpState();
  EXPECT_FALSE(PortresSimImportNetsh("Protocol tcp Port Exclusion Ranges\n"));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(*compat::SimulatedMachine().DumpState(), before);
}

}  // namespace
}  // namespace portres::testkit
