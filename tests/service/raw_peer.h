// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// Test helpers that speak to the service below its client: raw
// connections, hello replies, and child processes (as nobody, when root).
// Kept apart from service_fixture.h, which compat's tests include beside
// the Windows-shaped headers.

#ifndef PORTRES_TESTS_SERVICE_RAW_PEER_H_
#define PORTRES_TESTS_SERVICE_RAW_PEER_H_

#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "service/protocol.h"

namespace portres::service_test {

// A raw connection to `socket`, for frames no client would send; reads on
// it give up after five seconds, so a test fails rather than hangs.
inline int RawConnect(const std::string& socket) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, socket.c_str());
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address),
                      sizeof(address)),
            0);
  const timeval limit{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  return fd;
}

// A Unix stream socket bound at `path`, not yet listening (a fake service's
// start), or -1.
inline int BoundSocket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, path.c_str());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// The service's answer to a hello on `fd` (or whatever ended the wait).
inline absl::StatusOr<sim::service::HelloReply> ReadHelloReply(int fd) {
  std::string payload;
  if (absl::Status s =
          sim::service::ReadFrame(fd, sim::service::kMaxReplyFrame, &payload);
      !s.ok()) {
    return s;
  }
  return sim::service::DecodeHelloReply(payload);
}

// Becomes `nobody` (uid and gid 65534, no supplementary groups); false if
// this process may not (it is not root).
inline bool BecomeNobody() {
  return ::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 &&
         ::setuid(65534) == 0;
}

// Runs `body` in a child process and returns its pid; the child exits with
// what `body` returns. Fork only while this process has no other thread.
// The child dies with the test process (PR_SET_PDEATHSIG): a test that stops
// at a failed ASSERT leaves no service behind holding ctest's output open.
inline pid_t RunChild(const std::function<int()>& body) {
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(99);  // the parent is already gone
    ::_exit(body());
  }
  return child;
}

// The exit status of child `pid`, or -1 if a signal ended it. A child still
// running after `limit` is killed (-1): the test fails rather than hangs.
inline int ExitStatus(pid_t pid, absl::Duration limit = absl::Seconds(60)) {
  const absl::Time deadline = absl::Now() + limit;
  int status = 0;
  pid_t reaped;
  while ((reaped = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  if (reaped == 0) {
    ADD_FAILURE() << "child " << pid << " still running after " << limit;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
  }
  if (reaped != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

}  // namespace portres::service_test

#endif  // PORTRES_TESTS_SERVICE_RAW_PEER_H_
