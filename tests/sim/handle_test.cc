// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Socket handle values (docs/windows-semantics.md H2-H7, U27): per process,
// multiples of 4, and a closed value comes back as the policy says — so a
// stale handle can name the process's next socket, as on Windows.

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/util/sim_fixture.h"

namespace portres::testkit {
namespace {

class HandleTest : public SimTest {
 protected:
  explicit HandleTest(sim::HandleReuse reuse = sim::HandleReuse::kLifo)
      : SimTest(WithHandleReuse(reuse)) {}

  std::vector<SocketId> OpenUdp(PortReservations& ports, int n) {
    std::vector<SocketId> sockets;
    for (int i = 0; i < n; ++i) sockets.push_back(Udp(ports));
    return sockets;
  }
};

class LowestHandleTest : public HandleTest {
 protected:
  LowestHandleTest() : HandleTest(sim::HandleReuse::kLowest) {}
};

class NeverReusedHandleTest : public HandleTest {
 protected:
  NeverReusedHandleTest() : HandleTest(sim::HandleReuse::kNever) {}
};

// H2, H3: neither 0 nor INVALID_SOCKET, multiples of 4, distinct while open.
TEST_F(HandleTest, ValuesAreDistinctMultiplesOfFour) {
  std::vector<SocketId> sockets = OpenUdp(*a_, 100);
  for (size_t i = 0; i < sockets.size(); ++i) {
    EXPECT_NE(sockets[i], 0u);
    EXPECT_NE(sockets[i], ~SocketId{0});
    EXPECT_EQ(sockets[i] % 4, 0u) << sockets[i];
    for (size_t j = 0; j < i; ++j) EXPECT_NE(sockets[i], sockets[j]);
  }
}

// H5, H7, U27 lifo: the value closesocket frees is the next socket's, so
// the stale handle acts on the new socket.
TEST_F(HandleTest, StaleHandleNamesTheNextSocket) {
  const SocketId stale = Tcp(*a_);
  ASSERT_THAT(a_->CloseSocket(stale), IsOk());
  const SocketId next = Udp(*a_);
  ASSERT_EQ(next, stale);
  // A bind through the stale value binds the UDP socket: the UDP pool, not
  // the TCP one, holds the port.
  ASSERT_THAT(a_->Bind(stale, kIpv4Any, 6000), IsOk());
  EXPECT_THAT(b_->Bind(Udp(*b_), kIpv4Any, 6000),
              HasWindowsCode(kWsaEAddrInUse));
  EXPECT_THAT(b_->Bind(Tcp(*b_), kIpv4Any, 6000), IsOk());
  // Closing through the stale value closes the new socket.
  ASSERT_THAT(a_->CloseSocket(stale), IsOk());
  EXPECT_THAT(a_->CloseSocket(next), HasWindowsCode(kWsaENotSock));
}

// U27 lifo: the most recently freed value first, then the next older one.
TEST_F(HandleTest, LifoReusesMostRecentlyFreedFirst) {
  std::vector<SocketId> s = OpenUdp(*a_, 5);
  for (int i : {3, 1, 2}) ASSERT_THAT(a_->CloseSocket(s[i]), IsOk());
  EXPECT_EQ(Udp(*a_), s[2]);
  EXPECT_EQ(Udp(*a_), s[1]);
  EXPECT_EQ(Udp(*a_), s[3]);
  const SocketId fresh = Udp(*a_);
  for (SocketId old : s) EXPECT_NE(fresh, old);
}

// H6: a closed value that nothing reuses stays "not a socket".
TEST_F(HandleTest, UnreusedClosedValueIsNotSock) {
  const SocketId s = Udp(*a_);
  ASSERT_THAT(a_->CloseSocket(s), IsOk());
  EXPECT_THAT(a_->CloseSocket(s), HasWindowsCode(kWsaENotSock));
  EXPECT_THAT(a_->Bind(s, kIpv4Any, 0), HasWindowsCode(kWsaENotSock));
}

// H4: values are per process. Two processes' first sockets share a value;
// each names its own socket, so one process's value acts on the other's
// socket with that value — and on nothing where the other has none.
TEST_F(HandleTest, ValuesArePerProcess) {
  const SocketId in_a = Udp(*a_);
  const SocketId in_b = Udp(*b_);
  ASSERT_EQ(in_a, in_b);
  ASSERT_THAT(a_->Bind(in_a, kIpv4Any, 6000), IsOk());
  EXPECT_THAT(b_->Bind(in_a, kIpv4Any, 6001), IsOk()) << "b's own socket";
  EXPECT_THAT(a_->Bind(in_a, kIpv4Any, 6002), HasWindowsCode(kWsaEInval))
      << "a's socket is already bound (BA4)";
  const SocketId second_in_a = Udp(*a_);
  EXPECT_THAT(b_->CloseSocket(second_in_a), HasWindowsCode(kWsaENotSock));
}

// A failed socket() consumes no value.
TEST_F(HandleTest, FailedOpenTakesNoValue) {
  const SocketId first = Udp(*a_);
  ASSERT_THAT(a_->CloseSocket(first), IsOk());
  ASSERT_THAT(a_->OpenSocket(AddressFamily::kInet, SocketType::kStream,
                             kIpProtoUdp),
              HasWindowsCode(kWsaEProtoType));
  EXPECT_EQ(Udp(*a_), first);
}

// An exited process's values are gone: its sockets are closed, and a new
// process numbers from the start again.
TEST_F(HandleTest, ExitAndRebootForgetValues) {
  const SocketId first = Udp(*a_);
  Udp(*a_);
  ASSERT_THAT(host_.ExitProcess(pid_a_), IsOk());
  auto c = host_.Process(host_.SpawnProcess());
  EXPECT_EQ(Udp(*c), first);
  host_.Reboot();
  auto d = host_.Process(host_.SpawnProcess());
  EXPECT_EQ(Udp(*d), first);
}

// U27 lowest, as Wine 8 measured (0x30..0x44 open; close 0x3c, 0x34, 0x40;
// the next three get 0x34, 0x3c, 0x40): s[0..5], close s[3], s[1], s[4].
TEST_F(LowestHandleTest, LowestFreeValueFirst) {
  std::vector<SocketId> s = OpenUdp(*a_, 6);
  for (int i : {3, 1, 4}) ASSERT_THAT(a_->CloseSocket(s[i]), IsOk());
  EXPECT_EQ(Udp(*a_), s[1]);
  EXPECT_EQ(Udp(*a_), s[3]);
  EXPECT_EQ(Udp(*a_), s[4]);
}

// U27 never: a closed value is not issued again, so it stays stale.
TEST_F(NeverReusedHandleTest, ClosedValueNeverComesBack) {
  std::vector<SocketId> closed;
  for (int i = 0; i < 50; ++i) {
    const SocketId s = Udp(*a_);
    for (SocketId old : closed) ASSERT_NE(s, old);
    ASSERT_THAT(a_->CloseSocket(s), IsOk());
    closed.push_back(s);
  }
  const SocketId live = Udp(*a_);
  for (SocketId old : closed) {
    EXPECT_THAT(a_->Bind(old, kIpv4Any, 0), HasWindowsCode(kWsaENotSock));
  }
  EXPECT_THAT(a_->Bind(live, kIpv4Any, 0), IsOk());
}

}  // namespace
}  // namespace portres::testkit
