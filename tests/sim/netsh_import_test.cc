// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A simulated host from a real machine's netsh output (docs §19,
// NS1-NS5).

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "portres/sim/netsh.h"
#include "portres/sim/profile.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"

namespace portres::testkit {
namespace {

// As captured on a Windows machine: CR LF, six trailing blanks on the
// header and unmarked rows (§10.2), and its dynamic ranges (§10.3).
constexpr char kRunnerCapture[] =
    "\r\n"
    "Protocol tcp Port Exclusion Ranges\r\n"
    "\r\n"
    "Start Port    End Port      \r\n"
    "----------    --------      \r\n"
    "        80          80      \r\n"
    "      5357        5357      \r\n"
    "     50000       50059     *\r\n"
    "     50060       50159      \r\n"
    "\r\n"
    "* - Administered port exclusions.\r\n"
    "\r\n"
    "\r\n"
    "Protocol tcp Dynamic Port Range\r\n"
    "---------------------------------\r\n"
    "Start Port      : 49152\r\n"
    "Number of Ports : 16384\r\n"
    "\r\n"
    "\r\n"
    "Protocol udp Dynamic Port Range\r\n"
    "---------------------------------\r\n"
    "Start Port      : 1025\r\n"
    "Number of Ports : 3976\r\n";

// NS1, NS2, NS3, NS4: the machine the capture describes.
TEST(NetshImportTest, RunnerCaptureBecomesTheHostsState) {
  absl::StatusOr<std::unique_ptr<sim::Host>> host =
      sim::NewHostFromNetsh(kRunnerCapture);
  ASSERT_THAT(host.status(), IsOk());
  sim::Host& h = **host;
  const std::vector<sim::ExcludedRange> expected = {
      {80, 80, false}, {5357, 5357, false}, {50000, 50059, true},
      {50060, 50159, false}};
  EXPECT_EQ(h.ExcludedPortRanges(Protocol::kTcp), expected);
  EXPECT_TRUE(h.ExcludedPortRanges(Protocol::kUdp).empty());
  EXPECT_EQ(h.GetDynamicPortRange(Protocol::kUdp),
            (sim::DynamicPortRange{1025, 3976}));
  // A failure seen on the runner replays: bind into the system block.
  auto ports = h.Process(h.SpawnProcess({.elevated = true}));
  absl::StatusOr<SocketId> s =
      ports->OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  ASSERT_THAT(s, IsOk());
  EXPECT_THAT(ports->Bind(*s, IpAddress::Any(AddressFamily::kInet), 50100),
              HasWindowsCode(kWsaEAcces));
  EXPECT_THAT(ports->LookupPersistent(Protocol::kTcp, {50000, 60}), IsOk());
  // NS3: the system rows belong to that boot.
  h.Reboot();
  EXPECT_EQ(h.ExcludedPortRanges(Protocol::kTcp),
            (std::vector<sim::ExcludedRange>{{50000, 50059, true}}));
  EXPECT_THAT(h.CheckInvariants(), IsOk());
}

// What the simulator prints, it reads back (a Hyper-V profile's machine).
TEST(NetshImportTest, FormattedOutputRoundTrips) {
  sim::Host source(*sim::ProfileOptions("windows-hyperv", 11));
  const std::string text =
      sim::FormatExcludedPortRanges(Protocol::kTcp,
                                    source.ExcludedPortRanges(Protocol::kTcp)) +
      sim::FormatExcludedPortRanges(Protocol::kUdp,
                                    source.ExcludedPortRanges(Protocol::kUdp)) +
      sim::FormatDynamicPortRange(Protocol::kTcp,
                                  source.GetDynamicPortRange(Protocol::kTcp));
  absl::StatusOr<std::unique_ptr<sim::Host>> copy = sim::NewHostFromNetsh(text);
  ASSERT_THAT(copy.status(), IsOk());
  for (Protocol p : {Protocol::kTcp, Protocol::kUdp}) {
    EXPECT_EQ((*copy)->ExcludedPortRanges(p), source.ExcludedPortRanges(p));
  }
}

void ExpectRefused(const std::string& text, absl::string_view mentions) {
  absl::StatusOr<sim::NetshCapture> parsed = sim::ParseNetshCapture(text);
  EXPECT_THAT(parsed.status(), StatusIs(absl::StatusCode::kInvalidArgument))
      << text;
  EXPECT_NE(parsed.status().message().find(mentions), absl::string_view::npos)
      << parsed.status().message();
  EXPECT_FALSE(sim::NewHostFromNetsh(text).ok());
}

std::string List(const std::string& rows) {
  return "Protocol tcp Port Exclusion Ranges\n\nStart Port    End Port\n"
         "----------    --------\n" +
         rows + "\n* - Administered port exclusions.\n";
}

// NS5: text that is not netsh's is refused, naming the line.
TEST(NetshImportTest, TextThatIsNotNetshsIsRefused) {
  ExpectRefused("", "no 'show excludedportrange'");
  ExpectRefused("Protocole tcp Plages d'exclusion de ports\n", "line 1");
  ExpectRefused(List("      5000        4000\n"), "line 5");
  ExpectRefused(List("      5000        5010\n      5005        5020\n"),
                "ascend");
  ExpectRefused(List("      5000        5010     #\n"), "row");
  ExpectRefused(List("      5000       70000\n"), "row");
  ExpectRefused(List("         0          10\n"), "row");
  ExpectRefused(List("      5000        5010\n") + List(""), "second");
  ExpectRefused("Protocol tcp Port Exclusion Ranges\n\nStart Port\n", "header");
  ExpectRefused("Protocol tcp Port Exclusion Ranges\n\nStart Port    End Port\n"
                "----------    --------\n      5000        5010\n",
                "footer");
  ExpectRefused("Protocol udp Dynamic Port Range\n---\nStart Port : 60000\n"
                "Number of Ports : 100\n",
                "refuses");
  ExpectRefused("Protocol udp Dynamic Port Range\n---\nFirst Port : 60000\n",
                "Start Port");
}

// A row the profile's own boot blocks already hold cannot be placed: no
// host, and the Windows code says why.
TEST(NetshImportTest, RowsThatCannotBePlacedGiveNoHost) {
  sim::HostOptions options = *sim::ProfileOptions("windows-hyperv", 1);
  sim::Host probe(options);
  const sim::ExcludedRange taken = probe.ExcludedPortRanges(Protocol::kTcp)[0];
  const std::string row = "     " + std::to_string(taken.start) + "       " +
                          std::to_string(taken.start) + "     *\n";
  absl::StatusOr<std::unique_ptr<sim::Host>> host =
      sim::NewHostFromNetsh(List(row), options);
  EXPECT_THAT(host.status(), HasWindowsCode(kErrorSharingViolation));
}

}  // namespace
}  // namespace portres::testkit
