// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

// A program of a shared machine that takes connections at its bridge and
// never answers (DP38), for compat_shared_test. Its own file: the kernel's
// socket headers cannot meet compat's Windows headers in one.

#ifndef PORTRES_TESTS_SERVICE_SILENT_PROGRAM_H_
#define PORTRES_TESTS_SERVICE_SILENT_PROGRAM_H_

#include <string>

namespace portres::service_test {

// Listens at `traffic_directory`/`pid`.stream and announces TCP port `port`
// on 127.0.0.1 for `pid` in the port map; connections wait in its backlog,
// unanswered, until it is destroyed.
class SilentProgram {
 public:
  SilentProgram(const std::string& traffic_directory, int pid, int port);
  ~SilentProgram();
  SilentProgram(const SilentProgram&) = delete;
  SilentProgram& operator=(const SilentProgram&) = delete;
  bool listening() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
  std::string socket_path_;
  std::string entry_path_;
};

}  // namespace portres::service_test

#endif  // PORTRES_TESTS_SERVICE_SILENT_PROGRAM_H_
