// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The Win32 backend's own behaviour: the shared argument checks give the
// simulator's codes before Windows is asked, and on Wine the backend reports
// Wine's answers exactly (WSAEOPNOTSUPP from the ioctls, ERROR_NOT_SUPPORTED
// for the persistent functions Wine does not export).

#include "gtest/gtest.h"
#include "portres/sim/host.h"
#include "portres/testing/status_matchers.h"
#include "portres/win32.h"

namespace portres::testkit {
namespace {

class Win32BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<PortReservations>> ports =
        NewWin32PortReservations();
    ASSERT_THAT(ports, IsOk());
    ports_ = *std::move(ports);
    absl::StatusOr<SocketId> s =
        ports_->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
    ASSERT_THAT(s, IsOk());
    socket_ = *s;
  }
  void TearDown() override {
    if (ports_ != nullptr) (void)ports_->CloseSocket(socket_);
  }
  std::unique_ptr<PortReservations> ports_;
  SocketId socket_ = 0;
};

// Spec U6, U7, U11 and socket()'s protocol rule: decided in core, so the
// codes equal the simulator's whatever Windows would say.
TEST_F(Win32BackendTest, SharedChecksGiveTheSimulatorsCodes) {
  // Where the platform lacks the ioctls (Wine) it answers first, as the
  // simulator's wine-8 profile does (docs U28).
  const uint32_t bad = RunningUnderWine() ? kWsaEOpNotSupp : kWsaEInval;
  EXPECT_THAT(ports_->Acquire(socket_, {5000, 0}), HasWindowsCode(bad));
  EXPECT_THAT(ports_->Acquire(socket_, {65535, 2}), HasWindowsCode(bad));
  EXPECT_THAT(ports_->Associate(socket_, Token()), HasWindowsCode(bad));
  EXPECT_THAT(ports_->Release(socket_, Token()), HasWindowsCode(bad));
  EXPECT_THAT(ports_->OpenSocket(AddressFamily::kInet, SocketType::kStream,
                                 kIpProtoUdp),
              HasWindowsCode(kWsaEProtoType));
}

// AQ: a raw socket is refused before its range is looked at, as the
// simulator refuses it — the shared range check applies to TCP and UDP
// sockets only.
TEST_F(Win32BackendTest, RawSocketGetsTheSimulatorsCode) {
  absl::StatusOr<SocketId> raw =
      ports_->OpenSocket(AddressFamily::kInet, SocketType::kRaw, 255);
  if (!raw.ok()) GTEST_SKIP() << "raw sockets unavailable: " << raw.status();
  sim::Host host;
  auto simulated = host.Process(host.SpawnProcess());
  const SocketId sim_raw =
      *simulated->OpenSocket(AddressFamily::kInet, SocketType::kRaw, 255);
  for (PortRange bad : {PortRange{5000, 0}, PortRange{65535, 2}}) {
    EXPECT_THAT(ports_->Acquire(*raw, bad), HasWindowsCode(kWsaEOpNotSupp));
    EXPECT_THAT(simulated->Acquire(sim_raw, bad),
                HasWindowsCode(kWsaEOpNotSupp));
  }
  EXPECT_THAT(ports_->Release(*raw, Token()), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports_->CloseSocket(*raw), IsOk());
}

TEST_F(Win32BackendTest, BindZeroReportsAPort) {
  absl::StatusOr<uint16_t> port = ports_->Bind(socket_, kIpv4Any, 0);
  ASSERT_THAT(port, IsOk());
  EXPECT_NE(*port, 0);
}

// Issue: the backend reports Wine's answer with the exact code.
TEST_F(Win32BackendTest, WineAnswersAreReportedExactly) {
  if (!RunningUnderWine()) GTEST_SKIP() << "not running under Wine";
  EXPECT_THAT(ports_->Acquire(socket_, {0, 1}), HasWindowsCode(kWsaEOpNotSupp));
  EXPECT_THAT(ports_->Acquire(socket_, {40000, 4}),
              StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_THAT(ports_->Associate(socket_, Token(1)),
              HasWindowsCode(kWsaEOpNotSupp));
  // Wine 8 exports none of the persistent functions.
  EXPECT_THAT(ports_->LookupPersistent(Protocol::kTcp, {5000, 20}),
              HasWindowsCode(kErrorNotSupported));
  EXPECT_THAT(ports_->CreatePersistent(Protocol::kUdp, {5000, 20}),
              StatusIs(absl::StatusCode::kUnimplemented));
}

}  // namespace
}  // namespace portres::testkit
