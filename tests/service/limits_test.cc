// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// No peer can lock out or outlast the others (SV14, SV15): a connection
// that never greets, or stops inside a frame, is dropped at its deadline;
// one user's connections are capped and root keeps a reserve; a finished
// connection is reaped whether or not another arrives; a thread that cannot
// be started refuses one connection, not the machine; spawned processes
// have a quota; the first frame's errors are answered (SV8); a reply of
// any size arrives (owners); clients give up on a silent service.

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

using sim::service::EncodeHello;
using sim::service::HelloReply;
using sim::service::ReadFrame;
using sim::service::ServiceLimits;
using sim::service::WriteFrame;
using testkit::HasWindowsCode;
using testkit::IsOk;

// A service in a fresh directory with `limits`.
class LimitsTest : public ::testing::Test {
 protected:
  void Start(const ServiceLimits& limits) {
    sim::service::ServerOptions options = TestServerOptions(dir_);
    options.limits = limits;
    server_ = StartServer(options);
    ASSERT_NE(server_, nullptr);
  }
  std::string socket() const { return dir_.File("host.sock"); }
  // A connection that has said hello; its reply's status.
  absl::Status Greet(int fd) {
    if (absl::Status s = WriteFrame(fd, EncodeHello({})); !s.ok()) return s;
    absl::StatusOr<HelloReply> reply = ReadHelloReply(fd);
    return reply.ok() ? reply->status : reply.status();
  }

  TempDir dir_;
  std::unique_ptr<sim::service::Server> server_;
};

TEST_F(LimitsTest, AConnectionThatNeverGreetsIsDroppedAtTheHelloDeadline) {
  Start({.hello_timeout = absl::Milliseconds(100)});
  std::vector<int> idle;
  for (int i = 0; i < 20; ++i) idle.push_back(RawConnect(socket()));
  for (int fd : idle) {
    absl::StatusOr<HelloReply> reply = ReadHelloReply(fd);
    ASSERT_TRUE(reply.ok()) << reply.status();  // not a 5 s receive timeout
    EXPECT_EQ(reply->status.code(), absl::StatusCode::kDeadlineExceeded);
    EXPECT_TRUE(absl::StrContains(reply->status.message(), "no hello within"))
        << reply->status;
    char byte;
    EXPECT_EQ(::recv(fd, &byte, 1, 0), 0);  // and closed
    ::close(fd);
  }
  EXPECT_NE(Connect(socket()), nullptr);
}

TEST_F(LimitsTest, AFrameThatStopsHalfwayIsAnsweredAndClosedAtItsDeadline) {
  Start({.frame_timeout = absl::Milliseconds(100)});
  const int fd = RawConnect(socket());
  ASSERT_THAT(Greet(fd), IsOk());
  ASSERT_EQ(::send(fd, "\x3a\x00", 2, 0), 2);  // half a header, then quiet
  std::string payload;
  ASSERT_THAT(ReadFrame(fd, sim::service::kMaxReplyFrame, &payload), IsOk());
  absl::StatusOr<sim::service::Reply> reply =
      sim::service::DecodeReply(payload);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->status.code(), absl::StatusCode::kDeadlineExceeded)
      << reply->status;
  char byte;
  EXPECT_EQ(::recv(fd, &byte, 1, 0), 0);
  ::close(fd);
}

// An idle connection between frames is a process that holds its ports: it
// is never dropped for being quiet.
TEST_F(LimitsTest, AQuietConnectionBetweenFramesStays) {
  Start({.hello_timeout = absl::Milliseconds(50),
         .frame_timeout = absl::Milliseconds(50)});
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  const SocketId s = *m->process().OpenSocket(AddressFamily::kInet,
                                              SocketType::kStream, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_THAT(m->process().Bind(s, IpAddress::Any(AddressFamily::kInet), 0),
              IsOk());
}

TEST_F(LimitsTest, AnEmptyOrOverlongFirstFrameIsAnsweredWithItsReason) {
  Start({});
  for (uint32_t size : {0u, 1u << 20}) {
    const int fd = RawConnect(socket());
    const unsigned char header[4] = {
        static_cast<unsigned char>(size), static_cast<unsigned char>(size >> 8),
        static_cast<unsigned char>(size >> 16),
        static_cast<unsigned char>(size >> 24)};
    ASSERT_EQ(::send(fd, header, 4, 0), 4);
    absl::StatusOr<HelloReply> reply = ReadHelloReply(fd);
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(reply->status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(reply->status.message(), "the limit is"))
        << reply->status;
    ::close(fd);
  }
}

// One user's connections stop at their cap with RESOURCE_EXHAUSTED; the
// machine's last connections are root's. Run as root, the greedy user is
// nobody in a child; otherwise the test user is the greedy one and root's
// reserve is not exercised.
TEST_F(LimitsTest, OneUsersConnectionsAreCappedAndRootKeepsItsReserve) {
  const bool root = ::geteuid() == 0;
  // The greedy user waits for `ready`, opens 10 connections, reports on
  // `done` how many were admitted and keeps them until `release`; it exits
  // with that count, or 100 + the first unexpected refusal.
  int ready[2];
  int done[2];
  int release[2];
  for (int* p : {ready, done, release}) ASSERT_EQ(::pipe(p), 0);
  auto greedy = [&]() -> int {
    char byte;
    if (::read(ready[0], &byte, 1) != 1) return 98;
    if (root && !BecomeNobody()) return 99;
    std::vector<std::unique_ptr<sim::SharedMachine>> held;
    for (int i = 0; i < 10; ++i) {
      absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
          sim::ConnectSharedMachineAt(socket());
      if (m.ok()) {
        held.push_back(*std::move(m));
      } else if (!absl::IsResourceExhausted(m.status()) ||
                 !absl::StrContains(m.status().message(),
                                    "the limit for one user")) {
        ADD_FAILURE() << "connection " << i << ": " << m.status();
        const char unexpected = static_cast<char>(100 + i);
        (void)!::write(done[1], &unexpected, 1);
        return 100 + i;
      }
    }
    const char admitted = static_cast<char>(held.size());
    (void)!::write(done[1], &admitted, 1);
    (void)!::read(release[0], &byte, 1);
    return static_cast<int>(held.size());
  };
  // Forked before the service starts a thread.
  const pid_t child = root ? RunChild(greedy) : -1;
  sim::service::ServerOptions options = TestServerOptions(dir_);
  options.limits = {.max_connections = 8,
                    .root_reserve = 2,
                    .max_connections_per_user = 4};
  options.shared_group = 65534;
  ASSERT_EQ(::chmod(dir_.path().c_str(), 0711), 0);
  server_ = StartServer(options);
  ASSERT_NE(server_, nullptr);
  std::thread in_process;
  if (!root) in_process = std::thread([&] { EXPECT_EQ(greedy(), 4); });
  ASSERT_EQ(::write(ready[1], "x", 1), 1);
  char admitted = 0;
  ASSERT_EQ(::read(done[0], &admitted, 1), 1);
  EXPECT_EQ(admitted, 4);
  if (root) {
    // The cap holds nobody to 4 of the 6 unreserved places; root takes
    // the other 4, its reserve included, and no more.
    std::vector<std::unique_ptr<sim::SharedMachine>> mine;
    for (int i = 0; i < 4; ++i) mine.push_back(Connect(socket()));
    for (const auto& m : mine) EXPECT_NE(m, nullptr);
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> full =
        sim::ConnectSharedMachineAt(socket());
    EXPECT_TRUE(absl::IsResourceExhausted(full.status())) << full.status();
    EXPECT_TRUE(absl::StrContains(full.status().message(),
                                  "serves 8 connections"))
        << full.status();
  }
  ASSERT_EQ(::write(release[1], "x", 1), 1);
  if (root) {
    EXPECT_EQ(ExitStatus(child), 4);
  } else {
    in_process.join();
  }
  for (int* p : {ready, done, release}) {
    ::close(p[0]);
    ::close(p[1]);
  }
}

// A burst of connections past every limit, then silence: the service
// frees what they held by itself. It used to close finished connections
// only when it accepted the next one, and could accept none while their
// descriptors filled its table: wedged for good. The service runs in a
// child with a small descriptor table.
TEST(LimitsBurstTest, AFloodThatLeavesLeavesNoWedgedService) {
  TempDir dir;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t service = RunChild([&]() -> int {
    const rlimit files{.rlim_cur = 64, .rlim_max = 64};
    if (::setrlimit(RLIMIT_NOFILE, &files) != 0) return 90;
    sim::service::ServerOptions options = TestServerOptions(dir);
    options.limits.hello_timeout = absl::Milliseconds(200);
    absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
        sim::service::Server::Start(options);
    if (!server.ok()) return 91;
    (void)!::write(ready[1], "x", 1);
    (*server)->Wait();
    return 0;
  });
  char byte;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  std::vector<int> flood;
  for (int i = 0; i < 200; ++i) flood.push_back(RawConnect(dir.File("host.sock")));
  for (int fd : flood) ::close(fd);
  // Soon after, a real client is served again (refusals come at once while
  // the flood's sessions are still counted, so this waits by the clock: a
  // wedged service refuses for good). That client stops the service; a
  // second connection made at once could still meet the cap while the
  // first one's session is being reaped.
  std::unique_ptr<sim::SharedMachine> served;
  absl::Status last;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (served == nullptr && absl::Now() < deadline) {
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
        sim::ConnectSharedMachineAt(dir.File("host.sock"),
                                    {.timeout = absl::Milliseconds(200)});
    if (m.ok()) {
      served = *std::move(m);
    } else {
      last = m.status();
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  ASSERT_NE(served, nullptr) << "still refused after 10 s: " << last;
  EXPECT_THAT(served->Shutdown(), IsOk());
  EXPECT_EQ(ExitStatus(service), 0);
}

// Out of threads (RLIMIT_NPROC), the connection that needed one is refused
// with RESOURCE_EXHAUSTED; the machine lives on and serves the next one
// once threads can be started again. It used to end the whole machine
// (std::thread's exception, std::terminate). Needs root to become nobody,
// whose process limit binds (root's does not).
TEST(LimitsThreadTest, NoThreadForAConnectionRefusesOnlyThatConnection) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run the service as nobody";
  TempDir dir;
  ASSERT_EQ(::chown(dir.path().c_str(), 65534, 65534), 0);
  int ready[2];
  int relent[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(relent), 0);
  const pid_t service = RunChild([&]() -> int {
    if (!BecomeNobody()) return 90;
    sim::service::ServerOptions options = TestServerOptions(dir);
    options.elevated_groups.clear();
    absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
        sim::service::Server::Start(options);
    if (!server.ok()) return 91;
    rlimit tasks{};
    ::getrlimit(RLIMIT_NPROC, &tasks);
    const rlim_t usual = tasks.rlim_cur;
    tasks.rlim_cur = 0;  // no new thread for nobody
    if (::setrlimit(RLIMIT_NPROC, &tasks) != 0) return 92;
    (void)!::write(ready[1], "x", 1);
    char byte;
    (void)!::read(relent[0], &byte, 1);
    tasks.rlim_cur = usual;
    if (::setrlimit(RLIMIT_NPROC, &tasks) != 0) return 93;
    (void)!::write(ready[1], "x", 1);
    (*server)->Wait();
    return 0;
  });
  char byte;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> refused =
      sim::ConnectSharedMachineAt(dir.File("host.sock"));
  EXPECT_TRUE(absl::IsResourceExhausted(refused.status())) << refused.status();
  EXPECT_TRUE(absl::StrContains(refused.status().message(),
                                "cannot start a thread"))
      << refused.status();
  ASSERT_EQ(::write(relent[1], "x", 1), 1);
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  std::unique_ptr<sim::SharedMachine> m = Connect(dir.File("host.sock"));
  ASSERT_NE(m, nullptr);
  EXPECT_THAT(m->CheckInvariants(), IsOk());
  EXPECT_THAT(m->Shutdown(), IsOk());  // root is elevated
  EXPECT_EQ(ExitStatus(service), 0);
}

// A peer spawning processes without end used to grow the service's memory
// without end (about 14 MB/s): spawned processes now have a quota, in
// which only live ones count.
TEST_F(LimitsTest, SpawnedProcessesHaveAQuotaOfLiveOnes) {
  Start({.max_spawned_per_connection = 3});
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  std::vector<sim::Pid> spawned;
  for (int i = 0; i < 3; ++i) spawned.push_back(*m->SpawnProcess(false));
  EXPECT_THAT(m->SpawnProcess(false), HasWindowsCode(kErrorNotEnoughQuota));
  ASSERT_THAT(m->ExitProcess(spawned[0]), IsOk());
  EXPECT_THAT(m->SpawnProcess(false), IsOk());
  // A reboot ends them all: the quota is free again.
  ASSERT_THAT(m->Reboot(), IsOk());
  std::unique_ptr<sim::SharedMachine> fresh = Connect(socket());
  for (int i = 0; i < 3; ++i) EXPECT_THAT(fresh->SpawnProcess(false), IsOk());
  EXPECT_THAT(m->SpawnProcess(false), IsOk());  // its old ones are dead
}

// The owners table of a process with more sockets than one reply frame
// can list (250,000 once overflowed the old 16 MB frame) arrives whole.
TEST_F(LimitsTest, AnOwnersTableLargerThanAFrameArrivesWhole) {
  Start({});
  std::unique_ptr<sim::SharedMachine> m = Connect(socket());
  const int count = static_cast<int>(sim::service::kMaxReplyFrame / 40);
  SocketId last = 0;
  for (int i = 0; i < count; ++i) {
    last = *m->process().OpenSocket(AddressFamily::kInet, SocketType::kStream,
                                    0);
  }
  absl::StatusOr<std::string> table = m->Owners();
  ASSERT_THAT(table, IsOk());
  EXPECT_GT(table->size(), size_t{sim::service::kMaxReplyFrame});
  EXPECT_TRUE(absl::StrContains(*table, absl::StrCat("socket ", last, " ")))
      << table->substr(table->size() - 200);
  EXPECT_THAT(m->CheckInvariants(), IsOk());  // the connection is still in step
}

// A service that accepts and never answers: the client gives up at its
// timeout instead of waiting for ever.
TEST(ClientTimeoutTest, ASilentServiceTimesOutTheHello) {
  TempDir dir;
  const int listener = BoundSocket(dir.File("host.sock"));
  ASSERT_GE(listener, 0);
  ASSERT_EQ(::listen(listener, 4), 0);  // the kernel accepts; nobody reads
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
      sim::ConnectSharedMachineAt(dir.File("host.sock"),
                                  {.timeout = absl::Milliseconds(100)});
  EXPECT_EQ(m.status().code(), absl::StatusCode::kDeadlineExceeded)
      << m.status();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ::close(listener);
}

// A fake service at `dir`'s host.sock that greets the one client it
// accepts with `profile`, then reads nothing more and answers nothing.
class GreetOnlyService {
 public:
  GreetOnlyService(const TempDir& dir, std::string profile)
      : listener_(BoundSocket(dir.File("host.sock"))) {
    if (listener_ < 0 || ::listen(listener_, 4) != 0) return;
    thread_ = std::thread([this, profile = std::move(profile)] {
      accepted_ = ::accept(listener_, nullptr, nullptr);
      std::string hello;
      (void)sim::service::ReadFrame(accepted_, 256, &hello);
      (void)WriteFrame(accepted_, sim::service::EncodeHelloReply(
                                      {.pid = 1000, .profile = profile}));
    });
  }
  ~GreetOnlyService() {
    Greeted();
    if (accepted_ >= 0) ::close(accepted_);
    if (listener_ >= 0) ::close(listener_);
  }
  bool listening() const { return thread_.joinable(); }
  // Waits until the client has been greeted.
  void Greeted() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  const int listener_;
  int accepted_ = -1;
  std::thread thread_;
};

// A service that greets, then never answers a call: the call, and every
// later one, fails with ERROR_INVALID_HANDLE naming the timeout.
TEST(ClientTimeoutTest, ACallWithoutAnAnswerTimesOut) {
  TempDir dir;
  GreetOnlyService fake(dir, "windows");
  ASSERT_TRUE(fake.listening());
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
      sim::ConnectSharedMachineAt(dir.File("host.sock"),
                                  {.timeout = absl::Milliseconds(100)});
  fake.Greeted();
  ASSERT_THAT(m, IsOk());
  absl::StatusOr<SocketId> s =
      (*m)->process().OpenSocket(AddressFamily::kInet, SocketType::kStream, 0);
  EXPECT_THAT(s, HasWindowsCode(kErrorInvalidHandle));
  EXPECT_TRUE(absl::StrContains(s.status().message(), "no answer within"))
      << s.status();
  EXPECT_THAT((*m)->process().OpenSocket(AddressFamily::kInet,
                                         SocketType::kStream, 0),
              HasWindowsCode(kErrorInvalidHandle));
}

// A service whose profile this program does not know (a newer service) is
// refused when the program connects: it could not say what the machine's
// rules are, so every later answer could be a lie (SV12).
TEST(ClientHelloTest, AnUnknownProfileIsRefusedAtConnect) {
  TempDir dir;
  GreetOnlyService fake(dir, "windows-2030");
  ASSERT_TRUE(fake.listening());
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
      sim::ConnectSharedMachineAt(dir.File("host.sock"));
  fake.Greeted();
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(m.status().message(), "windows-2030"))
      << m.status();
}

}  // namespace
}  // namespace portres::service_test
