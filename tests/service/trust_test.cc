// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// No peer can fool the service or its clients (SV16, SV17): one service per
// machine, whatever happened to its socket file; a client trusts a socket
// only in a directory nobody else could write and only from a service
// running as that directory's owner or root; groups the kernel cannot tell
// elevate nobody; a peer's command name cannot drive a terminal; the user
// who runs the machine may stop it; a store that cannot be saved stops the
// service with its reason kept where the next start shows it.
//
// Tests that fork do so before any thread exists in this process.

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "portres/status.h"
#include "portres/testing/status_matchers.h"
#include "portres/windows_codes.h"
#include "service/pid_file.h"
#include "tests/service/raw_peer.h"
#include "tests/service/service_fixture.h"

namespace portres::service_test {
namespace {

using sim::service::PidFile;
using testkit::HasWindowsCode;
using testkit::IsOk;

constexpr PortRange kBlock{5000, 10};

// A pipe for "go" signals between a test and its child.
class Signal {
 public:
  Signal() { EXPECT_EQ(::pipe(fds_), 0); }
  ~Signal() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  void Send() { EXPECT_EQ(::write(fds_[1], "x", 1), 1); }
  bool Receive() {
    char byte;
    return ::read(fds_[0], &byte, 1) == 1;
  }

 private:
  int fds_[2] = {-1, -1};
};

TEST(OneServiceTest, ASecondServiceStartsNothingEvenWithoutTheSocketFile) {
  TempDir dir;
  std::unique_ptr<sim::service::Server> first =
      StartServer(TestServerOptions(dir));
  ASSERT_NE(first, nullptr);
  std::unique_ptr<sim::SharedMachine> m = Connect(dir.File("host.sock"));
  ASSERT_THAT(m->process().CreatePersistent(Protocol::kTcp, kBlock), IsOk());
  // The socket file is removed (a cleaner, a user): the first service
  // still serves its connections and holds the store.
  ASSERT_EQ(::unlink(dir.File("host.sock").c_str()), 0);
  absl::StatusOr<std::unique_ptr<sim::service::Server>> second =
      sim::service::Server::Start(TestServerOptions(dir));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(second.status().message(),
                                absl::StrCat("another service (pid ",
                                             ::getpid(), ")")))
      << second.status();
  struct stat st;
  EXPECT_NE(::stat(dir.File("host.sock").c_str(), &st), 0);  // not rebound
  ASSERT_THAT(m->process().CreatePersistent(Protocol::kUdp, kBlock), IsOk());
  m.reset();
  first.reset();
  // Both acknowledged blocks are in the one store the next start reads.
  std::unique_ptr<sim::service::Server> next =
      StartServer(TestServerOptions(dir));
  m = Connect(dir.File("host.sock"));
  EXPECT_THAT(m->process().LookupPersistent(Protocol::kTcp, kBlock), IsOk());
  EXPECT_THAT(m->process().LookupPersistent(Protocol::kUdp, kBlock), IsOk());
}

TEST(EndpointTrustTest, AClientRefusesADirectoryOthersMayWrite) {
  TempDir dir;
  std::unique_ptr<sim::service::Server> server =
      StartServer(TestServerOptions(dir));
  ASSERT_EQ(::chmod(dir.path().c_str(), 0770), 0);
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
      sim::ConnectSharedMachineAt(dir.File("host.sock"));
  EXPECT_EQ(m.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(m.status().message(),
                                "may be written by others (mode 0770)"))
      << m.status();
}

// Another user pre-creates this user's private directory (or root runs
// with a user's XDG_RUNTIME_DIR): a plain name is refused there.
TEST(EndpointTrustTest, APlainNameRefusesAPrivateDirectoryOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the directory away";
  TempDir runtime;
  const std::string squatted = runtime.File("portres");
  ASSERT_EQ(::mkdir(squatted.c_str(), 0700), 0);
  sim::service::ServerOptions options = TestServerOptions(runtime);
  options.socket_path = squatted + "/victim.sock";
  options.pid_path = squatted + "/victim.pid";
  std::unique_ptr<sim::service::Server> fake = StartServer(options);
  ASSERT_NE(fake, nullptr);
  ASSERT_EQ(::chown(squatted.c_str(), 65534, 65534), 0);
  const char* saved = std::getenv("XDG_RUNTIME_DIR");
  const std::string previous = saved == nullptr ? "" : saved;
  ::setenv("XDG_RUNTIME_DIR", runtime.path().c_str(), 1);
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
      sim::ConnectSharedMachine("victim");
  if (saved == nullptr) {
    ::unsetenv("XDG_RUNTIME_DIR");
  } else {
    ::setenv("XDG_RUNTIME_DIR", previous.c_str(), 1);
  }
  EXPECT_EQ(m.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(m.status().message(),
                                "belongs to uid 65534, not to this user"))
      << m.status();
}

// A socket in a directory of root's, listened on by another user: the
// kernel's word on the service's uid decides (libpq's requirepeer).
TEST(EndpointTrustTest, AClientRefusesAServiceRunningAsAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to listen as nobody";
  TempDir dir;
  const int listener = BoundSocket(dir.File("host.sock"));
  ASSERT_GE(listener, 0);
  Signal listening;
  Signal done;
  const pid_t impostor = RunChild([&]() -> int {
    if (!BecomeNobody() || ::listen(listener, 4) != 0) return 1;
    listening.Send();
    return done.Receive() ? 0 : 2;
  });
  ASSERT_TRUE(listening.Receive());
  absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
      sim::ConnectSharedMachineAt(dir.File("host.sock"),
                                  {.timeout = absl::Seconds(2)});
  done.Send();
  EXPECT_EQ(ExitStatus(impostor), 0);
  ::close(listener);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(m.status().message(), "it runs as uid 65534"))
      << m.status();
}

// Makes getsockopt(SO_PEERGROUPS) fail with ENOPROTOOPT in this process,
// as on kernels before 4.13 and in sandboxes that refuse it.
bool RefusePeerGroups() {
#if defined(__x86_64__)
  constexpr uint32_t kArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
  constexpr uint32_t kArch = AUDIT_ARCH_AARCH64;
#else
  return false;
#endif
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kArch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getsockopt, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[2])),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SO_PEERGROUPS, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOPROTOOPT),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{.len = sizeof(filter) / sizeof(filter[0]),
                     .filter = filter};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

// With `--elevated-group root` and no SO_PEERGROUPS, every peer used to be
// elevated: the unread group buffer's zeros read as group 0.
TEST(PeerGroupsTest, GroupsTheKernelCannotTellElevateNobody) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0711), 0);
  const bool root = ::geteuid() == 0;
  if (!root && ::getegid() == 0) GTEST_SKIP() << "the test user is in group 0";
  Signal ready;
  Signal done;
  const pid_t service = RunChild([&]() -> int {
    if (!RefusePeerGroups()) return 90;
    sim::service::ServerOptions options = TestServerOptions(dir);
    options.elevated_groups = {0};
    options.shared_group = 65534;
    absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
        sim::service::Server::Start(options);
    if (!server.ok()) return 91;
    ready.Send();
    return done.Receive() ? 0 : 92;
  });
  ASSERT_TRUE(ready.Receive());
  // The peer: nobody when this runs as root, else this user.
  const pid_t peer = RunChild([&]() -> int {
    if (root && !BecomeNobody()) return 80;
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
        sim::ConnectSharedMachineAt(dir.File("host.sock"));
    if (!m.ok()) return 81;
    return (*m)->elevated() ? 82 : 0;
  });
  EXPECT_EQ(ExitStatus(peer), 0) << "81: not connected; 82: elevated";
  done.Send();
  EXPECT_EQ(ExitStatus(service), 0) << "90: no seccomp filter";
}

// A process named with terminal escapes: `portres owners` prints them as
// text, never raw.
TEST(OwnersTest, APeersCommandNameIsEscaped) {
  TempDir dir;
  Signal ready;
  Signal connected;
  Signal done;
  const pid_t peer = RunChild([&]() -> int {
    if (::prctl(PR_SET_NAME, "evil\x1b[2J\x07", 0, 0, 0) != 0) return 1;
    if (!ready.Receive()) return 2;
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
        sim::ConnectSharedMachineAt(dir.File("host.sock"));
    if (!m.ok()) return 3;
    if (!(*m)->process()
             .OpenSocket(AddressFamily::kInet, SocketType::kStream, 0)
             .ok()) {
      return 4;
    }
    connected.Send();
    return done.Receive() ? 0 : 5;
  });
  std::unique_ptr<sim::service::Server> server =
      StartServer(TestServerOptions(dir));
  ready.Send();
  ASSERT_TRUE(connected.Receive());
  std::unique_ptr<sim::SharedMachine> m = Connect(dir.File("host.sock"));
  absl::StatusOr<std::string> table = m->Owners();
  done.Send();
  EXPECT_EQ(ExitStatus(peer), 0);
  ASSERT_THAT(table, IsOk());
  EXPECT_TRUE(absl::StrContains(*table, "evil\\x1b[2J\\x07")) << *table;
  EXPECT_FALSE(absl::StrContains(*table, "\x1b")) << *table;
  EXPECT_FALSE(absl::StrContains(*table, "\x07")) << *table;
}

// The user who runs the machine may stop it (`portres host stop`) though
// it is not elevated; other unelevated users still may not (ServerTest).
TEST(OwnerTest, TheUserWhoRunsTheMachineMayStopIt) {
  TempDir dir;
  const bool root = ::geteuid() == 0;
  if (root) {
    ASSERT_EQ(::chown(dir.path().c_str(), 65534, 65534), 0);
  }
  // As nobody when run as root (root is always elevated), else as this
  // user with no elevated group.
  const pid_t owner = RunChild([&]() -> int {
    if (root && !BecomeNobody()) return 90;
    sim::service::ServerOptions options = TestServerOptions(dir);
    options.elevated_groups.clear();
    absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
        sim::service::Server::Start(options);
    if (!server.ok()) return 91;
    absl::StatusOr<std::unique_ptr<sim::SharedMachine>> m =
        sim::ConnectSharedMachineAt(dir.File("host.sock"));
    if (!m.ok() || (*m)->elevated()) return 92;
    if (WindowsErrorCode((*m)->Reboot()) != kErrorAccessDenied) return 93;
    if (!(*m)->Shutdown().ok()) return 94;
    (*server)->Wait();  // returns: the shutdown was taken
    return 0;
  });
  EXPECT_EQ(ExitStatus(owner), 0)
      << "92: elevated; 93: a reboot was allowed; 94: shutdown refused";
}

// A store that cannot be written (here RLIMIT_FSIZE, as a full disk) stops
// the service before it acknowledges a change it would lose; the reason is
// in the pid file for the next start and `host status`, though the disk
// would take no new byte.
TEST(FatalStoreTest, TheReasonOfAFatalStoreErrorOutlivesTheService) {
  TempDir dir;
  Signal ready;
  const pid_t service = RunChild([&]() -> int {
    ::signal(SIGXFSZ, SIG_IGN);
    absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
        sim::service::Server::Start(TestServerOptions(dir));
    if (!server.ok()) return 91;
    const rlimit size{.rlim_cur = 4096, .rlim_max = 4096};
    if (::setrlimit(RLIMIT_FSIZE, &size) != 0) return 92;
    ready.Send();
    (*server)->Wait();
    return 0;
  });
  ASSERT_TRUE(ready.Receive());
  std::unique_ptr<sim::SharedMachine> m = Connect(dir.File("host.sock"));
  ASSERT_NE(m, nullptr);
  std::vector<PortRange> acknowledged;
  absl::Status last;
  for (uint16_t start = 1000; start < 60000; start += 10) {
    last = m->process().CreatePersistent(Protocol::kTcp, {start, 1}).status();
    if (!last.ok()) break;
    acknowledged.push_back({start, 1});
  }
  EXPECT_THAT(last, HasWindowsCode(kErrorInvalidHandle));  // it stopped
  EXPECT_EQ(ExitStatus(service), 70);
  const PidFile::Contents pid_file = PidFile::Read(dir.File("host.pid"));
  EXPECT_EQ(pid_file.pid, service);
  EXPECT_TRUE(absl::StrContains(pid_file.stopped, "File too large"))
      << pid_file.stopped;
  // Nothing acknowledged was lost.
  m.reset();
  std::unique_ptr<sim::service::Server> next =
      StartServer(TestServerOptions(dir));
  m = Connect(dir.File("host.sock"));
  ASSERT_GT(acknowledged.size(), 10u);
  for (const PortRange& r : acknowledged) {
    EXPECT_THAT(m->process().LookupPersistent(Protocol::kTcp, r), IsOk())
        << r.start;
  }
}

// A store that cannot be written at start is the start's failure, with
// its reason; it used to end the calling process (exit 70) instead.
TEST(FatalStoreTest, AStoreThatCannotBeSavedAtStartFailsTheStart) {
  TempDir dir;
  sim::service::ServerOptions options = TestServerOptions(dir);
  options.store_path = dir.File("missing/host.store");
  absl::StatusOr<std::unique_ptr<sim::service::Server>> server =
      sim::service::Server::Start(options);
  ASSERT_FALSE(server.ok());
  EXPECT_TRUE(absl::StrContains(server.status().message(), "missing"))
      << server.status();
}

}  // namespace
}  // namespace portres::service_test
