// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// The host service's own rules: a connection is a process that ends (SV3)
// with it; it acts only as its own processes and the machine's controls need
// elevation as the kernel reports it (SV2); bad frames get an error and change
// nothing, a stalled client blocks nobody (SV8); a restart is a reboot
// (SV7) and a damaged store stops it (SV6); a vanished service answers
// ERROR_INVALID_HANDLE (SV9); owners names every holder (SV11).

#include "service/server.h"

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"
#include "service/protocol.h"
#include "tests/service/raw_peer.h"
#include "tests/service/service_fixture.h"

namespace portres::service_test {
namespace {

using sim::service::DecodeHelloReply;
using sim::service::DecodeReply;
using sim::service::EncodeHello;
using sim::service::EncodeRequest;
using sim::service::Op;
using sim::service::ReadFrame;
using sim::service::Reply;
using sim::service::Request;
using sim::service::WriteFrame;
using testkit::HasWindowsCode;
using testkit::IsOk;

constexpr PortRange kBlock{5000, 10};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartServer(TestServerOptions(dir_));
    ASSERT_NE(server_, nullptr);
  }
  std::string socket() const { return dir_.File("host.sock"); }

  int RawConnect() { return service_test::RawConnect(socket()); }
  int RawConnectAndGreet() {
    const int fd = RawConnect();
    EXPECT_THAT(WriteFrame(fd, EncodeHello({})), IsOk());
    std::string payload;
    EXPECT_THAT(ReadFrame(fd, sim::service::kMaxReplyFrame, &payload), IsOk());
    return fd;
  }
  // What every live process holds, and the reservations of both pools.
  std::string Snapshot() {
    std::unique_ptr<sim::SharedMachine> m = Connect(socket());
    std::string out = *m->Owners();
    for (Protocol p : {Protocol::kTcp, Protocol::kUdp}) {
      const std::vector<sim::ExcludedRange> rows = *m->ExcludedPortRanges(p);
      for (const sim::ExcludedRange& r : rows) {
        absl::StrAppend(&out, r.start, "-", r.end, r.administered, "\n");
      }
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<sim::service::Server> server_;
};

// Returns once `done` holds, or after two seconds.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

TEST_F(ServerTest, AConnectionsProcessEndsWithIt) {
  std::unique_ptr<sim::SharedMachine> a = Connect(socket());
  std::unique_ptr<sim::SharedMachine> b = Connect(socket());
  const SocketId sa = *a->process().OpenSocket(AddressFamily::kInet,
                                               SocketType::kStream, 0);
  ASSERT_THAT(a->process().Acquire(sa, kBlock), IsOk());
  const SocketId sb = *b->process().OpenSocket(AddressFamily::kInet,
                                               SocketType::kStream, 0);
  EXPECT_THAT(b->process().Acquire(sb, {5005, 1}),
              HasWindowsCode(kWsaEAddrInUse));
  a.reset();  // the connection closes: its process, socket and block go
  EXPECT_TRUE(Eventually(
      [&] { return b->process().Acquire(sb, {5005, 1}).ok(); }));
  EXPECT_THAT(b->CheckInvariants(), IsOk());
}

TEST_F(ServerTest, AConnectionCannotActAsAnotherConnectionsProcess) {
  std::unique_ptr<sim::SharedMachine> a = Connect(socket());
  std::unique_ptr<sim::SharedMachine> b = Connect(socket());
  const SocketId sa = *a->process().OpenSocket(AddressFamily::kInet,
                                               SocketType::kStream, 0);
  const std::string before = Snapshot();
  std::unique_ptr<PortReservations> stolen = b->Process(a->pid());
  absl::Status closed = stolen->CloseSocket(sa);
  EXPECT_EQ(closed.code(), absl::StatusCode::kPermissionDenied) << closed;
  EXPECT_TRUE(absl::StrContains(closed.message(), "is not this connection's"));
  EXPECT_EQ(b->ExitProcess(a->pid()).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_THAT(a->process().CloseSocket(sa), IsOk());
}

TEST_F(ServerTest, SpawnedProcessesEndWithTheirConnection) {
  std::unique_ptr<sim::SharedMachine> a = Connect(socket());
  const sim::Pid child = *a->SpawnProcess(false);
  std::unique_ptr<PortReservations> view = a->Process(child);
  const SocketId s =
      *view->OpenSocket(AddressFamily::kInet, SocketType::kDatagram, 0);
  ASSERT_THAT(view->Acquire(s, kBlock), IsOk());
  view.reset();
  a.reset();
  std::unique_ptr<sim::SharedMachine> b = Connect(socket());
  EXPECT_TRUE(Eventually([&] {
    return b->ExcludedPortRanges(Protocol::kUdp)->empty();
  }));
}

// A process the kernel does not call root (nor in an elevated group) may
// not change the machine. Run as root, the check drops to nobody in a child.
TEST_F(ServerTest, ControlsAndPersistentCreationNeedKernelElevation) {
  server_.reset();
  sim::service::ServerOptions options = TestServerOptions(dir_);
  options.elevated_groups.clear();
  options.shared_group = 65534;
  ASSERT_EQ(::chmod(dir_.path().c_str(), 0711), 0);
  server_ = StartServer(options);
  ASSERT_NE(server_, nullptr);
  const std::string before = Snapshot();
  auto check = [&]() -> int {
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
        sim::ConnectSharedMachineAt(socket());
    if (!m.ok() || (*m)->elevated()) return 10;
    sim::SharedMachine& machine = **m;
    const auto denied = [](const absl::Status& s) {
      return WindowsErrorCode(s) == kErrorAccessDenied;
    };
    if (!denied(machine.Reboot())) return 11;
    if (!denied(
            machine.SetDynamicPortRange(Protocol::kTcp, {10000, 1000}, false)))
      return 12;
    if (!denied(machine.AddSystemReservation(Protocol::kTcp, kBlock).status()))
      return 13;
    if (!denied(machine.SpawnProcess(true).status())) return 14;
    if (!denied(machine.Shutdown())) return 15;
    if (!denied(machine.process().CreatePersistent(Protocol::kTcp, kBlock)
                    .status()))
      return 16;
    return 0;
  };
  int result;
  if (::geteuid() != 0) {
    result = check();
  } else {
    const pid_t child = ::fork();
    if (child == 0) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 ||
          ::setuid(65534) != 0) {
        ::_exit(20);
      }
      ::_exit(check());
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    result = WIFEXITED(status) ? WEXITSTATUS(status) : 30;
  }
  EXPECT_EQ(result, 0) << "10: not connected unelevated; 11-16: a control "
                          "was not refused with ERROR_ACCESS_DENIED";
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(ServerTest, AMalformedRequestGetsAnErrorAndTheConnectionCloses) {
  const std::string before = Snapshot();
  const int fd = RawConnectAndGreet();
  std::string frame = EncodeRequest({.op = Op::kAddSystemReservation,
                                     .protocol = Protocol::kTcp,
                                     .range = kBlock});
  frame.pop_back();  // truncated
  ASSERT_THAT(WriteFrame(fd, frame), IsOk());
  std::string payload;
  ASSERT_THAT(ReadFrame(fd, sim::service::kMaxReplyFrame, &payload), IsOk());
  absl::StatusOr<Reply> reply = DecodeReply(payload);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(reply->status.message(), "truncated"));
  EXPECT_TRUE(absl::IsOutOfRange(
      ReadFrame(fd, sim::service::kMaxReplyFrame, &payload)));
  ::close(fd);
  EXPECT_TRUE(Eventually([&] { return Snapshot() == before; }));
}

TEST_F(ServerTest, AnOversizedOrEmptyFrameIsRefusedUnread) {
  for (uint32_t size : {0u, 1u << 20}) {
    const int fd = RawConnectAndGreet();
    const unsigned char header[4] = {
        static_cast<unsigned char>(size), static_cast<unsigned char>(size >> 8),
        static_cast<unsigned char>(size >> 16),
        static_cast<unsigned char>(size >> 24)};
    ASSERT_EQ(::send(fd, header, 4, 0), 4);
    std::string payload;
    ASSERT_THAT(ReadFrame(fd, sim::service::kMaxReplyFrame, &payload), IsOk());
    absl::StatusOr<Reply> reply = DecodeReply(payload);
    ASSERT_TRUE(reply.ok());
    EXPECT_TRUE(absl::StrContains(reply->status.message(), "the limit is"))
        << reply->status;
    ::close(fd);
  }
}

TEST_F(ServerTest, ARequestBeforeTheHelloIsRefused) {
  const int fd = RawConnect();
  ASSERT_THAT(WriteFrame(fd, EncodeRequest({.op = Op::kReboot})), IsOk());
  std::string payload;
  ASSERT_THAT(ReadFrame(fd, sim::service::kMaxReplyFrame, &payload), IsOk());
  absl::StatusOr<sim::service::HelloReply> reply = DecodeHelloReply(payload);
  ASSERT_TRUE(reply.ok());
  EXPECT_TRUE(absl::StrContains(reply->status.message(), "malformed hello"))
      << reply->status;
  ::close(fd);
}

TEST_F(ServerTest, AnOldClientIsToldWhichVersionTheHostSpeaks) {
  const int fd = RawConnect();
  ASSERT_THAT(WriteFrame(fd, EncodeHello({.version = 0})), IsOk());
  std::string payload;
  ASSERT_THAT(ReadFrame(fd, sim::service::kMaxReplyFrame, &payload), IsOk());
  absl::StatusOr<sim::service::HelloReply> reply = DecodeHelloReply(payload);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(
      reply->status.message(),
      absl::StrCat("speaks protocol version ", sim::service::kProtocolVersion,
                   "; the client speaks version 0")))
      << reply->status;
  ::close(fd);
}

TEST_F(ServerTest, AClientStalledMidFrameBlocksNobody) {
  const int stalled = RawConnectAndGreet();
  ASSERT_EQ(::send(stalled, "\x3a\x00", 2, 0), 2);  // half a header, then quiet
  std::unique_ptr<sim::SharedMachine> other = Connect(socket());
  const SocketId s = *other->process().OpenSocket(AddressFamily::kInet,
                                                  SocketType::kStream, 0);
  EXPECT_THAT(other->process().Acquire(s, kBlock), IsOk());
  EXPECT_THAT(other->Reboot(), IsOk());
  ::close(stalled);
}

TEST_F(ServerTest, ARestartIsARebootThatKeepsPersistentBlocksUnderNewTokens) {
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  const Token before = *m->process().CreatePersistent(Protocol::kTcp, kBlock);
  ASSERT_THAT(m->AddExclusion(Protocol::kUdp, {6000, 5}, /*active_only=*/true),
              IsOk());
  ASSERT_THAT(m->SetDynamicPortRange(Protocol::kTcp, {10000, 1000}, false),
              IsOk());
  const SocketId s = *m->process().OpenSocket(AddressFamily::kInet,
                                              SocketType::kStream, 0);
  ASSERT_THAT(m->process().Acquire(s, {7000, 1}), IsOk());
  m.reset();
  server_.reset();
  server_ = StartServer(TestServerOptions(dir_));
  m = Connect(socket());
  absl::StatusOr<Token> after =
      m->process().LookupPersistent(Protocol::kTcp, kBlock);
  ASSERT_THAT(after, IsOk());
  EXPECT_NE(*after, before);  // M10
  EXPECT_EQ(m->GetDynamicPortRange(Protocol::kTcp)->start, 10000);
  EXPECT_TRUE(m->ExcludedPortRanges(Protocol::kUdp)->empty());  // active only
  EXPECT_EQ(m->ExcludedPortRanges(Protocol::kTcp)->size(), 1u);  // no 7000
}

TEST_F(ServerTest, ARebootForgetsActiveExclusionsAndKeepsPersistentOnes) {
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  ASSERT_THAT(m->AddExclusion(Protocol::kTcp, kBlock, false), IsOk());
  ASSERT_THAT(m->AddExclusion(Protocol::kTcp, {6000, 5}, true), IsOk());
  ASSERT_THAT(m->SetDynamicPortRange(Protocol::kUdp, {20000, 500}, true),
              IsOk());
  EXPECT_EQ(m->ExcludedPortRanges(Protocol::kTcp)->size(), 2u);
  ASSERT_THAT(m->Reboot(), IsOk());
  EXPECT_THAT(m->process().OpenSocket(AddressFamily::kInet,
                                      SocketType::kStream, 0),
              HasWindowsCode(kErrorInvalidHandle));  // its process ended
  std::unique_ptr<sim::SharedMachine> fresh = Connect(socket());
  const std::vector<sim::ExcludedRange> rows =
      *fresh->ExcludedPortRanges(Protocol::kTcp);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].start, kBlock.start);
  EXPECT_EQ(fresh->GetDynamicPortRange(Protocol::kUdp)->start, 49152);
}

TEST_F(ServerTest, ADamagedStoreStopsTheStartWithItsPath) {
  server_.reset();
  std::ofstream(dir_.File("host.store")) << "portres-store 1\nhalf a recor";
  absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
      sim::service::Server::Start(TestServerOptions(dir_));
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(server.status().message(),
                                dir_.File("host.store")));
}

TEST_F(ServerTest, OwnersNamesEachProcessSocketAndReservation) {
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  const SocketId s = *m->process().OpenSocket(AddressFamily::kInet,
                                              SocketType::kStream, 0);
  const Reservation r = *m->process().Acquire(s, kBlock);
  const std::string table = *m->Owners();
  EXPECT_TRUE(absl::StrContains(table, absl::StrCat("reservation    tcp      ",
                                                    "5000-5009     ",
                                                    r.token.value())))
      << table;
  EXPECT_TRUE(absl::StrContains(
      table, absl::StrFormat("\n%-10d %-8d ", m->pid(), ::getpid())))
      << table;
  EXPECT_TRUE(absl::StrContains(table, absl::StrCat("socket ", s))) << table;
}

TEST_F(ServerTest, AServiceThatWentAwayAnswersInvalidHandle) {
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  server_.reset();
  EXPECT_THAT(m->process().OpenSocket(AddressFamily::kInet,
                                      SocketType::kStream, 0),
              HasWindowsCode(kErrorInvalidHandle));
}

}  // namespace
}  // namespace portres::service_test
