// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// netsh's text for the simulator's state: spec §10.2 and §10.3.

#include "portres/sim/netsh.h"

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class NetshTest : public SimTest {};

// §10.2: title, header, rows right-aligned in 10 columns, `*` for
// administered rows, ascending by start, adjacent blocks not merged, footer.
TEST_F(NetshTest, ExcludedPortRangesPrintsExactNetshText) {
  ASSERT_THAT(admin_->CreatePersistent(Protocol::kTcp, {50000, 60}), IsOk());
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {50060, 100}), IsOk());
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {80, 1}), IsOk());
  ASSERT_THAT(host_.AddSystemReservation(Protocol::kTcp, {5357, 1}), IsOk());
  EXPECT_EQ(sim::FormatExcludedPortRanges(
                Protocol::kTcp, host_.ExcludedPortRanges(Protocol::kTcp)),
            "\n"
            "Protocol tcp Port Exclusion Ranges\n"
            "\n"
            "Start Port    End Port\n"
            "----------    --------\n"
            "        80          80\n"
            "      5357        5357\n"
            "     50000       50059     *\n"
            "     50060       50159\n"
            "\n"
            "* - Administered port exclusions.\n"
            "\n");
}

// §10.2 "Empty list": header and dashes, blank line, footer.
TEST_F(NetshTest, EmptyListKeepsHeaderAndFooter) {
  EXPECT_EQ(sim::FormatExcludedPortRanges(
                Protocol::kUdp, host_.ExcludedPortRanges(Protocol::kUdp)),
            "\n"
            "Protocol udp Port Exclusion Ranges\n"
            "\n"
            "Start Port    End Port\n"
            "----------    --------\n"
            "\n"
            "* - Administered port exclusions.\n"
            "\n");
}

// M8: runtime reservations of processes are listed unmarked too.
TEST_F(NetshTest, RuntimeReservationsAreListedUnmarked) {
  MustAcquire(*a_, Udp(*a_), {5000, 20});
  EXPECT_EQ(host_.ExcludedPortRanges(Protocol::kUdp),
            (std::vector<sim::ExcludedRange>{{5000, 5019, false}}));
}

// §10.3: show dynamicport.
TEST_F(NetshTest, DynamicPortRangePrintsExactNetshText) {
  EXPECT_EQ(sim::FormatDynamicPortRange(
                Protocol::kTcp, host_.GetDynamicPortRange(Protocol::kTcp)),
            "\n"
            "Protocol tcp Dynamic Port Range\n"
            "---------------------------------\n"
            "Start Port      : 49152\n"
            "Number of Ports : 16384\n"
            "\n");
}

}  // namespace
}  // namespace portres::testkit
