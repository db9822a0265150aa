// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Behaviour profiles (docs §19, PF1-PF4, WN1-WN13) through the reservation
// interface.

#include "portres/sim/profile.h"

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"

namespace portres::testkit {
namespace {

sim::HostOptions Profile(absl::string_view name, uint64_t seed = 0) {
  absl::StatusOr<sim::HostOptions> options = sim::ProfileOptions(name, seed);
  EXPECT_THAT(options.status(), IsOk());
  return options.value_or(sim::HostOptions{});
}

// PF1: `windows` is the defaults; every profile in the table resolves.
TEST(ProfileTest, EveryProfileResolvesAndWindowsIsTheDefaults) {
  const sim::HostOptions windows = Profile("windows");
  EXPECT_EQ(windows.version, sim::HostOptions{}.version);
  EXPECT_EQ(windows.policy.handle_reuse, sim::Policy{}.handle_reuse);
  std::set<std::string> names;
  for (const sim::Profile& p : sim::Profiles()) {
    EXPECT_THAT(sim::ProfileOptions(p.name).status(), IsOk()) << p.name;
    EXPECT_GE(p.revision, 1u);
    EXPECT_FALSE(p.evidence.empty());
    names.insert(std::string(p.name));
  }
  EXPECT_EQ(names, (std::set<std::string>{"windows", "windows-1803",
                                          "windows-hyperv", "wine-8"}));
}

TEST(ProfileTest, UnknownNamesAreRefusedWithTheKnownOnes) {
  absl::StatusOr<sim::HostOptions> options = sim::ProfileOptions("wine-9");
  EXPECT_THAT(options, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_NE(options.status().message().find("wine-9"), absl::string_view::npos);
  EXPECT_NE(options.status().message().find(sim::ProfileNames()),
            absl::string_view::npos);
}

// PF2: the same answers, an older build.
TEST(ProfileTest, Windows1803ReportsBuild17134) {
  sim::Host host(Profile("windows-1803"));
  EXPECT_EQ(host.version().build, 17134u);
  EXPECT_FALSE(host.version().server);
  auto ports = host.Process(host.SpawnProcess());
  absl::StatusOr<SocketId> s =
      ports->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(ports->Acquire(*s, {5000, 10}), IsOk());
}

// PF3, WN1, WN6: Wine 8 answers every reservation ioctl with
// WSAEOPNOTSUPP, on a socket or not; WN8 (through the interface): the
// persistent functions are missing, ERROR_NOT_SUPPORTED as the Win32
// backend reports a missing export; WN12: lowest handles first.
TEST(ProfileTest, Wine8LacksTheApi) {
  sim::Host host(Profile("wine-8"));
  EXPECT_EQ(host.version().major, 6u);
  EXPECT_EQ(host.version().build, 7601u);
  EXPECT_TRUE(host.version().wine);
  auto ports = host.Process(host.SpawnProcess({.elevated = true}));
  std::vector<SocketId> s;
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<SocketId> opened =
        ports->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
    ASSERT_THAT(opened, IsOk());
    s.push_back(*opened);
  }
  const std::string before = host.DumpState();
  EXPECT_THAT(ports->Acquire(s[0], {5000, 10}), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports->Acquire(s[0], {0, 10}), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports->Associate(s[0], Token(1)), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports->Release(s[0], Token(1)), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports->Acquire(0x1234, {5000, 10}),
              HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports->CreatePersistent(Protocol::kTcp, {5000, 10}),
              HasWindowsCode(kErrorNotSupported));
  EXPECT_THAT(ports->LookupPersistent(Protocol::kUdp, {5000, 10}),
              HasWindowsCode(kErrorNotSupported));
  EXPECT_EQ(host.DumpState(), before);
  // WN12: close the first two, and the lowest comes back first.
  ASSERT_THAT(ports->CloseSocket(s[1]), IsOk());
  ASSERT_THAT(ports->CloseSocket(s[0]), IsOk());
  absl::StatusOr<SocketId> next =
      ports->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(*next, s[0]);
  EXPECT_THAT(host.CheckInvariants(), IsOk());
}

std::vector<sim::ExcludedRange> Tcp(const sim::Host& host) {
  return host.ExcludedPortRanges(Protocol::kTcp);
}

// PF4, O1, O2: Hyper-V's blocks of 100, inside the dynamic range, drawn
// again at every reboot, the same for the same seed; bind() into one is
// refused with WSAEACCES.
TEST(ProfileTest, HyperVBlocksAreDrawnAtEveryBoot) {
  sim::Host host(Profile("windows-hyperv", 3));
  const std::vector<sim::ExcludedRange> first = Tcp(host);
  ASSERT_EQ(first.size(), 8u);
  EXPECT_EQ(host.ExcludedPortRanges(Protocol::kUdp).size(), 2u);
  for (const sim::ExcludedRange& r : first) {
    EXPECT_EQ(r.end - r.start + 1, 100);
    EXPECT_GE(r.start, 49152);
    EXPECT_FALSE(r.administered);
  }
  sim::Host twin(Profile("windows-hyperv", 3));
  EXPECT_EQ(Tcp(twin), first) << "same seed, same machine";
  auto ports = host.Process(host.SpawnProcess());
  absl::StatusOr<SocketId> s =
      ports->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(ports->Bind(*s, IpAddress::Any(AddressFamily::kInet),
                          first[0].start + 7),
              HasWindowsCode(kWsaEAcces));
  host.Reboot();
  const std::vector<sim::ExcludedRange> second = Tcp(host);
  EXPECT_EQ(second.size(), 8u);
  EXPECT_NE(second, first) << "drawn again";
  EXPECT_THAT(host.CheckInvariants(), IsOk());
}

}  // namespace
}  // namespace portres::testkit
