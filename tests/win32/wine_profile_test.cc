// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Under Wine 8 (Windows stage of CI): the real Win32 backend and the
// simulator's `wine-8` profile side by side, call by call, compared by
// Windows code (docs §19, PF3, WN1, WN6, WN8). Skipped on Windows.

#include <windows.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "portres/sim/profile.h"
#include "portres/status.h"
#include "portres/testing/status_matchers.h"
#include "portres/win32.h"
#include "tests/differential/differential.h"

namespace portres::testkit {
namespace {

bool RunningUnderWine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr &&
         GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

// The same call on both sides: their Windows codes, for the record.
struct Compared {
  std::string call;
  uint32_t wine;
  uint32_t profile;
};

TEST(WineProfileTest, Wine8ProfileAnswersAsWineCodeByCode) {
  if (!RunningUnderWine()) GTEST_SKIP() << "not Wine";
  absl::StatusOr<std::unique_ptr<PortReservations>> wine =
      NewWin32PortReservations();
  ASSERT_THAT(wine, IsOk());
  absl::StatusOr<sim::HostOptions> options = sim::ProfileOptions("wine-8");
  ASSERT_THAT(options.status(), IsOk());
  std::unique_ptr<PortReservations> profile =
      NewSimulatedProcess(*options, Win32ProcessIsElevated());
  std::vector<Compared> compared;
  auto code = [](const auto& result) {
    return WindowsErrorCode(result).value_or(~0u);
  };
  for (SocketType type : {SocketType::kStream, SocketType::kDatagram}) {
    for (AddressFamily family : {AddressFamily::kInet, AddressFamily::kInet6}) {
      absl::StatusOr<SocketId> w = (*wine)->OpenSocket(family, type, 0);
      absl::StatusOr<SocketId> p = profile->OpenSocket(family, type, 0);
      ASSERT_THAT(w, IsOk());
      ASSERT_THAT(p, IsOk());
      const std::string what =
          absl::StrCat(type == SocketType::kStream ? "tcp" : "udp",
                       family == AddressFamily::kInet ? "4 " : "6 ");
      // A bad range too: Wine answers before it looks at the arguments,
      // so the backend must not refuse it first (U28).
      for (PortRange range :
           {PortRange{0, 16}, PortRange{45000, 4}, PortRange{45000, 0}}) {
        compared.push_back({what + "Acquire " + ToString(range),
                            code((*wine)->Acquire(*w, range)),
                            code(profile->Acquire(*p, range))});
      }
      compared.push_back({what + "Associate", code((*wine)->Associate(*w, Token(7))),
                          code(profile->Associate(*p, Token(7)))});
      compared.push_back({what + "Release", code((*wine)->Release(*w, Token(7))),
                          code(profile->Release(*p, Token(7)))});
      compared.push_back({what + "Release token 0",
                          code((*wine)->Release(*w, Token(0))),
                          code(profile->Release(*p, Token(0)))});
      EXPECT_THAT((*wine)->CloseSocket(*w), IsOk());
      EXPECT_THAT(profile->CloseSocket(*p), IsOk());
    }
  }
  // WN6: a value that is no socket.
  compared.push_back({"Acquire on no socket",
                      code((*wine)->Acquire(0x1234, {45000, 4})),
                      code(profile->Acquire(0x1234, {45000, 4}))});
  // WN8: the persistent functions are missing.
  for (Protocol protocol : {Protocol::kTcp, Protocol::kUdp}) {
    const PortRange range{45100, 4};
    compared.push_back({"CreatePersistent",
                        code((*wine)->CreatePersistent(protocol, range)),
                        code(profile->CreatePersistent(protocol, range))});
    compared.push_back({"LookupPersistent",
                        code((*wine)->LookupPersistent(protocol, range)),
                        code(profile->LookupPersistent(protocol, range))});
    compared.push_back({"DeletePersistent",
                        code((*wine)->DeletePersistent(protocol, range)),
                        code(profile->DeletePersistent(protocol, range))});
  }
  for (const Compared& c : compared) {
    std::printf("%-28s wine %u  wine-8 profile %u\n", c.call.c_str(), c.wine,
                c.profile);
    EXPECT_EQ(c.profile, c.wine) << c.call;
  }
  EXPECT_EQ(compared.size(), 31u);
}

}  // namespace
}  // namespace portres::testkit
